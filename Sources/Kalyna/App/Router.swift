import HTTPServer

/// A handler: one page or action. It reads the request, does its work and
/// returns a response, or throws `HTTPError` for an error page.
public typealias Handler = @Sendable (RequestContext) throws -> Response

/// One line of the route table: method, path pattern, who may use it, handler.
public final class Route: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        /// `*name`: the rest of the path, however many segments.
        case rest(String)
    }

    public let method: String
    public let pattern: String
    public let access: Access
    /// The page depends only on the data, the visitor (one signed-in session, or
    /// everyone not signed in), her language and the address, so its rendering
    /// may be kept and served again until the data changes (see `PageCache`).
    public let cacheable: Bool
    let segments: [Segment]
    let handler: Handler
    /// For an upload form: what to answer when the body was over the limit
    /// (the form again with a message, read-only: the body, CSRF token
    /// included, was not kept, so nothing may be written).
    let tooLarge: Handler?
    /// A form people spend long typing into: sent after its session ended, it
    /// is kept until they sign in again, then saved (`SessionResume`).
    let keepsWork: Bool

    public init(
        _ method: String, _ pattern: String, _ access: Access, cacheable: Bool = false, keepsWork: Bool = false, tooLarge: Handler? = nil,
        _ handler: @escaping Handler
    ) {
        self.keepsWork = keepsWork
        self.method = method
        self.pattern = pattern
        self.access = access
        self.cacheable = cacheable
        self.tooLarge = tooLarge
        self.handler = handler
        self.segments = pattern.split(separator: "/").map { piece in
            if piece.hasPrefix(":") { return .parameter(String(piece.dropFirst())) }
            if piece.hasPrefix("*") { return .rest(String(piece.dropFirst())) }
            return .literal(String(piece))
        }
    }

    /// The path parameters when `path` fits the pattern, else nil.
    func match(_ path: [Substring]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .rest(let name):
                guard index < path.count else { return nil }
                parameters[name] = path[index...].joined(separator: "/")
                return parameters
            case .literal(let text):
                guard index < path.count, path[index] == text else { return nil }
            case .parameter(let name):
                guard index < path.count else { return nil }
                parameters[name] = String(path[index])
            }
        }
        return path.count == segments.count ? parameters : nil
    }
}

public enum RouteMatch {
    case found(Route, [String: String])
    case methodNotAllowed(allowed: [String])
    case notFound
}

public struct Router: Sendable {
    public let routes: [Route]
    /// For each literal first segment, the routes that could match a path
    /// starting with it, in table order; `others` for any other path. The table
    /// order decides between overlapping patterns (`/cases/new`, `/cases/:id`).
    private let byFirstSegment: [Substring: [Route]]
    private let others: [Route]
    /// Paths without parameters, by path, each with its routes (one per
    /// method, a few at most, scanned): most requests are for one of these,
    /// and are routed with one lookup instead of a walk.
    private var exact: [String: [Route]] = [:]

    public init(routes: [Route]) {
        self.routes = routes
        var literal: [Substring: [Int]] = [:]
        var rest: [Int] = []
        for (index, route) in routes.enumerated() {
            if case .literal(let first) = route.segments.first {
                literal[Substring(first), default: []].append(index)
            } else {
                rest.append(index)
            }
        }
        byFirstSegment = literal.mapValues { ($0 + rest).sorted().map { routes[$0] } }
        others = rest.map { routes[$0] }
        for route in routes where route.segments.allSatisfy({ if case .literal = $0 { true } else { false } }) {
            let path = "/" + route.segments.map { if case .literal(let text) = $0 { text } else { "" } }.joined(separator: "/")
            // Only where the walk would choose this route too (table order decides).
            if case .found(let chosen, _) = walk(method: route.method, path: path), chosen === route {
                exact[path, default: []].append(route)
            }
        }
    }

    /// HEAD is answered by the GET route (the server sends no body for HEAD).
    public func match(method: String, path: String) -> RouteMatch {
        let wanted = method == "HEAD" ? "GET" : method
        if let route = exact[path]?.first(where: { $0.method == wanted }) { return .found(route, [:]) }
        return walk(method: method, path: path)
    }

    private func walk(method: String, path: String) -> RouteMatch {
        let pieces = path.split(separator: "/")
        let wanted = method == "HEAD" ? "GET" : method
        var allowed: [String] = []
        for route in pieces.first.flatMap({ byFirstSegment[$0] }) ?? others {
            guard let parameters = route.match(pieces) else { continue }
            if route.method == wanted { return .found(route, parameters) }
            allowed.append(route.method)
        }
        if allowed.isEmpty { return .notFound }
        if allowed.contains("GET") { allowed.append("HEAD") }
        return .methodNotAllowed(allowed: allowed)
    }
}
