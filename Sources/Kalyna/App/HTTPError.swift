import HTTPServer

/// Thrown by a handler to answer with an error page in the layout.
public struct HTTPError: Error, Equatable {
    public let status: Int

    public init(_ status: Int) {
        self.status = status
    }

    public static let badRequest = HTTPError(400)
    public static let forbidden = HTTPError(403)
    public static let notFound = HTTPError(404)
}

/// Thrown by a handler to send the browser elsewhere (303), setting
/// `cookies` on the way (a new session, a language): the one way to redirect.
public struct Redirect: Error {
    public let location: String
    public let cookies: [Cookie]

    public init(_ location: String, cookies: [Cookie] = []) {
        self.location = location
        self.cookies = cookies
    }
}
