import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

@Suite struct LanguageTests {
    @Test(arguments: [
        (nil, nil, "en"),
        ("uk", "ru", "uk"),
        ("fr", "ru", "ru"),
        (nil, "ru-RU,ru;q=0.9,en-US;q=0.8", "ru"),
        (nil, "en;q=0.3, uk;q=0.7", "uk"),
        (nil, "de, fr;q=0.9", "en"),
        (nil, "uk;q=0, ru;q=0.1", "ru"),
        (nil, "UK", "uk"),
        (nil, ",,;;q=", "en"),
    ] as [(String?, String?, String)])
    func negotiation(choice: String?, acceptLanguage: String?, expected: String) {
        #expect(Language.negotiate(choice: choice, acceptLanguage: acceptLanguage, fallback: "en") == expected)
    }

    func profileLanguage(_ test: TestApp, _ email: String) throws -> String? {
        try test.app.database.pool.read { try String.fetchOne($0, sql: "SELECT language FROM user WHERE email = ?", arguments: [email]) }
    }

    @Test func russianChosenBeforeSigningInStaysAfterItAndOnOtherDevices() throws {
        let test = try TestApp()
        try test.user("po@x.org", .programmeOfficer)
        #expect(try profileLanguage(test, "po@x.org") == "en")
        let browser = Browser(test)
        #expect(try browser.get("/language/ru?next=/sign-in").status == 303)
        #expect(try browser.get("/sign-in").text.contains("lang=\"ru\""))
        let signedIn = try browser.post("/sign-in", [("email", "po@x.org"), ("password", TestApp.password)], from: "/sign-in")
        #expect(signedIn.status == 303)
        #expect(signedIn.headers("Set-Cookie").contains { $0.hasPrefix("lang=ru") })
        #expect(try browser.get("/dashboard").text.contains("<html lang=\"ru\""))
        #expect(try profileLanguage(test, "po@x.org") == "ru")
        // Another device, no cookie: her profile's language.
        #expect(try test.signedIn("po@x.org").get("/dashboard").text.contains("<html lang=\"ru\""))
    }

    @Test func aSignedInUsersChoiceIsKeptInHerProfile() throws {
        let test = try TestApp()
        try test.user("po@x.org", .programmeOfficer)
        let browser = try test.signedIn("po@x.org")
        let page = try browser.get("/dashboard").text
        #expect(page.contains("<form method=\"post\" action=\"/language\">"))
        #expect(page.contains("name=\"code\" value=\"uk\""))
        let chosen = try browser.post("/language", [("code", "uk"), ("next", "/dashboard")], from: "/dashboard")
        #expect(chosen.status == 303)
        #expect(chosen.header("Location") == "/dashboard")
        #expect(try browser.get("/dashboard").text.contains("<html lang=\"uk\""))
        #expect(try profileLanguage(test, "po@x.org") == "uk")
        #expect(try browser.post("/language", [("code", "fr")], from: "/dashboard").status == 400)
        #expect(try profileLanguage(test, "po@x.org") == "uk")
    }

    @Test func fallbackIsTheConfiguredDefault() {
        #expect(Language.negotiate(choice: nil, acceptLanguage: "de", fallback: "ru") == "ru")
    }
}
