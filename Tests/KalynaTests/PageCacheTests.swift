import Foundation
import HTTPServer
import Testing

@testable import Kalyna

@Suite struct PageCacheTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func page(_ text: String) -> Response {
        Response(status: 200, contentType: "text/html", text: text)
    }

    @Test func visitorsWithCookiesOfTheirOwnAndWritesAreNotKept() {
        let anonymous = Request(method: "GET", path: "/", cookies: ["lang": "ru"])
        #expect(PageCache.key(for: anonymous, lang: "ru", sessionHash: nil) != nil)
        let unknownSession = Request(method: "GET", path: "/", cookies: ["lang": "ru", "session": "x"])
        #expect(PageCache.key(for: unknownSession, lang: "ru", sessionHash: nil) == nil)
        #expect(PageCache.key(for: unknownSession, lang: "ru", sessionHash: "abc") != nil)
        let post = Request(method: "POST", path: "/")
        #expect(PageCache.key(for: post, lang: "en", sessionHash: nil) == nil)
        #expect(PageCache.key(for: post, lang: "en", sessionHash: "abc") == nil)
    }

    @Test func keysTellLanguagesAddressesAndSessionsApart() {
        let plain = Request(method: "GET", path: "/")
        let withQuery = Request(method: "GET", path: "/", query: FormData([("notice", "saved")]))
        #expect(PageCache.key(for: plain, lang: "en", sessionHash: nil) != PageCache.key(for: plain, lang: "uk", sessionHash: nil))
        #expect(PageCache.key(for: plain, lang: "en", sessionHash: nil) != PageCache.key(for: withQuery, lang: "en", sessionHash: nil))
        #expect(PageCache.key(for: plain, lang: "en", sessionHash: "a") != PageCache.key(for: plain, lang: "en", sessionHash: "b"))
        // Every piece is in the key, whole: repeated and non-ASCII values too.
        let filtered = Request(method: "GET", path: "/cases", query: FormData([("place", "UA:Київ"), ("status", "open"), ("status", "")]))
        #expect(PageCache.key(for: filtered, lang: "uk", sessionHash: "h4sh")?.text == "h4sh uk /cases\u{0}place=UA:Київ\u{0}status=open\u{0}status=")
        #expect(PageCache.key(for: plain, lang: "ru", sessionHash: nil)?.text == "- ru /")
        #expect(PageCache.key(for: plain, lang: "en", sessionHash: "a") != PageCache.key(for: plain, lang: "en", sessionHash: nil))
    }

    @Test func servesOnlyWhileTheDataIsUnchangedAndForAFewSeconds() {
        let cache = PageCache(byteLimit: 1 << 20)
        cache.keep(page("one"), key: "k", generation: 7, now: now)
        #expect(cache.find("k", generation: 7, now: now.addingTimeInterval(1)) != nil)
        #expect(cache.find("k", generation: 8, now: now.addingTimeInterval(1)) == nil)
        #expect(cache.find("k", generation: 7, now: now.addingTimeInterval(PageCache.lifetime)) == nil)
        #expect(cache.find("k", generation: 7, now: now.addingTimeInterval(-1)) == nil)
    }

    @Test func keepsNeitherErrorsNorPagesThatSetCookies() {
        let cache = PageCache(byteLimit: 1 << 20)
        cache.keep(Response(status: 404, contentType: "text/html", text: "gone"), key: "missing", generation: 1, now: now)
        var withCookie = page("mine")
        withCookie.cookies.append(Cookie(name: "csrf", value: "x"))
        cache.keep(withCookie, key: "mine", generation: 1, now: now)
        #expect(cache.find("missing", generation: 1, now: now) == nil)
        #expect(cache.find("mine", generation: 1, now: now) == nil)
    }

    @Test func isBoundedInBytesAndMakesRoomFromThePagesKeptLongestAgo() {
        let cache = PageCache(byteLimit: 150)
        cache.keep(page(String(repeating: "a", count: 60)), key: "a", generation: 1, now: now)
        cache.keep(page(String(repeating: "b", count: 60)), key: "b", generation: 1, now: now)
        cache.keep(page(String(repeating: "a", count: 60)), key: "a", generation: 1, now: now)
        #expect(cache.find("a", generation: 1, now: now) != nil && cache.find("b", generation: 1, now: now) != nil)
        // "b" is now the oldest: the third page takes its room.
        cache.keep(page(String(repeating: "c", count: 60)), key: "c", generation: 1, now: now)
        #expect(cache.find("b", generation: 1, now: now) == nil)
        #expect(cache.find("a", generation: 1, now: now) != nil && cache.find("c", generation: 1, now: now) != nil)
        // A page larger than the whole cache is not kept at all.
        #expect(cache.keep(page(String(repeating: "d", count: 300)), key: "d", generation: 1, now: now) == nil)
        #expect(cache.find("a", generation: 1, now: now) != nil)
    }

    @Test func manyDifferentAddressesKeepItWithinItsBytes() {
        let cache = PageCache(byteLimit: 10_000)
        for index in 0..<5_000 {
            cache.keep(page("page \(index) " + String(repeating: "x", count: 100)), key: CacheKey("k\(index)"), generation: 1, now: now)
        }
        #expect(cache.find("k4999", generation: 1, now: now) != nil)
        #expect(cache.find("k0", generation: 1, now: now) == nil)
        #expect(cache.keptBytes <= 10_000)
    }

    @Test func oneRequestRendersWhileOthersAtTheSameGenerationWait() async throws {
        let cache = PageCache(byteLimit: 1 << 20)
        guard case .lead(let flight) = cache.lookup("k", generation: 1, now: now, gzip: false) else {
            Issue.record("the first request should render")
            return
        }
        guard case .follow(let followed) = cache.lookup("k", generation: 1, now: now, gzip: false) else {
            Issue.record("the second request should wait")
            return
        }
        // A request that began after a write must not take the older rendering.
        guard case .lead = cache.lookup("k", generation: 2, now: now, gzip: false) else {
            Issue.record("a newer generation should render its own page")
            return
        }
        let waiter = Task.detached { followed.wait(gzip: false) }
        _ = cache.land(flight, response: page("rendered once"), key: "k", now: now, gzip: false)
        let response = try #require(await waiter.value)
        guard case .prepared = response.body else {
            Issue.record("the waiter should get the kept page")
            return
        }
        guard case .hit = cache.lookup("k", generation: 1, now: now, gzip: false) else {
            Issue.record("the rendering should be kept")
            return
        }
    }

    @Test func waitersRenderThemselvesWhenThePageIsNotOneToShare() {
        let cache = PageCache(byteLimit: 1 << 20)
        guard case .lead(let flight) = cache.lookup("k", generation: 1, now: now, gzip: false),
            case .follow(let followed) = cache.lookup("k", generation: 1, now: now, gzip: false)
        else {
            Issue.record("expected a leader and a follower")
            return
        }
        _ = cache.land(flight, response: Response(status: 404, contentType: "text/html", text: "gone"), key: "k", now: now, gzip: false)
        #expect(followed.wait(gzip: false) == nil)
        guard case .lead = cache.lookup("k", generation: 1, now: now, gzip: false) else {
            Issue.record("nothing kept: the next request renders")
            return
        }
    }

    @Test func keptPagesGoOutGzippedToBrowsersThatAcceptIt() throws {
        let test = try TestApp()
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")
        let cookie = officer.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let plain = try test.client.get("/dashboard", headers: [("Cookie", cookie)])
        let packed = try test.client.get("/dashboard", headers: [("Cookie", cookie), ("Accept-Encoding", "gzip, deflate, br")])
        let refused = try test.client.get("/dashboard", headers: [("Cookie", cookie), ("Accept-Encoding", "gzip;q=0")])
        #expect(plain.header("Content-Encoding") == nil && plain.text.contains("<html"))
        #expect(refused.header("Content-Encoding") == nil && refused.text == plain.text)
        #expect(packed.header("Content-Encoding") == "gzip")
        #expect(packed.header("Vary") == "Accept-Encoding")
        #expect(packed.body.count < plain.body.count)
        #expect(try gunzipped(packed.body) == plain.body)
    }

    @Test func gzipIsTakenOnlyWhenOffered() {
        #expect(Gzip.isAccepted(by: "gzip, deflate, br"))
        #expect(Gzip.isAccepted(by: "br;q=1.0, GZIP;q=0.5"))
        #expect(!Gzip.isAccepted(by: "gzip;q=0"))
        #expect(!Gzip.isAccepted(by: "gzip; q=0.000"))
        #expect(!Gzip.isAccepted(by: "deflate, br"))
        #expect(!Gzip.isAccepted(by: nil))
        #expect(Gzip.isAccepted(by: "identity;q=1, x-gzip"))
        #expect(Gzip.isAccepted(by: " gzip ; q=1 "))
        #expect(!Gzip.isAccepted(by: "gzipped, agzip"))
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

/// What a browser does with a gzip body, by the system's `gzip -d`.
func gunzipped(_ bytes: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "gzip -dc"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(bytes))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Array(data)
}
