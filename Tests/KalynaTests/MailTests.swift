import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// E-mail through a real SMTP server on loopback: who is told what, in her
/// language, once; what survives a refusing server and a killed sender.
@Suite(.serialized) struct MailTests {
    @Test func theGrantCycleTellsEachPersonOnceInHerLanguage() throws {
        let smtp = try SMTPServer()
        let test = try TestApp.mailing(to: smtp)
        let ours = try test.initiative("Сад надії", status: .pending)
        try test.user("po@x.org", .programmeOfficer, name: "Petra")
        let coordinator = try test.user("coord@x.org", .coordinator, initiative: ours, name: "Olena")
        let reviewer = try test.user("rev@x.org", .reviewer, name: "Roza")
        try test.user("finance@x.org", .financeOfficer, name: "Fatima")
        try test.setLanguage(coordinator, "ru")
        try test.setLanguage(reviewer, "uk")
        let officer = try test.signedIn("po@x.org")
        let finance = try test.signedIn("finance@x.org")
        let applicant = try test.signedIn("coord@x.org")

        #expect(try officer.post("/initiatives/\(ours)/verify", [], from: "/initiatives/\(ours)").status == 303)
        let application = try test.application(call: try test.call(), initiative: ours)
        let complete: [(String, String)] = [
            ("title", "Безопасные места"), ("summary", "Peer support."), ("objectives", "Reach 200 women."), ("activities", "Weekly meetings."),
            ("target_group", "Women who use drugs in Odesa."), ("planned_start", "2030-01-01"), ("planned_end", "2030-12-31"),
            ("line_category", "activities"), ("line_description", "Peer meetings"), ("line_amount", "2000"),
        ]
        let path = "/applications/\(application)"
        #expect(try applicant.post(path, complete + [("action", "submit")], from: path + "/edit").status == 303)
        #expect(try officer.post(path + "/reviewers", [("reviewer", String(reviewer))], from: path).status == 303)
        #expect(try officer.post(path + "/approve", [("amount", "2000")], from: path).status == 303)
        let grant = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM \"grant\"") })
        let tranche = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM tranche WHERE grant_id = ? ORDER BY position", arguments: [grant]) })
        #expect(try officer.post("/grants/\(grant)/tranches/\(tranche)/disbursements", [], from: "/grants/\(grant)").status == 303)

        let disbursement = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM disbursement") })
        #expect(try finance.post("/disbursements/\(disbursement)/approve", [], from: "/grants/\(grant)").status == 303)
        #expect(try finance.post("/disbursements/\(disbursement)/pay", [("paid_on", CalendarDate(Date()).iso), ("reference", "BANK-1"), ("paid_currency", "")], from: "/grants/\(grant)").status == 303)
        // The interim report: submitted, returned with a comment, submitted again, accepted.
        let report = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM report_requirement WHERE kind = 'interim'") })
        let line = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM budget_line") })
        let reportPath = "/reports/\(report)"
        let filled: [(String, String)] = [("done", "Meetings held."), ("results", "120 women reached."), ("actual_\(line)", "1 450,00"), ("action", "submit")]
        #expect(try applicant.post(reportPath, filled, from: reportPath).status == 303)
        #expect(try officer.post(reportPath + "/return", [("comment", "Please add the referrals.")], from: reportPath).status == 303)
        #expect(try applicant.post(reportPath, filled, from: reportPath).status == 303)
        #expect(try officer.post(reportPath + "/accept", [], from: reportPath).status == 303)

        // Verified, submitted, assigned, approved, payment awaiting approval, paid, report returned
        // and accepted, the resubmitted report (staff are not told of reports): eight messages, each once.
        #expect(eventually(within: 20) { smtp.messages.count >= 8 }, "received \(smtp.messages.map(\.subject))")
        let received = smtp.messages
        #expect(received.count == 8, "\(received.map(\.subject))")
        #expect(Set(received.map(\.message_id)).count == received.count)
        let toCoordinator = smtp.messages(to: "coord@x.org")
        let publicId = try #require(try test.app.database.pool.read { try String.fetchOne($0, sql: "SELECT public_id FROM \"grant\"") })
        #expect(toCoordinator.map(\.subject) == [
            "Ваша инициатива проверена", "Заявка одобрена: Безопасные места", "Платёж перечислен: \(publicId)",
            "Отчёт возвращён: \(publicId)", "Отчёт принят: \(publicId)",
        ], "\(toCoordinator.map(\.subject))")
        #expect(toCoordinator.allSatisfy { $0.content_language == "ru" && $0.auto_submitted == "auto-generated" })
        let approved = try #require(toCoordinator.dropFirst().first)
        #expect(approved.text.contains("Ваша заявка «Безопасные места» одобрена."))
        #expect(approved.text.contains(test.app.config.publicBaseURL + path))
        #expect(!approved.text.contains("Reach 200 women."))
        #expect(!approved.html.contains("<img"))
        #expect(smtp.messages(to: "po@x.org").map(\.subject) == ["Application submitted: Безопасные места"])
        #expect(smtp.messages(to: "rev@x.org").map(\.subject) == ["Просимо оцінити заявку: Безопасные места"])
        #expect(smtp.messages(to: "finance@x.org").map(\.subject).count == 1)
        // The same messages wait in her inbox, counted in the header.
        #expect(try applicant.get("/inbox").text.contains("Заявка одобрена: Безопасные места"))
        #expect(try applicant.get("/profile").text.contains("<span class=\"count\""))
    }

    @Test func aRefusingOrAbsentServerLeavesMessagesQueuedForTheAdministrator() throws {
        let smtp = try SMTPServer()
        try smtp.setMode("refuse")
        let test = try TestApp.mailing(to: smtp)
        try test.user("admin@x.org", .admin, name: "Ada")
        let admin = try test.signedIn("admin@x.org")
        let invited = try admin.post("/admin/invitations", [("name", "Nina"), ("email", "nina@x.org"), ("role", "reviewer")], from: "/admin/invitations/new")
        #expect(invited.status == 200)
        // The link is still shown once, to copy, as without e-mail.
        #expect(invited.text.contains("/invitations/"))

        func notice() throws -> Row? { try test.app.database.pool.read { try Row.fetchOne($0, sql: "SELECT * FROM notice WHERE email = 'nina@x.org'") } }
        #expect(eventually(within: 20) { ((try? notice())??["last_error"] as String?)?.contains("451") == true })
        #expect(try notice()?["mail"] == "queued")
        let outbox = try admin.get("/admin/outbox")
        #expect(outbox.text.contains("nina@x.org"))
        #expect(outbox.text.contains("451"))
        #expect(smtp.messages.isEmpty)

        // With the server down altogether, the next attempt fails too and the message waits.
        smtp.stop()
        test.app.clock.advance(by: 3600)
        test.app.deliverDueMail()
        #expect(try notice()?["mail"] == "queued")
        #expect(try (notice()?["attempts"] as Int?) ?? 0 >= 2)
        #expect(!(try notice()?["last_error"] as String? ?? "").contains("451"))

        // The server is back and takes mail: the administrator sends it now, and it arrives once.
        try? FileManager.default.removeItem(atPath: smtp.directory + "/mode")
        let back = try SMTPServer(reusing: smtp)
        let id = try #require(try notice()?["id"] as Int64?)
        #expect(try admin.post("/admin/outbox/\(id)/retry", [], from: "/admin/outbox").status == 303)
        #expect(eventually(within: 20) { back.messages.count == 1 })
        #expect(eventually(within: 5) { (try? notice())??["mail"] == "sent" })
        let message = try #require(back.messages.first)
        #expect(message.subject == "Your invitation to Kalyna")
        #expect(message.text.contains("/invitations/"))
        // Once sent, the link is no longer kept in the outbox.
        #expect(try notice()?["sealed_link"] == nil as Data?)
        #expect(back.messages.count == 1)
    }

    /// A certificate for 127.0.0.1, made with openssl, that the test's app trusts as its own CA.
    static func certificate(in directory: String) throws -> (certificate: String, key: String) {
        let (cert, key) = (directory + "/cert.pem", directory + "/key.pem")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestClientError.badResponse("openssl failed") }
        return (cert, key)
    }

    @Test func mailGoesOnlyOverStartTLSWhenTLSIsRequired() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let certificate = try Self.certificate(in: directory)
        func invite(_ test: TestApp) throws {
            try test.user("admin@x.org", .admin, name: "Ada")
            let admin = try test.signedIn("admin@x.org")
            let invited = try admin.post("/admin/invitations", [("name", "Nina"), ("email", "nina@x.org"), ("role", "reviewer")], from: "/admin/invitations/new")
            #expect(invited.status == 200)
        }

        // A server that offers STARTTLS: the message goes over the upgraded connection.
        let secure = try SMTPServer(starttls: certificate)
        let test = try TestApp { config in
            config.smtpURL = secure.url
            config.smtpTLS = true
            config.smtpCAFile = certificate.certificate
            config.mailFrom = "Kalyna <noreply@kalyna.test>"
        }
        test.app.startBackgroundWork(reminders: false)
        try invite(test)
        #expect(eventually(within: 20) { secure.messages.count == 1 })
        #expect(secure.messages.first?.tls == true)
        #expect(secure.messages.first?.subject == "Your invitation to Kalyna")

        // A server that offers no STARTTLS: nothing is sent in clear; the message waits, and says why.
        let plain = try SMTPServer()
        let strict = try TestApp { config in
            config.smtpURL = plain.url
            config.smtpTLS = true
            config.mailFrom = "Kalyna <noreply@kalyna.test>"
        }
        strict.app.startBackgroundWork(reminders: false)
        try invite(strict)
        func lastError() -> String? {
            try? strict.app.database.pool.read { try String.fetchOne($0, sql: "SELECT last_error FROM notice WHERE email = 'nina@x.org'") }
        }
        #expect(eventually(within: 20) { lastError() != nil })
        #expect(plain.messages.isEmpty)
        #expect(try strict.count("SELECT COUNT(*) FROM notice WHERE email = 'nina@x.org' AND mail = 'queued'") == 1)
    }

    @Test func registrationSaysTheSameWhetherOrNotTheAddressIsKnown() throws {
        let smtp = try SMTPServer()
        let test = try TestApp.mailing(to: smtp)
        let ours = try test.initiative("Ours")
        try test.user("known@x.org", .coordinator, initiative: ours, name: "Kira")
        func register(_ email: String) throws -> TestResponse {
            let visitor = Browser(test)
            return try visitor.post("/register", [
                ("initiative_name", "Нова ініціатива"), ("country", "UA"), ("city", "Lviv"), ("legal_form", "informal"),
                ("description", "Peer support."), ("contact", "Telegram"), ("name", "Oksana"), ("email", email),
                ("password", "a long enough password"), ("password_confirmation", "a long enough password"), ("language", "uk"),
            ], from: "/register")
        }
        let known = try register("known@x.org")
        let unknown = try register("new@x.org")
        #expect(known.status == unknown.status)
        #expect(known.status == 200)
        func neutral(_ page: TestResponse, _ email: String) -> String {
            page.text.replacingOccurrences(of: email, with: "EMAIL").replacing(/value="[^"]*"/, with: "value=\"\"")
        }
        #expect(neutral(known, "known@x.org") == neutral(unknown, "new@x.org"))
        // Nothing exists yet for the new address.
        #expect(try test.count("SELECT COUNT(*) FROM user WHERE email = 'new@x.org'") == 0)
        #expect(try test.count("SELECT COUNT(*) FROM initiative WHERE name = 'Нова ініціатива'") == 0)

        #expect(eventually(within: 20) { smtp.messages.count >= 2 })
        #expect(smtp.messages(to: "known@x.org").map(\.subject) == ["Someone tried to register with your address"])
        let confirmation = try #require(smtp.messages(to: "new@x.org").first)
        #expect(confirmation.subject == "Підтвердьте реєстрацію")
        let link = try #require(confirmation.text.firstMatch(of: /http:\/\/\S+\/register\/confirm\/[A-Za-z0-9_-]{43}/).map { String($0.0) })
        let confirmPath = String(link.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" })

        // Opening the link shows a button; only pressing it makes the account.
        let visitor = Browser(test)
        #expect(try visitor.get(confirmPath).status == 200)
        #expect(try test.count("SELECT COUNT(*) FROM user WHERE email = 'new@x.org'") == 0)
        let confirmed = try visitor.post(confirmPath, [], from: confirmPath)
        #expect(confirmed.status == 303)
        #expect(confirmed.header("Location")?.hasPrefix("/dashboard") == true)
        #expect(try test.count("SELECT COUNT(*) FROM user WHERE email = 'new@x.org' AND language = 'uk'") == 1)
        #expect(try test.count("SELECT COUNT(*) FROM initiative WHERE name = 'Нова ініціатива' AND status = 'pending'") == 1)
        #expect(try visitor.get("/dashboard").status == 200)
        // The link works once.
        #expect(try Browser(test).get(confirmPath).status == 410)
    }
}
