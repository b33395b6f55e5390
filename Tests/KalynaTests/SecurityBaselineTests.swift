import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

@Suite struct SecurityBaselineTests {
    @Test func wrongOrMissingCSRFTokenChangesNothing() throws {
        let test = try TestApp()
        let visitor = Browser(test)
        _ = try visitor.get("/register")
        for token in ["", "forged-token", String(repeating: "x", count: 43)] {
            let response = try visitor.post("/register", AccountsJourneyTests.registration, csrf: token)
            #expect(response.status == 403)
            #expect(response.text.contains("Not allowed"))
        }
        #expect(try test.count("SELECT COUNT(*) FROM initiative") == 0)
        #expect(try test.count("SELECT COUNT(*) FROM user") == 0)

        try test.user("coord@x.org", .coordinator, initiative: try test.initiative("Ours"))
        let member = try test.signedIn("coord@x.org")
        // Another session's token does not do either.
        let otherToken = Browser.csrf(in: try test.signedIn("coord@x.org").get("/profile").text)
        let before = try test.count("SELECT COUNT(*) FROM audit_event")
        #expect(try member.post("/profile", [("name", "Changed"), ("language", "ru")], csrf: otherToken).status == 403)
        #expect(try test.app.database.pool.read { try String.fetchOne($0, sql: "SELECT name FROM user") } == "coord@x.org")
        #expect(try test.count("SELECT COUNT(*) FROM audit_event") == before)
    }

    @Test func sixthWrongPasswordIsLockedOut() throws {
        let test = try TestApp()
        try test.user("olena@x.org", .reviewer)
        let browser = Browser(test)
        for attempt in 1...5 {
            let response = try browser.post("/sign-in", [("email", "olena@x.org"), ("password", "wrong \(attempt)")], from: "/sign-in")
            #expect(response.status == 401)
            #expect(response.text.contains("The email or the password is not right."))
        }
        let sixth = try browser.post("/sign-in", [("email", "olena@x.org"), ("password", "wrong 6")], from: "/sign-in")
        #expect(sixth.status == 429)
        #expect(sixth.text.contains("Too many failed attempts"))
        // Even the right password waits out the lockout…
        let right = try browser.post("/sign-in", [("email", "olena@x.org"), ("password", TestApp.password)], from: "/sign-in")
        #expect(right.status == 429)
        #expect(browser.cookies["session"] == nil)
        // …and works 15 minutes later.
        test.app.clock.advance(by: 15 * 60 + 1)
        #expect(try browser.post("/sign-in", [("email", "olena@x.org"), ("password", TestApp.password)], from: "/sign-in").status == 303)
    }

    /// Guessing many accounts from one address slows that address, and only it;
    /// a right password from it still gets in.
    @Test func manyAccountsFromOneAddressAreSlowedNotLocked() throws {
        let test = try TestApp { $0.trustedProxies = ["127.0.0.1"] }
        test.app.clock.recordPauses()
        try test.user("real@x.org", .reviewer)
        let guesser = Browser(test, forwardedFor: "203.0.113.7")
        for attempt in 1...12 {
            #expect(try guesser.post("/sign-in", [("email", "guess\(attempt)@x.org"), ("password", "x")], from: "/sign-in").status == 401)
        }
        let pauses = test.app.clock.pauses
        #expect(pauses.count == 2 && pauses == pauses.sorted() && (pauses.last ?? 0) <= LoginThrottle.addressDelayCap, "\(pauses)")
        #expect(try guesser.post("/sign-in", [("email", "real@x.org"), ("password", TestApp.password)], from: "/sign-in").status == 303)
        // Someone else is not slowed at all.
        let before = test.app.clock.pauses.count
        let other = Browser(test, forwardedFor: "198.51.100.20")
        #expect(try other.post("/sign-in", [("email", "nobody@x.org"), ("password", "x")], from: "/sign-in").status == 401)
        #expect(test.app.clock.pauses.count == before)
    }

    /// Other people's failures never refuse a right password, so no outsider can
    /// keep an account (the administrator's too) locked; the outsider's own
    /// address is what gets locked.
    @Test func othersFailuresNeverRefuseTheRightPassword() throws {
        let test = try TestApp { $0.trustedProxies = ["127.0.0.1"] }
        test.app.clock.recordPauses()
        try test.user("admin@x.org", .admin)
        for n in 1...5 {
            let stranger = Browser(test, forwardedFor: "203.0.113.\(n)")
            for attempt in 1...5 { _ = try stranger.post("/sign-in", [("email", "admin@x.org"), ("password", "no \(attempt)")], from: "/sign-in") }
            #expect(try stranger.post("/sign-in", [("email", "admin@x.org"), ("password", "again")], from: "/sign-in").status == 429)
        }
        let admin = Browser(test, forwardedFor: "192.0.2.10")
        #expect(try admin.post("/sign-in", [("email", "admin@x.org"), ("password", TestApp.password)], from: "/sign-in").status == 303)
        #expect((test.app.clock.pauses.last ?? 0) <= LoginThrottle.accountDelayCap)
        // Without the proxy being trusted, the forwarded address is not believed.
        let untrusting = try TestApp()
        try untrusting.user("a@x.org", .reviewer)
        for n in 1...5 { _ = try Browser(untrusting, forwardedFor: "203.0.113.\(n)").post("/sign-in", [("email", "a@x.org"), ("password", "x")], from: "/sign-in") }
        #expect(try Browser(untrusting, forwardedFor: "192.0.2.99").post("/sign-in", [("email", "a@x.org"), ("password", "x")], from: "/sign-in").status == 429)
    }

    /// Sixteen guesses at once get five checked, not more.
    @Test func parallelGuessesAreCountedBeforeTheHash() throws {
        let test = try TestApp()
        try test.user("olena@x.org", .reviewer)
        let statuses = UncheckedBox<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 16) { n in
            let status = (try? Browser(test).post("/sign-in", [("email", "olena@x.org"), ("password", "wrong \(n)")], from: "/sign-in").status) ?? 0
            statuses.mutate { $0.append(status) }
        }
        #expect(statuses.value.filter { $0 == 401 }.count == LoginThrottle.perPair, "\(statuses.value.sorted())")
        #expect(statuses.value.filter { $0 == 429 }.count == 16 - LoginThrottle.perPair)
    }

    @Test func unknownAndKnownEmailsTakeAboutTheSameTime() throws {
        let test = try TestApp()
        try test.user("known@x.org", .reviewer)
        // Known and unknown attempts alternate, so that whatever else loads the
        // machine (other tests, a build) weighs on both alike; medians of five.
        func time(_ email: String, _ attempt: Int) throws -> Duration {
            let browser = Browser(test)
            _ = try browser.get("/sign-in")
            let start = ContinuousClock.now
            _ = try browser.post("/sign-in", [("email", email), ("password", "wrong\(attempt)")], csrf: browser.cookies["csrf"])
            let elapsed = ContinuousClock.now - start
            test.app.clock.advance(by: 16 * 60)  // keep clear of the lockout
            return elapsed
        }
        var knownTimes: [Duration] = [], unknownTimes: [Duration] = []
        for attempt in 0..<5 {
            knownTimes.append(try time("known@x.org", attempt))
            unknownTimes.append(try time("nobody@x.org", attempt))
        }
        let known = knownTimes.sorted()[2]
        let unknown = unknownTimes.sorted()[2]
        let ratio = Double(known.components.attoseconds + known.components.seconds * 1_000_000_000_000_000_000)
            / Double(unknown.components.attoseconds + unknown.components.seconds * 1_000_000_000_000_000_000)
        #expect(ratio > 0.5 && ratio < 2.0, "known \(known), unknown \(unknown)")
    }

    @Test func passwordsAreStoredAsArgon2id() throws {
        let test = try TestApp()
        try Browser(test).post("/register", AccountsJourneyTests.registration, from: "/register")
        let hash = try #require(try test.app.database.pool.read { try String.fetchOne($0, sql: "SELECT password_hash FROM user") })
        #expect(hash.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(!hash.contains("a long enough secret"))
        #expect(Passwords.verify("a long enough secret", hash: hash))
        #expect(!Passwords.verify("a long enough secreT", hash: hash))
    }

    @Test func csrfTokensAreMaskedAfreshOnEveryPage() throws {
        let test = try TestApp()
        try test.user("olena@x.org", .reviewer)
        let browser = try test.signedIn("olena@x.org")
        let first = try #require(Browser.csrf(in: try browser.get("/profile").text))
        let second = try #require(Browser.csrf(in: try browser.get("/profile").text))
        // Never the same text twice (no secret repeats in compressed pages), one token underneath.
        #expect(first != second)
        #expect(CSRFMask.unmask(first) != nil && CSRFMask.unmask(first) == CSRFMask.unmask(second))
        let form = [("name", "Olena"), ("language", "en")]
        #expect(try browser.post("/profile", form, csrf: first).status == 303)
        #expect(try browser.post("/profile", form, csrf: second).status == 303)
        var tampered = Array(second.utf8)
        tampered[tampered.count / 2] = tampered[tampered.count / 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(try browser.post("/profile", form, csrf: String(decoding: tampered, as: UTF8.self)).status == 403)
        #expect(try browser.post("/profile", form, csrf: "not base64 at all!").status == 403)
    }

    @Test func hashesWithOlderParametersAreRenewedAtSignIn() throws {
        let test = try TestApp()
        try test.user("olena@x.org", .reviewer)
        let old = try #require(Passwords.hash(TestApp.password, passes: 2, memoryLimit: 64 << 20))
        try test.app.database.pool.write { try $0.execute(sql: "UPDATE user SET password_hash = ?", arguments: [old]) }
        let response = try Browser(test).post("/sign-in", [("email", "olena@x.org"), ("password", TestApp.password)], from: "/sign-in")
        #expect(response.status == 303)
        let renewed = try #require(try test.app.database.pool.read { try String.fetchOne($0, sql: "SELECT password_hash FROM user") })
        #expect(renewed.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(Passwords.verify(TestApp.password, hash: renewed))
    }

    @Test func sessionCookieAttributesAndStorage() throws {
        let test = try TestApp()
        try test.user("olena@x.org", .reviewer)
        let browser = Browser(test)
        let response = try browser.post("/sign-in", [("email", "olena@x.org"), ("password", TestApp.password)], from: "/sign-in")
        let cookie = try #require(response.headers("Set-Cookie").first { $0.hasPrefix("session=") })
        #expect(cookie.contains("HttpOnly"))
        #expect(cookie.contains("SameSite=Lax"))
        #expect(!cookie.contains("Secure"))
        let token = try #require(browser.cookies["session"])
        #expect(token.count == 43)  // 256 bits
        let stored = try test.app.database.pool.read { try String.fetchAll($0, sql: "SELECT token_hash FROM session") }
        #expect(stored == [Tokens.hash(token)])

        let secure = try TestApp { $0.publicBaseURL = "https://kalyna.example" }
        try secure.user("olena@x.org", .reviewer)
        let over = Browser(secure)
        let signedIn = try over.post("/sign-in", [("email", "olena@x.org"), ("password", TestApp.password)], from: "/sign-in")
        #expect(signedIn.headers("Set-Cookie").first { $0.hasPrefix("__Host-session=") }?.contains("Secure") == true)
    }

    @Test func sessionsEndBySignOutPasswordChangeDeactivationAndExpiry() throws {
        let test = try TestApp()
        try test.user("admin@x.org", .admin)
        let olena = try test.user("olena@x.org", .reviewer)

        let browser = try test.signedIn("olena@x.org")
        let stolen = try #require(browser.cookies["session"])
        #expect(try browser.post("/sign-out", [], from: "/dashboard").status == 303)
        let replay = try test.client.get("/dashboard", headers: [("Cookie", "session=\(stolen)")])
        #expect(replay.status == 303)

        // A password change ends her other sessions but keeps this browser signed in.
        let laptop = try test.signedIn("olena@x.org")
        let phone = try test.signedIn("olena@x.org")
        let changed = try laptop.post(
            "/profile/password",
            [("current_password", TestApp.password), ("password", "a brand new secret"), ("password_confirmation", "a brand new secret")],
            from: "/profile")
        #expect(changed.status == 303)
        #expect(try laptop.get("/dashboard").status == 200)
        #expect(try phone.get("/dashboard").status == 303)

        // Deactivation ends every session at once, and she cannot sign in.
        let admin = try test.signedIn("admin@x.org")
        #expect(try admin.post("/admin/users/\(olena)/deactivate", [], from: "/admin/users/\(olena)").status == 303)
        #expect(try laptop.get("/dashboard").status == 303)
        let refused = try Browser(test).post("/sign-in", [("email", "olena@x.org"), ("password", "a brand new secret")], from: "/sign-in")
        #expect(refused.status == 401)

        // Sessions expire after the configured lifetime without use.
        #expect(try admin.get("/dashboard").status == 200)
        test.app.clock.advance(by: TimeInterval(test.app.config.sessionLifetimeMinutes * 60 + 1))
        #expect(try admin.get("/dashboard").status == 303)
    }

    @Test func auditIsAppendOnly() throws {
        let test = try TestApp()
        try Browser(test).post("/register", AccountsJourneyTests.registration, from: "/register")
        #expect(try test.count("SELECT COUNT(*) FROM audit_event") >= 2)
        #expect(throws: DatabaseError.self) {
            try test.app.database.pool.write { try $0.execute(sql: "UPDATE audit_event SET action = 'x'") }
        }
        #expect(throws: DatabaseError.self) {
            try test.app.database.pool.write { try $0.execute(sql: "DELETE FROM audit_event") }
        }
    }

    @Test func adminIssuesAResetLinkThatWorksOnce() throws {
        let test = try TestApp()
        try test.user("admin@x.org", .admin)
        let olena = try test.user("olena@x.org", .reviewer)
        let admin = try test.signedIn("admin@x.org")
        let page = try admin.post("/admin/users/\(olena)/reset-link", [], from: "/admin/users/\(olena)")
        let link = try #require(page.text.firstMatch(of: /value="http:\/\/127\.0\.0\.1:8080(\/password-reset\/[A-Za-z0-9_-]{43})"/)?.1)
        let oldSession = try test.signedIn("olena@x.org")
        let browser = Browser(test)
        let short = try browser.post(String(link), [("password", "short"), ("password_confirmation", "short")], from: String(link))
        #expect(short.status == 422)
        #expect(short.text.contains("at least 10 characters"))
        let reset = try browser.post(String(link), [("password", "my new password 2027"), ("password_confirmation", "my new password 2027")], from: String(link))
        #expect(reset.status == 303)
        #expect(try oldSession.get("/dashboard").status == 303)
        #expect(try Browser(test).get(String(link)).status == 410)
        #expect(try Browser(test).post("/sign-in", [("email", "olena@x.org"), ("password", "my new password 2027")], from: "/sign-in").status == 303)
    }

    @Test func theLastAdministratorStays() throws {
        let test = try TestApp()
        let admin = try test.user("admin@x.org", .admin)
        let browser = try test.signedIn("admin@x.org")
        let demoted = try browser.post("/admin/users/\(admin)/role", [("role", "reviewer")], from: "/admin/users/\(admin)")
        #expect(demoted.status == 422)
        #expect(demoted.text.contains("last active administrator"))
        #expect(try browser.post("/admin/users/\(admin)/deactivate", [], from: "/admin/users/\(admin)").status == 422)
    }
}

/// The real executable: what reaches its log and its audit table.
@Suite struct SecretsStayOutTests {
    @Test func logAndAuditHoldNoPasswordOrSessionId() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let secret = "unmistakable-secret-\(UUID().uuidString)"
        let admin = try Executable.run(
            ["create-admin", "--database", directory + "/kalyna.sqlite", "--email", "root@x.org", "--name", "Root"],
            in: TestApp.repositoryRoot, input: secret + "\n")
        #expect(admin.status == 0, "\(admin.output)")
        let server = try RunningServer(directory: directory)
        defer { server.kill() }
        let client = server.client
        let page = try client.get("/sign-in")
        let csrf = try #require(Browser.csrf(in: page.text))
        let cookie = try #require(page.header("Set-Cookie")?.split(separator: ";").first.map(String.init))
        let wrong = try client.post("/sign-in", form: [("email", "root@x.org"), ("password", secret + "x"), ("_csrf", csrf)], headers: [("Cookie", cookie)])
        #expect(wrong.status == 401)
        let signedIn = try client.post("/sign-in", form: [("email", "root@x.org"), ("password", secret), ("_csrf", csrf)], headers: [("Cookie", cookie)])
        #expect(signedIn.status == 303)
        let session = try #require(signedIn.headers("Set-Cookie").first { $0.hasPrefix("session=") }?.dropFirst(8).prefix(43))
        #expect(try client.get("/dashboard?token=\(session)", headers: [("Cookie", "session=\(session)")]).status == 200)
        // One-time links: whatever their token, the log shows none.
        let linkToken = Tokens.random()
        _ = try client.get("/password-reset/\(linkToken)")
        _ = try client.get("/invitations/\(linkToken)")
        // The server writes out its log as it stops.
        server.kill()
        server.process.waitUntilExit()
        let log = server.log
        #expect(log.contains("127.0.0.1 POST /sign-in 303"))
        #expect(log.contains("GET /dashboard 200"))
        #expect(log.contains("GET /password-reset/[redacted]") && log.contains("GET /invitations/[redacted]"))
        for needle in [secret, String(session), csrf, linkToken] { #expect(!log.contains(needle)) }
        let database = try DatabaseQueue(path: directory + "/kalyna.sqlite")
        let audit = try database.read { try String.fetchAll($0, sql: "SELECT action || ' ' || record_type || ' ' || detail FROM audit_event") }
        #expect(audit.contains { $0.hasPrefix("user.signed_in") })
        for row in audit {
            for needle in [secret, String(session), csrf] { #expect(!row.contains(needle)) }
        }
    }

    @Test func serveSaysHowToCreateTheFirstAdministrator() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try RunningServer(directory: directory)
        defer { server.kill() }
        #expect(eventually { server.log.contains("kalyna create-admin --email EMAIL --name NAME") })
    }

    @Test func createAdminRefusesAWeakPasswordOrADuplicate() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = ["create-admin", "--database", directory + "/k.sqlite", "--email", "root@x.org", "--name", "Root"]
        let weak = try Executable.run(arguments, in: directory, input: "short\n")
        #expect(weak.status != 0)
        #expect(weak.output.contains("at least 10 characters"))
        #expect(try Executable.run(arguments, in: directory, input: "long enough password\n").status == 0)
        let again = try Executable.run(arguments, in: directory, input: "long enough password\n")
        #expect(again.status != 0)
        #expect(again.output.contains("exists already"))
    }
}

/// Login CSRF and cookie names.
@Suite struct VisitorTokenTests {
    /// A token the client chose for itself (set in her cookie and sent in the
    /// form, as a double-submit check alone would accept) is refused.
    @Test func aVisitorTokenTheServerDidNotMakeIsRefused() throws {
        let test = try TestApp()
        try test.user("olena@x.org", .reviewer)
        let chosen = Tokens.random()
        let forged = try test.client.post(
            "/sign-in", form: [("email", "olena@x.org"), ("password", TestApp.password), ("_csrf", CSRFMask.mask(chosen))],
            headers: [("Cookie", "csrf=\(chosen)")])
        #expect(forged.status == 403)
        #expect(forged.headers("Set-Cookie").allSatisfy { !$0.hasPrefix("session=") })
        // The token the sign-in page hands out works.
        #expect(try Browser(test).post("/sign-in", [("email", "olena@x.org"), ("password", TestApp.password)], from: "/sign-in").status == 303)
        #expect(test.app.visitorTokens.isGenuine(test.app.visitorTokens.make()))
        #expect(!test.app.visitorTokens.isGenuine(chosen))
    }

    @Test func overHTTPSCookiesCarryTheHostPrefix() throws {
        let test = try TestApp { $0.publicBaseURL = "https://kalyna.example" }
        try test.user("olena@x.org", .reviewer)
        let browser = Browser(test)
        let page = try browser.get("/sign-in")
        #expect(page.headers("Set-Cookie").contains { $0.hasPrefix("__Host-csrf=") && $0.contains("Secure") && $0.contains("Path=/") && !$0.contains("Domain") })
        let signedIn = try browser.post("/sign-in", [("email", "olena@x.org"), ("password", TestApp.password)], from: "/sign-in")
        #expect(signedIn.headers("Set-Cookie").contains { $0.hasPrefix("__Host-session=") && $0.contains("Secure") })
        #expect(browser.cookies["session"] == nil)
        #expect(try browser.get("/dashboard").status == 200)
    }
}
