import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// The walk-through: register → pending → verified → the coordinator
/// invites a documenter → the documenter signs in and sees her initiative.
@Suite struct AccountsJourneyTests {
    static let registration: [(String, String)] = [
        ("initiative_name", "Сад надії"), ("country", "UA"), ("city", "Odesa"), ("legal_form", "informal"),
        ("description", "Peer support for women who use drugs."), ("contact", "+380 00 000 0000"),
        ("name", "Olena"), ("email", "Olena@Example.org"), ("password", "a long enough secret"),
        ("password_confirmation", "a long enough secret"), ("language", "uk"),
    ]

    @Test func registerVerifyInviteAndJoin() throws {
        let test = try TestApp()
        try test.user("officer@network.example", .programmeOfficer)

        // An incomplete form comes back with what was typed and a message per field.
        let coordinator = Browser(test)
        let incomplete = try coordinator.post(
            "/register", Self.registration.filter { $0.0 != "city" && $0.0 != "country" }, from: "/register")
        #expect(incomplete.status == 422)
        #expect(incomplete.text.contains("value=\"Сад надії\""))
        #expect(incomplete.text.contains("id=\"field-city-error\""))
        #expect(incomplete.text.contains("id=\"field-country-error\""))
        #expect(!incomplete.text.contains("a long enough secret"))
        #expect(try test.count("SELECT COUNT(*) FROM initiative") == 0)

        let registered = try coordinator.post("/register", Self.registration, from: "/register")
        #expect(registered.status == 303)
        #expect(registered.header("Location") == "/dashboard?notice=registered")
        let pending = try coordinator.get("/dashboard")
        #expect(pending.status == 200)
        #expect(pending.text.contains("Сад надії"))
        #expect(pending.text.contains("Очікує перевірки"))  // her language, chosen at registration
        let initiativeId = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM initiative") })
        // She cannot verify herself, nor invite anyone while pending.
        #expect(try coordinator.post("/initiatives/\(initiativeId)/verify", [], from: "/dashboard").status == 403)
        #expect(try coordinator.post("/initiatives/\(initiativeId)/invitations", [("name", "X"), ("email", "x@example.org")], from: "/dashboard").status == 403)

        let officer = try test.signedIn("officer@network.example")
        let queue = try officer.get("/initiatives?status=pending")
        #expect(queue.text.contains("Сад надії"))
        let verified = try officer.post("/initiatives/\(initiativeId)/verify", [], from: "/initiatives/\(initiativeId)")
        #expect(verified.status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM audit_event WHERE action = 'initiative.verified'") == 1)

        // The coordinator signs in (email in any case) and invites a documenter.
        let again = Browser(test)
        #expect(try again.post("/sign-in", [("email", "OLENA@example.org"), ("password", "a long enough secret")], from: "/sign-in").status == 303)
        #expect(try again.get("/dashboard").text.contains("Підтверджена"))
        let invited = try again.post(
            "/initiatives/\(initiativeId)/invitations", [("name", "Iryna"), ("email", "iryna@example.org")],
            from: "/initiatives/\(initiativeId)")
        #expect(invited.status == 200)
        let link = try #require(invited.text.firstMatch(of: /value="http:\/\/127\.0\.0\.1:8080(\/invitations\/[A-Za-z0-9_-]{43})"/)?.1)
        #expect(try test.count("SELECT COUNT(*) FROM invitation WHERE token_hash LIKE '%' || '\(link.suffix(43))' || '%'") == 0)

        let documenter = Browser(test)
        let invitation = try documenter.get(String(link))
        #expect(invitation.status == 200)
        #expect(invitation.text.contains("iryna@example.org"))
        let joined = try documenter.post(String(link), [("name", "Iryna"), ("password", "another long secret"), ("password_confirmation", "another long secret")], from: String(link))
        #expect(joined.status == 303)
        let home = try documenter.get("/dashboard")
        #expect(home.text.contains("Сад надії"))
        #expect(home.text.contains("Documenter"))
        let page = try documenter.get("/initiatives/\(initiativeId)")
        #expect(page.status == 200)
        #expect(page.text.contains("Iryna"))
        // The link worked once.
        #expect(try Browser(test).get(String(link)).status == 410)
        let role = try test.app.database.pool.read { try String.fetchOne($0, sql: "SELECT role FROM user WHERE email = 'iryna@example.org'") }
        #expect(role == "documenter")
    }

    @Test func declinedInitiativeSeesTheReason() throws {
        let test = try TestApp()
        try test.user("officer@network.example", .programmeOfficer)
        let coordinator = Browser(test)
        try coordinator.post("/register", Self.registration.map { $0.0 == "language" ? ($0.0, "en") : $0 }, from: "/register")
        let officer = try test.signedIn("officer@network.example")
        let empty = try officer.post("/initiatives/1/decline", [("reason", "  ")], from: "/initiatives/1")
        #expect(empty.status == 422)
        #expect(empty.text.contains("Please fill this in."))
        #expect(try officer.post("/initiatives/1/decline", [("reason", "We could not reach you <b>by phone</b>.")], from: "/initiatives/1").status == 303)
        let dashboard = try coordinator.get("/dashboard")
        #expect(dashboard.text.contains("We could not reach you &lt;b&gt;by phone&lt;/b&gt;."))
        #expect(dashboard.text.contains("Declined"))
    }
}
