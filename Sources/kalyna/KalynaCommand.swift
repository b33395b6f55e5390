import ArgumentParser
import CHeap
import Foundation
import HTTPServer
import Kalyna
import Logging

@main
struct KalynaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kalyna",
        abstract: "Small grants, case documentation and officer recognition for a network of women's initiatives.",
        version: AppInfo.version,
        subcommands: [Serve.self, Migrate.self, Backup.self, CreateAdmin.self, Demo.self, RotateNarrativeKey.self, Check.self, Remind.self],
        defaultSubcommand: Serve.self)
}

/// Options every command shares: which configuration and database to use.
struct ConfigOptions: ParsableArguments {
    @Option(help: "Configuration file (default: ./config.json when present, else the built-in defaults).")
    var config: String?

    @Option(help: "Database file; overrides the configuration and KALYNA_DATABASE.")
    var database: String?

    /// The file's settings, then the environment's, then the command line's.
    func load(port: Int? = nil) throws -> Config {
        var result: Config
        if let config {
            result = try Config.load(path: config)
        } else if FileManager.default.fileExists(atPath: "config.json") {
            result = try Config.load(path: "config.json")
        } else {
            result = Config.defaults
        }
        try result.applyEnvironment(ProcessInfo.processInfo.environment)
        if let port { result.port = port }
        if let database { result.database = database }
        return result
    }
}

/// Log lines go to standard error, at the configured level.
func startLogging(level: String) -> Logger {
    let threshold = Logger.Level(rawValue: level) ?? .info
    LoggingSystem.bootstrap { label in LineLogHandler(label: label, level: threshold) }
    return Logger(label: "kalyna")
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web server (the default command).")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Port to listen on (0 = any free port); overrides the configuration and KALYNA_PORT.")
    var port: Int?

    func run() throws {
        // Before any thread starts: a stop signal sent during start-up then waits for us.
        Signals.holdTermination()
        if let port, !(0...65535).contains(port) {
            throw ValidationError("--port must be between 0 and 65535")
        }
        let config = try options.load(port: port)
        let logger = startLogging(level: config.logLevel)
        // glibc gives each busy thread a heap of its own (up to 8 per core); pages
        // rendered on one thread and freed on another then leave memory behind.
        // Two heaps hold the server's memory steady at no measurable cost in speed.
        _ = kalyna_limit_heaps(2)
        let app = try App(config: config, logger: logger)
        if try !AdministratorCreate.exists(database: app.database) {
            logger.notice("No administrator yet. Create one with: kalyna create-admin --email EMAIL --name NAME")
        }
        // Access lines are at the info level: a server logging only warnings writes none.
        let server = app.makeServer(accessLog: (Logger.Level(rawValue: config.logLevel) ?? .info) <= .info ? LineAccessLog(sink: .standardError) : nil)
        try server.start()
        app.startBackgroundWork()
        logger.notice("Kalyna \(AppInfo.version) listening on http://\(config.listenAddress):\(server.port) (database \(config.database), \(config.threads) threads)")
        LogSink.standardError.flush()
        let signal = Signals.waitForTermination()
        logger.info("signal \(signal) received: finishing requests in flight")
        server.stop(grace: .seconds(4))
        app.stopBackgroundWork()
        logger.info("stopped")
        LogSink.standardError.flush()
    }
}

struct Remind: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write today's reminders (reports due and late, tranches, reviews, drafts).",
        discussion: "The server does this itself every hour; this is for operators who prefer a timer. Safe to run any number of times: a reminder is never written twice. A running server sends the e-mails.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = try options.load()
        let logger = startLogging(level: config.logLevel)
        let app = try App(config: config, logger: logger)
        let written = try app.remind()
        print("\(written) new reminders")
        LogSink.standardError.flush()
    }
}

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = try options.load()
        let logger = startLogging(level: config.logLevel)
        let database = try AppDatabase(path: config.database)
        let pending = try database.pendingMigrations()
        try database.migrate()
        // With the key at hand, text typed before the vocabularies is sealed now.
        _ = try database.prepareNarratives(config: config)
        logger.info("\(config.database): \(pending.isEmpty ? "already up to date" : "applied \(pending.joined(separator: ", "))")")
        LogSink.standardError.flush()
    }
}

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the database to FILE, also while the server runs.")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "Where to write the copy.")
    var file: String

    @Flag(help: "Do nothing (and succeed) when there is no database yet, as before the first start.")
    var ifExists = false

    func run() throws {
        let config = try options.load()
        let logger = startLogging(level: config.logLevel)
        if ifExists && !FileManager.default.fileExists(atPath: config.database) {
            logger.info("no database at \(config.database) yet: nothing to back up")
            LogSink.standardError.flush()
            return
        }
        guard !FileManager.default.fileExists(atPath: file) else {
            throw ValidationError("\(file) exists already; choose a new file name")
        }
        let database = try AppDatabase(path: config.database)
        try database.backup(to: file)
        logger.info("backed up \(config.database) to \(file)")
        LogSink.standardError.flush()
    }
}

struct CreateAdmin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-admin",
        abstract: "Create an administrator. The password is asked for, or read from standard input when it is not a terminal.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "The administrator's email (her sign-in name).")
    var email: String

    @Option(help: "The administrator's name.")
    var name: String

    func run() throws {
        let config = try options.load()
        let logger = startLogging(level: config.logLevel)
        let database = try AppDatabase(path: config.database)
        try database.migrate()
        guard let password = readPassword() else { throw ValidationError("no password given") }
        do {
            try AdministratorCreate.run(database: database, email: email, name: name, password: password)
        } catch let failure as AdministratorCreate.Failure {
            throw ValidationError(failure.description)
        }
        logger.notice("administrator \(email.lowercased()) created")
        LogSink.standardError.flush()
    }

    /// From the terminal without echo (asked twice), or the first line of standard input.
    private func readPassword() -> String? {
        guard isatty(STDIN_FILENO) == 1 else { return readLine(strippingNewline: true) }
        func ask(_ prompt: String) -> String? {
            print(prompt, terminator: "")
            fflush(nil)
            var settings = termios()
            tcgetattr(STDIN_FILENO, &settings)
            var silent = settings
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &silent)
            defer {
                tcsetattr(STDIN_FILENO, TCSANOW, &settings)
                print("")
            }
            return readLine(strippingNewline: true)
        }
        guard let first = ask("Password: "), let second = ask("Password again: ") else { return nil }
        guard first == second else {
            print("The passwords differ.")
            return nil
        }
        return first
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a realistic, fictional database to explore every page (or, with --scale, to benchmark on).")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Multiply the volume: 1 gives about 20 initiatives and 1,000 cases; 100 about 100,000 cases.")
    var scale: Int = 1

    func run() throws {
        guard (1...1000).contains(scale) else { throw ValidationError("--scale must be between 1 and 1000") }
        let config = try options.load()
        _ = startLogging(level: config.logLevel)
        let database = try AppDatabase(path: config.database)
        try database.migrate()
        let narratives = try database.prepareNarratives(config: config)
        let started = ContinuousClock.now
        let summary = try DemoData.build(database: database, narratives: narratives, scale: scale)
        print("Demo data in \(config.database) (\(ContinuousClock.now - started)):")
        for (table, count) in summary.counts { print("  \(table): \(count)") }
        print("Sign in with any of these, password \(summary.password):")
        for account in summary.accounts { print("  \(account.role): \(account.email)") }
        print("(coordinatorN@ and documenterN@demo.kalyna exist for every initiative N.)")
    }
}

struct RotateNarrativeKey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-narrative-key",
        abstract: "Re-encrypt every case narrative under a new key, in one transaction, and replace the key file.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = try options.load()
        let logger = startLogging(level: config.logLevel)
        let database = try AppDatabase(path: config.database)
        try database.migrate()
        let old = try database.prepareNarratives(config: config)
        let new = NarrativeBox.generate()
        // The new key is on disk before any narrative depends on it.
        let next = config.narrativeKeyFile + ".next"
        try new.write(to: next)
        let moved: Int
        do {
            moved = try database.rotateNarrativeKey(from: old, to: new)
        } catch {
            try? FileManager.default.removeItem(atPath: next)
            throw error
        }
        if ProcessInfo.processInfo.environment["KALYNA_NARRATIVE_KEY"] != nil {
            logger.notice("\(moved) narratives re-encrypted. KALYNA_NARRATIVE_KEY is set: replace its value with the contents of \(next) before the next start.")
        } else {
            guard rename(next, config.narrativeKeyFile) == 0 else {
                throw ValidationError("narratives are re-encrypted under the key in \(next), but it could not replace \(config.narrativeKeyFile): move it there by hand")
            }
            logger.notice("\(moved) narratives re-encrypted under a new key in \(config.narrativeKeyFile). Back up the new key now; the old one no longer opens them.")
        }
        LogSink.standardError.flush()
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the configuration, database, narrative key, templates and folders, and say what is wrong.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config: Config
        do {
            config = try options.load()
        } catch {
            print("problem: \(error)")
            throw ExitCode(1)
        }
        print("ok: the configuration is valid")
        let findings = InstallationCheck.run(config: config, environment: ProcessInfo.processInfo.environment)
        for finding in findings { print("\(finding.ok ? "ok" : "problem"): \(finding.text)") }
        if findings.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}
