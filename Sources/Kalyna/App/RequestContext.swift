import Foundation
import GRDB
import HTTPServer

/// What a handler gets: the request, its path parameters, the application, the
/// signed-in user (if any) and the language the page is to be written in.
public struct RequestContext {
    public let request: Request
    public let parameters: [String: String]
    public let app: App
    public let lang: String
    /// The signed-in user and her session; nil for a visitor.
    public let signedIn: SignedIn?
    /// The data generation when the request began (see `ChangeTracker`).
    let generation: UInt64
    let anonymousCSRF: AnonymousCSRF

    /// A class: it is passed along every request, and one reference is
    /// cheaper to hand on than the user's and session's many strings.
    public final class SignedIn: Sendable {
        public let user: User
        public let session: Session
        public var id: Int64 { user.id ?? 0 }

        public init(user: User, session: Session) {
            self.user = user
            self.session = session
        }
    }

    init(request: Request, parameters: [String: String], app: App, lang: String, signedIn: SignedIn?, generation: UInt64) {
        self.request = request
        self.generation = generation
        self.parameters = parameters
        self.app = app
        self.lang = lang
        self.signedIn = signedIn
        self.anonymousCSRF = AnonymousCSRF(existing: request.cookies[AnonymousCSRF.cookieName(app)], tokens: app.visitorTokens)
    }

    public var user: User? { signedIn?.user }
    /// Whether the signed-in user is programme staff (`Role.isProgrammeStaff`).
    public var isProgrammeStaff: Bool { user?.role.isProgrammeStaff ?? false }
    public var now: Date { app.clock.now }
    /// Today in the network's time zone (`time_zone`): the day calls open and close by.
    public var today: CalendarDate { CalendarDate(now, in: app.timeZone) }

    /// A moment as the network reads it: "2 December 2026, 14:05 (Europe/Kyiv)".
    public func localTime(_ moment: Date) -> String {
        let zone = app.timeZone
        let seconds = Int(moment.timeIntervalSince1970) + zone.secondsFromGMT(for: moment)
        let minutes = ((seconds % 86400) + 86400) % 86400 / 60
        let clock = String(format: "%02d:%02d", minutes / 60, minutes % 60)
        return "\(format.date(CalendarDate(moment, in: zone))), \(clock) (\(app.config.timeZone))"
    }
    /// What the Store keeps between requests (list totals, vocabularies), as of this request.
    var kept: KeptReads { KeptReads(database: app.database, generation: generation, now: now) }

    /// A choice list made from `tables` in this page's language, kept while they are unchanged.
    func keptChoices(_ key: String, tables: [String], make: () -> [(String, String)]) -> [(String, String)] {
        app.keptChoices.value(key + "/" + lang, tables: tables, generation: generation, tracker: app.database.changes, now: now, compute: make)
    }

    public var format: LocaleFormat { app.formats[lang] ?? LocaleFormat(lang: lang, catalogs: app.catalogs) }

    /// A message from the catalog in the page's language.
    /// `key` for `count` things, in this language's plural form (`PluralRule`).
    public func t(_ key: String, count: Int, _ arguments: [String: String] = [:]) -> String {
        app.catalogs.plural(key, count: count, lang, formatted: format.number(count), arguments)
    }

    public func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        app.catalogs.text(key, lang, arguments)
    }

    /// An integer path parameter such as `:id`, or 404.
    public func id(_ name: String = "id") throws -> Int64 {
        guard let text = parameters[name], let value = Int64(text), value > 0 else { throw HTTPError.notFound }
        return value
    }

    /// The token every state-changing form carries: the session's when signed
    /// in, else a token in a cookie of its own (set with the page that needs it);
    /// masked afresh at each call (see `CSRFMask`).
    public func csrfToken() -> String {
        CSRFMask.mask(signedIn?.session.csrfToken ?? anonymousCSRF.token())
    }

    /// The signed-in user, or 403 (routes declare who may come; this is for
    /// handlers shared by several kinds of user).
    public func requireUser() throws -> User {
        guard let user else { throw HTTPError.forbidden }
        return user
    }

    /// Runs `body` in a read transaction: one consistent view of the data.
    /// Handlers pass the `db` on to `Store` functions and never query it themselves.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try app.database.pool.read(body)
    }

    /// Runs `body` in the write transaction: every check that guards the write
    /// is made inside it, and a thrown error commits nothing.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try app.database.pool.write(body)
    }

    /// A `?page=N` number, 1 or more.
    public var pageNumber: Int { max(1, Int(request.query["page"] ?? "") ?? 1) }
}

/// A visitor's CSRF token: read from her cookie, or made on first use so that
/// pages without forms stay free of cookies (and cacheable).
final class AnonymousCSRF {
    static let baseName = "csrf"
    static func cookieName(_ app: App) -> String { CookieName.prefixed(baseName, app) }
    private let existing: String?
    private let tokens: VisitorTokens
    private(set) var minted: String?
    /// Whether the page asked for the token: such a page is this visitor's own
    /// (her token is on it), never to be kept for everyone.
    private(set) var handedOut = false

    /// A cookie the server did not sign is ignored: a new token replaces it.
    init(existing: String?, tokens: VisitorTokens) {
        self.tokens = tokens
        self.existing = existing.flatMap { tokens.isGenuine($0) ? $0 : nil }
    }

    func token() -> String {
        handedOut = true
        if let existing { return existing }
        if let minted { return minted }
        let token = tokens.make()
        minted = token
        return token
    }
}
