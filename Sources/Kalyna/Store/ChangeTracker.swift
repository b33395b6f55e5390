import GRDB
import Synchronization

/// Counts the committed transactions that changed the data, and remembers for
/// each table the last one that changed it, so that what was computed from the
/// database can be kept exactly as long as what it was computed from is
/// unchanged: a rendered page until any write (`dataGeneration`), the place
/// list until a place changes (`changed(_:since:)`). It watches the pool's
/// writer connection, through which every write of this process goes; writes
/// by another process are bounded by `Freshness` instead.
///
/// Two counters, because sessions move on their own: sliding a session's expiry
/// (the `session` table) changes no page, but must reload the cached session;
/// a change to a `user` (role, name, deactivation) changes both. Failed
/// sign-in attempts (`login_failure`) change neither.
public final class ChangeTracker: TransactionObserver, Sendable {
    private let dataCounter = Atomic<UInt64>(0)
    private let authCounter = Atomic<UInt64>(0)
    /// The data generation each table last changed in; the writer's queue
    /// writes it before publishing that generation.
    private let lastChanged = Mutex<[String: UInt64]>([:])
    /// The last generation of a change GRDB could not see in detail.
    private let lastUnknown = Atomic<UInt64>(0)
    /// What the transaction in progress has touched; only the writer's queue uses it.
    private let pending = Mutex<Pending>(Pending())

    private struct Pending {
        var tables: Set<String> = []
        var unknown = false
    }

    /// Called after each commit that wrote a notice (wakes the e-mail sender).
    private let noticeListener = Mutex<(@Sendable () -> Void)?>(nil)

    public init() {}

    public func onNotice(_ listener: @escaping @Sendable () -> Void) {
        noticeListener.withLock { $0 = listener }
    }

    /// Bumped after each commit that changed any data but sessions.
    public var dataGeneration: UInt64 { dataCounter.load(ordering: .acquiring) }
    /// Bumped after each commit that changed a session or a user.
    public var authGeneration: UInt64 { authCounter.load(ordering: .acquiring) }

    /// Whether any of `tables` changed after `generation` (a generation read
    /// before the transaction that read them began).
    public func changed(_ tables: [String], since generation: UInt64) -> Bool {
        if lastUnknown.load(ordering: .acquiring) > generation { return true }
        return lastChanged.withLock { last in tables.contains { (last[$0] ?? 0) > generation } }
    }

    public func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        eventKind.tableName != "login_failure"
    }

    public func databaseDidChange(with event: DatabaseEvent) {
        let table = event.tableName
        pending.withLock { _ = $0.tables.insert(table) }
    }

    /// A change GRDB could not see in detail: assume every table changed.
    public func databaseDidChange() {
        pending.withLock { $0.unknown = true }
    }

    public func databaseDidCommit(_ db: Database) {
        let touched = pending.withLock { pending in
            defer { pending = Pending() }
            return pending
        }
        let auth = touched.unknown || touched.tables.contains("session") || touched.tables.contains("user")
        let dataTables = touched.tables.subtracting(["session"])
        if touched.unknown || !dataTables.isEmpty {
            let next = dataCounter.load(ordering: .relaxed) + 1
            lastChanged.withLock { last in for table in dataTables { last[table] = next } }
            if touched.unknown { lastUnknown.store(next, ordering: .releasing) }
            dataCounter.store(next, ordering: .releasing)
        }
        if auth { authCounter.add(1, ordering: .releasing) }
        if touched.tables.contains("notice"), let listener = noticeListener.withLock({ $0 }) { listener() }
    }

    public func databaseDidRollback(_ db: Database) {
        pending.withLock { $0 = Pending() }
    }
}
