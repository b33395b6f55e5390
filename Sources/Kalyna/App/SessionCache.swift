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
    private let entries = Mutex<[TokenKey: Entry]>([:])
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The session for this cookie value, if read since `generation` began and recently.
    func find(_ token: String, generation: UInt64, now: Date) -> RequestContext.SignedIn? {
        let key = TokenKey(token)
        guard let entry = entries.withLock({ $0[key] }), entry.generation == generation,
            Freshness.isFresh(entry.loadedAt, now: now), entry.signedIn.session.expiresAt > now
        else { return nil }
        return entry.signedIn
    }

    func keep(_ signedIn: RequestContext.SignedIn, token: String, generation: UInt64, now: Date) {
        let key = TokenKey(token)
        entries.withLock { entries in
            // Full: what is kept is at most a few seconds old, so start afresh.
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(signedIn: signedIn, generation: generation, loadedAt: now)
        }
    }
}

/// A session token as a dictionary key, hashed by its first eight characters:
/// the token is 256 random bits the server made, so those are as good as any
/// hash, and hashing all 43 was most of a lookup's cost. Only tokens read
/// from the database are ever stored, so a client choosing cookie values
/// cannot crowd the table; a made-up token costs one probe.
struct TokenKey: Hashable, Sendable {
    let token: String
    private let prefix: UInt64

    init(_ token: String) {
        self.token = token
        func first8<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
            var prefix: UInt64 = 0
            for byte in bytes.prefix(8) { prefix = prefix << 8 | UInt64(byte) }
            return prefix
        }
        // Over the string's own storage where it has one (walking its UTF-8 view cost as much as hashing).
        prefix = token.utf8.withContiguousStorageIfAvailable(first8) ?? first8(token.utf8)
    }

    func hash(into hasher: inout Hasher) { hasher.combine(prefix) }

    static func == (a: TokenKey, b: TokenKey) -> Bool { a.prefix == b.prefix && a.token == b.token }
}
