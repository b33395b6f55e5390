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

/// Thrown by a handler to send the browser elsewhere (303).
public struct Redirect: Error {
    public let location: String

    public init(_ location: String) {
        self.location = location
    }
}
