import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

@Suite struct CasesTests {
    /// Odesa on the list every new database starts with (migration 0011 keeps its order).
    static let odesa = "UA:\((PlaceNames.initial.firstIndex { $0.en == "Odesa" } ?? 0) + 1)"

    /// The case form as a browser sends it; `place` as the place drop-down sends it.
    static func form(place: String = odesa, narrative: String = "", month: String = "2026-10") -> [(String, String)] {
        [
            ("registered_on", "2026-11-01"), ("precision", "month"), ("incident_date", month), ("place", place),
            ("place_type", "street"), ("age_band", "25_34"), ("acts", "1"), ("acts", "5"), ("police_unit", "patrol"),
            ("officers_count", "2-3"), ("consequences", "1"), ("status", "open"), ("consent_record", "yes"),
            ("consent_statistics", "yes"), ("narrative", narrative),
        ]
    }

    @Test func aDocumenterWorksOnlyWithHerInitiativesCases() throws {
        let test = try TestApp()
        let a = try test.initiative("A")
        let b = try test.initiative("B", city: "Kyiv")
        try test.user("doc-a@x.org", .documenter, initiative: a)
        try test.user("doc-b@x.org", .documenter, initiative: b)
        let documenter = try test.signedIn("doc-a@x.org")
        // One screen of fields, one submit.
        let form = try documenter.get("/cases/new")
        #expect(form.text.matches(of: /<form method="post" action="\/cases"/).count == 1)
        let main = try #require(form.text.firstMatch(of: /<main[\s\S]*<\/main>/)).0
        #expect(main.matches(of: /type="submit"/).count == 1)  // the header holds sign-out and the language switcher
        let odesa = try test.placeChoice("UA", "Odesa")
        #expect(try documenter.post("/cases", Self.form(place: odesa), from: "/cases/new").status == 303)
        let (theirs, theirReferral) = try test.caseRecord(initiative: b, city: "Kyiv")
        #expect(try documenter.get("/cases/\(theirs)").status == 403)
        #expect(try documenter.get("/cases/\(theirs)/edit").status == 403)
        #expect(try documenter.post("/cases/\(theirs)", Self.form(place: try test.placeChoice("UA", "Lviv")), from: "/cases/new").status == 403)
        #expect(try documenter.post("/cases/\(theirs)/referrals", [("service", "legal"), ("status", "pending"), ("referred_on", "2026-11-02")], from: "/cases/new").status == 403)
        #expect(try documenter.post("/referrals/\(theirReferral)", [("status", "provided")], from: "/cases/new").status == 403)
        let list = try documenter.get("/cases")
        #expect(list.text.contains("Odesa, Ukraine"))
        #expect(!list.text.contains("href=\"/cases/\(theirs)\""))
        #expect(try test.app.database.pool.read { try String.fetchOne($0, sql: "SELECT p.name_en FROM \"case\" c JOIN place p ON p.id = c.place_id WHERE c.id = ?", arguments: [theirs]) } == "Kyiv")
        // Finance and reviewers see no cases at all.
        try test.user("fo@x.org", .financeOfficer)
        try test.user("rev@x.org", .reviewer)
        for email in ["fo@x.org", "rev@x.org"] {
            let browser = try test.signedIn(email)
            #expect(try browser.get("/cases").status == 403)
            #expect(try browser.get("/cases/\(theirs)").status == 403)
        }
    }

    @Test func theNarrativeIsNeverStoredExportedOrAuditedInClear() throws {
        let test = try TestApp()
        let a = try test.initiative("A")
        try test.user("doc@x.org", .documenter, initiative: a)
        try test.user("coord@x.org", .coordinator, initiative: a)
        try test.user("po@x.org", .programmeOfficer)
        let secret = "Narrative-\(UUID().uuidString)"
        let documenter = try test.signedIn("doc@x.org")
        let odesa = try test.placeChoice("UA", "Odesa")
        #expect(try documenter.post("/cases", Self.form(place: odesa, narrative: secret), from: "/cases/new").status == 303)
        let id = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM \"case\"") })
        // Readable by the coordinator and programme officers, as the form promises; not by the
        // documenter who wrote it, nor by an administrator.
        #expect(try test.signedIn("coord@x.org").get("/cases/\(id)/narrative").text.contains(secret))
        let officer = try test.signedIn("po@x.org")
        #expect(try officer.get("/cases/\(id)").text.contains("/cases/\(id)/narrative"))
        #expect(try officer.get("/cases/\(id)/narrative").text.contains(secret))
        #expect(!(try officer.get("/cases/\(id)").text.contains(secret)))
        #expect(try documenter.get("/cases/\(id)/narrative").status == 403)
        #expect(!(try documenter.get("/cases/\(id)").text.contains(secret)))
        try test.user("admin@x.org", .admin)
        let admin = try test.signedIn("admin@x.org")
        #expect(try admin.get("/cases/\(id)/narrative").status == 403)
        #expect(!(try admin.get("/cases/\(id)").text.contains(secret)))
        // Not in the export, not in the audit log, not in the database files.
        #expect(!(try officer.get("/cases.csv").text.contains(secret)))
        let audit = try test.app.database.pool.read { try String.fetchAll($0, sql: "SELECT action || detail FROM audit_event") }
        #expect(!audit.joined().contains(secret))
        _ = try test.app.database.pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: test.app.config.database + suffix))) ?? Data()
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "found in kalyna.sqlite\(suffix)")
        }
        // A documenter's edit without retyping it keeps the narrative.
        #expect(try documenter.post("/cases/\(id)", Self.form(place: odesa), from: "/cases/\(id)/edit").status == 303)
        #expect(try officer.get("/cases/\(id)/narrative").text.contains(secret))
    }

    @Test func formRefusesFutureDatesAndMissingConsent() throws {
        let test = try TestApp()
        try test.user("doc@x.org", .documenter, initiative: try test.initiative("A"))
        let documenter = try test.signedIn("doc@x.org")
        let future = Self.form(place: try test.placeChoice("UA", "Odesa"), month: "2099-01").filter { $0.0 != "consent_record" }
        let refused = try documenter.post("/cases", future, from: "/cases/new")
        #expect(refused.status == 422)
        #expect(refused.text.contains("This date is in the future."))
        #expect(refused.text.contains("only with her consent"))
        #expect(refused.text.contains("value=\"2099-01\""))
        #expect(try test.count("SELECT COUNT(*) FROM \"case\"") == 0)
    }

    @Test func noColumnCanHoldIdentifyingData() throws {
        let test = try TestApp()
        let columns = try test.app.database.pool.read { try $0.columns(in: "case").map(\.name) }
        for forbidden in ["name", "phone", "address", "birth", "latitude", "longitude", "street", "passport"] {
            #expect(!columns.contains { $0.contains(forbidden) }, "a column for \(forbidden)")
        }
    }

    /// Counts as a person would compute them by hand from the fixture.
    @Test func aggregatesMatchAHandComputedFixture() throws {
        let test = try TestApp()
        let a = try test.initiative("A")
        let b = try test.initiative("B", country: "MD", city: "Chișinău")
        try test.user("po@x.org", .programmeOfficer)
        // UA: 3 cases in Odesa (Oct, Oct, Nov), 1 in Kyiv (Nov). MD: 2 in Chișinău (Oct).
        try test.caseRecord(initiative: a, city: "Odesa", month: "2026-10", acts: [1, 2])
        try test.caseRecord(initiative: a, city: "Odesa", month: "2026-10", acts: [1])
        try test.caseRecord(initiative: a, city: "Odesa", month: "2026-11", acts: [3])
        try test.caseRecord(initiative: a, city: "Kyiv", month: "2026-11", acts: [1])
        try test.caseRecord(initiative: b, country: "MD", city: "Chișinău", month: "2026-10", acts: [2])
        try test.caseRecord(initiative: b, country: "MD", city: "Chișinău", month: "2026-10", acts: [1], consent: false)
        let tables = try test.app.database.pool.read { db in
            RegionalPicture.tables(try PictureStore.tallies(db), try CaseStore.vocabulary(db), window: .all, RequestContext(request: .init(method: "GET", path: "/"), parameters: [:], app: test.app, lang: "en", signedIn: nil, generation: test.app.database.changes.dataGeneration))
        }
        func counts(_ key: String) -> [String: Int] {
            guard let table = tables.first(where: { $0.key == key }) else { return [:] }
            return Dictionary(uniqueKeysWithValues: zip(table.labels, table.rowTotals.map(\.value)))
        }
        #expect(counts("country") == ["Ukraine": 4, "Moldova": 2])
        #expect(counts("place") == ["Odesa, Ukraine": 3, "Kyiv, Ukraine": 1, "Chișinău, Moldova": 2])
        #expect(counts("act") == ["Physical violence": 4, "Sexual violence": 2, "Threats and intimidation": 1])
        #expect(counts("month").filter { $0.value > 0 } == ["October 2026": 4, "November 2026": 2])
        // Every month from the first case to this one is a row, a quiet month with 0.
        let months = try #require(tables.first(where: { $0.key == "month" }))
        #expect(months.labels.count == months.trendRows && months.rowTotals.map(\.value).reduce(0, +) == 6)
        // Six referrals, one per case, all "medical" and "pending".
        let referrals = try #require(tables.first(where: { $0.key == "referral" }))
        #expect(referrals.cells[0][0].value == 6)
        #expect(referrals.grandTotal.value == 6)
        // The public figures leave out the case without consent: Moldova has 1, hidden.
        let officer = try test.signedIn("po@x.org")
        #expect(try officer.get("/picture").text.contains("Chișinău, Moldova"))
    }

    /// The months table is honest about what it leaves out: cases known only by
    /// their year are a row of their own under "every month", and a note otherwise.
    @Test func yearOnlyCasesAreARowOrANoteNeverDroppedSilently() throws {
        let test = try TestApp()
        let a = try test.initiative("A")
        try test.user("po@x.org", .programmeOfficer)
        let thisMonth = String(CalendarDate(Date()).iso.prefix(7))
        try test.caseRecord(initiative: a, city: "Odesa", month: thisMonth, acts: [1])
        try test.caseRecord(initiative: a, city: "Odesa", month: "2026", acts: [1])
        let officer = try test.signedIn("po@x.org")
        let recent = try officer.get("/picture?months=12").text
        #expect(recent.contains("Cases known only by their year (1) are in no month and not in this total"))
        #expect(recent.contains("Total for these months</th><td class=\"number\">1</td>"))
        let all = try officer.get("/picture?months=all").text
        #expect(all.contains("<th scope=\"row\">Known only by year</th><td class=\"number\">1</td>"))
        #expect(!all.contains("Cases known only by their year"))
        // The exports keep the period chosen.
        #expect(recent.contains("/picture.csv?months=12&amp;table=month"))
        let csv = try officer.get("/picture.csv?months=all&table=month").text
        #expect(csv.contains("Known only by year,1"))
    }

    @Test func importPreviewsThenTakesAllOrNothing() throws {
        let test = try TestApp()
        try test.user("coord@x.org", .coordinator, initiative: try test.initiative("A"))
        let coordinator = try test.signedIn("coord@x.org")
        let header = CaseImport.columns.joined(separator: ",")
        let good = "2026-11-01,2026-10,month,UA,Одеса,street,25_34,physical;threats,patrol,1,\"injury; Страх, стресс, травма\",yes,prosecutor,Ответа пока нет,open,yes"
        let bad = "2026-11-01,2099-10,month,UA,Odesa,nowhere,25_34,unknown_act,patrol,1,,no,,,open,yes"
        let preview = try coordinator.upload("/cases/import", field: "file", filename: "cases.csv", contentType: "text/csv",
                                             bytes: [0xEF, 0xBB, 0xBF] + Array("\(header)\r\n\(good)\r\n\(bad)\r\n".utf8), from: "/cases/import")
        #expect(preview.status == 422)
        #expect(preview.text.contains("This date is in the future."))
        #expect(preview.text.contains("Choose at least one kind of violence."))
        #expect(!preview.text.contains("/cases/import/commit"))
        // Even a forged commit of the bad file stores nothing.
        let forged = try coordinator.post("/cases/import/commit", [("content", "\(header)\n\(good)\n\(bad)\n")], from: "/cases/import")
        #expect(forged.status == 422)
        #expect(try test.count("SELECT COUNT(*) FROM \"case\"") == 0)
        let fine = try coordinator.upload("/cases/import", field: "file", filename: "cases.csv", contentType: "text/csv",
                                          bytes: Array("\(header)\n\(good)\n\(good)\n".utf8), from: "/cases/import")
        #expect(fine.status == 200)
        let unescaped = try #require(Browser.hiddenValue("content", in: fine.text))
        #expect(try coordinator.post("/cases/import/commit", [("content", unescaped)], from: "/cases/import").status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM \"case\"") == 2)
        #expect(try test.count("SELECT COUNT(*) FROM case_act") == 4)
        // Every value came from a list: Одеса is the place Odesa, the consequences and the complaint are terms.
        #expect(try test.count("SELECT COUNT(*) FROM \"case\" c JOIN place p ON p.id = c.place_id WHERE p.name_en = 'Odesa'") == 2)
        #expect(try test.count("SELECT COUNT(*) FROM case_consequence") == 4)
        #expect(try test.count("SELECT COUNT(*) FROM \"case\" c JOIN case_term b ON b.id = c.complaint_body_id JOIN case_term o ON o.id = c.complaint_outcome_id WHERE b.key = 'prosecutor' AND o.key = 'pending'") == 2)
    }

    @Test func typologyTermsAreRenamedAndDeactivatedButNeverDeleted() throws {
        let test = try TestApp()
        try test.user("admin@x.org", .admin)
        try test.caseRecord(initiative: try test.initiative("A"), acts: [4])
        let admin = try test.signedIn("admin@x.org")
        #expect(try admin.post("/admin/typology/4", [("name_en", "Blackmail and threats to expose"), ("name_ru", "Шантаж"), ("name_uk", "Шантаж")], from: "/admin/typology").status == 303)
        #expect(try admin.post("/admin/typology/4", [("active", "no")], from: "/admin/typology").status == 303)
        #expect(try admin.post("/admin/typology", [("name_en", "Stalking"), ("name_ru", "Преследование"), ("name_uk", "")], from: "/admin/typology").status == 422)
        #expect(try admin.post("/admin/typology", [("name_en", "Stalking"), ("name_ru", "Преследование"), ("name_uk", "Переслідування")], from: "/admin/typology").status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM violence_type") == 14)
        #expect(try test.count("SELECT COUNT(*) FROM case_act WHERE violence_type_id = 4") == 1)
        #expect(throws: DatabaseError.self) {
            try test.app.database.pool.write { try $0.execute(sql: "DELETE FROM violence_type WHERE id = 4") }
        }
    }
}
