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
    public let counts = CountMemo()

    public init(path: String) throws {
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

    /// Runs the migrations that have not run yet, in order.
    public func migrate() throws {
        try Migrations.migrator.migrate(pool)
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
