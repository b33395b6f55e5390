import Foundation
import HTTPServer
import Logging
import Synchronization
import Templating

/// The application: configuration, database, templates and the route table,
/// and the one function the HTTP server calls for every request.
public final class App: Sendable {
    public let config: Config
    public let database: AppDatabase
    let templates: TemplateLibrary
    /// The templates per language with every `{{t.key}}` written in as text (pages).
    let pageTemplates: [String: TemplateLibrary]
    let catalogs: Catalogs
    /// Each language's catalog as a template value, built once.
    let catalogValues: [String: TemplateValue]
    let assets: StaticAssets
    let formats: [String: LocaleFormat]
    let router: Router
    let logger: Logger
    let pageCache = PageCache(byteLimit: 8 << 20)
    /// Choice lists built from a few tables in one language (a filter's places), kept while those tables are unchanged.
    let keptChoices = KeptValues<[(String, String)]>(capacity: 64)
    let sessions = SessionCache()
    public let clock = AppClock()
    let narratives: NarrativeBox
    /// Signs visitors' CSRF tokens.
    let visitorTokens: VisitorTokens
    let metrics = Metrics()
    /// The e-mail sender and reminder schedule, once started.
    let background = Mutex(BackgroundWork())
    /// `config.timeZone`, checked when the configuration was read.
    let timeZone: TimeZone
    /// The bearer token that opens `/metrics` from elsewhere than loopback ("" = none).
    let metricsToken: String

    /// Opens the database (running pending migrations) and loads the templates.
    public init(config: Config, logger: Logger) throws {
        self.config = config
        self.logger = logger
        self.timeZone = TimeZone(identifier: config.timeZone) ?? .gmt
        self.database = try AppDatabase(path: config.database)
        // A copy before any migration changes a database that already has data.
        let pending = try database.pendingMigrations()
        if !pending.isEmpty, pending.count < Migrations.migrator.migrations.count {
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
            let copy = config.database + ".before-migration-\(stamp).sqlite"
            try database.backup(to: copy)
            logger.notice("\(pending.count) migrations to run: the database was first copied to \(copy)")
        }
        try database.migrate()
        self.templates = try TemplateLibrary.load(directory: config.templates)
        let catalogs = try Catalogs.load(directory: config.templates + "/i18n")
        let narratives = try NarrativeBox.load(file: config.narrativeKeyFile, environment: ProcessInfo.processInfo.environment)
        try database.prepareNarratives(box: narratives, catalogs: catalogs, lang: config.defaultLocale)
        self.narratives = narratives
        self.visitorTokens = try database.pool.write { try VisitorTokens.load($0) }
        // Read inside each write that queues a notice: queued for e-mail, or inbox only.
        try database.pool.write { [config] in try NoticeStore.setMailEnabled($0, !config.smtpURL.isEmpty) }
        self.metricsToken = ProcessInfo.processInfo.environment["KALYNA_METRICS_TOKEN"] ?? config.metricsToken
        self.catalogs = catalogs
        self.catalogValues = catalogs.messages.mapValues { .object($0.mapValues { .string($0) }) }
        self.pageTemplates = catalogs.messages.mapValues { [templates] in templates.resolving("t", $0) }
        self.assets = try StaticAssets.load(directory: config.templates + "/static")
        self.formats = Dictionary(uniqueKeysWithValues: Language.supported.map { ($0, LocaleFormat(lang: $0, catalogs: catalogs)) })
        self.router = Router(routes: Routes.table)
    }

    public func makeServer(accessLog: (any AccessLog)?) -> HTTPServer {
        var configuration = ServerConfiguration(
            address: config.listenAddress, port: UInt16(config.port), threads: config.threads,
            connectionTimeout: config.connectionTimeoutSeconds, connectionLimit: config.connectionLimit,
            bodyLimit: config.bodyLimitBytes)
        configuration.trustedProxies = Set(config.trustedProxies)
        configuration.connectionsPerAddress = config.connectionsPerAddress
        configuration.headersDeadline = config.requestHeadersSeconds
        configuration.bodyDeadline = config.requestBodySeconds
        configuration.logPath = App.logPath
        return HTTPServer(configuration: configuration, accessLog: accessLog) { [self] request in
            handle(request)
        }
    }

    /// Paths that carry a one-time token.
    private static let secretPaths = ["/invitations/", "/password-reset/", "/register/confirm/"]

    /// A path as the access log may show it: one-time links lose their token
    /// (a token copied from a log would open the account).
    static func logPath(_ path: String) -> String {
        for prefix in secretPaths where path.hasPrefix(prefix) {
            return prefix + "[redacted]"
        }
        return path
    }

    /// Routes the request, runs its handler and adds the security headers. Never
    /// throws: every failure becomes an error page.
    public func handle(_ request: Request) -> Response {
        let started = ContinuousClock.now
        var cached = false
        var slid = false
        var response = respond(request, cached: &cached, slid: &slid)
        // The session moved its expiry forward: so does the browser's cookie.
        if slid, let token = request.cookies[SessionCookie.name(self)] { response.cookies.append(SessionCookie.make(token, app: self)) }
        metrics.answered(response.status, after: ContinuousClock.now - started, cached: cached)
        return response
    }

    private func respond(_ request: Request, cached: inout Bool, slid: inout Bool) -> Response {
        // Read before anything else is: a page rendered from older data is then never taken for newer.
        let generation = database.changes.dataGeneration
        let now = clock.now
        let signedIn = currentSession(request, now: now, slid: &slid)
        let lang = Language.negotiate(
            choice: request.cookies[LanguageSet.cookieName] ?? signedIn?.user.language,
            acceptLanguage: request.header("accept-language"), fallback: config.defaultLocale)
        func context(_ parameters: [String: String] = [:]) -> RequestContext {
            RequestContext(request: request, parameters: parameters, app: self, lang: lang, signedIn: signedIn, generation: generation)
        }
        switch request.bodyError {
        case .tooLarge:
            if case .found(let route, let parameters) = router.match(method: request.method, path: request.path),
                let tooLarge = route.tooLarge, route.access.allows(signedIn?.user.role)
            {
                return secured(run(route, context(parameters), handler: tooLarge))
            }
            return secured(errorPage(413, context()))
        case .malformed: return secured(errorPage(400, context()))
        case nil: break
        }
        switch router.match(method: request.method, path: request.path) {
        case .notFound:
            return secured(errorPage(404, context()))
        case .methodNotAllowed(let allowed):
            var response = errorPage(405, context())
            response.setHeader("Allow", allowed.joined(separator: ", "))
            return secured(response)
        case .found(let route, let parameters):
            // A read the route allows needs no further check (`refuse` checks the
            // rest): a kept page then goes out without a context being made for it.
            let allowedRead = (request.method == "GET" || request.method == "HEAD") && route.access.allows(signedIn?.user.role)
            let checked = allowedRead ? nil : context(parameters)
            if let checked, let refusal = refuse(route, checked) { return secured(refusal) }
            // Cached pages are kept with their headers, ready to send.
            let cacheKey = route.cacheable ? PageCache.key(for: request, lang: lang, sessionHash: signedIn?.session.tokenHash) : nil
            guard let cacheKey else { return secured(Self.compressed(run(route, checked ?? context(parameters)), for: request)) }
            let gzip = Gzip.isAccepted(by: request.header("accept-encoding"))
            switch pageCache.lookup(cacheKey, generation: generation, now: now, gzip: gzip) {
            case .hit(let kept):
                cached = true
                return kept
            case .follow(let flight):
                return flight.wait(gzip: gzip) ?? secured(run(route, context(parameters)))
            case .lead(let flight):
                let context = context(parameters)
                let response = secured(run(route, context))
                // A visitor's page that carries her CSRF token is hers alone.
                let shareable = signedIn != nil || !context.anonymousCSRF.handedOut
                return pageCache.land(
                    flight, response: response, key: cacheKey, now: now, gzip: gzip, keep: shareable, audience: signedIn == nil ? .visitors : .session)
            }
        }
    }

    /// The route's rule, then the CSRF token of every state-changing request.
    /// A visitor who must sign in is sent to the sign-in page (GET) or refused.
    private func refuse(_ route: Route, _ context: RequestContext) -> Response? {
        let request = context.request
        let isRead = request.method == "GET" || request.method == "HEAD"
        // Through `signedIn`, not `context.user`: that copies the user, on every request.
        let visitor = context.signedIn == nil
        if !route.access.allows(context.signedIn?.user.role) {
            if visitor && isRead {
                return .redirect(to: "/sign-in?next=" + percentEncode(request.path))
            }
            if visitor && route.keepsWork, let kept = SessionResume.offer(context) { return kept }
            return errorPage(403, context)
        }
        if !isRead {
            // A visitor's token counts only if the server made it.
            let visitorToken = request.cookies[AnonymousCSRF.cookieName(self)].flatMap { visitorTokens.isGenuine($0) ? $0 : nil }
            let expected = context.signedIn?.session.csrfToken ?? visitorToken
            guard let sent = request.form["_csrf"].flatMap(CSRFMask.unmask) else { return errorPage(403, context) }
            guard let expected, Tokens.equal(expected, sent) else {
                // A page she opened before signing in again carries her earlier session's token.
                if route.keepsWork, let user = context.user?.id,
                    (try? database.pool.read({ try SessionStore.isOwn($0, user: user, csrfToken: sent, now: context.now) })) == true
                {
                    return nil
                }
                return errorPage(403, context)
            }
        }
        return nil
    }

    /// The session behind the cookie, if it is live and its user active: from
    /// the session cache while no session or user has changed, else read.
    private func currentSession(_ request: Request, now: Date, slid: inout Bool) -> RequestContext.SignedIn? {
        guard let token = request.cookies[SessionCookie.name(self)], token.utf8.count == 43 else { return nil }
        let generation = database.changes.authGeneration
        do {
            let signedIn: RequestContext.SignedIn
            if let kept = sessions.find(token, generation: generation, now: now) {
                signedIn = kept
            } else {
                let tokenHash = Tokens.hash(token)
                guard let (session, user) = try database.pool.read({ try SessionStore.find($0, tokenHash: tokenHash, now: now) }) else {
                    return nil
                }
                signedIn = RequestContext.SignedIn(user: user, session: session)
                sessions.keep(signedIn, token: token, generation: generation, now: now)
            }
            if now.timeIntervalSince(signedIn.session.refreshedAt) > 60 {
                // The write moves the generation, so the next request reads the slid session.
                try database.pool.write { try SessionStore.refreshIfDue($0, signedIn.session, lifetime: sessionLifetime, now: now) }
                slid = true
            }
            return signedIn
        } catch {
            logger.error("session lookup failed: \(error)")
            return nil
        }
    }

    var sessionLifetime: TimeInterval { TimeInterval(config.sessionLifetimeMinutes * 60) }

    private func run(_ route: Route, _ context: RequestContext, handler: Handler? = nil) -> Response {
        do {
            return try (handler ?? route.handler)(context)
        } catch let error as HTTPError {
            return errorPage(error.status, context)
        } catch let refusal as RecordRefusal {
            return errorPage(refusal == .missing ? 404 : refusal == .forbidden ? 403 : 409, context)
        } catch let redirect as Redirect {
            var response = Response.redirect(to: redirect.location)
            response.cookies = redirect.cookies
            return response
        } catch {
            logger.error("\(context.request.method) \(route.pattern) failed: \(error)")
            return errorPage(500, context)
        }
    }

    /// A page rendered for this request alone (a form, a re-rendered error)
    /// goes out gzipped when over 1 KB and the browser takes gzip; kept pages
    /// are compressed once in `PageCache`. Tokens in pages are masked afresh
    /// each time (`CSRFMask`), so compression cannot be made to reveal them.
    static func compressed(_ response: Response, for request: Request) -> Response {
        guard case .bytes(let body) = response.body, body.count >= 1024, response.header("Content-Encoding") == nil,
            response.header("Content-Type")?.hasPrefix("text/html") == true
        else { return response }
        var response = response
        response.setHeader("Vary", "Accept-Encoding")
        guard Gzip.isAccepted(by: request.header("accept-encoding")), let packed = Gzip.compress(body, level: 4) else { return response }
        response.setHeader("Content-Encoding", "gzip")
        response.body = .bytes(packed)
        return response
    }

    private func secured(_ response: Response) -> Response {
        var response = response
        SecurityHeaders.apply(to: &response)
        return response
    }

    /// The error page for `status` inside the layout; plain text if even that fails.
    func errorPage(_ status: Int, _ context: RequestContext) -> Response {
        do {
            let page = ErrorPage(status: status)
            return try context.page(page, title: context.t("\(page.key)_title"), status: status)
        } catch {
            logger.error("error page \(status) failed to render: \(error)")
            return Response(status: status, contentType: "text/plain; charset=utf-8", text: "\(status)")
        }
    }
}
