import Foundation

/// Why a request body could not be read. The server still hands such a request to
/// the application, so that the application can answer with its own error page.
public enum BodyError: Sendable, Equatable {
    /// The body was larger than the configured limit (answer 413).
    case tooLarge
    /// The body could not be parsed, or a text field was not valid UTF-8 (answer 400).
    case malformed
}

/// One HTTP request, fully read.
public struct Request: Sendable {
    public var method: String
    /// The decoded path, without the query string.
    public var path: String
    public var query: FormData
    /// Names as the client wrote them, found without regard to case. From the
    /// server, without `Cookie`: it is read as `cookies`.
    public var headers: Fields
    public var cookies: Fields
    /// Fields of an `application/x-www-form-urlencoded` or `multipart/form-data` body.
    public var form: FormData
    public var files: [UploadedFile]
    /// The body of any other content type.
    public var rawBody: [UInt8]
    /// The client's address: the socket's, or behind a trusted proxy the one
    /// the proxy saw (`ForwardedFor`).
    public var remoteAddress: String
    /// The socket's own address (the proxy's, behind one).
    public var peerAddress = ""
    public var bodyError: BodyError?

    public init(
        method: String, path: String, query: FormData = FormData(), headers: Fields = [:],
        cookies: Fields = [:], form: FormData = FormData(), files: [UploadedFile] = [],
        rawBody: [UInt8] = [], remoteAddress: String = "", bodyError: BodyError? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers.foldsCase ? headers : Fields(headers.fields.map { ($0.name, $0.value) }, foldsCase: true)
        self.cookies = cookies
        self.form = form
        self.files = files
        self.rawBody = rawBody
        self.remoteAddress = remoteAddress
        self.bodyError = bodyError
    }

    /// The header's value; a header sent more than once, its values joined as HTTP joins them.
    public func header(_ name: String) -> String? { headers.joined(name) }
}

/// A file uploaded in a `multipart/form-data` body.
public struct UploadedFile: Sendable {
    public var field: String
    public var filename: String
    public var contentType: String
    public var bytes: [UInt8]

    public init(field: String, filename: String, contentType: String, bytes: [UInt8]) {
        self.field = field
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
    }
}

/// The client behind trusted reverse proxies: each proxy appends the address it
/// was reached from to `X-Forwarded-For`, so the list is read from the right,
/// past the trusted proxies, to the first address none of them is. Anything
/// left of that was written by the client and is not believed.
public enum ForwardedFor {
    public static func client(peer: String, header: String?, trusted: Set<String>) -> String {
        guard trusted.contains(peer), let header else { return peer }
        var client = peer
        for entry in header.split(separator: ",").reversed() {
            let address = entry.trimmingCharacters(in: .whitespaces)
            guard isAddress(address) else { return client }
            client = address
            if !trusted.contains(address) { return address }
        }
        return client
    }

    /// An IPv4 or IPv6 literal (no port, no name).
    public static func isAddress(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
