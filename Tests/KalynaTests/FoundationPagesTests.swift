import Foundation
import Testing
import TestSupport

@testable import Kalyna

/// The first pages, as a visitor's browser sees them.
@Suite struct FoundationPagesTests {
    static let securityHeaders = [
        "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options",
    ]

    @Test func homePageInEachLanguage() throws {
        let test = try TestApp()
        let english = try test.client.get("/")
        #expect(english.status == 200)
        #expect(english.header("Content-Type") == "text/html; charset=utf-8")
        #expect(english.text.contains("<html lang=\"en\">"))
        #expect(english.text.contains("small grants, safety and gratitude"))
        let russian = try test.client.get("/", headers: [("Accept-Language", "ru-RU,ru;q=0.9,en;q=0.5")])
        #expect(russian.text.contains("<html lang=\"ru\">"))
        #expect(russian.text.contains("малые гранты"))
        let ukrainian = try test.client.get("/", headers: [("Accept-Language", "de, uk;q=0.8")])
        #expect(ukrainian.text.contains("<html lang=\"uk\">"))
        #expect(ukrainian.text.contains("малі гранти"))
    }

    @Test func languageSwitcherSetsACookieAndReturns() throws {
        let test = try TestApp()
        let home = try test.client.get("/")
        #expect(home.text.contains("href=\"/language/uk?next=%2F\""))
        let switched = try test.client.get("/language/uk?next=%2Fhealthz")
        #expect(switched.status == 303)
        #expect(switched.header("Location") == "/healthz")
        let cookie = try #require(switched.header("Set-Cookie"))
        #expect(cookie.hasPrefix("lang=uk;"))
        #expect(cookie.contains("Max-Age=31536000"))
        // The cookie wins over the browser's language.
        let page = try test.client.get("/", headers: [("Cookie", "lang=uk"), ("Accept-Language", "ru")])
        #expect(page.text.contains("<html lang=\"uk\">"))
    }

    @Test func languageSwitcherNeverSendsVisitorsElsewhere() throws {
        let test = try TestApp()
        for next in ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)"] {
            let response = try test.client.get("/language/ru?next=\(HTTPClient.encode(next))")
            #expect(response.header("Location") == "/", "next=\(next)")
        }
        #expect(try test.client.get("/language/fr").status == 404)
    }

    @Test func securityHeadersOnEveryKindOfResponse() throws {
        let test = try TestApp()
        for path in ["/", "/healthz", "/no-such-page", "/static/app.css", "/language/ru"] {
            let response = try test.client.get(path)
            for header in Self.securityHeaders {
                #expect(response.header(header) != nil, "\(header) missing on \(path)")
            }
            let policy = response.header("Content-Security-Policy") ?? ""
            #expect(policy.contains("frame-ancestors 'none'"))
            #expect(!policy.contains("unsafe-inline"))
        }
        #expect(try test.client.get("/").header("X-Content-Type-Options") == "nosniff")
    }

    @Test func healthReportsDatabaseAndVersion() throws {
        let test = try TestApp()
        let response = try test.client.get("/healthz")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        let health = try JSONDecoder().decode([String: String].self, from: Data(response.body))
        #expect(health == ["status": "ok", "database": "ok", "version": AppInfo.version])
    }

    @Test func errorPagesAreInTheLayout() throws {
        let test = try TestApp()
        let missing = try test.client.get("/no-such-page")
        #expect(missing.status == 404)
        #expect(missing.text.contains("<main id=\"main\""))
        #expect(missing.text.contains("Page not found"))
        let wrongMethod = try test.client.post("/healthz", form: [("a", "b")])
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Allow") == "GET, HEAD")
        #expect(wrongMethod.text.contains("Not possible here"))
        let russian404 = try test.client.get("/nope", headers: [("Accept-Language", "ru")])
        #expect(russian404.text.contains("Страница не найдена"))
    }

    @Test func oversizedAndMalformedBodiesGetTheirPages() throws {
        let test = try TestApp { $0.bodyLimitBytes = 1 << 20 }
        let big = try test.client.send(
            method: "POST", path: "/", headers: [("Content-Type", "application/octet-stream")],
            body: [UInt8](repeating: 0x61, count: 2 << 20))
        #expect(big.status == 413)
        #expect(big.text.contains("Too large"))
        let malformed = try test.client.send(
            method: "POST", path: "/", headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("a=%FF%FE".utf8))
        #expect(malformed.status == 400)
        #expect(malformed.text.contains("could not be read"))
    }

    @Test func stylesheetIsCachedAndRevalidated() throws {
        let test = try TestApp()
        let home = try test.client.get("/")
        let link = try #require(home.text.firstMatch(of: /href="(\/static\/app\.css\?v=[0-9a-f]+)"/)?.1)
        let css = try test.client.get(String(link))
        #expect(css.status == 200)
        #expect(css.header("Content-Type") == "text/css; charset=utf-8")
        #expect(css.header("Cache-Control")?.contains("max-age=31536000") == true)
        let etag = try #require(css.header("ETag"))
        let again = try test.client.get("/static/app.css", headers: [("If-None-Match", etag)])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        #expect(try test.client.get("/static/../config.json").status == 404)
    }

    @Test func pagesAreNotCachedByProxies() throws {
        let test = try TestApp()
        #expect(try test.client.get("/").header("Cache-Control") == "no-store")
    }
}
