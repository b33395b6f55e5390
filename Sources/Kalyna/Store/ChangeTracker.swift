import GRDB
import Synchronization

/// Counts the committed transactions that changed the data, so that what was
/// computed from the database (a rendered page, a signed-in session) can be
/// kept until the next such commit and no longer. It watches the pool's writer
/// connection, through which every write of this process goes.
///
/// Two counters, because sessions move on their own: sliding a session's expiry
/// (the `session` table) changes no page, but must reload the cached session;
/// a change to a `user` (role, name, deactivation) changes both. Failed
/// sign-in attempts (`login_failure`) change neither.
public final class ChangeTracker: TransactionObserver, Sendable {
    private let dataCounter = Atomic<UInt64>(0)
    private let authCounter = Atomic<UInt64>(0)
    /// What the transaction in progress has touched; only the writer's queue uses it.
    private let pending = Mutex<(data: Bool, auth: Bool)>((false, false))

    public init() {}

    /// Bumped after each commit that changed any data but sessions.
    public var dataGeneration: UInt64 { dataCounter.load(ordering: .acquiring) }
    /// Bumped after each commit that changed a session or a user.
    public var authGeneration: UInt64 { authCounter.load(ordering: .acquiring) }

    public func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        eventKind.tableName != "login_failure"
    }

    public func databaseDidChange(with event: DatabaseEvent) {
        let table = event.tableName
        let done = pending.withLock { pending in
            if table != "session" { pending.data = true }
            if table == "session" || table == "user" { pending.auth = true }
            return pending.data && pending.auth
        }
        // Both counters will move: the rest of the transaction tells nothing new.
        if done { stopObservingDatabaseChangesUntilNextTransaction() }
    }

    /// A change GRDB could not see in detail: assume the worst.
    public func databaseDidChange() {
        pending.withLock { $0 = (true, true) }
    }

    public func databaseDidCommit(_ db: Database) {
        let (data, auth) = pending.withLock { pending in
            defer { pending = (false, false) }
            return pending
        }
        if data { dataCounter.add(1, ordering: .releasing) }
        if auth { authCounter.add(1, ordering: .releasing) }
    }

    public func databaseDidRollback(_ db: Database) {
        pending.withLock { $0 = (false, false) }
    }
}
