import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// A form sent after its session ended is kept, and saved once its sender
/// signs in again; nobody else can claim it, and it opens no way around CSRF.
@Suite struct SessionResumeTests {
    struct Setup {
        let test: TestApp
        let application: Int64
        let edit: String
    }

    func setup() throws -> Setup {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        try test.user("other@x.org", .coordinator, initiative: try test.initiative("Theirs"))
        let application = try test.application(call: try test.call(), initiative: ours, title: "Before")
        return Setup(test: test, application: application, edit: "/applications/\(application)/edit")
    }

    func title(_ setup: Setup) throws -> String? {
        try setup.test.app.database.pool.read { try String.fetchOne($0, sql: "SELECT title FROM application WHERE id = ?", arguments: [setup.application]) }
    }

    static func resumeToken(in html: String) -> String? {
        html.firstMatch(of: /name="resume" value="([^"]+)"/).map { String($0.1) }
    }

    @Test func aSaveAfterTheSessionEndedIsKeptAndCompletedAfterSigningIn() throws {
        let setup = try setup()
        let coordinator = try setup.test.signedIn("coord@x.org")
        let token = try #require(Browser.csrf(in: try coordinator.get(setup.edit).text))
        setup.test.app.clock.advance(by: setup.test.app.sessionLifetime + 60)

        let typed = "Безпечні простори — typed while the session ended"
        let ended = try coordinator.post("/applications/\(setup.application)", [("title", typed), ("summary", "Kept summary"), ("action", "save")], csrf: token)
        #expect(ended.status == 401)
        #expect(ended.text.contains("Nothing you typed is lost"))
        #expect(ended.text.contains("value=\"coord@x.org\""))
        #expect(try title(setup) == "Before")
        // Kept sealed: the text itself is nowhere in the database.
        #expect(try setup.test.count("SELECT COUNT(*) FROM kept_form WHERE CAST(sealed AS TEXT) LIKE '%Kept summary%'") == 0)
        let resume = try #require(Self.resumeToken(in: ended.text))

        // A wrong password keeps the claim; the right one completes the save.
        let wrong = try coordinator.post("/sign-in", [("email", "coord@x.org"), ("password", "not it"), ("resume", resume)], csrf: Browser.csrf(in: ended.text))
        #expect(wrong.status == 401)
        #expect(Self.resumeToken(in: wrong.text) == resume)
        let signedIn = try coordinator.post(
            "/sign-in", [("email", "coord@x.org"), ("password", TestApp.password), ("resume", resume)], csrf: Browser.csrf(in: wrong.text))
        #expect(signedIn.status == 303)
        #expect(signedIn.header("Location") == "\(setup.edit)?notice=draft_saved")
        #expect(try title(setup) == typed)
        let page = try coordinator.get(signedIn.header("Location") ?? "").text
        #expect(page.contains("Kept summary"))
        // Used once.
        #expect(try setup.test.count("SELECT COUNT(*) FROM kept_form") == 0)
    }

    @Test func someoneElseSigningInCannotClaimTheKeptForm() throws {
        let setup = try setup()
        let coordinator = try setup.test.signedIn("coord@x.org")
        let token = try #require(Browser.csrf(in: try coordinator.get(setup.edit).text))
        setup.test.app.clock.advance(by: setup.test.app.sessionLifetime + 60)
        let ended = try coordinator.post("/applications/\(setup.application)", [("title", "Theirs now?"), ("action", "save")], csrf: token)
        let resume = try #require(Self.resumeToken(in: ended.text))

        let other = Browser(setup.test)
        let signedIn = try other.post(
            "/sign-in", [("email", "other@x.org"), ("password", TestApp.password), ("resume", resume)], from: "/sign-in")
        #expect(signedIn.status == 303)
        #expect(signedIn.header("Location") == "/dashboard")
        #expect(try title(setup) == "Before")
        #expect(try setup.test.count("SELECT COUNT(*) FROM kept_form") == 0)
    }

    @Test func aFormWithoutTheEndedSessionsTokenIsNotKept() throws {
        let setup = try setup()
        let coordinator = try setup.test.signedIn("coord@x.org")
        _ = try coordinator.get(setup.edit)
        setup.test.app.clock.advance(by: setup.test.app.sessionLifetime + 60)
        // What a forged cross-site form would send: the cookie (were it sent at all), not the token.
        let forged = try coordinator.post("/applications/\(setup.application)", [("title", "Forged"), ("action", "save")], csrf: CSRFMask.mask(Tokens.random()))
        #expect(forged.status == 403)
        #expect(try setup.test.count("SELECT COUNT(*) FROM kept_form") == 0)
        // A form no one types long into is refused as before.
        let other = try coordinator.post("/applications/\(setup.application)/withdraw", [("confirm", "yes")], csrf: CSRFMask.mask(Tokens.random()))
        #expect(other.status == 403)
        #expect(try title(setup) == "Before")
    }

    @Test func aPageOpenedBeforeSigningInAgainStillSaves() throws {
        let setup = try setup()
        let coordinator = try setup.test.signedIn("coord@x.org")
        let oldToken = try #require(Browser.csrf(in: try coordinator.get(setup.edit).text))
        setup.test.app.clock.advance(by: setup.test.app.sessionLifetime + 60)
        // She signed in again in another tab, then saves the form opened before.
        let again = try coordinator.post("/sign-in", [("email", "coord@x.org"), ("password", TestApp.password)], from: "/sign-in")
        #expect(again.status == 303)
        let saved = try coordinator.post("/applications/\(setup.application)", [("title", "From the old tab"), ("action", "save")], csrf: oldToken)
        #expect(saved.status == 303)
        #expect(try title(setup) == "From the old tab")
        // Someone else's session token is no proof for her.
        let other = try setup.test.signedIn("other@x.org")
        let theirs = try #require(Browser.csrf(in: try other.get("/dashboard").text))
        #expect(try coordinator.post("/applications/\(setup.application)", [("title", "No"), ("action", "save")], csrf: theirs).status == 403)
    }
}
