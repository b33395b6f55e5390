import Foundation
import HTTPServer
import Synchronization
import TestSupport

/// Keeps every request the handler saw.
final class Recorder: Sendable {
    let requests = Mutex<[Request]>([])
    var all: [Request] { requests.withLock { $0 } }
    var last: Request? { all.last }
}

/// Starts an HTTPServer on a free port; by default the handler answers 200, or
/// 413 / 400 for bodies that were too large or malformed.
final class ServerHarness: Sendable {
    let server: HTTPServer
    let recorder = Recorder()

    init(bodyLimit: Int = 1 << 20, connectionLimit: Int = 1024, respond: (@Sendable (Request) -> Response)? = nil) throws {
        let configuration = ServerConfiguration(
            address: "127.0.0.1", port: 0, threads: 4, connectionTimeout: 10,
            connectionLimit: connectionLimit, bodyLimit: bodyLimit)
        let recorder = recorder
        let answer = respond ?? Self.defaultAnswer
        server = HTTPServer(configuration: configuration) { request in
            recorder.requests.withLock { $0.append(request) }
            return answer(request)
        }
        try server.start()
    }

    static func defaultAnswer(_ request: Request) -> Response {
        let status = switch request.bodyError {
        case .tooLarge: 413
        case .malformed: 400
        case nil: 200
        }
        return Response(status: status, contentType: "text/plain", text: "\(request.method) \(request.path)")
    }

    var client: HTTPClient { HTTPClient(port: server.port) }

    deinit { server.stop(grace: .zero) }
}

/// This process's resident memory in bytes (Linux).
func residentMemory() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}
