import Foundation
import HTTPServer

/// Kalyna's settings. `config.json` at the top of the repository holds the
/// defaults below; `kalyna serve --config PATH` reads another file.
public struct Config: Sendable, Equatable {
    public var listenAddress = "127.0.0.1"
    public var port = 8080
    public var database = "data/kalyna.sqlite"
    public var templates = "templates"
    /// Threads that answer requests, one libmicrohttpd daemon each; 0: one per processor core, at least two
    /// (`threads`). A thread per core answers without the kernel switching
    /// between requests half-done: a busy server's slowest answers stay short.
    public var threadPoolSize = 0
    /// The threads the server runs.
    public var threads: Int { threadPoolSize > 0 ? threadPoolSize : max(2, ProcessInfo.processInfo.activeProcessorCount) }
    public var connectionLimit = 1024
    /// Connections one address may hold at once; 0 turns the limit off (behind
    /// a proxy every connection comes from the proxy, which limits per client itself).
    public var connectionsPerAddress = 64
    public var connectionTimeoutSeconds = 30
    /// Deadlines for a request's headers and body to arrive (see `ServerConfiguration`).
    public var requestHeadersSeconds = 15
    public var requestBodySeconds = 300
    public var bodyLimitBytes = 10 * 1024 * 1024
    public var sessionLifetimeMinutes = 720
    public var organisationName = "Kalyna network"
    /// The organisation's name as Russian and Ukrainian certificates print it.
    public var organisationNameRu = "Сеть «Калина»"
    public var organisationNameUk = "Мережа «Калина»"

    public func organisationName(_ lang: String) -> String {
        lang == "ru" ? organisationNameRu : lang == "uk" ? organisationNameUk : organisationName
    }
    public var defaultCurrency = "EUR"
    public var defaultLocale = "en"
    public var suppressionThreshold = 5
    public var publicBaseURL = "http://127.0.0.1:8080"
    public var logLevel = "info"
    public var grantIdPrefix = "KLN"
    /// The network's time zone (IANA name): what "today" is, when a call opens
    /// and closes (at the end of its closing day here), shown beside those dates.
    public var timeZone = "Europe/Kyiv"
    /// Whether `/thanks` lists the officers who agreed to be named.
    public var publicThanks = false
    /// Where the key that encrypts case narratives is kept (created when missing);
    /// `KALYNA_NARRATIVE_KEY` overrides it. Never inside the database.
    public var narrativeKeyFile = "data/narrative.key"
    /// Reverse proxies (IP literals) whose `X-Forwarded-For` names the client.
    /// None by default: then the socket's address is the client's.
    public var trustedProxies: [String] = []
    /// A bearer token that opens `/metrics` from elsewhere than this machine
    /// ("" = loopback only). `KALYNA_METRICS_TOKEN` overrides it.
    public var metricsToken = ""
    /// The SMTP server that delivers Kalyna's e-mail, as a URL: `smtp://host:587`
    /// (STARTTLS, required unless `smtp_tls` is false) or `smtps://host:465`
    /// (TLS from the start). "" = no e-mail: notices stay in the inbox, and
    /// one-time links are shown to copy as before. `KALYNA_SMTP_URL` overrides
    /// it; `KALYNA_SMTP_USERNAME` and `KALYNA_SMTP_PASSWORD` give the credentials.
    public var smtpURL = ""
    /// Whether an `smtp://` connection must be upgraded with STARTTLS. Only a
    /// server on this machine (a local relay) should be reached without it.
    public var smtpTLS = true
    /// A certificate authority file the SMTP server's certificate must chain
    /// to, for a server with a private CA; "" = the system's authorities.
    public var smtpCAFile = ""
    /// The sender of every message, e.g. `Kalyna <noreply@example.org>`.
    public var mailFrom = "Kalyna <noreply@localhost>"
    /// Tests only (never read from a file): a page whose template names a
    /// value the handler did not give fails with a 500 instead of showing a gap.
    public var strictTemplates = false

    public init() {}

    public static let defaults = Config()

    /// Reads a configuration file. Every key is optional (missing keys keep their
    /// default); an unknown key or a wrong value stops with a message naming the key.
    public static func load(path: String) throws -> Config {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError(key: nil, message: "cannot read \(path): \(error.localizedDescription)")
        }
        return try parse(data, source: path)
    }

    public static func parse(_ data: Data, source: String = "configuration") throws -> Config {
        guard let values = try? JSONDecoder().decode([String: JSONValue].self, from: data) else {
            throw ConfigError(key: nil, message: "\(source) is not a JSON object")
        }
        var reader = ConfigReader(values: values)
        var config = Config()
        config.listenAddress = try reader.string("listen_address", config.listenAddress)
        config.port = try reader.int("port", config.port, in: 0...65535)
        config.database = try reader.string("database", config.database)
        config.templates = try reader.string("templates", config.templates)
        config.threadPoolSize = try reader.int("thread_pool_size", config.threadPoolSize, in: 0...256)
        config.connectionLimit = try reader.int("connection_limit", config.connectionLimit, in: 1...100_000)
        config.connectionsPerAddress = try reader.int("connections_per_address", config.connectionsPerAddress, in: 0...100_000)
        config.connectionTimeoutSeconds = try reader.int("connection_timeout_seconds", config.connectionTimeoutSeconds, in: 1...3600)
        config.requestHeadersSeconds = try reader.int("request_headers_seconds", config.requestHeadersSeconds, in: 0...3600)
        config.requestBodySeconds = try reader.int("request_body_seconds", config.requestBodySeconds, in: 0...86_400)
        config.bodyLimitBytes = try reader.int("body_limit_bytes", config.bodyLimitBytes, in: 1024...(1 << 30))
        config.sessionLifetimeMinutes = try reader.int("session_lifetime_minutes", config.sessionLifetimeMinutes, in: 5...(60 * 24 * 90))
        config.organisationName = try reader.string("organisation_name", config.organisationName)
        config.organisationNameRu = try reader.string("organisation_name_ru", config.organisationNameRu)
        config.organisationNameUk = try reader.string("organisation_name_uk", config.organisationNameUk)
        config.defaultCurrency = try reader.string("default_currency", config.defaultCurrency) {
            Currency(code: $0) != nil && $0 == $0.uppercased() ? nil : "must be an ISO 4217 code such as EUR"
        }
        config.defaultLocale = try reader.string("default_locale", config.defaultLocale) {
            Language.supported.contains($0) ? nil : "must be one of \(Language.supported.joined(separator: ", "))"
        }
        // Below 3 a "<N" mark would tell a reader the count exactly (or nearly).
        config.suppressionThreshold = try reader.int("suppression_threshold", config.suppressionThreshold, in: 3...1000)
        config.publicBaseURL = try reader.string("public_base_url", config.publicBaseURL) {
            $0.hasPrefix("http://") || $0.hasPrefix("https://") ? nil : "must start with http:// or https://"
        }
        config.logLevel = try reader.string("log_level", config.logLevel) {
            ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains($0) ? nil : "must be a log level such as info"
        }
        config.grantIdPrefix = try reader.string("grant_id_prefix", config.grantIdPrefix) {
            $0.count <= 12 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } ? nil : "must be up to 12 letters or digits"
        }
        config.timeZone = try reader.string("time_zone", config.timeZone) {
            TimeZone(identifier: $0) != nil ? nil : "must be a time zone name such as Europe/Kyiv or Asia/Almaty"
        }
        config.publicThanks = try reader.bool("public_thanks", config.publicThanks)
        config.narrativeKeyFile = try reader.string("narrative_key_file", config.narrativeKeyFile)
        config.metricsToken = try reader.optionalString("metrics_token", config.metricsToken)
        config.trustedProxies = try reader.strings("trusted_proxies", config.trustedProxies) {
            ForwardedFor.isAddress($0) ? nil : "must list IP addresses such as 127.0.0.1 (\($0) is not one)"
        }
        config.smtpURL = try reader.optionalString("smtp_url", config.smtpURL)
        if !config.smtpURL.isEmpty, !(config.smtpURL.hasPrefix("smtp://") || config.smtpURL.hasPrefix("smtps://")) {
            throw ConfigError(key: "smtp_url", message: "must start with smtp:// or smtps://")
        }
        config.smtpTLS = try reader.bool("smtp_tls", config.smtpTLS)
        config.smtpCAFile = try reader.optionalString("smtp_ca_file", config.smtpCAFile)
        config.mailFrom = try reader.string("mail_from", config.mailFrom) {
            MailAddress.bare($0) != nil ? nil : "must be an e-mail address, optionally with a name: Kalyna <noreply@example.org>"
        }
        if let unknown = reader.unread.sorted().first {
            throw ConfigError(key: unknown, message: "is not a known setting")
        }
        return config
    }

    /// Applies `KALYNA_PORT` and `KALYNA_DATABASE` from the environment.
    public mutating func applyEnvironment(_ environment: [String: String]) throws {
        if let port = environment["KALYNA_PORT"] {
            guard let value = Int(port), (0...65535).contains(value) else {
                throw ConfigError(key: "KALYNA_PORT", message: "must be a port number from 0 to 65535")
            }
            self.port = value
        }
        if let database = environment["KALYNA_DATABASE"], !database.isEmpty {
            self.database = database
        }
        if let url = environment["KALYNA_SMTP_URL"] {
            guard url.isEmpty || url.hasPrefix("smtp://") || url.hasPrefix("smtps://") else {
                throw ConfigError(key: "KALYNA_SMTP_URL", message: "must start with smtp:// or smtps://")
            }
            self.smtpURL = url
        }
    }

    /// Cookies get `Secure` when the service is reached over HTTPS.
    public var secureCookies: Bool { publicBaseURL.hasPrefix("https://") }
}

public struct ConfigError: Error, CustomStringConvertible {
    public let key: String?
    public let message: String

    public var description: String {
        key.map { "configuration key '\($0)' \(message)" } ?? "configuration: \(message)"
    }
}

/// Reads typed values out of the parsed JSON, remembering which keys it used.
private struct ConfigReader {
    let values: [String: JSONValue]
    var unread: Set<String>

    init(values: [String: JSONValue]) {
        self.values = values
        self.unread = Set(values.keys)
    }

    mutating func string(_ key: String, _ fallback: String, check: (String) -> String? = { _ in nil }) throws -> String {
        unread.remove(key)
        guard let raw = values[key] else { return fallback }
        guard case .string(let value) = raw, !value.isEmpty else {
            throw ConfigError(key: key, message: "must be a non-empty string")
        }
        if let problem = check(value) { throw ConfigError(key: key, message: problem) }
        return value
    }

    /// A string that may be empty.
    mutating func optionalString(_ key: String, _ fallback: String) throws -> String {
        unread.remove(key)
        guard let raw = values[key] else { return fallback }
        guard case .string(let value) = raw else { throw ConfigError(key: key, message: "must be a string") }
        return value
    }

    mutating func strings(_ key: String, _ fallback: [String], check: (String) -> String?) throws -> [String] {
        unread.remove(key)
        guard let raw = values[key] else { return fallback }
        guard case .list(let items) = raw else { throw ConfigError(key: key, message: "must be a list of strings") }
        var result: [String] = []
        for item in items {
            guard case .string(let value) = item else { throw ConfigError(key: key, message: "must be a list of strings") }
            if let problem = check(value) { throw ConfigError(key: key, message: problem) }
            result.append(value)
        }
        return result
    }

    mutating func bool(_ key: String, _ fallback: Bool) throws -> Bool {
        unread.remove(key)
        guard let raw = values[key] else { return fallback }
        guard case .boolean(let value) = raw else { throw ConfigError(key: key, message: "must be true or false") }
        return value
    }

    mutating func int(_ key: String, _ fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        unread.remove(key)
        guard let raw = values[key] else { return fallback }
        guard case .integer(let number) = raw else {
            throw ConfigError(key: key, message: "must be a whole number")
        }
        guard range.contains(number) else {
            throw ConfigError(key: key, message: "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return number
    }
}

/// A JSON value as the configuration file may hold it; integers are told apart
/// from fractions and booleans so that a wrong type is reported, not coerced.
private enum JSONValue: Decodable {
    case string(String), integer(Int), boolean(Bool), list([JSONValue]), other

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .boolean(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .integer(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .list(items)
        } else {
            self = .other
        }
    }
}
