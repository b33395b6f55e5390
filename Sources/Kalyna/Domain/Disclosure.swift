import LinearProgramming

/// Disclosure control for every figure that leaves the staff area, as a
/// statistics office does it (`../shared/DISCLOSURE-NOTES.md`):
///
/// - A release's figures are cells (`Cell`) tied together by the sums a reader
///   knows hold (`relations`): places add up to their country, countries to the
///   total, months plus year-only cases to the total, referral rows and columns
///   to their margins; each act is at most the number of cases, and all acts
///   together at least that number. Which rows a table has does not depend on
///   the cases (every place on the staff's list, every act, every month of the
///   period), so a row's presence says nothing.
/// - Releases published earlier are part of the same system: when one release's
///   period and cut-off both lie within another's, each of its cells plus an
///   unknown, non-negative number of newer cases gives the other's cell. Those
///   differences are counts of people too and are protected like cells.
/// - Each cell is shown, marked small ("<5": fewer than the threshold, zero
///   included) or marked protected ("×": hidden for another cell's sake; the
///   reader can tell it is at least the threshold, and nothing else).
/// - `audit` solves two linear programs per hidden cell and per small
///   difference (GLPK): the smallest and largest value every published number
///   allows. A count from 1 to threshold − 1 is at risk when that interval lies
///   inside 1 … threshold − 1 (the reader would know it is small and not zero);
///   any non-zero hidden cell is at risk when the interval is a single value.
/// - `protect` starts from the small cells and, while the audit finds a cell at
///   risk, hides the smallest shown cell of the same sums (shown cells are never
///   zero, so a zero is never a partner) until the audit passes. It is an
///   audit-driven choice over all linked tables at once rather than τ-ARGUS's
///   hypercube: at Kalyna's sizes (a few hundred cells) every step can be
///   audited exactly instead of approximated.
public enum Disclosure {
    /// One published number: a table, a row and a column key.
    public struct Cell: Hashable, Sendable, Comparable, CustomStringConvertible {
        public var table: String
        public var row: String
        public var column: String

        public init(_ table: String, _ row: String, _ column: String = "n") {
            self.table = table
            self.row = row
            self.column = column
        }

        public static let total = Cell("cases", "total")
        public var isTotal: Bool { row == "total" || column == "total" }
        public var description: String { "\(table)/\(row)/\(column)" }
        public static func < (a: Cell, b: Cell) -> Bool { (a.table, a.row, a.column) < (b.table, b.row, b.column) }
    }

    public enum Mark: String, Sendable, Equatable, CaseIterable {
        case shown
        /// Below the threshold, zero included: printed as "<threshold".
        case small
        /// Hidden only to protect other cells: printed with its own mark.
        case protected
    }

    /// A linear relation between cells: Σ coefficient × cell = 0, or ≥ 0.
    public struct Relation: Sendable, Equatable {
        public var terms: [Term]
        public var atLeastZero: Bool

        public struct Term: Sendable, Equatable {
            public var cell: Cell
            public var coefficient: Int
        }

        init(_ terms: [(Cell, Int)], atLeastZero: Bool = false) {
            self.terms = terms.map { Term(cell: $0.0, coefficient: $0.1) }
            self.atLeastZero = atLeastZero
        }
    }

    /// Every relation a reader knows holds between the cells of one release.
    /// Rows that are absent are zero, so they take no part.
    public static func relations(of cells: some Collection<Cell>) -> [Relation] {
        let all = Set(cells)
        func rows(_ table: String) -> [Cell] { all.filter { $0.table == table && !$0.isTotal }.sorted() }
        var relations: [Relation] = []
        // Countries add up to the total.
        relations.append(Relation([(.total, 1)] + rows("country").map { ($0, -1) }))
        // A country's places add up to the country.
        for country in rows("country") {
            let places = rows("place").filter { $0.row.hasPrefix(country.row + ":") }
            relations.append(Relation([(country, 1)] + places.map { ($0, -1) }))
        }
        // Months, and the cases known only by year, add up to the total.
        let months = all.filter { $0.table == "month" }.sorted()
        relations.append(Relation([(.total, 1)] + months.map { ($0, -1) }))
        // Acts: each at most the cases; each case names one at least; their own total.
        let acts = rows("act")
        let actsTotal = Cell("act", "total")
        if all.contains(actsTotal) { relations.append(Relation([(actsTotal, 1)] + acts.map { ($0, -1) })) }
        for act in acts { relations.append(Relation([(.total, 1), (act, -1)], atLeastZero: true)) }
        relations.append(Relation(acts.map { ($0, 1) } + [(.total, -1)], atLeastZero: true))
        // Referrals: rows and columns add up to their margins, margins to the grand total.
        let referrals = all.filter { $0.table == "referral" }
        let services = Set(referrals.map(\.row)).subtracting(["total"]).sorted()
        let outcomes = Set(referrals.map(\.column)).subtracting(["total"]).sorted()
        func referral(_ row: String, _ column: String) -> Cell? {
            let cell = Cell("referral", row, column)
            return all.contains(cell) ? cell : nil
        }
        for service in services {
            if let margin = referral(service, "total") {
                relations.append(Relation([(margin, 1)] + outcomes.compactMap { referral(service, $0) }.map { ($0, -1) }))
            }
        }
        for outcome in outcomes {
            if let margin = referral("total", outcome) {
                relations.append(Relation([(margin, 1)] + services.compactMap { referral($0, outcome) }.map { ($0, -1) }))
            }
        }
        if let grand = referral("total", "total") {
            relations.append(Relation([(grand, 1)] + services.compactMap { referral($0, "total") }.map { ($0, -1) }))
            relations.append(Relation([(grand, 1)] + outcomes.compactMap { referral("total", $0) }.map { ($0, -1) }))
        }
        return relations.filter { $0.terms.count > 1 }
    }

    /// Incident months covered, as "YYYY-MM" both ends, and the registration cut-off.
    public struct Scope: Sendable, Equatable {
        public var from: String
        public var to: String
        public var cutoff: String

        public init(from: String, to: String, cutoff: String) {
            self.from = from
            self.to = to
            self.cutoff = cutoff
        }

        /// Every case counted in `self` is counted in `other` too (cases are not
        /// removed, so only newer cases tell them apart).
        public func isWithin(_ other: Scope) -> Bool {
            other.from <= from && to <= other.to && cutoff <= other.cutoff
        }

        /// Periods that share months without one release lying within the other:
        /// their figures could not be audited together.
        public func clashes(with other: Scope) -> Bool {
            from <= other.to && other.from <= to && !isWithin(other) && !other.isWithin(self)
        }
    }

    /// A release in the audit: its true counts, how each is shown, its threshold.
    public struct Release: Sendable, Equatable {
        public var scope: Scope
        public var threshold: Int
        public var values: [Cell: Int]
        public var marks: [Cell: Mark]

        public init(scope: Scope, threshold: Int, values: [Cell: Int], marks: [Cell: Mark]) {
            self.scope = scope
            self.threshold = threshold
            self.values = values
            self.marks = marks
        }

        func mark(_ cell: Cell) -> Mark { marks[cell] ?? .shown }
    }

    /// The first marks: every count below the threshold is small, zeros too
    /// (a "0" beside "<5" would tell the reader that "<5" is not zero).
    public static func primaryMarks(_ values: [Cell: Int], threshold: Int) -> [Cell: Mark] {
        values.mapValues { $0 < threshold ? .small : .shown }
    }

    /// What an attacker could learn that she must not.
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public enum Subject: Sendable, Equatable {
            /// A cell of release `release` (an index into the audited list).
            case cell(release: Int, Cell)
            /// The newer cases between two releases in one cell.
            case difference(older: Int, newer: Int, Cell)
        }
        public var subject: Subject
        public var value: Int
        public var range: ClosedRange<Int>

        public var description: String {
            switch subject {
            case .cell(let release, let cell): "release \(release) \(cell) = \(value) can be narrowed to \(range)"
            case .difference(let older, let newer, let cell): "release \(older)→\(newer) \(cell) +\(value) can be narrowed to \(range)"
            }
        }
    }

    public enum AuditResult: Sendable, Equatable {
        case safe
        case atRisk([Finding])
        /// The solver failed: nothing may be published on an unproven audit.
        case notProven(String)
    }

    /// The releases that share equations with `index`: those nested with it,
    /// and theirs in turn.
    static func linked(_ releases: [Release], to index: Int) -> [Int] {
        var found: Set<Int> = [index]
        var queue = [index]
        while let next = queue.popLast() {
            for (other, release) in releases.enumerated() where !found.contains(other) {
                if release.scope.isWithin(releases[next].scope) || releases[next].scope.isWithin(release.scope) {
                    found.insert(other)
                    queue.append(other)
                }
            }
        }
        return found.sorted()
    }

    /// The system every published number gives an attacker, with the variables
    /// to check and the rows each variable takes part in.
    struct System {
        var program = LinearProgram()
        var variable: [Int: [Cell: Int]] = [:]
        var checks: [(variable: Int, finding: Finding.Subject, value: Int, threshold: Int, hidden: Bool)] = []
        /// For each variable, the rows it appears in (for choosing partners).
        var rowsOf: [Int: [Int]] = [:]
        var rowTerms: [[Int]] = []
        /// Variable → (release, cell) for cells.
        var cellOf: [Int: (Int, Cell)] = [:]

        mutating func addRow(_ terms: [(variable: Int, coefficient: Double)], _ bounds: LinearProgram.Bounds) {
            program.addRow(terms, bounds)
            let index = rowTerms.count
            rowTerms.append(terms.map(\.variable))
            for term in terms { rowsOf[term.variable, default: []].append(index) }
        }
    }

    static func system(_ releases: [Release], around index: Int) -> System {
        var system = System()
        let members = linked(releases, to: index)
        for r in members {
            let release = releases[r]
            let t = Double(release.threshold)
            var variables: [Cell: Int] = [:]
            for (cell, value) in release.values.sorted(by: { $0.key < $1.key }) {
                let bounds: LinearProgram.Bounds
                switch release.mark(cell) {
                case .shown: bounds = .fixed(Double(value))
                case .small: bounds = .init(lower: 0, upper: t - 1)
                case .protected: bounds = .init(lower: t)
                }
                let v = system.program.addVariable(bounds)
                variables[cell] = v
                system.cellOf[v] = (r, cell)
                if release.mark(cell) != .shown && value > 0 {
                    system.checks.append((v, .cell(release: r, cell), value, release.threshold, true))
                }
            }
            system.variable[r] = variables
            for relation in relations(of: release.values.keys) {
                let terms = relation.terms.compactMap { term in variables[term.cell].map { (variable: $0, coefficient: Double(term.coefficient)) } }
                system.addRow(terms, relation.atLeastZero ? .init(lower: 0) : .fixed(0))
            }
        }
        // Nested releases: newer = older + newer cases, cell by cell.
        for older in members {
            for newer in members where older != newer && releases[older].scope.isWithin(releases[newer].scope) {
                // Equal scopes link once, the earlier-listed as the older.
                if releases[newer].scope.isWithin(releases[older].scope) && newer < older { continue }
                let a = releases[older], b = releases[newer]
                for cell in Set(a.values.keys).union(b.values.keys).sorted() {
                    let difference = (b.values[cell] ?? 0) - (a.values[cell] ?? 0)
                    // Cases do not disappear, but they can be edited or lose consent:
                    // a difference that is negative in truth is left free.
                    let d = system.program.addVariable(difference >= 0 ? .init(lower: 0) : .free)
                    var terms: [(variable: Int, coefficient: Double)] = [(d, -1)]
                    if let x = system.variable[newer]?[cell] { terms.append((x, 1)) }
                    if let x = system.variable[older]?[cell] { terms.append((x, -1)) }
                    system.addRow(terms, .fixed(0))
                    let threshold = max(a.threshold, b.threshold)
                    if difference >= 1 && difference < threshold {
                        system.checks.append((d, .difference(older: older, newer: newer, cell), difference, threshold, false))
                    }
                }
            }
        }
        return system
    }

    /// Checks every hidden cell and every small difference of the releases
    /// linked to `releases[index]`.
    public static func audit(_ releases: [Release], around index: Int) -> AuditResult {
        let system = system(releases, around: index)
        return audit(system)
    }

    static func audit(_ system: System) -> AuditResult {
        guard !system.checks.isEmpty else { return .safe }
        switch system.program.ranges(of: system.checks.map(\.variable)) {
        case .failed(let why): return .notProven(why)
        case .infeasible: return .notProven("the published figures contradict each other")
        case .ranges(let ranges):
            var findings: [Finding] = []
            for check in system.checks {
                guard let range = ranges[check.variable] else { return .notProven("no range for \(check.finding)") }
                let low = range.lowerBound.isFinite ? Int((range.lowerBound - 1e-6).rounded(.up)) : Int.min
                let high = range.upperBound.isFinite ? Int((range.upperBound + 1e-6).rounded(.down)) : Int.max
                let small = check.value >= 1 && check.value < check.threshold
                let pinned = check.hidden && low == high
                let narrowed = small && low >= 1 && high <= check.threshold - 1
                if pinned || narrowed {
                    findings.append(Finding(subject: check.finding, value: check.value, range: low...max(low, high)))
                }
            }
            return findings.isEmpty ? .safe : .atRisk(findings)
        }
    }

    public enum Protection: Sendable, Equatable {
        /// The marks to publish with: the audit passed with them.
        case safe([Cell: Mark])
        /// No choice of hidden cells passes (the solver failed, or the earlier
        /// releases leave nothing this one can hide).
        case refused(AuditResult)
    }

    /// Chooses the hidden cells of `candidate` (the last release in `releases`;
    /// the others are published and cannot change) so that the audit passes.
    public static func protect(candidate values: [Cell: Int], scope: Scope, threshold: Int, published: [Release]) -> Protection {
        var marks = primaryMarks(values, threshold: threshold)
        var releases = published + [Release(scope: scope, threshold: threshold, values: values, marks: marks)]
        let candidate = releases.count - 1
        // Each round hides at least one more cell, so this ends; the bound is a guard.
        for _ in 0...max(1, values.count) {
            releases[candidate].marks = marks
            let system = system(releases, around: candidate)
            let result = audit(system)
            guard case .atRisk(let findings) = result else {
                return result == .safe ? .safe(marks) : .refused(result)
            }
            var chosen: Set<Cell> = []
            for finding in findings {
                let variable: Int? = system.checks.first { $0.finding == finding.subject }?.variable
                guard let variable, let partner = partner(for: variable, in: system, candidate: candidate, values: values, marks: marks) else { continue }
                chosen.insert(partner)
            }
            guard !chosen.isEmpty else { return .refused(result) }
            for cell in chosen { marks[cell] = .protected }
        }
        return .refused(.notProven("suppression did not settle"))
    }

    /// The smallest shown cell of the candidate that shares a sum with
    /// `variable`, looking further out (through hidden cells' sums) when the
    /// nearest sums have none. Totals only when no inner cell will do.
    static func partner(for variable: Int, in system: System, candidate: Int, values: [Cell: Int], marks: [Cell: Mark]) -> Cell? {
        var visitedRows: Set<Int> = []
        var frontier: Set<Int> = [variable]
        var seen: Set<Int> = [variable]
        while !frontier.isEmpty {
            var options: [Cell] = []
            var next: Set<Int> = []
            for v in frontier {
                for row in system.rowsOf[v] ?? [] where !visitedRows.contains(row) {
                    visitedRows.insert(row)
                    for other in system.rowTerms[row] where !seen.contains(other) {
                        seen.insert(other)
                        if let (release, cell) = system.cellOf[other], release == candidate, (marks[cell] ?? .shown) == .shown {
                            options.append(cell)
                        } else if system.program.variables[other].lower != system.program.variables[other].upper {
                            // Hidden cells and differences lead further out; a known number does not.
                            next.insert(other)
                        }
                    }
                }
            }
            if let best = options.min(by: { a, b in
                (a.isTotal ? 1 : 0, values[a] ?? 0, a) < (b.isTotal ? 1 : 0, values[b] ?? 0, b)
            }) {
                return best
            }
            frontier = next
        }
        return nil
    }
}
