import Foundation
import TestSupport

/// A real SMTP server (aiosmtpd, `tests/smtp/server.py`) on loopback for one
/// test; what it accepted is read back as a mail client would show it.
final class SMTPServer: @unchecked Sendable {
    struct Received: Decodable {
        let rcpt_tos: [String]
        let from: String
        let to: String
        let subject: String
        let message_id: String
        let content_language: String
        let auto_submitted: String
        let text: String
        let html: String
        /// Whether the message came over a connection upgraded with STARTTLS.
        let tls: Bool
    }

    let directory: String
    let port: Int
    private let process = Process()

    private let ownsDirectory: Bool

    /// A new server; or, with `reusing`, one started again on a stopped
    /// server's port and folder (the same server coming back up).
    /// With `starttls` (certificate and key files), it offers STARTTLS and takes mail only after it.
    init(reusing earlier: SMTPServer? = nil, starttls: (certificate: String, key: String)? = nil) throws {
        directory = try earlier?.directory ?? temporaryDirectory()
        ownsDirectory = earlier == nil
        process.executableURL = URL(fileURLWithPath: Self.python)
        if let starttls {
            process.environment = ProcessInfo.processInfo.environment.merging(["KALYNA_TEST_SMTP_TLS": "\(starttls.certificate):\(starttls.key)"]) { $1 }
        }
        process.arguments = [TestApp.repositoryRoot + "/tests/smtp/server.py", directory] + (earlier.map { [String($0.port)] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var seen = ""
        while !seen.contains("\n") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
        }
        guard let match = seen.firstMatch(of: /listening (\d+)/), let port = Int(match.1) else {
            process.terminate()
            throw TestClientError.badResponse("SMTP server did not start: \(seen)")
        }
        self.port = port
    }

    var url: String { "smtp://127.0.0.1:\(port)" }

    /// The interpreter `python3` names on the PATH (where `make test-deps`
    /// installed aiosmtpd), run directly so that stopping it stops the server
    /// and not a wrapper script in front of it.
    static let python: String = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; print(sys.executable)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return "/usr/bin/python3" }
        let path = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        process.waitUntilExit()
        return path.isEmpty ? "/usr/bin/python3" : path
    }()

    /// `accept`, `refuse` (451 to every recipient) or `stall` (hold each transaction open).
    func setMode(_ mode: String) throws {
        try mode.write(toFile: directory + "/mode", atomically: true, encoding: .utf8)
    }

    /// Everything received so far, in order.
    var messages: [Received] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.compactMap { Int($0.dropLast(5)) }.sorted().compactMap { n in
            (try? Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(n).json"))).flatMap { try? JSONDecoder().decode(Received.self, from: $0) }
        }
    }

    /// Messages to `address`.
    func messages(to address: String) -> [Received] {
        messages.filter { $0.rcpt_tos.contains(address) }
    }

    /// Stops it at once, as a server that goes down does.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        stop()
        if ownsDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }
}

extension TestApp {
    /// An app that sends its e-mail to `smtp`, with the sender running.
    static func mailing(to smtp: SMTPServer) throws -> TestApp {
        let test = try TestApp { config in
            config.smtpURL = smtp.url
            config.smtpTLS = false
            config.mailFrom = "Kalyna network <noreply@kalyna.test>"
        }
        test.app.startBackgroundWork(reminders: false)
        return test
    }

    func setLanguage(_ user: Int64, _ language: String) throws {
        try app.database.pool.write { try $0.execute(sql: "UPDATE user SET language = ? WHERE id = ?", arguments: [language, user]) }
    }
}
