import Synchronization

/// Figures computed from one part of the data (the picture's tables from the
/// cases), kept across writes to other parts. While nothing at all has been
/// written (same `ChangeTracker` generation) the kept value serves without a
/// query; after a write, a cheap fingerprint of that part (highest ids, latest
/// `updated_at`) tells whether it must be computed again.
final class DerivedCache<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        var generation: UInt64
        let fingerprint: String
        let value: Value
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity: Int

    init(capacity: Int = 16) {
        self.capacity = capacity
    }

    /// `generation` must be read before the transaction that `fingerprint` and
    /// `compute` run in began (as `RequestContext.generation` is).
    func value(
        _ key: String, generation: UInt64, fingerprint: () throws -> String, compute: () throws -> Value
    ) throws -> Value {
        let kept = entries.withLock { $0[key] }
        if let kept, kept.generation == generation { return kept.value }
        let print = try fingerprint()
        if let kept, kept.fingerprint == print {
            entries.withLock { entries in
                if entries[key]?.fingerprint == print, generation > (entries[key]?.generation ?? 0) { entries[key]?.generation = generation }
            }
            return kept.value
        }
        let value = try compute()
        entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil { entries.removeAll() }
            entries[key] = Entry(generation: generation, fingerprint: print, value: value)
        }
        return value
    }
}
