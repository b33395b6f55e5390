import Foundation
import Synchronization

/// Values computed from a few named tables (the place list, the picture's
/// tallies, a list's total), kept while none of those tables has changed and
/// for `Freshness.lifetime` at most. Whoever asks names the tables the value is
/// read from; the tracker knows which tables each commit touched.
final class KeptValues<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        let generation: UInt64
        let keptAt: Date
        let value: Value
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity: Int

    init(capacity: Int = 64) {
        self.capacity = capacity
    }

    /// The kept value, or `compute()`'s. `generation` must be read before the
    /// transaction `compute` runs in began (as `RequestContext.generation` is),
    /// so that a value read from older data is never taken for newer.
    func value(
        _ key: String, tables: [String], generation: UInt64, tracker: ChangeTracker, now: Date, compute: () throws -> Value
    ) rethrows -> Value {
        if let kept = entries.withLock({ $0[key] }), !tracker.changed(tables, since: kept.generation),
            Freshness.isFresh(kept.keptAt, now: now)
        {
            return kept.value
        }
        let value = try compute()
        entries.withLock { entries in
            if let kept = entries[key], kept.generation > generation { return }
            if entries.count >= capacity, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(generation: generation, keptAt: now, value: value)
        }
        return value
    }
}
