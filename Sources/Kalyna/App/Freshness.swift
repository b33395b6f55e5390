import Foundation

/// How long what was read from the database (a session, a rendered page) may
/// serve before it is read again even though no write was seen: the bound on
/// how late a write by another process (`kalyna create-admin`) or a moved clock
/// shows. One rule for every such cache.
enum Freshness {
    static let lifetime: TimeInterval = 5

    /// Kept no longer than `lifetime`, and never across a clock moved backwards.
    static func isFresh(_ keptAt: Date, now: Date) -> Bool {
        let age = now.timeIntervalSince(keptAt)
        return age >= 0 && age < lifetime
    }
}
