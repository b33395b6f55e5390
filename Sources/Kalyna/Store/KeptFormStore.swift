import Foundation
import GRDB

/// Forms sent after their session ended, kept for their sender (see `SessionResume`).
enum KeptFormStore {
    /// How long a kept form waits for its sender to sign in again.
    static let lifetime: TimeInterval = 24 * 60 * 60

    /// Keeps a sealed form for `user`; returns the token that claims it.
    static func keep(_ db: Database, user: Int64, path: String, sealed: [UInt8], now: Date) throws -> String {
        try db.execute(sql: "DELETE FROM kept_form WHERE expires_at <= ?", arguments: [now])
        let token = Tokens.random()
        try db.execute(
            sql: "INSERT INTO kept_form (token_hash, user_id, path, sealed, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [Tokens.hash(token), user, path, Data(sealed), now, now.addingTimeInterval(lifetime)])
        return token
    }

    /// The kept form behind `token`, taken (it is used once), if it is
    /// `user`'s and still waiting. Someone else's token is consumed and ignored.
    static func take(_ db: Database, token: String, user: Int64, now: Date) throws -> (path: String, sealed: [UInt8])? {
        let hash = Tokens.hash(token)
        let row = try Row.fetchOne(
            db, sql: "SELECT user_id, path, sealed, expires_at FROM kept_form WHERE token_hash = ?", arguments: [hash])
        try db.execute(sql: "DELETE FROM kept_form WHERE token_hash = ?", arguments: [hash])
        guard let row else { return nil }
        let owner: Int64 = try row.value(0, "user_id")
        let expires: Date = try row.value(3, "expires_at")
        guard owner == user, expires > now else { return nil }
        let sealed: Data = try row.value(2, "sealed")
        return (try row.value(1, "path"), [UInt8](sealed))
    }
}
