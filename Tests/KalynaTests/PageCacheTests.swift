import HTTPServer
import Testing

@testable import Kalyna

@Suite struct PageCacheTests {
    @Test func onlyAnonymousReadsAreKept() {
        let anonymous = Request(method: "GET", path: "/", cookies: ["lang": "ru"])
        #expect(PageCache.key(for: anonymous, lang: "ru") != nil)
        let signedIn = Request(method: "GET", path: "/", cookies: ["lang": "ru", "session": "x"])
        #expect(PageCache.key(for: signedIn, lang: "ru") == nil)
        let post = Request(method: "POST", path: "/")
        #expect(PageCache.key(for: post, lang: "en") == nil)
    }

    @Test func keysTellLanguagesAndAddressesApart() {
        let plain = Request(method: "GET", path: "/")
        let withQuery = Request(method: "GET", path: "/", query: FormData([("notice", "saved")]))
        #expect(PageCache.key(for: plain, lang: "en") != PageCache.key(for: plain, lang: "uk"))
        #expect(PageCache.key(for: plain, lang: "en") != PageCache.key(for: withQuery, lang: "en"))
    }

    @Test func isBounded() {
        let cache = PageCache(capacity: 2)
        cache["a"] = Response(status: 200)
        cache["b"] = Response(status: 200)
        cache["c"] = Response(status: 200)
        #expect(cache["a"] != nil && cache["b"] != nil)
        #expect(cache["c"] == nil)
    }

    @Test func cachedPagesStayInTheirLanguage() throws {
        let test = try TestApp()
        for lang in ["en", "ru", "en", "uk", "ru"] {
            let page = try test.client.get("/", headers: [("Accept-Language", lang)])
            #expect(page.text.contains("<html lang=\"\(lang)\">"))
            #expect(page.header("Content-Security-Policy") != nil)
            #expect(page.header("Set-Cookie") == nil)
        }
    }
}
