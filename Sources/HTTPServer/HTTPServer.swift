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

/// A libmicrohttpd daemon (epoll, internal thread pool) that reads whole requests,
/// hands them to one handler and sends back its response.
public final class HTTPServer: Sendable {
    public let configuration: ServerConfiguration
    let handler: RequestHandler
    let accessLog: (any AccessLog)?
    /// Requests whose headers have arrived and whose response is not yet fully sent.
    let inFlight = Atomic<Int>(0)
    private let daemon = Mutex<DaemonHandle?>(nil)
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
        // The daemon holds an unretained pointer to self; `stop` ends the daemon
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
        daemon.withLock { $0 = DaemonHandle(pointer: started) }
        boundPort.store(kalyna_mhd_bound_port(started), ordering: .relaxed)
    }

    /// Stops accepting connections, lets the requests in flight finish (for at
    /// most `grace`), then closes every connection.
    public func stop(grace: Duration = .seconds(4)) {
        guard let running = daemon.withLock({ d -> UnsafeMutableRawPointer? in
            defer { d = nil }
            return d?.pointer
        }) else { return }
        // Without a grace period there is nothing to drain: stop at once, without
        // quiescing. Quiescing a thread-pool epoll daemon still aborted a test run
        // once ("Failed to remove listen FD from epoll set", from a worker thread,
        // after the fix above it), most likely the quiescing thread and a worker
        // both taking the listen socket out of that worker's epoll set.
        guard grace > .zero else {
            kalyna_mhd_stop(running)
            return
        }
        let socket = MHD_quiesce_daemon(OpaquePointer(running))
        // New connections are refused at once (on Linux a listening socket shut
        // down stops accepting), while the descriptor stays valid; see below.
        if socket >= 0 { _ = shutdown(socket, Int32(SHUT_RDWR)) }
        let deadline = ContinuousClock.now.advanced(by: grace)
        while inFlight.load(ordering: .acquiring) > 0, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        kalyna_mhd_stop(running)
        // Only now: each worker thread takes the quiesced socket out of its epoll
        // set in its own time, and libmicrohttpd aborts the process ("Failed to
        // remove listen FD from epoll set") if it was closed before (its manual:
        // close it after MHD_stop_daemon).
        if socket >= 0 { close(socket) }
    }

    /// Connections shut down so far for not sending their request in time.
    public var deadlineCuts: Int {
        daemon.withLock { d in d.map { Int(kalyna_mhd_deadline_cuts($0.pointer)) } ?? 0 }
    }

    /// Connections currently open (idle keep-alive ones included).
    public var connectionCount: Int {
        daemon.withLock { d in d.map { Int(kalyna_mhd_connection_count($0.pointer)) } ?? 0 }
    }

    deinit {
        stop(grace: .zero)
    }
}

/// The daemon pointer; libmicrohttpd's calls on it are thread-safe.
private struct DaemonHandle: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
}
