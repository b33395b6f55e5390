import Foundation
import GRDB
import Testing

@testable import Kalyna

/// Signed-in pages are kept per session until the data changes (`PageCache`,
/// `SessionCache`): what a user sees must still be what the database says.
@Suite struct CachedPagesTests {
    /// A second connection that the server's change tracker does not watch,
    /// as another process (`kalyna create-admin`) would write.
    private func otherConnection(_ test: TestApp) throws -> DatabaseQueue {
        try DatabaseQueue(path: test.app.config.database)
    }

    @Test func aPageShowsEveryWriteOfTheServerAtOnce() throws {
        let test = try TestApp()
        try test.initiative("Alpha")
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")
        #expect(try officer.get("/initiatives").text.contains("Alpha"))
        #expect(try officer.get("/initiatives").text.contains("Alpha"))
        let registered = try Browser(test).post("/register", AccountsJourneyTests.registration, from: "/register")
        #expect(registered.status == 303)
        let name = try #require(AccountsJourneyTests.registration.first { $0.0 == "initiative_name" }?.1)
        #expect(try officer.get("/initiatives").text.contains(name))
    }

    /// Tokens that share their first eight characters (the hash) are still
    /// told apart: a made-up cookie never finds another woman's session.
    @Test func sessionTokensSharingTheirHashAreToldApart() {
        let mine = TokenKey("AbCdEfGh" + String(repeating: "1", count: 35))
        let forged = TokenKey("AbCdEfGh" + String(repeating: "2", count: 35))
        #expect(mine.hashValue == forged.hashValue)
        #expect(mine != forged)
        #expect(mine == TokenKey("AbCdEfGh" + String(repeating: "1", count: 35)))
        #expect(TokenKey("short") != TokenKey("short2"))
        let entries = [mine: "hers"]
        #expect(entries[forged] == nil)
        #expect(entries[TokenKey(mine.token)] == "hers")
    }

    @Test func aWriteFromOutsideTheServerShowsWithinTheCacheLifetime() throws {
        let test = try TestApp()
        try test.initiative("Alpha")
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")
        #expect(try officer.get("/initiatives").text.contains("Alpha"))
        try otherConnection(test).write { db in
            try db.execute(sql: """
                INSERT INTO initiative (name, country, city, legal_form, description, contact, status, created_at)
                VALUES ('Gamma', 'UA', 'Lviv', 'informal', 'About Gamma', 'contact', 'verified', CURRENT_TIMESTAMP)
                """)
        }
        // Kept: the server did not see that write…
        #expect(try !officer.get("/initiatives").text.contains("Gamma"))
        // …but a page is never older than the cache lifetime.
        test.app.clock.advance(by: PageCache.lifetime)
        #expect(try officer.get("/initiatives").text.contains("Gamma"))
    }

    @Test func eachSessionHasItsOwnPages() throws {
        let test = try TestApp()
        let alpha = try test.initiative("Alpha Women")
        let beta = try test.initiative("Beta Sisters")
        try test.user("a@x.org", .coordinator, initiative: alpha)
        try test.user("b@x.org", .coordinator, initiative: beta)
        let first = try test.signedIn("a@x.org")
        let second = try test.signedIn("b@x.org")
        let again = try test.signedIn("a@x.org")
        for _ in 0..<2 {
            let mine = try first.get("/dashboard").text
            let theirs = try second.get("/dashboard").text
            let mineElsewhere = try again.get("/dashboard").text
            #expect(mine.contains("Alpha Women") && !mine.contains("Beta Sisters"))
            #expect(theirs.contains("Beta Sisters") && !theirs.contains("Alpha Women"))
            // The same user's other browser has a session, and so a CSRF token, of its own.
            let token = Browser.csrf(in: mine).flatMap(CSRFMask.unmask)
            #expect(token != nil && token != Browser.csrf(in: mineElsewhere).flatMap(CSRFMask.unmask))
        }
    }

    @Test func aSessionEndedFromOutsideEndsWithinTheCacheLifetime() throws {
        let test = try TestApp()
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")
        #expect(try officer.get("/dashboard").status == 200)
        try otherConnection(test).write { try $0.execute(sql: "DELETE FROM session") }
        test.app.clock.advance(by: SessionCache.lifetime)
        #expect(try officer.get("/dashboard").status == 303)
    }

    @Test func aVisitorsTokenNeverReachesAnotherVisitor() throws {
        let test = try TestApp()
        let call = try test.call()
        let pages = ["/", "/calls", "/calls/\(call)", "/statistics"]
        let first = Browser(test), second = Browser(test)
        // Both hold a token of their own, as after opening the sign-in form.
        let firstToken = try #require(Browser.csrf(in: try first.get("/sign-in").text).flatMap(CSRFMask.unmask))
        let secondToken = try #require(Browser.csrf(in: try second.get("/sign-in").text).flatMap(CSRFMask.unmask))
        for page in pages + pages {
            for (browser, others) in [(first, secondToken), (second, firstToken)] {
                let html = try browser.get(page).text
                let tokens = html.matches(of: /name="_csrf" value="([^"]+)"/).compactMap { CSRFMask.unmask(String($0.1)) }
                #expect(!tokens.contains(others), "\(page) carried another visitor's token")
            }
        }
    }
}
