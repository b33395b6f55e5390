import GRDB
import Synchronization

/// Row counts of the long lists (applications, cases), kept until the next
/// write: counting 100,000 cases costs more than rendering their page, and the
/// total is the same for every page of the list and every user who filters
/// alike. Holds only the newest generation's counts.
public final class CountMemo: Sendable {
    private let state = Mutex<(generation: UInt64, counts: [String: Int])>((0, [:]))
    private let capacity = 1_000

    public init() {}

    /// `SELECT COUNT(*) …` as of `generation`, which the caller read before its
    /// transaction began (so a count from older data is never kept as newer).
    func count(_ db: Database, sql: String, arguments: StatementArguments, generation: UInt64) throws -> Int {
        let key = sql + "\u{0}" + arguments.description
        if let known = state.withLock({ $0.generation == generation ? $0.counts[key] : nil }) { return known }
        let counted = try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
        state.withLock { state in
            if generation > state.generation { state = (generation, [:]) }
            guard generation == state.generation else { return }
            if state.counts.count >= capacity { state.counts.removeAll(keepingCapacity: true) }
            state.counts[key] = counted
        }
        return counted
    }
}

/// A request's way to the memo: the memo and the generation read when it began.
public struct ListTotals: Sendable {
    let memo: CountMemo
    let generation: UInt64

    func count(_ db: Database, sql: String, arguments: StatementArguments) throws -> Int {
        try memo.count(db, sql: sql, arguments: arguments, generation: generation)
    }
}
