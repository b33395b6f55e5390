import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// E-mail through a real SMTP server on loopback: who is told what, in her
/// language, once; what survives a refusing server and a killed sender.
@Suite(.serialized) struct MailTests {
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
