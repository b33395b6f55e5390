import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A deliberately plain HTTP/1.1 client for tests: one request per connection,
/// bytes exactly as given (so tests can also send malformed requests), no
/// redirects followed and no cookies kept unless the test passes them.
public struct TestResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public func headers(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }
}

public enum TestClientError: Error {
    case connect(Int32), write, badResponse(String)
}

public struct HTTPClient: Sendable {
    public let port: UInt16
    /// The loopback address connections come from (127.0.0.2, …: another "person").
    public let source: String?

    public init(port: UInt16, source: String? = nil) {
        self.port = port
        self.source = source
    }

    public func get(_ path: String, headers: [(String, String)] = []) throws -> TestResponse {
        try send(method: "GET", path: path, headers: headers)
    }

    /// Posts a URL-encoded form.
    public func post(_ path: String, form: [(String, String)], headers: [(String, String)] = []) throws -> TestResponse {
        let body = form.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try send(
            method: "POST", path: path, headers: headers + [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(body.utf8))
    }

    public func send(method: String, path: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> TestResponse {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        return try raw(Array(head.utf8) + body)
    }

    /// Sends `bytes` as they are and reads the whole answer.
    public func raw(_ bytes: [UInt8]) throws -> TestResponse {
        let connection = try TestConnection(port: port, source: source)
        defer { connection.close() }
        try connection.write(bytes)
        return try TestResponse.parse(connection.readAll())
    }

    public static func encode(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

extension TestResponse {
    public static func parse(_ bytes: [UInt8]) throws -> TestResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else {
            throw TestClientError.badResponse(String(decoding: bytes.prefix(200), as: UTF8.self))
        }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw TestClientError.badResponse(lines[0])
        }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return TestResponse(status: status, headers: headers, body: Array(bytes[(end + 4)...]))
    }
}

/// A TCP connection to the server under test, for tests that need to hold one
/// open, write slowly or write garbage.
public final class TestConnection: Sendable {
    /// The socket, -1 once closed. Closing twice must not close a descriptor
    /// number that the process has since given to something else: the servers
    /// under test run in this process, and closing one of their sockets aborts it.
    private let descriptor: Atomic<Int32>
    private var fd: Int32 { descriptor.load(ordering: .acquiring) }

    public init(port: UInt16, source: String? = nil) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError.connect(errno) }
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                let error = errno
                Glibc.close(fd)
                throw TestClientError.connect(error)
            }
        }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let error = errno
            Glibc.close(fd)
            throw TestClientError.connect(error)
        }
        descriptor = Atomic(fd)
    }

    public func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw TestClientError.write }
            sent += n
        }
    }

    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Reads until the server closes the connection (or the 30 s timeout).
    public func readAll() -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            result.append(contentsOf: buffer[0..<n])
        }
        return result
    }

    /// Closes the socket; closing again does nothing.
    public func close() {
        let fd = descriptor.exchange(-1, ordering: .acquiringAndReleasing)
        if fd >= 0 { Glibc.close(fd) }
    }
}

/// Waits until `condition` holds, looking every few milliseconds, for at most
/// `seconds`; whether it came to hold. For tests that wait on something another
/// process or thread does: never a fixed sleep, which is either too short on a
/// loaded machine or longer than needed.
@discardableResult
public func eventually(within seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(5_000)
    }
    return try condition()
}
