import Foundation
import HTTPServer
import Testing
import TestSupport

@Suite(.serialized) struct BodyLimitTests {
    @Test func announcedOversizedBodyIsRefusedAtOnce() throws {
        let harness = try ServerHarness(bodyLimit: 1 << 20)
        let connection = try TestConnection(port: harness.server.port)
        defer { connection.close() }
        // Only the headers are sent: the answer must come without the body.
        try connection.write("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 20971520\r\n\r\n")
        let response = try TestResponse.parse(connection.readAll())
        #expect(response.status == 413)
        #expect(harness.recorder.last?.bodyError == .tooLarge)
    }

    @Test func streamedOversizedBodyIsCountedNotKept() throws {
        let harness = try ServerHarness(bodyLimit: 1 << 20)
        let before = residentMemory()
        let connection = try TestConnection(port: harness.server.port)
        defer { connection.close() }
        // Chunked, so the size is not announced: 20 MB arrive and are dropped.
        try connection.write("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        let chunk = Array("a=".utf8) + [UInt8](repeating: UInt8(ascii: "b"), count: 65533) + Array("&".utf8)
        let framed = Array(String(chunk.count, radix: 16).utf8) + [13, 10] + chunk + [13, 10]
        for _ in 0..<320 { try connection.write(framed) }
        try connection.write("0\r\n\r\n")
        let response = try TestResponse.parse(connection.readAll())
        let grown = residentMemory() - before
        #expect(response.status == 413)
        #expect(harness.recorder.last?.bodyError == .tooLarge)
        #expect(harness.recorder.last?.form.isEmpty == true)
        // 20 MB went through; the process may grow by a few buffers, not by the body.
        #expect(grown < 8 << 20, "resident memory grew by \(grown) bytes")
    }

    @Test func bodyWithinTheLimitIsKept() throws {
        let harness = try ServerHarness(bodyLimit: 1 << 20)
        let value = String(repeating: "x", count: 900_000)
        let response = try harness.client.post("/form", form: [("big", value)])
        #expect(response.status == 200)
        #expect(harness.recorder.last?.form["big"]?.count == 900_000)
    }
}
