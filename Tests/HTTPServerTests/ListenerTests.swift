import Foundation
import HTTPServer
import Testing
import TestSupport

/// The listening socket is the server's own (the acceptor's), not libmicrohttpd's.
@Suite struct ListenerTests {
    @Test func aSecondServerOnTheSamePortRefusesToStart() throws {
        let first = try ServerHarness()
        let second = HTTPServer(configuration: ServerConfiguration(address: "127.0.0.1", port: first.server.port, threads: 2)) { _ in
            Response(status: 200, contentType: "text/plain", text: "second")
        }
        #expect(throws: HTTPServerError.self) { try second.start() }
        // The first still answers.
        #expect(try HTTPClient(port: first.server.port).get("/still").text == "GET /still")
    }

    @Test func anIPv6AddressIsListenedOnAndTheClientSeenByItsAddress() throws {
        let server = HTTPServer(configuration: ServerConfiguration(address: "::1", port: 0, threads: 2)) { request in
            Response(status: 200, contentType: "text/plain", text: request.remoteAddress)
        }
        try server.start()
        defer { server.stop(grace: .zero) }
        #expect(server.port > 0)
        let answer = try Self.getOverIPv6(port: server.port, path: "/")
        #expect(answer.status == 200 && answer.text == "::1", "\(answer.status) \(answer.text)")
    }

    @Test func anAddressThatIsNoLiteralIsRefusedWithItsReason() {
        let server = HTTPServer(configuration: ServerConfiguration(address: "localhost", port: 0, threads: 2)) { _ in
            Response(status: 200, contentType: "text/plain", text: "")
        }
        do {
            try server.start()
            Issue.record("a server started on \"localhost\"")
        } catch {
            #expect("\(error)".contains("not an IPv4 or IPv6 literal"), "\(error)")
        }
    }

    /// One request over an IPv6 loopback socket, read to the end (the server closes).
    static func getOverIPv6(port: UInt16, path: String) throws -> TestResponse {
        let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = port.bigEndian
        address.sin6_addr = in6addr_loopback
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
        #expect(connected == 0)
        let request = Array("GET \(path) HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return try TestResponse.parse(bytes)
    }
}
