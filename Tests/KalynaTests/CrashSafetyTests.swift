import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// The executable as an operator meets it on a bad day: killed mid-write,
/// backed up while busy.
@Suite(.serialized) struct CrashSafetyTests {
    /// Fixture accounts and records written into a fresh database file before
    /// the server starts on it.
    static func prepare(_ directory: String) throws -> (application: Int64, tranches: [Int64]) {
        let database = try AppDatabase(path: directory + "/kalyna.sqlite")
        try database.migrate()
        let hash = TestApp.passwordHash
        return try database.pool.write { db in
            try db.execute(sql: "INSERT INTO initiative (name, country, city, legal_form, status, created_at) VALUES ('Ours', 'UA', 'Odesa', 'informal', 'verified', ?)", arguments: [Date()])
            for (email, role, initiative) in [("doc@x.org", "documenter", 1 as Int64?), ("coord@x.org", "coordinator", 1), ("po@x.org", "programme_officer", nil)] {
                try db.execute(sql: "INSERT INTO user (email, name, password_hash, role, initiative_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [email, email, hash, role, initiative, Date()])
            }
            try db.execute(sql: "INSERT INTO call (title, currency, total_budget, max_grant, opens_on, closes_on, status, created_at) VALUES ('C', 'EUR', 100000000, 100000000, '2020-01-01', '2099-01-01', 'open', ?)", arguments: [Date()])
            try db.execute(sql: "INSERT INTO application (call_id, initiative_id, status, created_at, updated_at) VALUES (1, 1, 'draft', ?, ?)", arguments: [Date(), Date()])
            let draft = db.lastInsertedRowID
            try db.execute(sql: "INSERT INTO application (call_id, initiative_id, status, amount_requested, amount_awarded, created_at, updated_at) VALUES (1, 1, 'approved', 100000000, 100000000, ?, ?)", arguments: [Date(), Date()])
            try db.execute(sql: "INSERT INTO \"grant\" (application_id, public_id, amount_awarded, currency, award_date, created_at) VALUES (?, 'KLN-1', 100000000, 'EUR', '2026-01-01', ?)", arguments: [db.lastInsertedRowID, Date()])
            let grant = db.lastInsertedRowID
            var tranches: [Int64] = []
            for position in 0..<400 {
                try db.execute(sql: "INSERT INTO tranche (grant_id, position, planned_amount, planned_date) VALUES (?, ?, 100000, '2026-02-01')", arguments: [grant, position])
                tranches.append(db.lastInsertedRowID)
            }
            return (draft, tranches)
        }
    }

    /// A signed-in HTTP session against a running server.
    struct Session {
        let client: HTTPClient
        let cookie: String
        let token: String

        init(port: UInt16, email: String) throws {
            client = HTTPClient(port: port)
            let page = try client.get("/sign-in")
            let visitor = page.header("Set-Cookie")?.split(separator: ";").first.map(String.init) ?? ""
            let csrf = Browser.csrf(in: page.text) ?? ""
            let signed = try client.post("/sign-in", form: [("email", email), ("password", TestApp.password), ("_csrf", csrf)], headers: [("Cookie", visitor)])
            cookie = signed.headers("Set-Cookie").first { $0.hasPrefix("session=") }?.split(separator: ";").first.map(String.init) ?? ""
            token = Browser.csrf(in: try client.get("/profile", headers: [("Cookie", cookie)]).text) ?? ""
        }

        func post(_ path: String, _ form: [(String, String)]) -> Int {
            (try? client.post(path, form: form + [("_csrf", token)], headers: [("Cookie", cookie)]).status) ?? 0
        }
    }

    @Test func everyAcknowledgedWriteSurvivesSIGKILL() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (draft, tranches) = try Self.prepare(directory)
        let server = try RunningServer(directory: directory)
        let documenter = try Session(port: server.port, email: "doc@x.org")
        let coordinator = try Session(port: server.port, email: "coord@x.org")
        let officer = try Session(port: server.port, email: "po@x.org")
        let acknowledged = UncheckedBox<(cases: [String], drafts: [Int], tranches: [Int64])>(([], [], []))
        let stop = UncheckedBox(false)
        let group = DispatchGroup()
        for worker in 0..<3 {
            group.enter()
            Thread.detachNewThread {
                var n = 0
                while !stop.value && n < 400 {
                    n += 1
                    switch worker {
                    case 0:
                        // Each case is told apart by its registration date, one day further back each time.
                        let mark = CalendarDate(Date()).adding(days: -n).iso
                        let form: [(String, String)] = CasesTests.form().map { $0.0 == "registered_on" ? ($0.0, mark) : $0 }
                        if documenter.post("/cases", form) == 303 { acknowledged.mutate { $0.cases.append(mark) } }
                    case 1:
                        if coordinator.post("/applications/\(draft)", [("title", "draft-\(n)"), ("action", "save")]) == 303 {
                            acknowledged.mutate { $0.drafts.append(n) }
                        }
                    default:
                        let tranche = tranches[n - 1]
                        if officer.post("/grants/1/tranches/\(tranche)/disbursements", []) == 303 { acknowledged.mutate { $0.tranches.append(tranche) } }
                    }
                }
                group.leave()
            }
        }
        // Killed in the middle of the writing, once each kind has been acknowledged a few times.
        eventually(within: 30) { let seen = acknowledged.value; return seen.cases.count > 5 && seen.drafts.count > 5 && seen.tranches.count > 5 }
        kill(server.process.processIdentifier, SIGKILL)
        stop.mutate { $0 = true }
        group.wait()
        server.process.waitUntilExit()
        let seen = acknowledged.value
        #expect(seen.cases.count > 5 && seen.drafts.count > 5 && seen.tranches.count > 5, "too few writes to mean anything: \(seen.cases.count), \(seen.drafts.count), \(seen.tranches.count)")

        // A fresh server opens the same file (recovering the WAL) and answers.
        let again = try RunningServer(directory: directory)
        defer { again.kill() }
        #expect(try again.client.get("/healthz").status == 200)
        let database = try DatabaseQueue(path: directory + "/kalyna.sqlite")
        try database.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            let cases = Set(try String.fetchAll(db, sql: "SELECT registered_on FROM \"case\""))
            #expect(Set(seen.cases).isSubset(of: cases), "lost cases: \(Set(seen.cases).subtracting(cases).sorted())")
            let proposed = Set(try Int64.fetchAll(db, sql: "SELECT tranche_id FROM disbursement"))
            #expect(Set(seen.tranches).isSubset(of: proposed))
            // The draft holds the last acknowledged save, or a later one that landed just before the kill.
            let title = try String.fetchOne(db, sql: "SELECT title FROM application WHERE id = ?", arguments: [draft]) ?? ""
            let stored = Int(title.dropFirst("draft-".count)) ?? 0
            #expect(stored >= (seen.drafts.max() ?? 0))
            // Every stored case is whole: acts written with it.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"case\" c WHERE NOT EXISTS (SELECT 1 FROM case_act a WHERE a.case_id = c.id)") == 0)
        }
    }

    @Test func mailQueuedOrHalfSentWhenKilledIsDeliveredExactlyOnceAfterRestart() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // An empty installation, so that nothing but the three registrations is mailed.
        try AppDatabase(path: directory + "/kalyna.sqlite").migrate()
        let smtp = try SMTPServer()
        // The SMTP server holds each delivery open, unanswered: the sender is caught mid-delivery.
        try smtp.setMode("stall")
        let configuration: [String: Any] = ["smtp_url": smtp.url, "smtp_tls": false, "mail_from": "Kalyna <noreply@kalyna.test>"]
        try JSONSerialization.data(withJSONObject: configuration).write(to: URL(fileURLWithPath: directory + "/config.json"))
        let server = try RunningServer(directory: directory, arguments: ["--config", directory + "/config.json"])
        let addresses = ["one@x.org", "two@x.org", "three@x.org"]
        for email in addresses {
            let page = try server.client.get("/register")
            let visitor = page.header("Set-Cookie")?.split(separator: ";").first.map(String.init) ?? ""
            let form: [(String, String)] = [
                ("initiative_name", "Initiative of \(email)"), ("country", "UA"), ("city", "Lviv"), ("legal_form", "informal"),
                ("description", "Peer support."), ("contact", "Telegram"), ("name", "Oksana"), ("email", email),
                ("password", "a long enough password"), ("password_confirmation", "a long enough password"), ("language", "uk"),
                ("_csrf", Browser.csrf(in: page.text) ?? ""),
            ]
            #expect(try server.client.post("/register", form: form, headers: [("Cookie", visitor)]).status == 200)
        }
        let database = try DatabaseQueue(path: directory + "/kalyna.sqlite")
        func count(_ condition: String) -> Int {
            (try? database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM notice WHERE email IN ('one@x.org', 'two@x.org', 'three@x.org') AND " + condition) }) ?? -1
        }
        #expect(eventually(within: 20) { count("mail = 'queued' AND attempts > 0") >= 1 })
        #expect(count("mail = 'queued'") == 3)
        kill(server.process.processIdentifier, SIGKILL)
        server.process.waitUntilExit()

        // The SMTP server takes mail again, and a new server starts on the same database.
        try smtp.setMode("accept")
        let again = try RunningServer(directory: directory, arguments: ["--config", directory + "/config.json"])
        defer { again.kill() }
        #expect(eventually(within: 60) { count("mail = 'sent'") == 3 }, "\(again.log)")
        #expect(eventually(within: 10) { smtp.messages.count >= 3 })
        let received = smtp.messages
        #expect(received.count == 3, "\(received.map(\.to))")
        #expect(Set(received.flatMap(\.rcpt_tos)) == Set(addresses))
        #expect(received.allSatisfy { $0.subject == "Підтвердьте реєстрацію" })
    }

    @Test func backupUnderWriteLoadRestoresIntoAWorkingServer() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try Self.prepare(directory)
        let server = try RunningServer(directory: directory)
        defer { server.kill() }
        let documenter = try Session(port: server.port, email: "doc@x.org")
        let stop = UncheckedBox(false)
        let written = UncheckedBox(0)
        let group = DispatchGroup()
        group.enter()
        Thread.detachNewThread {
            var n = 0
            while !stop.value && n < 2000 {
                n += 1
                let form: [(String, String)] = CasesTests.form().map { $0.0 == "registered_on" ? ($0.0, CalendarDate(Date()).adding(days: -n).iso) : $0 }
                if documenter.post("/cases", form) == 303 { written.mutate { $0 += 1 } }
            }
            group.leave()
        }
        // The backup starts while cases are being written, and writing goes on during and after it.
        eventually { written.value >= 5 }
        let before = written.value
        let backup = try Executable.run(["backup", "--database", directory + "/kalyna.sqlite", directory + "/restore/kalyna.sqlite"], in: directory)
        #expect(backup.status == 0, "\(backup.output)")
        let after = written.value
        eventually { written.value >= after + 3 }
        stop.mutate { $0 = true }
        group.wait()

        // The copy is consistent and holds what was written before it started.
        let copy = try DatabaseQueue(path: directory + "/restore/kalyna.sqlite")
        let copied = try copy.read { db -> [String] in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            return try String.fetchAll(db, sql: "SELECT registered_on FROM \"case\" ORDER BY id")
        }
        #expect(copied.count >= before)
        // Every copied case is the live database's case, row for row.
        let live = try DatabaseQueue(path: directory + "/kalyna.sqlite")
        let liveRows = try live.read { try String.fetchAll($0, sql: "SELECT registered_on FROM \"case\" ORDER BY id") }
        #expect(Array(liveRows.prefix(copied.count)) == copied)
        try copy.close()
        // Restored: a new server on the copy signs people in and shows their cases.
        let restored = try RunningServer(directory: directory + "/restore")
        defer { restored.kill() }
        let session = try Session(port: restored.port, email: "doc@x.org")
        let list = try session.client.get("/cases", headers: [("Cookie", session.cookie)])
        #expect(list.status == 200)
        #expect(list.text.contains("Odesa"))
    }
}
