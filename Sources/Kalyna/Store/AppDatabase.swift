import Foundation
import GRDB

/// The SQLite database: a pool of connections in WAL mode (many readers, one
/// writer), foreign keys on, and a busy timeout so that a second process (a
/// backup, a migration) waits instead of failing.
public final class AppDatabase: Sendable {
    public let pool: DatabasePool
    /// Tells when the data last changed; caches compare against it.
    public let changes = ChangeTracker()
    /// Totals of the long lists, until the next write.
    public let counts: CountMemo
    /// The regional picture's grant rows.
    let grantsByCountry = KeptValues<[GrantsByCountry]>(capacity: 1)
    /// Places and acts, read on most case pages and changed a few times a year.
    let vocabularies = KeptValues<CaseStore.Vocabulary>(capacity: 1)
    /// Each user's unread notices, shown in every page's header.
    let unreadCounts = KeptValues<Int>(capacity: 10_000)

    public init(path: String) throws {
        counts = CountMemo(tracker: changes)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // NORMAL is durable in WAL mode except for the last transactions
            // before a power cut; a crash of the process loses nothing.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        pool.add(transactionObserver: changes, extent: .observerLifetime)
    }

    /// Runs `body`, which makes one query, outside a transaction: a single
    /// statement is consistent on its own, and a read transaction would add
    /// BEGIN and COMMIT (parsed each time) around it. Several queries that must
    /// agree go through `pool.read`.
    func readOneStatement<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.unsafeRead(body)
    }

    /// Runs the migrations that have not run yet, in order.
    public func migrate() throws {
        try Migrations.migrator.migrate(pool)
    }

    /// Refuses a narrative key that is not this database's, then seals into the
    /// narratives any free text left from before migration 0011. Run after
    /// `migrate` by everything that holds the key (serve, migrate, demo).
    func prepareNarratives(box: NarrativeBox, catalogs: Catalogs, lang: String) throws {
        var labels: [String: String] = [:]
        let english = ["city": "Place as first typed", "consequences": "Consequences as first written",
                       "complaint_where": "Complaint filed with, as first written", "complaint_outcome": "Complaint outcome, as first written"]
        for (field, fallback) in english {
            let text = catalogs.text("legacy_\(field)", lang, [:])
            labels[field] = text == "legacy_\(field)" ? fallback : text
        }
        try pool.write { db in
            try NarrativeStore.verify(db, box: box)
            try NarrativeStore.sealLegacyText(db, box: box, labels: labels)
        }
    }

    /// The same for a command line: the key and the catalogs as `config` names them.
    public func prepareNarratives(config: Config) throws -> NarrativeBox {
        let box = try NarrativeBox.load(file: config.narrativeKeyFile, environment: ProcessInfo.processInfo.environment)
        // Without the templates (a bare `kalyna migrate`), the legacy labels are English.
        let catalogs = (try? Catalogs.load(directory: config.templates + "/i18n")) ?? Catalogs(messages: [:])
        try prepareNarratives(box: box, catalogs: catalogs, lang: config.defaultLocale)
        return box
    }

    /// Re-encrypts every narrative under `new`, in one transaction; how many moved.
    public func rotateNarrativeKey(from old: NarrativeBox, to new: NarrativeBox) throws -> Int {
        try pool.write { try NarrativeStore.rotate($0, from: old, to: new) }
    }

    /// Migrations known to the code and not yet applied to this database.
    public func pendingMigrations() throws -> [String] {
        let applied = try pool.read { try Migrations.migrator.appliedIdentifiers($0) }
        return Migrations.migrator.migrations.filter { !applied.contains($0) }
    }

    /// A consistent copy of the live database in `path` (SQLite's online backup),
    /// safe while the server writes.
    public func backup(to path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let destination = try DatabaseQueue(path: path)
        try pool.backup(to: destination)
        try destination.close()
    }

    public func isHealthy() -> Bool {
        (try? pool.read { try Int.fetchOne($0, sql: "SELECT 1") }) == 1
    }
}
