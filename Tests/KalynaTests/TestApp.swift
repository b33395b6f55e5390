import Foundation
import HTTPServer
import Kalyna
import Logging
import TestSupport

/// The real application on a free port with a fresh database in a temporary
/// folder, spoken to over HTTP. Every integration test starts its own.
final class TestApp: Sendable {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    let app: App
    let server: HTTPServer
    let directory: String

    init(_ adjust: (inout Config) -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kalyna-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var config = Config.defaults
        config.port = 0
        config.database = directory + "/kalyna.sqlite"
        config.templates = Self.repositoryRoot + "/templates"
        config.narrativeKeyFile = directory + "/narrative.key"
        // Every page every test opens renders strictly: a name the template asks
        // for and the handler does not give is a failure, not a blank.
        config.strictTemplates = true
        adjust(&config)
        app = try App(config: config, logger: Logger(label: "test"))
        server = app.makeServer(accessLog: nil)
        try server.start()
    }

    var client: HTTPClient { HTTPClient(port: server.port) }

    deinit {
        server.stop(grace: .zero)
        app.stopBackgroundWork()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// The built `kalyna` executable, for tests of the command line and signals.
enum Executable {
    static var path: String {
        if let override = ProcessInfo.processInfo.environment["KALYNA_BIN"] { return override }
        return TestApp.repositoryRoot + "/.build/debug/kalyna"
    }

    /// Runs `kalyna` with `arguments` to completion; returns exit code and output.
    @discardableResult
    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:], input: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        if let input {
            let inputPipe = Pipe()
            process.standardInput = inputPipe
            try process.run()
            inputPipe.fileHandleForWriting.write(Data(input.utf8))
            try inputPipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kalyna-test-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
