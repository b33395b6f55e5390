import Foundation
import HTTPServer
import Logging
import Templating

/// The application: configuration, database, templates and the route table,
/// and the one function the HTTP server calls for every request.
public final class App: Sendable {
    public let config: Config
    public let database: AppDatabase
    let templates: TemplateLibrary
    let catalogs: Catalogs
    /// Each language's catalog as a template value, built once.
    let catalogValues: [String: TemplateValue]
    let assets: StaticAssets
    let formats: [String: LocaleFormat]
    let router: Router
    let logger: Logger
    let pageCache = PageCache(capacity: 512)

    /// Opens the database (running pending migrations) and loads the templates.
    public init(config: Config, logger: Logger) throws {
        self.config = config
        self.logger = logger
        self.database = try AppDatabase(path: config.database)
        try database.migrate()
        self.templates = try TemplateLibrary.load(directory: config.templates)
        let catalogs = try Catalogs.load(directory: config.templates + "/i18n")
        self.catalogs = catalogs
        self.catalogValues = catalogs.messages.mapValues { .object($0.mapValues { .string($0) }) }
        self.assets = try StaticAssets.load(directory: config.templates + "/static")
        self.formats = Dictionary(uniqueKeysWithValues: Language.supported.map { ($0, LocaleFormat(lang: $0, catalogs: catalogs)) })
        self.router = Router(routes: Routes.table)
    }

    public func makeServer(accessLog: Logger?) -> HTTPServer {
        let configuration = ServerConfiguration(
            address: config.listenAddress, port: UInt16(config.port), threads: config.threadPoolSize,
            connectionTimeout: config.connectionTimeoutSeconds, connectionLimit: config.connectionLimit,
            bodyLimit: config.bodyLimitBytes)
        return HTTPServer(configuration: configuration, accessLog: accessLog) { [self] request in
            handle(request)
        }
    }

    /// Routes the request, runs its handler and adds the security headers. Never
    /// throws: every failure becomes an error page.
    public func handle(_ request: Request) -> Response {
        let lang = Language.negotiate(
            choice: request.cookies[LanguageSet.cookieName], acceptLanguage: request.header("accept-language"),
            fallback: config.defaultLocale)
        switch request.bodyError {
        case .tooLarge:
            return secured(errorPage(413, RequestContext(request: request, parameters: [:], app: self, lang: lang)))
        case .malformed:
            return secured(errorPage(400, RequestContext(request: request, parameters: [:], app: self, lang: lang)))
        case nil:
            break
        }
        switch router.match(method: request.method, path: request.path) {
        case .notFound:
            return secured(errorPage(404, RequestContext(request: request, parameters: [:], app: self, lang: lang)))
        case .methodNotAllowed(let allowed):
            var response = errorPage(405, RequestContext(request: request, parameters: [:], app: self, lang: lang))
            response.setHeader("Allow", allowed.joined(separator: ", "))
            return secured(response)
        case .found(let route, let parameters):
            // Cached pages are kept with their headers, ready to send.
            let cacheKey = route.cacheable ? PageCache.key(for: request, lang: lang) : nil
            if let cacheKey, let cached = pageCache[cacheKey] { return cached }
            let response = secured(run(route, RequestContext(request: request, parameters: parameters, app: self, lang: lang)))
            // A page that sets a cookie is someone's own: never kept.
            if let cacheKey, response.status == 200, response.cookies.isEmpty { pageCache[cacheKey] = response.prepared() }
            return response
        }
    }

    private func run(_ route: Route, _ context: RequestContext) -> Response {
        do {
            return try route.handler(context)
        } catch let error as HTTPError {
            return errorPage(error.status, context)
        } catch {
            logger.error("\(context.request.method) \(route.pattern) failed: \(error)")
            return errorPage(500, context)
        }
    }

    private func secured(_ response: Response) -> Response {
        var response = response
        SecurityHeaders.apply(to: &response)
        return response
    }

    /// The error page for `status` inside the layout; plain text if even that fails.
    func errorPage(_ status: Int, _ context: RequestContext) -> Response {
        let known = [400, 403, 404, 405, 413, 500]
        let key = known.contains(status) ? "error_\(status)" : "error_500"
        do {
            return try context.page(
                "errors/error", title: context.t("\(key)_title"),
                ["status": .int(status), "message": .string(context.t("\(key)_text"))], status: status)
        } catch {
            logger.error("error page \(status) failed to render: \(error)")
            return Response(status: status, contentType: "text/plain; charset=utf-8", text: "\(status)")
        }
    }
}
