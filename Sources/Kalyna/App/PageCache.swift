import Foundation
import HTTPServer
import Synchronization

/// Rendered pages of routes marked `cacheable`, kept as prepared libmicrohttpd
/// responses and served again while they are still true:
///
/// - a page is kept for one audience: every visitor who is not signed in (per
///   language and address), or one signed-in session (its CSRF token and user
///   are on the page);
/// - it serves only while the data has not changed since it was rendered (the
///   `ChangeTracker` generation read *before* the handler read anything), and
///   for a few seconds at most, which bounds what a clock-dependent line
///   ("overdue") or another process's write can lag behind;
/// - it is bounded in bytes, so that made-up query strings cannot grow it:
///   when full, the pages kept longest ago make room (they expire first anyway);
/// - it is kept twice, as is and gzipped (once, here), for browsers that
///   accept gzip: a picture of 25 KB goes out as 4 KB. (Compression beside a
///   secret invites BREACH; the CSRF tokens on a page are masked afresh with
///   every rendering, see `CSRFMask`, so no secret repeats between responses.)
/// - when a page must be rendered anew, one request renders it and the others
///   asking for it at the same generation wait for that rendering (`Flight`),
///   so that an expiry under load is one rendering, not one per connection.
final class PageCache: Sendable {
    /// A class: every hit hands one on out of the lock, and one reference is
    /// cheaper to copy than two responses' headers and bodies.
    final class Entry: Sendable {
        let identity: Response
        let gzip: Response?
        let generation: UInt64
        let storedAt: Date
        let bytes: Int

        init(identity: Response, gzip: Response?, generation: UInt64, storedAt: Date, bytes: Int) {
            self.identity = identity
            self.gzip = gzip
            self.generation = generation
            self.storedAt = storedAt
            self.bytes = bytes
        }

        func response(gzip accepted: Bool) -> Response {
            accepted ? (gzip ?? identity) : identity
        }
    }

    /// Who a kept page is for. A visitors' page serves many, so it is worth
    /// compressing hard; a signed-in page serves one session's reloads at most,
    /// and the fastest level (a few percent larger) costs a third as much.
    enum Audience {
        case visitors, session
        var gzipLevel: Int32 { self == .visitors ? 6 : 1 }
    }

    /// What a request should do about its page.
    enum Lookup {
        case hit(Response)
        /// Another request is rendering it: wait for that.
        case follow(Flight)
        /// Render it, then `land` the flight.
        case lead(Flight)
    }

    static let lifetime = Freshness.lifetime
    private let shelf = Mutex(Shelf())
    private let flights = Mutex<[CacheKey: Flight]>([:])
    private let byteLimit: Int

    init(byteLimit: Int) {
        self.byteLimit = byteLimit
    }

    /// The cookies a visitor's page may be shared across: her language, and the CSRF token's (with or without its prefix).
    private static let sharedCookies = [LanguageSet.cookieName, AnonymousCSRF.baseName, "__Host-" + AnonymousCSRF.baseName]

    /// The key for this request, or nil when it must not be kept: not a read,
    /// or a visitor carrying a cookie that could make the page her own.
    static func key(for request: Request, lang: String, sessionHash: String?) -> CacheKey? {
        guard request.method == "GET" || request.method == "HEAD" else { return nil }
        if sessionHash == nil, !request.cookies.fields.allSatisfy({ sharedCookies.contains($0.name) }) {
            return nil
        }
        // Written into one string of the right size: appending piece by piece was a tenth of a kept page's work.
        let session = sessionHash ?? "-"
        let pairs = request.query.pairs
        let length = session.utf8.count + lang.utf8.count + request.path.utf8.count + 2
            + pairs.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 }
        let key = String(unsafeUninitializedCapacity: length) { out in
            var at = 0
            func put(_ text: String) { copyUTF8(text, into: UnsafeMutableRawBufferPointer(out), at: &at) }
            put(session)
            put(" ")
            put(lang)
            put(" ")
            put(request.path)
            for pair in pairs {
                put("\u{0}")
                put(pair.name)
                put("=")
                put(pair.value)
            }
            return at
        }
        return CacheKey(key)
    }

    func lookup(_ key: CacheKey, generation: UInt64, now: Date, gzip: Bool) -> Lookup {
        if let entry = find(key, generation: generation, now: now) { return .hit(entry.response(gzip: gzip)) }
        return flights.withLock { flights in
            if let flight = flights[key], flight.generation == generation { return .follow(flight) }
            let flight = Flight(generation: generation)
            flights[key] = flight
            return .lead(flight)
        }
    }

    /// Keeps what the leader rendered and hands it to those who waited; the
    /// leader's own answer, in the form her browser accepts.
    func land(_ flight: Flight, response: Response, key: CacheKey, now: Date, gzip: Bool, keep shareable: Bool = true, audience: Audience = .visitors) -> Response {
        let kept = shareable ? keep(response, key: key, generation: flight.generation, now: now, audience: audience) : nil
        flights.withLock { flights in
            if flights[key] === flight { flights[key] = nil }
        }
        flight.finish(kept)
        return kept?.response(gzip: gzip) ?? response
    }

    func find(_ key: CacheKey, generation: UInt64, now: Date) -> Entry? {
        guard let entry = shelf.withLock({ $0.entries[key]?.entry }), entry.generation == generation,
            Freshness.isFresh(entry.storedAt, now: now)
        else { return nil }
        return entry
    }

    /// Keeps a 200 page without cookies (a page that sets one is someone's
    /// own); returns it prepared, or nil when it is not one to share.
    @discardableResult
    func keep(_ response: Response, key: CacheKey, generation: UInt64, now: Date, audience: Audience = .visitors) -> Entry? {
        guard response.status == 200, response.cookies.isEmpty, case .bytes(let body) = response.body else { return nil }
        var identity = response
        identity.setHeader("Vary", "Accept-Encoding")
        var compressed: Response?
        var compressedBytes = 0
        if body.count >= 1024, let packed = Gzip.compress(body, level: audience.gzipLevel) {
            var gzip = identity
            gzip.body = .bytes(packed)
            gzip.setHeader("Content-Encoding", "gzip")
            compressed = gzip.prepared()
            compressedBytes = packed.count
        }
        let entry = Entry(
            identity: identity.prepared(), gzip: compressed, generation: generation, storedAt: now,
            bytes: body.count + compressedBytes + key.text.utf8.count)
        guard entry.bytes <= byteLimit else { return nil }
        shelf.withLock { $0.put(entry, key: key, byteLimit: byteLimit) }
        return entry
    }

    /// What the kept pages take, headers aside.
    var keptBytes: Int { shelf.withLock { $0.bytes } }

    /// The kept pages and the order they were kept in.
    private struct Shelf {
        /// Each page with its order of keeping, for making room.
        var entries: [CacheKey: (entry: Entry, serial: UInt64)] = [:]
        var bytes = 0
        /// Keys as they were kept, oldest from `head` on; a key kept again
        /// appears twice, and only its newest serial counts.
        var order: [(key: CacheKey, serial: UInt64)] = []
        var head = 0
        var serial: UInt64 = 0

        mutating func put(_ entry: Entry, key: CacheKey, byteLimit: Int) {
            serial += 1
            bytes += entry.bytes - (entries[key]?.entry.bytes ?? 0)
            entries[key] = (entry, serial)
            order.append((key, serial))
            while bytes > byteLimit, head < order.count {
                let oldest = order[head]
                head += 1
                if let kept = entries[oldest.key], kept.serial == oldest.serial {
                    entries[oldest.key] = nil
                    bytes -= kept.entry.bytes
                }
            }
            // Keep `order` in proportion to what is kept.
            if order.count - head > 2 * entries.count + 1024 {
                order = entries.map { ($0.key, $0.value.serial) }.sorted { $0.serial < $1.serial }
                head = 0
            } else if head > 1024, head * 2 > order.count {
                order.removeFirst(head)
                head = 0
            }
        }
    }
}

/// One rendering of a page that others are waiting for.
final class Flight: @unchecked Sendable {
    let generation: UInt64
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var finished = false
    private var entry: PageCache.Entry?

    init(generation: UInt64) {
        self.generation = generation
    }

    func finish(_ entry: PageCache.Entry?) {
        condition.withLock {
            self.entry = entry
            finished = true
            condition.broadcast()
        }
    }

    /// The page the leader rendered; nil if it was not one to share (an error,
    /// a cookie) or took implausibly long, in which case the caller renders.
    func wait(gzip: Bool, upTo seconds: TimeInterval = 10) -> Response? {
        let deadline = Date().addingTimeInterval(seconds)
        return condition.withLock {
            while !finished {
                if !condition.wait(until: deadline) { return nil }
            }
            return entry?.response(gzip: gzip)
        }
    }
}

/// A cache's key with its hash worked out once, outside the cache's lock: the
/// keys are long (a session's hash, the path and query), every request looks
/// one up, and hashing them while holding the lock kept the other threads waiting.
struct CacheKey: Hashable, Sendable, ExpressibleByStringLiteral {
    let text: String
    private let hashed: Int

    init(_ text: String) {
        self.text = text
        hashed = text.hashValue
    }

    init(stringLiteral text: String) { self.init(text) }

    func hash(into hasher: inout Hasher) { hasher.combine(hashed) }

    static func == (a: CacheKey, b: CacheKey) -> Bool { a.hashed == b.hashed && a.text == b.text }
}
