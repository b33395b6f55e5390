import HTTPServer
import Synchronization

/// Rendered pages for visitors who are not signed in, on routes marked
/// `cacheable`: such a page depends only on its language and address, and
/// templates and catalogs do not change while the server runs. Bounded, so that
/// made-up query strings cannot grow it; when full, new pages are simply not kept.
final class PageCache: Sendable {
    private let entries = Mutex<[String: Response]>([:])
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Nil when the request may see something personal: any cookie but the
    /// language choice and the visitor's CSRF token means it is not anonymous.
    static func key(for request: Request, lang: String) -> String? {
        guard request.method == "GET" || request.method == "HEAD",
            request.cookies.keys.allSatisfy({ $0 == LanguageSet.cookieName || $0 == AnonymousCSRF.cookieName })
        else { return nil }
        var key = lang + " " + request.path
        for pair in request.query.pairs { key += "\u{0}" + pair.name + "=" + pair.value }
        return key
    }

    subscript(key: String) -> Response? {
        get { entries.withLock { $0[key] } }
        set {
            entries.withLock { entries in
                if entries.count < capacity || entries[key] != nil { entries[key] = newValue }
            }
        }
    }
}
