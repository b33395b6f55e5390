import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// The public figures as an outsider meets them: only `/statistics` and its
/// CSV files, read before and after cases are added, on crafted data sets.
@Suite struct PublicFiguresTests {
    typealias Cell = Disclosure.Cell

    /// Three countries, seven places, 73 cases: the crafted set, where the
    /// old live page gave away Lviv = 37 − 20 − 15 = 2 and Bălți = 15 − 12 = 3,
    /// the year-only cases, and the referral cells next to zeros.
    static func craft(_ test: TestApp) throws {
        let ua = try test.initiative("UA group")
        let md = try test.initiative("MD group", country: "MD", city: "Chișinău")
        let ge = try test.initiative("GE group", country: "GE", city: "Tbilisi")
        let plan: [(Int64, String, String, String, Int, [Int64])] = [
            (ua, "UA", "Kyiv", "2026-03", 20, [1]), (ua, "UA", "Odesa", "2026-04", 15, [1, 3]), (ua, "UA", "Lviv", "2026-04", 2, [2]),
            (md, "MD", "Chișinău", "2026-05", 12, [1]), (md, "MD", "Bălți", "2026-05", 3, [5]),
            (ge, "GE", "Tbilisi", "2026-06", 19, [3]), (ge, "GE", "Batumi", "2026", 2, [1]),
        ]
        for (initiative, country, city, month, count, acts) in plan {
            for _ in 0..<count { try test.caseRecord(initiative: initiative, country: country, city: city, month: month, acts: acts) }
        }
        // One HIV referral beside zeros, two refused medical ones.
        try test.app.database.pool.write { db in
            try db.execute(sql: "UPDATE referral SET service = 'hiv' WHERE id = 1")
            try db.execute(sql: "UPDATE referral SET status = 'refused' WHERE id IN (2, 3)")
        }
    }

    /// The programme officer prepares and publishes a release through the pages.
    @discardableResult
    static func publish(_ officer: Browser, from: String = "2026-01", to: String = "2026-12", cutoff: String) throws -> Int64 {
        let prepared = try officer.post("/releases", [("from", from), ("to", to), ("cutoff", cutoff)], from: "/releases")
        guard prepared.status == 303, let location = prepared.header("Location"),
            let id = location.firstMatch(of: /\/releases\/(\d+)/).flatMap({ Int64($0.1) })
        else { throw TestClientError.badResponse("prepare: \(prepared.status) \(prepared.text.prefix(300))") }
        let published = try officer.post("/releases/\(id)/publish", [], from: "/releases/\(id)")
        guard published.status == 303 else { throw TestClientError.badResponse("publish: \(published.status)") }
        return id
    }

    static let tables = ["country", "place", "act", "month", "referral"]

    /// Everything an outsider can download about one release: each table's CSV,
    /// read into cells keyed by what the CSV says (a place's country is in its label).
    static func download(_ browser: Browser, release: Int64) throws -> (raw: String, shown: [Cell: Int], hidden: [Cell: Disclosure.Mark], threshold: Int) {
        var raw = "", shown: [Cell: Int] = [:], hidden: [Cell: Disclosure.Mark] = [:]
        var threshold = 0
        for table in tables {
            let csv = try browser.get("/statistics.csv?release=\(release)&table=\(table)")
            #expect(csv.status == 200)
            raw += csv.text
            let lines = CSVReader.rows(csv.text).filter { !$0.isEmpty && !($0.count == 1 && $0[0].isEmpty) }
            guard let header = lines.first else { continue }
            for line in lines.dropFirst() where line.count >= 2 {
                let label = line[0]
                for (index, value) in line.enumerated().dropFirst() {
                    let column = header.count > 2 ? (index == header.count - 1 ? "total" : header[index]) : "n"
                    let cell = outsiderCell(table, label, column)
                    if let number = Int(value) {
                        shown[cell] = number
                    } else if value.hasPrefix("<"), let t = Int(value.dropFirst()) {
                        hidden[cell] = .small
                        threshold = t
                    } else if value == "×" {
                        hidden[cell] = .protected
                    }
                }
            }
        }
        return (raw, shown, hidden, threshold)
    }

    /// How the outsider names a cell: by the CSV's own words.
    static func outsiderCell(_ table: String, _ label: String, _ column: String) -> Cell {
        let isTotal = label == "Total" || label.hasPrefix("All acts")
        let row: String
        switch table {
        case "place" where !isTotal:
            if label.hasPrefix("Another place in ") { row = String(label.dropFirst("Another place in ".count)) + ":other" } else {
                let parts = label.components(separatedBy: ", ")
                row = (parts.last ?? "") + ":" + parts.dropLast().joined(separator: ", ")
            }
        default: row = isTotal ? "total" : label
        }
        if isTotal && table != "act" && table != "referral" { return .total }
        return Cell(table == "referral" ? "referral" : table, row, table == "referral" ? column : "n")
    }

    /// The true counts under the same names, from staff's side (the stored release).
    static func truth(_ test: TestApp, release: Int64) throws -> [Cell: Int] {
        let context = RequestContext(request: .init(method: "GET", path: "/"), parameters: [:], app: test.app, lang: "en", signedIn: nil,
                                     generation: test.app.database.changes.dataGeneration)
        let tables = try test.app.database.pool.read { db in ReleaseTables.tables(try ReleaseStore.cells(db, release: release), try CaseStore.vocabulary(db), context) }
        var truth: [Cell: Int] = [:]
        for table in tables {
            let twoD = table.columns.count > 1
            for (index, label) in table.labels.enumerated() {
                if twoD {
                    for (c, column) in table.columns.enumerated() { truth[outsiderCell(table.key, label, column)] = table.cells[index][c].value }
                    truth[outsiderCell(table.key, label, "total")] = table.rowTotals[index].value
                } else {
                    truth[outsiderCell(table.key, label, "n")] = table.rowTotals[index].value
                }
            }
            let total = table.totalLabel ?? "Total"
            if twoD {
                for (c, column) in table.columns.enumerated() { truth[outsiderCell(table.key, total, column)] = table.columnTotals[c].value }
                truth[outsiderCell(table.key, total, "total")] = table.grandTotal.value
            } else {
                truth[outsiderCell(table.key, total, "n")] = table.grandTotal.value
            }
        }
        return truth
    }

    static func scope(_ test: TestApp, release: Int64) throws -> Disclosure.Scope {
        try #require(try test.app.database.pool.read { try ReleaseStore.find($0, id: release) }).scope
    }

    @Test func anOutsiderReadingEveryPublishedFigureLearnsNoSmallCount() throws {
        let test = try TestApp()
        try Self.craft(test)
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")
        let visitor = Browser(test)
        #expect(try visitor.get("/statistics").text.contains("No figures have been published yet."))
        let today = CalendarDate(Date()).iso
        let first = try Self.publish(officer, cutoff: today)
        let page = try visitor.get("/statistics")
        #expect(page.status == 200)
        #expect(page.text.contains("&lt;5") && page.text.contains("×"))
        #expect(!page.text.contains("UA group"))
        let one = try Self.download(visitor, release: first)
        #expect(one.threshold == 5)
        // Every shown number is 0 or at least the threshold, and a mark is never a zero partner.
        for (cell, value) in one.shown { #expect(value >= 5, "\(cell) = \(value) shown") }
        let truth1 = try Self.truth(test, release: first)
        // The outsider read every figure there is (none escaped her parsing).
        #expect(Set(one.shown.keys).union(one.hidden.keys) == Set(truth1.keys))
        #expect(truth1[Cell("place", "Ukraine:Lviv")] == 2 && one.hidden[Cell("place", "Ukraine:Lviv")] == .small)
        for (cell, mark) in one.hidden where mark == .protected { #expect((truth1[cell] ?? 0) >= 5, "\(cell) protected although \(truth1[cell] ?? 0)") }
        let published1 = Outsider.Published(scope: try Self.scope(test, release: first), threshold: 5, shown: one.shown, hidden: one.hidden)
        #expect(Outsider.leaks([published1], truth: [truth1]) == [])

        // A handful of new cases, a second release of the same year: differencing the two gives nothing away.
        let ua = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM initiative WHERE name = 'UA group'") })
        for _ in 0..<3 { try test.caseRecord(initiative: ua, country: "UA", city: "Lviv", month: "2026-11", acts: [2, 4]) }
        let second = try Self.publish(officer, cutoff: today)
        let two = try Self.download(visitor, release: second)
        let truth2 = try Self.truth(test, release: second)
        #expect(Set(two.shown.keys).union(two.hidden.keys) == Set(truth2.keys))
        // Published as the live page once did, the 3 new cases would show in the total.
        #expect(truth2[.total] == 76 && two.shown[.total] == nil)
        let published2 = Outsider.Published(scope: try Self.scope(test, release: second), threshold: 5, shown: two.shown, hidden: two.hidden)
        #expect(Outsider.leaks([published1, published2], truth: [truth1, truth2]) == [])
        // Both stay readable, the newest first.
        let latest = try visitor.get("/statistics")
        #expect(latest.text.contains("/statistics?release=\(first)"))
    }

    /// The one-page summary for donors is the release and nothing else: its
    /// figures, marks included, are the published ones; without a release it is not there.
    @Test func theSummaryShowsOnlyThePublishedFigures() throws {
        let test = try TestApp()
        try Self.craft(test)
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")
        let visitor = Browser(test)
        #expect(try visitor.get("/statistics/summary").status == 404)
        let release = try Self.publish(officer, cutoff: CalendarDate(Date()).iso)
        let page = try visitor.get("/statistics/summary")
        #expect(page.status == 200)
        #expect(page.text.contains("Kalyna network") && page.text.contains("As of"))
        #expect(!page.text.contains("UA group") && !page.text.contains("Lviv"))
        let published = try Self.download(visitor, release: release)
        // Each country row reads as in the published table: Moldova 15, Georgia 21, Ukraine 37.
        let rows = page.text.matches(of: /<tr><th scope="row">([^<]+)<\/th><td class="number">([^<]+)<\/td><\/tr>/).map { (String($0.1), String($0.2)) }
        for (label, value) in rows where ["Ukraine", "Moldova", "Georgia"].contains(label) {
            #expect(published.shown[Cell("country", label, "n")].map(String.init) == value, "\(label) \(value)")
        }
        #expect(rows.contains { $0 == ("Ukraine", "37") } && rows.contains { $0 == ("Total", "73") })
        // A case saved after the release changes nothing on the summary.
        try test.caseRecord(initiative: 1, country: "UA", city: "Kyiv", month: "2026-07", acts: [1])
        #expect(try visitor.get("/statistics/summary").text == page.text)
        #expect(try visitor.get("/statistics").text.contains("/statistics/summary?release=\(release)"))
    }

    @Test func savingAndImportingCasesChangesNoPublicByteUntilTheNextRelease() throws {
        let test = try TestApp()
        try Self.craft(test)
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")
        let release = try Self.publish(officer, cutoff: CalendarDate(Date()).iso)
        let visitor = Browser(test)
        func everything() throws -> [String] {
            try [visitor.get("/statistics").text, visitor.get("/statistics?release=\(release)").text]
                + Self.tables.map { try visitor.get("/statistics.csv?table=\($0)").text }
        }
        let before = try everything()
        // A case through the form, then 500 through the import.
        let initiative = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM initiative WHERE name = 'UA group'") })
        try test.user("coord@x.org", .coordinator, initiative: initiative)
        let coordinator = try test.signedIn("coord@x.org")
        #expect(try coordinator.post("/cases", CasesTests.form(place: try test.placeChoice("UA", "Lviv"), month: "2026-07"), from: "/cases/new").status == 303)
        let header = CaseImport.columns.joined(separator: ",")
        let row = "2026-11-01,2026-08,month,UA,Lviv,street,25_34,sexual,patrol,1,,no,,,open,yes"
        let file = ([header] + Array(repeating: row, count: 500)).joined(separator: "\n")
        let preview = try coordinator.upload("/cases/import", field: "file", filename: "cases.csv", contentType: "text/csv", bytes: Array(file.utf8), from: "/cases/import")
        #expect(preview.status == 200)
        #expect(try coordinator.post("/cases/import/commit", [("content", file)], from: "/cases/import").status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM \"case\"") == 73 + 501)
        #expect(try everything() == before)
        // Publishing a new release is what changes them.
        try Self.publish(officer, cutoff: CalendarDate(Date()).iso)
        #expect(try everything() != before)
    }

    /// A label a documenter typed never reaches a public page or CSV: the form and
    /// the import choose from the list and refuse anything else, and text typed
    /// before the list existed is sealed away and counts as "another place".
    @Test func typedPlacesNeverReachThePublic() throws {
        let address = "с. Малинівка, вул. Садова 5, Марія К."
        let test = try TestApp()
        let initiative = try test.initiative("A")
        try test.user("coord@x.org", .coordinator, initiative: initiative)
        try test.user("po@x.org", .programmeOfficer)
        let coordinator = try test.signedIn("coord@x.org")
        let refused = try coordinator.post("/cases", CasesTests.form(place: address), from: "/cases/new")
        #expect(refused.status == 422)
        let header = CaseImport.columns.joined(separator: ",")
        let row = "2026-11-01,2026-08,month,UA,\"\(address)\",street,25_34,physical,patrol,1,,no,,,open,yes"
        let preview = try coordinator.upload("/cases/import", field: "file", filename: "cases.csv", contentType: "text/csv",
                                             bytes: Array("\(header)\n\(row)\n".utf8), from: "/cases/import")
        #expect(preview.status == 422)
        #expect(preview.text.contains("not on the list of places"))
        #expect(try coordinator.post("/cases/import/commit", [("content", "\(header)\n\(row)\n")], from: "/cases/import").status == 422)
        #expect(try test.count("SELECT COUNT(*) FROM \"case\"") == 0)
        for _ in 0..<6 { try test.caseRecord(initiative: initiative, city: "Odesa") }
        try Self.publish(try test.signedIn("po@x.org"), cutoff: CalendarDate(Date()).iso)
        let visitor = Browser(test)
        let everything = try [visitor.get("/statistics").text] + Self.tables.map { try visitor.get("/statistics.csv?table=\($0)").text }
        for text in everything { #expect(!text.contains("Малинівка") && !text.contains("Садова")) }
    }

    /// A database from before the list: its typed city, consequences and complaint
    /// text end up inside the encrypted narrative, the city waits for a programme
    /// officer to map it, and nothing typed stays in clear.
    @Test func textTypedBeforeTheListsIsSealedAtMigration() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/kalyna.sqlite"
        do {
            let old = try AppDatabase(path: path)
            try Migrations.migrator.migrate(old.pool, upTo: "0010 reviews by reviewer")
            try old.pool.write { db in
                try db.execute(sql: "INSERT INTO initiative (name, country, city, legal_form, status, created_at) VALUES ('A', 'UA', 'Odesa', 'informal', 'verified', ?)", arguments: [Date()])
                for (city, consequences) in [("Одеса", ""), ("с. Малинівка, вул. Садова 5", "Синці, страх"), ("KYIV ", "")] {
                    try db.execute(sql: """
                        INSERT INTO "case" (initiative_id, registered_on, incident_date, incident_precision, country, city, place_type, age_band, police_unit,
                          officers_count, consequences, complaint_filed, complaint_where, complaint_outcome, status, consent_statistics, created_at, updated_at)
                        VALUES (1, '2026-11-01', '2026-10', 'month', 'UA', ?, 'street', '25_34', 'patrol', '1', ?, 1, 'Прокуратура Одеси', '', 'open', 1, ?, ?)
                        """, arguments: [city, consequences, Date(), Date()])
                }
            }
        }
        let test = try TestApp { $0.database = path; $0.narrativeKeyFile = directory + "/narrative.key" }
        // The database was copied, as it was, before the migration ran.
        let copies = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("kalyna.sqlite.before-migration-") }
        #expect(copies.count == 1)
        if let copy = copies.first {
            let old = try DatabaseQueue(path: directory + "/" + copy)
            #expect(try old.read { try $0.columns(in: "case").map(\.name).contains("city") })
            try old.close()
        }
        try test.app.database.pool.read { db in
            // Одеса and "KYIV " are on the list; the village is not, and counts as "another place".
            let places = try String.fetchAll(db, sql: "SELECT COALESCE(p.name_en, 'other') FROM \"case\" c LEFT JOIN place p ON p.id = c.place_id ORDER BY c.id")
            #expect(places == ["Odesa", "other", "Kyiv"])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_legacy_text") == 0)
            #expect(!(try db.columns(in: "case").map(\.name).contains { ["city", "consequences", "complaint_where", "complaint_outcome"].contains($0) }))
            let narrative = try #require(try Data.fetchOne(db, sql: "SELECT narrative FROM \"case\" WHERE id = 2"))
            let text = test.app.narratives.open([UInt8](narrative)) ?? ""
            #expect(text.contains("с. Малинівка, вул. Садова 5") && text.contains("Синці, страх") && text.contains("Прокуратура Одеси"))
        }
        _ = try test.app.database.pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
        #expect(bytes.range(of: Data("Малинівка".utf8)) == nil)
        // The programme officer sees it to map, and maps it.
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")
        let page = try officer.get("/admin/places")
        #expect(page.text.contains("с. Малинівка, вул. Садова 5"))
        let normalized = PlaceNames.normalized("с. Малинівка, вул. Садова 5")
        #expect(try officer.post("/admin/places/map", [("country", "UA"), ("normalized", normalized), ("place", "other")], from: "/admin/places").status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM place_review") == 0)
    }

    @Test func mergingOfficersKeepsTheStricterConsent() throws {
        for direction in [true, false] {
            let test = try TestApp { $0.publicThanks = true }
            let initiative = try test.initiative("A")
            try test.user("po@x.org", .programmeOfficer)
            let agreed = try test.officer("Olena Agreed", consent: true)
            let refused = try test.officer("Olena Refused", consent: false)
            let occasion = try test.occasion()
            try test.recognition(occasion: occasion, officer: agreed, initiative: initiative, status: .included)
            try test.recognition(occasion: occasion, officer: refused, initiative: initiative, status: .included)
            let (duplicate, kept) = direction ? (refused, agreed) : (agreed, refused)
            let officer = try test.signedIn("po@x.org")
            #expect(try officer.post("/officers/\(duplicate)/merge", [("target", String(kept))], from: "/officers/\(duplicate)").status == 303)
            let thanks = try Browser(test).get("/thanks")
            #expect(!thanks.text.contains("Olena Agreed") && !thanks.text.contains("Olena Refused"), "merged \(direction)")
        }
    }

    @Test func aThresholdBelowThreeStopsStartUp() {
        for value in [1, 2] {
            #expect(throws: ConfigError.self) { try Config.parse(Data("{\"suppression_threshold\": \(value)}".utf8)) }
            do {
                _ = try Config.parse(Data("{\"suppression_threshold\": \(value)}".utf8))
            } catch {
                #expect("\(error)".contains("suppression_threshold") && "\(error)".contains("between 3"))
            }
        }
        #expect((try? Config.parse(Data("{\"suppression_threshold\": 3}".utf8)))?.suppressionThreshold == 3)
    }

    @Test func aWrongNarrativeKeyStopsStartUpAndRotationKeepsEveryNarrative() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let keyFile = directory + "/narrative.key"
        do {
            let test = try TestApp { $0.database = directory + "/kalyna.sqlite"; $0.narrativeKeyFile = keyFile }
            let initiative = try test.initiative("A")
            for n in 0..<3 { try test.caseRecord(initiative: initiative, narrative: "Her account \(n)") }
        }
        // Another key: start-up refuses, and says why.
        let other = directory + "/other.key"
        try NarrativeBox.generate().write(to: other)
        #expect {
            _ = try TestApp { $0.database = directory + "/kalyna.sqlite"; $0.narrativeKeyFile = other }
        } throws: { "\($0)".contains("narrative key does not open") }
        // Rotation re-encrypts all three; afterwards only the new key opens them.
        let oldKey = try String(contentsOfFile: keyFile, encoding: .utf8)
        let config = "{\"database\": \"\(directory)/kalyna.sqlite\", \"narrative_key_file\": \"\(keyFile)\", \"templates\": \"\(TestApp.repositoryRoot)/templates\"}"
        try config.write(toFile: directory + "/config.json", atomically: true, encoding: .utf8)
        let rotated = try Executable.run(["rotate-narrative-key", "--config", directory + "/config.json"], in: directory)
        #expect(rotated.status == 0, "\(rotated.output)")
        #expect(try String(contentsOfFile: keyFile, encoding: .utf8) != oldKey)
        let test = try TestApp { $0.database = directory + "/kalyna.sqlite"; $0.narrativeKeyFile = keyFile }
        let texts = try test.app.database.pool.read { db in
            try Data.fetchAll(db, sql: "SELECT narrative FROM \"case\" ORDER BY id").map { test.app.narratives.open([UInt8]($0)) }
        }
        #expect(texts == ["Her account 0", "Her account 1", "Her account 2"])
        try oldKey.write(toFile: other, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { _ = try TestApp { $0.database = directory + "/kalyna.sqlite"; $0.narrativeKeyFile = other } }
    }
}
