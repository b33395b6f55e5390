import CMHDHelpers
import CMicroHTTPD
import Foundation
import Synchronization

/// The application's entry point: a synchronous function called on a pool thread.
public typealias RequestHandler = @Sendable (Request) -> Response

public enum HTTPServerError: Error, CustomStringConvertible {
    case cannotStart(String)

    public var description: String {
        switch self {
        case .cannotStart(let reason): "cannot start the HTTP server: \(reason)"
        }
    }
}

/// Where the server writes one line per answered request. Not swift-log: a
/// line per request through its machinery cost a tenth of a kept page's time.
public protocol AccessLog: Sendable {
    /// `path` as `ServerConfiguration.logPath` shows it.
    func record(client: String, method: String, path: String, status: Int, microseconds: Int)
}

/// libmicrohttpd daemons, one epoll thread each, fed by one acceptor that gives
/// every new connection to the daemon holding the fewest (`CMHDHelpers.c` says
/// why); they read whole requests, hand them to one handler and send back its
/// response.
public final class HTTPServer: Sendable {
    public let configuration: ServerConfiguration
    let handler: RequestHandler
    let accessLog: (any AccessLog)?
    /// Requests whose headers have arrived and whose response is not yet fully sent.
    let inFlight = Atomic<Int>(0)
    private let handle = Mutex<ServerHandle?>(nil)
    private let boundPort = Atomic<UInt16>(0)

    public init(configuration: ServerConfiguration, accessLog: (any AccessLog)? = nil, handler: @escaping RequestHandler) {
        self.configuration = configuration
        self.accessLog = accessLog
        self.handler = handler
    }

    /// The port the server listens on (meaningful after `start`).
    public var port: UInt16 { boundPort.load(ordering: .relaxed) }

    public func start() throws {
        var failure: UnsafePointer<CChar>?
        // The daemons hold an unretained pointer to self; `stop` ends them
        // before the owner can let go of the server.
        let me = Unmanaged.passUnretained(self).toOpaque()
        let started = configuration.address.withCString { address in
            kalyna_mhd_start(
                address, configuration.port, UInt32(configuration.threads),
                UInt32(configuration.connectionTimeout), UInt32(configuration.connectionLimit), UInt32(max(0, configuration.connectionsPerAddress)),
                configuration.connectionMemoryLimit,
                UInt32(max(0, configuration.headersDeadline)), UInt32(max(0, configuration.bodyDeadline)),
                unsafeBitCast(accessCallback, to: UnsafeMutableRawPointer.self), me,
                unsafeBitCast(completedCallback, to: UnsafeMutableRawPointer.self), me,
                &failure)
        }
        guard let started else {
            throw HTTPServerError.cannotStart(failure.map { String(cString: $0) } ?? "unknown reason")
        }
        handle.withLock { $0 = ServerHandle(pointer: started) }
        boundPort.store(kalyna_mhd_bound_port(started), ordering: .relaxed)
    }

    /// Stops accepting connections, lets the requests in flight finish (for at
    /// most `grace`), then closes every connection.
    public func stop(grace: Duration = .seconds(4)) {
        guard let running = handle.withLock({ d -> UnsafeMutableRawPointer? in
            defer { d = nil }
            return d?.pointer
        }) else { return }
        guard grace > .zero else {
            kalyna_mhd_stop(running)
            return
        }
        // New connections are refused at once; those open go on.
        kalyna_mhd_quiesce(running)
        let deadline = ContinuousClock.now.advanced(by: grace)
        while inFlight.load(ordering: .acquiring) > 0, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        kalyna_mhd_stop(running)
    }

    /// Connections shut down so far for not sending their request in time.
    public var deadlineCuts: Int {
        handle.withLock { d in d.map { Int(kalyna_mhd_deadline_cuts($0.pointer)) } ?? 0 }
    }

    /// Connections currently open (idle keep-alive ones included).
    public var connectionCount: Int { connectionsPerThread.reduce(0, +) }

    /// The connections each thread holds open, in the threads' order.
    public var connectionsPerThread: [Int] {
        handle.withLock { h in
            guard let h else { return [] }
            var counts = [UInt32](repeating: 0, count: max(1, configuration.threads))
            let n = counts.withUnsafeMutableBufferPointer { kalyna_mhd_connection_counts(h.pointer, $0.baseAddress, UInt32($0.count)) }
            return counts.prefix(Int(n)).map(Int.init)
        }
    }

    deinit {
        stop(grace: .zero)
    }
}

/// The server's handle (`kalyna_mhd_start`); the calls made on it are thread-safe.
private struct ServerHandle: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
}
