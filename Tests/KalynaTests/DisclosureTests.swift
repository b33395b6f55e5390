import LinearProgramming
import Testing

@testable import Kalyna

/// An outsider who reads every published release and knows how the tables fit
/// together: places add up to countries, countries and months (with the
/// year-only row) to the total, referral rows and columns to their margins, acts
/// lie between … and a later release of a wider scope holds every case of an
/// earlier one. Written apart from `Disclosure` so that it does not share its
/// mistakes; it reports every count from 1 to threshold − 1 (a cell, or the new
/// cases between two releases) that it can pin down or narrow, and every hidden
/// cell it can pin.
struct Outsider {
    typealias Cell = Disclosure.Cell
    struct Published {
        var scope: Disclosure.Scope
        var threshold: Int
        /// Shown numbers; hidden cells are listed with their mark only.
        var shown: [Cell: Int]
        var hidden: [Cell: Disclosure.Mark]
        var cells: [Cell] { Array(shown.keys) + Array(hidden.keys) }
    }

    /// What she learns, checked against the truth the test knows.
    static func leaks(_ releases: [Published], truth: [[Cell: Int]]) -> [String] {
        var program = LinearProgram()
        var vars: [[Cell: Int]] = []
        for release in releases {
            var mine: [Cell: Int] = [:]
            for cell in release.cells {
                let bounds: LinearProgram.Bounds
                if let value = release.shown[cell] {
                    bounds = .fixed(Double(value))
                } else if release.hidden[cell] == .small {
                    // "<5": fewer than five, perhaps none.
                    bounds = .init(lower: 0, upper: Double(release.threshold - 1))
                } else {
                    bounds = .init(lower: Double(release.threshold))
                }
                mine[cell] = program.addVariable(bounds)
            }
            vars.append(mine)
            func sum(_ total: Cell, _ parts: [Cell]) {
                guard let t = mine[total] else { return }
                program.addRow([(t, 1)] + parts.compactMap { mine[$0] }.map { ($0, -1) }, .fixed(0))
            }
            let cells = release.cells
            let total = Cell("cases", "total")
            let countries = cells.filter { $0.table == "country" }
            sum(total, countries)
            for country in countries { sum(country, cells.filter { $0.table == "place" && $0.row.split(separator: ":").first.map(String.init) == country.row }) }
            sum(total, cells.filter { $0.table == "month" })
            let acts = cells.filter { $0.table == "act" && $0.row != "total" }
            sum(Cell("act", "total"), acts)
            if let t = mine[total] {
                for act in acts { if let a = mine[act] { program.addRow([(t, 1), (a, -1)], .init(lower: 0)) } }
                program.addRow(acts.compactMap { mine[$0] }.map { ($0, 1) } + [(t, -1)], .init(lower: 0))
            }
            let referral = cells.filter { $0.table == "referral" }
            for service in Set(referral.map(\.row)) where service != "total" {
                sum(Cell("referral", service, "total"), referral.filter { $0.row == service && $0.column != "total" })
            }
            for status in Set(referral.map(\.column)) where status != "total" {
                sum(Cell("referral", "total", status), referral.filter { $0.column == status && $0.row != "total" })
            }
            sum(Cell("referral", "total", "total"), referral.filter { $0.row == "total" && $0.column != "total" })
        }
        var questions: [(Int, String, Int, Int, Bool)] = []  // variable, what, truth, threshold, hidden
        for (r, release) in releases.enumerated() {
            for cell in release.hidden.keys where truth[r][cell] ?? 0 > 0 {
                questions.append((vars[r][cell] ?? 0, "release \(r) \(cell)", truth[r][cell] ?? 0, release.threshold, true))
            }
        }
        for a in releases.indices {
            for b in releases.indices where a < b {
                let (older, newer) = releases[a].scope.isWithin(releases[b].scope) ? (a, b) : (b, a)
                guard releases[older].scope.isWithin(releases[newer].scope) else { continue }
                for cell in Set(truth[older].keys).union(truth[newer].keys) {
                    let difference = (truth[newer][cell] ?? 0) - (truth[older][cell] ?? 0)
                    let d = program.addVariable(difference >= 0 ? .init(lower: 0) : .free)
                    var terms: [(variable: Int, coefficient: Double)] = [(d, -1)]
                    if let x = vars[newer][cell] { terms.append((x, 1)) }
                    if let x = vars[older][cell] { terms.append((x, -1)) }
                    program.addRow(terms, .fixed(0))
                    questions.append((d, "new cases \(older)→\(newer) \(cell)", difference, max(releases[a].threshold, releases[b].threshold), false))
                }
            }
        }
        guard case .ranges(let ranges) = program.ranges(of: questions.map(\.0)) else { return ["the outsider's system did not solve"] }
        var leaks: [String] = []
        for (variable, what, value, threshold, hidden) in questions {
            guard let range = ranges[variable] else { continue }
            let low = range.lowerBound.isFinite ? Int((range.lowerBound - 1e-6).rounded(.up)) : Int.min
            let high = range.upperBound.isFinite ? Int((range.upperBound + 1e-6).rounded(.down)) : Int.max
            if hidden && low == high { leaks.append("\(what) = \(value) pinned") }
            // She must not be able to tell a small count from zero.
            if value >= 1 && value < threshold && low >= 1 && high <= threshold - 1 { leaks.append("\(what) = \(value) narrowed to \(low)…\(high)") }
        }
        return leaks
    }

    static func publish(_ values: [Cell: Int], _ marks: [Cell: Disclosure.Mark], scope: Disclosure.Scope, threshold: Int) -> Published {
        var shown: [Cell: Int] = [:], hidden: [Cell: Disclosure.Mark] = [:]
        for (cell, value) in values {
            let mark = marks[cell] ?? .shown
            if mark == .shown { shown[cell] = value } else { hidden[cell] = mark }
        }
        return Published(scope: scope, threshold: threshold, shown: shown, hidden: hidden)
    }
}

@Suite struct DisclosureTests {
    typealias Cell = Disclosure.Cell
    typealias Facts = ReleaseFigures.Facts
    static let year = Disclosure.Scope(from: "2026-01", to: "2026-12", cutoff: "2026-12-31")

    static func cases(_ spec: [(country: String, place: Int64?, month: String?, count: Int)], acts: [Int64] = [1]) -> [Facts] {
        spec.flatMap { item in (0..<item.count).map { _ in Facts(country: item.country, place: item.place, month: item.month, acts: acts, referrals: []) } }
    }

    /// Every place of the test's list (ids 1–5 in UA, 11–15 in MD, …), acts 1–4,
    /// the months of 2026.
    static let rows = ReleaseFigures.Rows(
        places: ["UA": [1, 2, 3, 4, 5], "MD": [11, 12, 13], "GE": [21, 22], "KZ": [31]], acts: [1, 2, 3, 4],
        months: (1...12).map { "2026-" + ($0 < 10 ? "0\($0)" : "\($0)") })

    static func protect(_ facts: [Facts], scope: Disclosure.Scope = year, threshold: Int = 5, published: [Disclosure.Release] = []) throws -> (values: [Cell: Int], marks: [Cell: Disclosure.Mark]) {
        let values = ReleaseFigures.count(facts, rows: rows)
        guard case .safe(let marks) = Disclosure.protect(candidate: values, scope: scope, threshold: threshold, published: published) else {
            Issue.record("refused")
            throw CancellationError()
        }
        return (values, marks)
    }

    /// The issue's own example: Lviv = 37 − 20 − 15 = 2 could be worked out from
    /// the country table. Now every place on the list has its row, the empty ones
    /// read "<5" too, and 37 − 20 − 15 only says that Lviv and the country's other
    /// small places hold 2 between them: Lviv may hold none of them.
    @Test func aSmallPlaceCannotBeWorkedOutFromItsCountry() throws {
        let facts = Self.cases([("UA", 1, "2026-03", 20), ("UA", 2, "2026-03", 15), ("UA", 3, "2026-03", 2), ("MD", 11, "2026-03", 12)])
        let (values, marks) = try Self.protect(facts)
        #expect(marks[Cell("place", "UA:3")] == .small)
        #expect(marks[Cell("place", "UA:other")] == .small)
        #expect(marks[Cell("place", "UA:2")] == .shown)
        #expect(marks[Cell("country", "UA")] == .shown)
        let published = Outsider.publish(values, marks, scope: Self.year, threshold: 5)
        #expect(Outsider.leaks([published], truth: [values]) == [])
    }

    /// When the only other rows of the sum are shown, a partner must be hidden:
    /// a country whose places are all on the list and all but one large.
    @Test func aSmallPlaceWithoutSmallNeighboursGetsAPartner() throws {
        let facts = Self.cases([("KZ", 31, "2026-03", 20), ("KZ", nil, "2026-03", 15), ("KZ", 32, "2026-03", 2), ("UA", 1, "2026-03", 40)])
        let rows = ReleaseFigures.Rows(places: ["KZ": [31, 32], "UA": [1]], acts: [1], months: ["2026-03"])
        let values = ReleaseFigures.count(facts, rows: rows)
        guard case .safe(let marks) = Disclosure.protect(candidate: values, scope: Self.year, threshold: 5, published: []) else {
            Issue.record("refused")
            return
        }
        #expect(marks[Cell("place", "KZ:32")] == .small)
        // The smallest other place of the country is hidden with it, marked as protected.
        #expect(marks[Cell("place", "KZ:other")] == .protected)
        #expect(marks[Cell("place", "KZ:31")] == .shown)
        #expect(Outsider.leaks([Outsider.publish(values, marks, scope: Self.year, threshold: 5)], truth: [values]) == [])
    }

    /// Hand-solved: two small places whose country shows 3 are 1 and 2 in some
    /// order, so "<5" alone would say too much: the country must be hidden too.
    @Test func twoSmallCellsUnderASmallTotalAreNotLeftToEachOther() throws {
        let facts = Self.cases([("UA", 1, "2026-03", 1), ("UA", 2, "2026-03", 2), ("MD", 11, "2026-03", 30), ("GE", 21, "2026-03", 9)])
        let (values, marks) = try Self.protect(facts)
        #expect(marks[Cell("country", "UA")] == .small)
        let published = Outsider.publish(values, marks, scope: Self.year, threshold: 5)
        #expect(Outsider.leaks([published], truth: [values]) == [])
    }

    /// A zero is never a partner: one HIV referral, pending, beside zeros. The
    /// zeros read "<5" like the one, so the HIV row cannot be worked out from
    /// them; partners come from the shown (large) cells.
    @Test func zerosAreNeverHiddenAsPartners() throws {
        var facts = Self.cases([("UA", 1, "2026-03", 12)])
        facts[0].referrals = [("hiv", "pending")]
        for index in 1..<8 { facts[index].referrals = [("medical", "provided")] }
        let (values, marks) = try Self.protect(facts)
        for (cell, mark) in marks where mark == .protected { #expect(values[cell] ?? 0 >= 5, "\(cell) hidden as a partner although \(values[cell] ?? 0)") }
        #expect(marks[Cell("referral", "hiv", "pending")] == .small)
        #expect(marks[Cell("referral", "hiv", "refused")] == .small)
        #expect(marks[Cell("referral", "medical", "provided")] == .shown)
        let published = Outsider.publish(values, marks, scope: Self.year, threshold: 5)
        #expect(Outsider.leaks([published], truth: [values]) == [])
    }

    /// Cases known only by year: the total minus the months would give them away.
    @Test func yearOnlyCasesCannotBeWorkedOutFromTheMonths() throws {
        let facts = Self.cases([("UA", 1, "2026-03", 20), ("UA", 1, "2026-04", 17), ("UA", 1, nil, 2)])
        let (values, marks) = try Self.protect(facts)
        #expect(marks[Cell("month", "year")] == .small)
        #expect(marks[Cell("month", "2026-05")] == .small)
        let published = Outsider.publish(values, marks, scope: Self.year, threshold: 5)
        #expect(Outsider.leaks([published], truth: [values]) == [])
    }

    /// Two releases of the same year, a handful of cases apart: published as
    /// before, the differences would say where the new cases happened and what
    /// was done to the women. The second release hides enough that none shows.
    @Test func aHandfulOfNewCasesDoesNotShowBetweenTwoReleases() throws {
        let first = Self.cases([("UA", 1, "2026-03", 30), ("UA", 2, "2026-04", 12), ("MD", 11, "2026-03", 15), ("GE", 21, "2026-05", 9)])
        let (values1, marks1) = try Self.protect(first)
        let earlier = Disclosure.Release(scope: Self.year, threshold: 5, values: values1, marks: marks1)
        let later = Disclosure.Scope(from: "2026-01", to: "2026-12", cutoff: "2027-01-31")
        let added = Self.cases([("UA", 1, "2026-11", 2)], acts: [2, 3])
        let (values2, marks2) = try Self.protect(first + added, scope: later, published: [earlier])
        #expect(marks2[.total] != .shown)
        let published = [Outsider.publish(values1, marks1, scope: Self.year, threshold: 5), Outsider.publish(values2, marks2, scope: later, threshold: 5)]
        #expect(Outsider.leaks(published, truth: [values1, values2]) == [])
        // Without the earlier release in the audit the same figures would leak.
        let (alone, aloneMarks) = try Self.protect(first + added, scope: later)
        let naive = [published[0], Outsider.publish(alone, aloneMarks, scope: later, threshold: 5)]
        #expect(!Outsider.leaks(naive, truth: [values1, alone]).isEmpty)
    }

    /// Random networks, a first release, a few more cases, a second release:
    /// the outsider learns no small count in either, nor in what changed.
    @Test(arguments: 0..<40)
    func randomReleasesLeakNothing(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed) &* 7919 &+ 13)
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        let countries = ["UA", "MD", "GE", "KZ"].prefix(Int(random.next() % 3) + 1)
        func facts(_ n: Int) -> [Facts] {
            (0..<n).map { _ in
                let country = pick(Array(countries))
                let place: Int64? = random.next() % 5 == 0 ? nil : Int64(Int(random.next() % 2) + 1) + Int64((countries.firstIndex(of: country) ?? 0) * 10)
                let month: String? = random.next() % 8 == 0 ? nil : "2026-0\(Int(random.next() % 4) + 1)"
                let acts = Array(Set((0..<Int(random.next() % 2) + 1).map { _ in Int64(random.next() % 4) + 1 }))
                let referrals = (0..<Int(random.next() % 2)).map { _ in (service: pick(["medical", "hiv", "legal"]), status: pick(["pending", "provided"])) }
                return Facts(country: country, place: place, month: month, acts: acts, referrals: referrals)
            }
        }
        let threshold = [3, 5][seed % 2]
        let first = facts(Int(random.next() % 60) + 5)
        let (values1, marks1) = try Self.protect(first, threshold: threshold)
        let earlier = Disclosure.Release(scope: Self.year, threshold: threshold, values: values1, marks: marks1)
        let later = Disclosure.Scope(from: "2026-01", to: "2026-12", cutoff: "2027-02-01")
        let second = first + facts(Int(random.next() % 5) + 1)
        let (values2, marks2) = try Self.protect(second, scope: later, threshold: threshold, published: [earlier])
        for (cell, mark) in marks1.merging(marks2, uniquingKeysWith: { a, _ in a }) where mark == .protected {
            #expect((values1[cell] ?? values2[cell] ?? 0) > 0, "zero partner \(cell)")
        }
        let published = [Outsider.publish(values1, marks1, scope: Self.year, threshold: threshold),
                         Outsider.publish(values2, marks2, scope: later, threshold: threshold)]
        #expect(Outsider.leaks(published, truth: [values1, values2]) == [], "seed \(seed)")
    }

    /// The audit itself, on a hand-solved table: a hidden cell pinned by its
    /// total is found, and so is a small one narrowed to 1–2.
    @Test func theAuditFindsWhatAPersonWouldWorkOut() {
        let values: [Cell: Int] = [.total: 37, Cell("country", "UA"): 37, Cell("place", "UA:1"): 20, Cell("place", "UA:2"): 15, Cell("place", "UA:3"): 2,
                                   Cell("month", "2026-03"): 32, Cell("month", "year"): 5, Cell("act", "1"): 37, Cell("act", "total"): 37]
        // (A year-only row of 5 keeps the month table out of this example.)
        var marks = Disclosure.primaryMarks(values, threshold: 5)
        let release = Disclosure.Release(scope: Self.year, threshold: 5, values: values, marks: marks)
        #expect(Disclosure.audit([release], around: 0) == .atRisk([.init(subject: .cell(release: 0, Cell("place", "UA:3")), value: 2, range: 2...2)]))
        marks[Cell("place", "UA:2")] = .protected
        #expect(Disclosure.audit([Disclosure.Release(scope: Self.year, threshold: 5, values: values, marks: marks)], around: 0) == .safe)
    }

    @Test func scopesNestOnlyWhenPeriodAndCutOffBothDo() {
        let year = Self.year
        #expect(Disclosure.Scope(from: "2026-01", to: "2026-03", cutoff: "2026-04-10").isWithin(year))
        #expect(!Disclosure.Scope(from: "2026-01", to: "2026-03", cutoff: "2027-04-10").isWithin(year))
        #expect(!year.isWithin(Disclosure.Scope(from: "2026-02", to: "2026-12", cutoff: "2027-01-01")))
    }
}
