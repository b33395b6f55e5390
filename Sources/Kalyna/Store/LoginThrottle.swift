import Foundation
import GRDB

/// Failed sign-ins, kept for the lockout rule: after `limit` failures for an
/// account or from an address within `window`, sign-in is refused until the
/// oldest of them is older than the window.
enum LoginThrottle {
    static let limit = 5
    static let window: TimeInterval = 15 * 60

    static func isLocked(_ db: Database, email: String, address: String, now: Date) throws -> Bool {
        let since = now.addingTimeInterval(-window)
        let byEmail = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM login_failure WHERE email = ? AND at > ?", arguments: [email, since]) ?? 0
        let byAddress = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM login_failure WHERE address = ? AND at > ?", arguments: [address, since]) ?? 0
        return byEmail >= limit || byAddress >= limit
    }

    static func recordFailure(_ db: Database, email: String, address: String, now: Date) throws {
        try db.execute(sql: "INSERT INTO login_failure (email, address, at) VALUES (?, ?, ?)", arguments: [email, address, now])
        try db.execute(sql: "DELETE FROM login_failure WHERE at <= ?", arguments: [now.addingTimeInterval(-window)])
    }

    /// A successful sign-in forgives the account's failures (not the address's).
    static func clear(_ db: Database, email: String) throws {
        try db.execute(sql: "DELETE FROM login_failure WHERE email = ?", arguments: [email])
    }
}
