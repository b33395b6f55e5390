/// One HTTP response. Build it in a handler; the server sends it.
public struct Response: Sendable {
    public enum Body: Sendable {
        case bytes([UInt8])
        /// A file sent from disk without reading it into memory.
        case file(path: String)
        /// Built once into libmicrohttpd's form, headers included; see `prepared()`.
        case prepared(PreparedResponse)
    }

    public var status: Int
    public var headers: [(name: String, value: String)]
    public var cookies: [Cookie]
    public var body: Body

    public init(status: Int = 200, headers: [(name: String, value: String)] = [], cookies: [Cookie] = [], body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.cookies = cookies
        self.body = body
    }

    public init(status: Int = 200, contentType: String, text: String) {
        self.init(status: status, headers: [("Content-Type", contentType)], body: .bytes(Array(text.utf8)))
    }

    /// 303 See Other: the answer to a successful form post, so that reloading the
    /// next page does not post again.
    public static func redirect(to location: String, status: Int = 303) -> Response {
        Response(status: status, headers: [("Location", location)])
    }

    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { asciiCaseInsensitiveEqual($0.name, name) }
        headers.append((name, value))
    }

    public func header(_ name: String) -> String? {
        headers.first { asciiCaseInsensitiveEqual($0.name, name) }?.value
    }
}

/// Header names are ASCII; compare them without allocating lower-cased copies.
func asciiCaseInsensitiveEqual(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    // Over the bytes themselves where the strings hold them contiguously (native strings do).
    let compared = a.utf8.withContiguousStorageIfAvailable { x in
        b.utf8.withContiguousStorageIfAvailable { y in equalIgnoringASCIICase(x, y) }
    }
    if let compared, let compared { return compared }
    return equalIgnoringASCIICase(Array(a.utf8), Array(b.utf8))
}

private func equalIgnoringASCIICase<C: RandomAccessCollection<UInt8>>(_ x: C, _ y: C) -> Bool where C.Index == Int {
    for index in x.indices {
        let p = x[index], q = y[index - x.startIndex + y.startIndex]
        guard p != q else { continue }
        guard p | 0x20 == q | 0x20, (p | 0x20) >= UInt8(ascii: "a"), (p | 0x20) <= UInt8(ascii: "z") else { return false }
    }
    return true
}
