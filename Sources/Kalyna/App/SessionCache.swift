import Foundation
import Synchronization

/// Signed-in sessions as last read from the database, so that a browser's
/// requests do not each read the `session` and `user` rows. An entry serves
/// while no session or user has changed since it was read (`authGeneration`)
/// and for a few seconds at most: the bound on how long a change made by
/// another process (`kalyna create-admin`) or a moved clock can go unseen.
///
/// Keyed by the cookie's value itself: this process sees it on every request
/// anyway, and hashing it (as the database needs) cost more than the lookup.
final class SessionCache: Sendable {
    struct Entry: Sendable {
        let signedIn: RequestContext.SignedIn
        let generation: UInt64
        let loadedAt: Date
    }

    static let lifetime = Freshness.lifetime
    private let entries = Mutex<[CacheKey: Entry]>([:])
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The session for this cookie value, if read since `generation` began and recently.
    func find(_ token: String, generation: UInt64, now: Date) -> RequestContext.SignedIn? {
        let key = CacheKey(token)
        guard let entry = entries.withLock({ $0[key] }), entry.generation == generation,
            Freshness.isFresh(entry.loadedAt, now: now), entry.signedIn.session.expiresAt > now
        else { return nil }
        return entry.signedIn
    }

    func keep(_ signedIn: RequestContext.SignedIn, token: String, generation: UInt64, now: Date) {
        let key = CacheKey(token)
        entries.withLock { entries in
            // Full: what is kept is at most a few seconds old, so start afresh.
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(signedIn: signedIn, generation: generation, loadedAt: now)
        }
    }
}
