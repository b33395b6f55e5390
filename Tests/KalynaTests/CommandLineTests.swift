import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// The `kalyna` executable as an operator uses it.
@Suite struct CommandLineTests {
    @Test func migrateCreatesTheSchema() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try Executable.run(["migrate", "--database", "db/k.sqlite"], in: directory)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("applied"))
        let second = try Executable.run(["migrate", "--database", "db/k.sqlite"], in: directory)
        #expect(second.output.contains("already up to date"))
        let database = try DatabaseQueue(path: directory + "/db/k.sqlite")
        let mode = try database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func invalidConfigurationStopsWithTheKeyNamed() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(#"{"port": "eighty"}"#.utf8).write(to: URL(fileURLWithPath: directory + "/bad.json"))
        let result = try Executable.run(["serve", "--config", "bad.json"], in: directory)
        #expect(result.status != 0)
        #expect(result.output.contains("'port' must be a whole number"))
    }

    @Test func backupWritesAConsistentCopy() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = directory + "/live.sqlite"
        let database = try AppDatabase(path: source)
        try database.migrate()
        try database.pool.write { try $0.execute(sql: "INSERT INTO setting (key, value) VALUES ('probe', 'kalyna')") }
        let result = try Executable.run(["backup", "--database", source, "copy/backup.sqlite"], in: directory)
        #expect(result.status == 0, "\(result.output)")
        let copy = try DatabaseQueue(path: directory + "/copy/backup.sqlite")
        #expect(try copy.read { try String.fetchOne($0, sql: "SELECT value FROM setting WHERE key = 'probe'") } == "kalyna")
        #expect(try copy.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        // An existing file is never overwritten.
        let again = try Executable.run(["backup", "--database", source, "copy/backup.sqlite"], in: directory)
        #expect(again.status != 0)
    }

    /// systemd or an operator may stop the server the moment it has started.
    @Test func aSigtermRightAfterStartUpStopsTheServer() throws {
        for _ in 0..<4 {
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let server = try RunningServer(directory: directory)
            defer { server.kill() }
            let signalled = ContinuousClock.now
            server.process.terminate()
            #expect(eventually(within: 10) { !server.process.isRunning }, "the signal was lost")
            #expect(ContinuousClock.now - signalled < .seconds(5))
            #expect(server.process.terminationStatus == 0)
        }
    }

    @Test func sigtermFinishesTheRequestInFlightAndExits() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try RunningServer(directory: directory)
        defer { server.kill() }
        #expect(try server.client.get("/healthz").status == 200)

        // A form post whose body is still arriving when the signal comes.
        let connection = try TestConnection(port: server.port)
        defer { connection.close() }
        let body = "note=" + String(repeating: "x", count: 2000)
        try connection.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n")
        try connection.write(String(body.prefix(1000)))
        // The one sleep left: the server shows nothing when it has read these
        // bytes, and the point is a signal that comes while a body is half read.
        Thread.sleep(forTimeInterval: 0.2)
        let signalled = ContinuousClock.now
        server.process.terminate()
        #expect(eventually { server.log.contains("signal 15 received") })
        try connection.write(String(body.dropFirst(1000)))
        let response = try TestResponse.parse(connection.readAll())
        // The route answers 405 (POST on the home page), complete and in the layout.
        #expect(response.status == 405)
        #expect(response.text.hasSuffix("</html>\n"))
        server.process.waitUntilExit()
        #expect(ContinuousClock.now - signalled < .seconds(5))
        #expect(server.process.terminationStatus == 0)
    }
}

/// `kalyna serve` in a child process on a free port.
final class RunningServer: @unchecked Sendable {
    let process = Process()
    let port: UInt16
    let output = Pipe()
    private let logLock = NSLock()
    private var logText = ""

    /// Everything the server has written to its log so far.
    var log: String { logLock.withLock { logText } }

    init(directory: String, arguments: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: Executable.path)
        process.arguments = ["serve", "--port", "0", "--database", directory + "/kalyna.sqlite"] + arguments
        // A key of the test's own, so that no key file is written into the repository.
        process.environment = ProcessInfo.processInfo.environment.merging(["KALYNA_NARRATIVE_KEY": String(repeating: "ab", count: 32)]) { _, new in new }
        process.currentDirectoryURL = URL(fileURLWithPath: TestApp.repositoryRoot)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // The log line "listening on http://127.0.0.1:PORT" tells the port.
        var seen = ""
        let deadline = ContinuousClock.now.advanced(by: .seconds(20))
        var found: UInt16?
        while found == nil, ContinuousClock.now < deadline {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
            if let match = seen.firstMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/) { found = UInt16(match.1) }
        }
        guard let found else {
            process.terminate()
            throw TestClientError.badResponse("server did not start: \(seen)")
        }
        port = found
        logText = seen
        // Keep reading, so that a full pipe never blocks the server's logging.
        let handle = output.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let data = handle.availableData
                if data.isEmpty { return }
                logLock.withLock { logText += String(decoding: data, as: UTF8.self) }
            }
        }
    }

    var client: HTTPClient { HTTPClient(port: port) }

    func kill() {
        if process.isRunning { process.terminate() }
    }
}
