import Foundation
import HTTPServer
import Testing
import TestSupport

@Suite(.serialized) struct ConcurrencyTests {
    @Test func fiveHundredConnectionsAtOnce() throws {
        // The default limit, 1024 over 4 threads: 256 each. With libmicrohttpd's
        // own pool, whichever thread woke first took a connection, and now and
        // then one took its 257th of the 500 and closed it.
        let harness = try ServerHarness()
        // Open all 500 first, so that they are held by the server at the same time.
        let connections = try (0..<500).map { _ in try TestConnection(port: harness.server.port) }
        defer { connections.forEach { $0.close() } }
        for (index, connection) in connections.enumerated() {
            try connection.write("GET /c/\(index) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        }
        var ok = 0
        for (index, connection) in connections.enumerated() {
            let response = try TestResponse.parse(connection.readAll())
            if response.status == 200 && response.text == "GET /c/\(index)" { ok += 1 }
        }
        #expect(ok == 500)
    }

    @Test func newConnectionsGoToTheThreadHoldingTheFewest() throws {
        let harness = try ServerHarness()
        var connections = try (0..<40).map { _ in try TestConnection(port: harness.server.port) }
        defer { connections.forEach { $0.close() } }
        #expect(eventually { harness.server.connectionsPerThread == [10, 10, 10, 10] }, "\(harness.server.connectionsPerThread)")
        // Eight close, wherever they were; the next eight fill the threads they left.
        connections.prefix(8).forEach { $0.close() }
        connections.removeFirst(8)
        #expect(eventually { harness.server.connectionCount == 32 })
        connections += try (0..<8).map { _ in try TestConnection(port: harness.server.port) }
        #expect(eventually { harness.server.connectionsPerThread == [10, 10, 10, 10] }, "\(harness.server.connectionsPerThread)")
    }

    @Test func atTheLimitANewConnectionWaitsForRoomInsteadOfBeingRefused() throws {
        // 4 over 4 threads: one each.
        let harness = try ServerHarness(connectionLimit: 4)
        let held = try (0..<4).map { _ in try TestConnection(port: harness.server.port) }
        defer { held.forEach { $0.close() } }
        #expect(eventually { harness.server.connectionsPerThread == [1, 1, 1, 1] })
        let waiting = try TestConnection(port: harness.server.port)
        defer { waiting.close() }
        try waiting.write("GET /waiting HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        // It stays in the kernel's queue, not taken on: a bounded look, as absence can only be.
        #expect(!eventually(within: 0.3) { harness.server.connectionCount > 4 })
        held[0].close()
        let response = try TestResponse.parse(waiting.readAll())
        #expect(response.status == 200 && response.text == "GET /waiting")
    }

    @Test func stopFinishesTheRequestInFlight() throws {
        let harness = try ServerHarness()
        let connection = try TestConnection(port: harness.server.port)
        defer { connection.close() }
        let body = "a=" + String(repeating: "x", count: 1000)
        try connection.write("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n")
        try connection.write(String(body.prefix(500)))
        // The one sleep left: the server shows nothing when it has read these
        // bytes, and the point is a signal that comes while a body is half read.
        Thread.sleep(forTimeInterval: 0.2)

        let stopped = DispatchSemaphore(value: 0)
        let server = harness.server
        let started = ContinuousClock.now
        Thread.detachNewThread {
            server.stop(grace: .seconds(4))
            stopped.signal()
        }
        // New connections are refused (soon after the stop began) while the request in flight goes on.
        #expect(eventually { (try? HTTPClient(port: server.port).get("/new")) == nil })
        try connection.write(String(body.dropFirst(500)))
        let response = try TestResponse.parse(connection.readAll())
        #expect(response.status == 200)
        #expect(response.text == "POST /slow")
        stopped.wait()
        #expect(ContinuousClock.now - started < .seconds(4))
    }
}
