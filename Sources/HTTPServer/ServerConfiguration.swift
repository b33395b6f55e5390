/// How the HTTP server listens and what it accepts.
public struct ServerConfiguration: Sendable {
    /// An IPv4 or IPv6 literal.
    public var address: String
    /// 0 picks any free port; `HTTPServer.port` then reports it.
    public var port: UInt16
    /// libmicrohttpd daemons, one thread each; each runs an epoll loop and the handlers.
    public var threads: Int
    /// Seconds of inactivity after which a connection is closed.
    public var connectionTimeout: Int
    /// Connections held open at once; more are refused.
    public var connectionLimit: Int
    /// Largest request body in bytes; larger ones are answered 413 without being kept.
    public var bodyLimit: Int
    /// Memory for one connection's request line and headers; larger headers get 431.
    public var connectionMemoryLimit: Int
    /// Connections one client address may hold at once (0: no limit). One client
    /// holding every connection open with slow headers would shut everyone out.
    public var connectionsPerAddress = 0
    /// Seconds a request's headers may take to arrive, from the connection (or
    /// the previous response on it); 0: no deadline. The inactivity timeout
    /// alone lets a client that sends one byte every few seconds keep a
    /// connection for ever.
    public var headersDeadline = 15
    /// Seconds a request's body may take to arrive once its headers are in
    /// (a 10 MB upload over a slow mobile link fits); 0: no deadline.
    public var bodyDeadline = 300
    /// Addresses of reverse proxies whose `X-Forwarded-For` is believed. A
    /// request from anywhere else keeps its socket address, whatever it sends.
    public var trustedProxies: Set<String> = []
    /// What the access log shows of a path: the application replaces secrets
    /// (one-time tokens in links) here.
    public var logPath: @Sendable (String) -> String = { $0 }

    public init(
        address: String = "127.0.0.1", port: UInt16 = 8080, threads: Int = 4,
        connectionTimeout: Int = 30, connectionLimit: Int = 1024, bodyLimit: Int = 1 << 20,
        connectionMemoryLimit: Int = 32 * 1024
    ) {
        self.address = address
        self.port = port
        self.threads = threads
        self.connectionTimeout = connectionTimeout
        self.connectionLimit = connectionLimit
        self.bodyLimit = bodyLimit
        self.connectionMemoryLimit = connectionMemoryLimit
    }
}
