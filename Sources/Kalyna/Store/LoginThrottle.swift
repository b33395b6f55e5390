import Foundation
import GRDB

/// Sign-in throttling that an outsider cannot turn against the people it
/// protects. Within `window`:
///
/// - `perPair` failures for one account from one address: that address must wait
///   out the window before trying that account again (429).
/// - Failures for the account from other addresses only slow each further
///   attempt a little (up to `accountDelayCap`): someone elsewhere who has the
///   right password is never refused, so no outsider can keep an account locked.
/// - Failures from one address across many accounts slow that address (up to
///   `addressDelayCap`), never other addresses.
///
/// The count is taken and the attempt recorded in one write transaction before
/// the slow password hash, so parallel attempts cannot all slip under the limit;
/// an attempt that then succeeds is forgiven.
enum LoginThrottle {
    static let window: TimeInterval = 15 * 60
    static let perPair = 5
    static let perAccount = 5
    static let perAddress = 10
    static let accountDelayCap = 1.0
    static let addressDelayCap = 2.0

    enum Decision: Equatable {
        case refuse
        /// Go on, after `delay` seconds; `attempt` is forgiven if the password is right.
        case proceed(attempt: Int64, delay: TimeInterval)
    }

    static func begin(_ db: Database, email: String, address: String, now: Date) throws -> Decision {
        let since = now.addingTimeInterval(-window)
        try db.execute(sql: "DELETE FROM login_failure WHERE at <= ?", arguments: [since])
        func count(_ condition: String, _ arguments: StatementArguments) throws -> Int {
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM login_failure WHERE \(condition)", arguments: arguments) ?? 0
        }
        if try count("email = ? AND address = ?", [email, address]) >= perPair { return .refuse }
        let elsewhere = try count("email = ? AND address != ?", [email, address])
        let fromAddress = try count("address = ?", [address])
        var delay = 0.0
        if elsewhere >= perAccount { delay = max(delay, min(accountDelayCap, 0.1 * Double(elsewhere - perAccount + 1))) }
        if fromAddress >= perAddress { delay = max(delay, min(addressDelayCap, 0.2 * Double(fromAddress - perAddress + 1))) }
        try db.execute(sql: "INSERT INTO login_failure (email, address, at) VALUES (?, ?, ?)", arguments: [email, address, now])
        return .proceed(attempt: db.lastInsertedRowID, delay: delay)
    }

    /// The right password: this attempt and this address's earlier failures for
    /// the account are forgiven (other addresses' stay).
    static func succeeded(_ db: Database, attempt: Int64, email: String, address: String) throws {
        try db.execute(sql: "DELETE FROM login_failure WHERE id = ? OR (email = ? AND address = ?)", arguments: [attempt, email, address])
    }
}
