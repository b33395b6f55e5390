import Foundation

/// Why a request body could not be read. The server still hands such a request to
/// the application, so that the application can answer with its own error page.
public enum BodyError: Sendable, Equatable {
    /// The body was larger than the configured limit (answer 413).
    case tooLarge
    /// The body could not be parsed, or a text field was not valid UTF-8 (answer 400).
    case malformed
}

/// One HTTP request, fully read. Header names are lower-cased.
public struct Request: Sendable {
    public var method: String
    /// The decoded path, without the query string.
    public var path: String
    public var query: FormData
    public var headers: [String: String]
    public var cookies: [String: String]
    /// Fields of an `application/x-www-form-urlencoded` or `multipart/form-data` body.
    public var form: FormData
    public var files: [UploadedFile]
    /// The body of any other content type.
    public var rawBody: [UInt8]
    public var remoteAddress: String
    public var bodyError: BodyError?

    public init(
        method: String, path: String, query: FormData = FormData(), headers: [String: String] = [:],
        cookies: [String: String] = [:], form: FormData = FormData(), files: [UploadedFile] = [],
        rawBody: [UInt8] = [], remoteAddress: String = "", bodyError: BodyError? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.cookies = cookies
        self.form = form
        self.files = files
        self.rawBody = rawBody
        self.remoteAddress = remoteAddress
        self.bodyError = bodyError
    }

    public func header(_ name: String) -> String? { headers[asciiLowercased(name)] }
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
