import Foundation
import Testing
import TestSupport

@testable import Kalyna

/// What a part-time operator runs: the files in `deploy/`, checked by the tools
/// that will read them, Kalyna behind a real nginx, and `kalyna check`.
@Suite(.serialized) struct DeploymentTests {
    static let deploy = TestApp.repositoryRoot + "/deploy"

    /// Runs a program to completion; its status and everything it printed.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// `deploy/NAME` with the installation paths replaced by this checkout's.
    static func localized(_ name: String, into directory: String, replacing extra: [(String, String)] = []) throws -> String {
        var text = try String(contentsOfFile: deploy + "/" + name, encoding: .utf8)
        for (from, to) in extra + [("/opt/kalyna/kalyna", Executable.path), ("/opt/kalyna/deploy", deploy), ("/opt/kalyna", TestApp.repositoryRoot)] {
            text = text.replacingOccurrences(of: from, with: to)
        }
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theSystemdUnitsVerify() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let units = try ["kalyna.service", "kalyna-backup.service", "kalyna-backup.timer"].map { try Self.localized($0, into: directory) }
        let result = try Self.run("/usr/bin/systemd-analyze", ["verify"] + units)
        // Only the kalyna user itself may be missing on a build machine.
        let problems = result.output.split(separator: "\n").filter { !$0.contains("kalyna") || !$0.lowercased().contains("user") }
        #expect(result.status == 0, "\(result.output)")
        #expect(problems.isEmpty, "\(result.output)")
    }

    @Test func theNginxConfigurationPassesNginxItsOwnTest() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let certificate = try Self.run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=grants.example.org",
            "-keyout", directory + "/privkey.pem", "-out", directory + "/fullchain.pem",
        ])
        #expect(certificate.status == 0, "\(certificate.output)")
        _ = try Self.localized("nginx-proxy.conf", into: directory)
        let site = try Self.localized("nginx-kalyna.conf", into: directory, replacing: [
            ("/etc/kalyna/tls", directory), ("/etc/kalyna/nginx-proxy.conf", directory + "/nginx-proxy.conf"),
        ])
        let main = "pid \(directory)/nginx.pid;\nerror_log \(directory)/error.log;\nevents {}\nhttp {\n  access_log off;\n  include \(site);\n}\n"
        try main.write(toFile: directory + "/nginx.conf", atomically: true, encoding: .utf8)
        let result = try Self.run("/usr/sbin/nginx", ["-t", "-p", directory, "-c", directory + "/nginx.conf", "-e", directory + "/error.log"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("test is successful"), "\(result.output)")
    }

    /// A free TCP port on loopback.
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Debian's nginx on a loopback port, proxying to `upstream` with the
    /// deploy folder's proxy settings.
    final class Nginx {
        let process = Process()
        let port: UInt16
        let directory: String

        init(upstream: UInt16) throws {
            directory = try temporaryDirectory()
            port = try freePort()
            _ = try DeploymentTests.localized("nginx-proxy.conf", into: directory, replacing: [("127.0.0.1:8080", "127.0.0.1:\(upstream)")])
            let config = """
                pid \(directory)/nginx.pid;
                error_log \(directory)/error.log;
                daemon off;
                master_process off;
                events {}
                http {
                  access_log off;
                  client_body_temp_path \(directory)/body;
                  proxy_temp_path \(directory)/proxy;
                  server {
                    listen 127.0.0.1:\(port);
                    location / { include \(directory)/nginx-proxy.conf; }
                  }
                }
                """
            try config.write(toFile: directory + "/nginx.conf", atomically: true, encoding: .utf8)
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
            process.arguments = ["-p", directory, "-c", directory + "/nginx.conf", "-e", directory + "/error.log"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Ready when it accepts a connection.
            let deadline = ContinuousClock.now.advanced(by: .seconds(10))
            while ContinuousClock.now < deadline {
                if (try? TestConnection(port: port)) != nil { return }
                usleep(20_000)
            }
            throw TestClientError.badResponse("nginx did not start: \((try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? "")")
        }

        deinit {
            // SIGKILL: the test process's blocked signals are inherited, and nginx
            // in single-process mode then never sees a SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// One person at a loopback address of her own, through nginx.
    struct Person {
        let client: HTTPClient

        init(port: UInt16, address: String) {
            client = HTTPClient(port: port, source: address)
        }

        func signIn(_ email: String, _ password: String) throws -> Int {
            let page = try client.get("/sign-in")
            let cookie = page.header("Set-Cookie")?.split(separator: ";").first.map(String.init) ?? ""
            let csrf = Browser.csrf(in: page.text) ?? ""
            return try client.post("/sign-in", form: [("email", email), ("password", password), ("_csrf", csrf)], headers: [("Cookie", cookie)]).status
        }
    }

    @Test func behindNginxOthersFailuresNeverLockOutAndTheLogShowsWhoCame() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let password = "a long and careful password"
        let admin = try Executable.run(["create-admin", "--database", directory + "/kalyna.sqlite", "--email", "root@x.org", "--name", "Root"],
                                       in: TestApp.repositoryRoot, input: password + "\n")
        #expect(admin.status == 0, "\(admin.output)")
        try "{\"trusted_proxies\": [\"127.0.0.1\"]}".write(toFile: directory + "/config.json", atomically: true, encoding: .utf8)
        let server = try RunningServer(directory: directory, arguments: ["--config", directory + "/config.json"])
        defer { server.kill() }
        let nginx = try Nginx(upstream: server.port)
        defer { withExtendedLifetime(nginx) {} }
        // Five strangers, five wrong passwords each, against the administrator.
        for n in 2...6 {
            let stranger = Person(port: nginx.port, address: "127.0.0.\(n)")
            for attempt in 1...5 { #expect(try stranger.signIn("root@x.org", "wrong \(attempt)") == 401) }
            // The stranger's own address is what waits.
            #expect(try stranger.signIn("root@x.org", password) == 429)
        }
        // The administrator, from her own address, gets in at once.
        #expect(try Person(port: nginx.port, address: "127.0.0.20").signIn("root@x.org", password) == 303)
        // The log names each person's address, not nginx's.
        let deadline = ContinuousClock.now.advanced(by: .seconds(5))
        while !server.log.contains("127.0.0.20 POST /sign-in 303"), ContinuousClock.now < deadline { usleep(50_000) }
        #expect(server.log.contains("127.0.0.20 POST /sign-in 303"))
        #expect(server.log.contains("127.0.0.3 POST /sign-in 401"))
        #expect(!server.log.contains("127.0.0.1 POST /sign-in"))
    }

    @Test func kalynaCheckSaysWhatIsWrong() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func check(_ config: String, as user: [String] = []) throws -> (status: Int32, output: String) {
            try config.write(toFile: directory + "/config.json", atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: directory + "/config.json")
            let arguments = ["check", "--config", directory + "/config.json"]
            return user.isEmpty ? try Self.run(Executable.path, arguments) : try Self.run("/usr/bin/setpriv", user + [Executable.path] + arguments)
        }
        let templates = TestApp.repositoryRoot + "/templates"
        // A broken configuration names the key.
        let broken = try check("{\"suppression_threshold\": 2, \"templates\": \"\(templates)\"}")
        #expect(broken.status != 0)
        #expect(broken.output.contains("suppression_threshold"))
        // A database with narratives and no key.
        do {
            let test = try TestApp { $0.database = directory + "/kalyna.sqlite"; $0.narrativeKeyFile = directory + "/narrative.key" }
            try test.caseRecord(initiative: try test.initiative("A"), narrative: "Her account")
        }
        let good = "{\"database\": \"\(directory)/kalyna.sqlite\", \"narrative_key_file\": \"\(directory)/narrative.key\", \"templates\": \"\(templates)\"}"
        let fine = try check(good)
        #expect(fine.status == 0, "\(fine.output)")
        #expect(fine.output.contains("the narrative key is this database's"))
        try FileManager.default.moveItem(atPath: directory + "/narrative.key", toPath: directory + "/elsewhere.key")
        let missing = try check(good)
        #expect(missing.status != 0)
        #expect(missing.output.contains("the narrative key is missing"), "\(missing.output)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/narrative.key"), "check must not make a key")
        try FileManager.default.moveItem(atPath: directory + "/elsewhere.key", toPath: directory + "/narrative.key")
        // A folder the service cannot write (checked as an unprivileged user).
        let locked = directory + "/locked"
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory)
        let unwritable = try check("{\"database\": \"\(locked)/kalyna.sqlite\", \"narrative_key_file\": \"\(locked)/narrative.key\", \"templates\": \"\(templates)\"}",
                                   as: ["--reuid=65534", "--regid=65534", "--clear-groups"])
        #expect(unwritable.status != 0)
        #expect(unwritable.output.contains("is not writable by this user"), "\(unwritable.output)")
    }
}

/// Slow clients: connections that send their headers a byte at a time must not
/// shut the service down for everyone else.
@Suite struct SlowClientTests {
    /// Opens `count` connections from `address` that start a request and never finish it.
    static func hold(_ count: Int, from address: String, port: UInt16) -> [TestConnection] {
        (0..<count).compactMap { _ in
            guard let connection = try? TestConnection(port: port, source: address) else { return nil }
            try? connection.write("GET / HTTP/1.1\r\nHost: kalyna\r\nX-Slow: ")
            return connection
        }
    }

    @Test func oneAddressHoldingManyConnectionsLeavesRoomForEveryoneElse() throws {
        let test = try TestApp { $0.connectionsPerAddress = 16; $0.connectionLimit = 400 }
        let held = Self.hold(600, from: "127.0.0.5", port: test.server.port)
        defer { held.forEach { $0.close() } }
        let started = ContinuousClock.now
        let normal = try HTTPClient(port: test.server.port, source: "127.0.0.9").get("/")
        #expect(normal.status == 200)
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test func manyAddressesHoldingConnectionsLeaveRoomForEveryoneElse() throws {
        let test = try TestApp { $0.connectionsPerAddress = 16; $0.connectionLimit = 1024 }
        var held: [TestConnection] = []
        defer { held.forEach { $0.close() } }
        for n in 10..<60 { held += Self.hold(12, from: "127.0.1.\(n)", port: test.server.port) }
        let started = ContinuousClock.now
        for n in 0..<5 { #expect(try HTTPClient(port: test.server.port, source: "127.0.2.\(n)").get("/").status == 200) }
        #expect(ContinuousClock.now - started < .seconds(2))
    }
}

/// A request's headers and body have deadlines, not just a silence timeout: a
/// client that keeps sending a byte now and then is cut off all the same.
@Suite struct RequestDeadlineTests {
    /// Writes `byte` every 200 ms until the server has closed the connection; how long that took.
    static func trickle(_ connection: TestConnection, start: String) throws -> Duration {
        try connection.write(start)
        let began = ContinuousClock.now
        let writer = Thread {
            // Never silent for longer than 200 ms: the inactivity timeout (30 s) never fires.
            while (try? connection.write("a")) != nil, ContinuousClock.now - began < .seconds(20) { usleep(200_000) }
        }
        writer.start()
        _ = connection.readAll()  // returns when the server closes
        return ContinuousClock.now - began
    }

    @Test func headersTrickledInAreCutOffAtTheirDeadline() throws {
        let test = try TestApp { $0.requestHeadersSeconds = 1; $0.requestBodySeconds = 3 }
        let connection = try TestConnection(port: test.server.port)
        defer { connection.close() }
        let took = try Self.trickle(connection, start: "GET / HTTP/1.1\r\nHost: kalyna\r\nX-Slow: ")
        #expect(took >= .milliseconds(900) && took < .seconds(6), "\(took)")
        #expect(test.server.deadlineCuts == 1)
        // Everyone else is answered as before.
        #expect(try HTTPClient(port: test.server.port).get("/").status == 200)
    }

    @Test func aBodyTrickledInIsCutOffAtItsDeadline() throws {
        let test = try TestApp { $0.requestHeadersSeconds = 1; $0.requestBodySeconds = 2 }
        let connection = try TestConnection(port: test.server.port)
        defer { connection.close() }
        let took = try Self.trickle(connection, start: "POST /sign-in HTTP/1.1\r\nHost: kalyna\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: 100000\r\n\r\nemail=")
        // The headers arrived at once: the body's own deadline (2 s) applies, not the headers' (1 s).
        #expect(took >= .milliseconds(1900) && took < .seconds(7), "\(took)")
        #expect(test.server.deadlineCuts == 1)
        #expect(try HTTPClient(port: test.server.port).get("/").status == 200)
    }
}

/// `/metrics`: Prometheus text for an agent on the machine, or with the token.
@Suite struct MetricsTests {
    @Test func loopbackReadsTheMetricsAndAProxiedRequestNeedsTheToken() throws {
        let test = try TestApp { $0.metricsToken = "scrape-secret-123"; $0.trustedProxies = ["127.0.0.1"] }
        try test.user("olena@x.org", .reviewer)
        let browser = Browser(test)
        _ = try browser.get("/")
        _ = try browser.get("/")
        _ = try browser.get("/no-such-page")
        #expect(try browser.post("/sign-in", [("email", "olena@x.org"), ("password", "wrong")], from: "/sign-in").status == 401)
        let metrics = try test.client.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.header("Content-Type")?.hasPrefix("text/plain") == true)
        let text = metrics.text
        func value(_ line: String) -> Double? {
            text.split(separator: "\n").first { $0.hasPrefix(line + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
        }
        #expect((value("kalyna_requests_total{status=\"2xx\"}") ?? 0) >= 3)
        #expect((value("kalyna_requests_total{status=\"4xx\"}") ?? 0) >= 2)
        #expect((value("kalyna_page_cache_hits_total") ?? 0) >= 1)
        #expect(value("kalyna_sign_in_failures_total") == 1)
        #expect((value("kalyna_database_bytes") ?? 0) > 0)
        #expect(text.contains("kalyna_request_duration_seconds_bucket"))
        // Through a proxy (or from anywhere not loopback): only with the token.
        #expect(try test.client.get("/metrics", headers: [("X-Forwarded-For", "203.0.113.5")]).status == 403)
        #expect(try test.client.get("/metrics", headers: [("X-Forwarded-For", "203.0.113.5"), ("Authorization", "Bearer wrong")]).status == 403)
        #expect(try test.client.get("/metrics", headers: [("X-Forwarded-For", "203.0.113.5"), ("Authorization", "Bearer scrape-secret-123")]).status == 200)
    }
}
