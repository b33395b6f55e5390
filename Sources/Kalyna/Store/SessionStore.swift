import Foundation
import GRDB

/// A signed-in browser. The cookie holds a random 256-bit id; the table holds
/// only its SHA-256, the user, the CSRF token and the sliding expiry.
public struct Session: Codable, Sendable, FetchableRecord, PersistableRecord {
    public var tokenHash: String
    public var userId: Int64
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date
    public var refreshedAt: Date

    public static let databaseTableName = "session"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
}

enum SessionStore {
    /// Starts a session and returns the id to put in the cookie.
    static func create(_ db: Database, user: Int64, lifetime: TimeInterval, now: Date) throws -> String {
        let token = Tokens.random()
        try Session(
            tokenHash: Tokens.hash(token), userId: user, csrfToken: Tokens.random(), createdAt: now,
            expiresAt: now.addingTimeInterval(lifetime), refreshedAt: now
        ).insert(db)
        return token
    }

    /// The live session for a cookie value's hash, with its active user.
    static func find(_ db: Database, tokenHash: String, now: Date) throws -> (Session, User)? {
        guard let session = try Session.fetchOne(db.cachedStatement(sql: "SELECT * FROM session WHERE token_hash = ?"), arguments: [tokenHash]),
            session.expiresAt > now,
            let user = try User.fetchOne(db.cachedStatement(sql: "SELECT * FROM user WHERE id = ?"), arguments: [session.userId]), user.active
        else { return nil }
        return (session, user)
    }

    /// Slides the expiry forward; at most once a minute, to spare the writer.
    static func refreshIfDue(_ db: Database, _ session: Session, lifetime: TimeInterval, now: Date) throws {
        guard now.timeIntervalSince(session.refreshedAt) > 60 else { return }
        try db.execute(
            sql: "UPDATE session SET expires_at = ?, refreshed_at = ? WHERE token_hash = ?",
            arguments: [now.addingTimeInterval(lifetime), now, session.tokenHash])
    }

    static func end(_ db: Database, token: String) throws {
        try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [Tokens.hash(token)])
    }

    /// Signs a user out everywhere (password change, reset, deactivation).
    static func endAll(_ db: Database, user: Int64) throws {
        try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [user])
    }

    /// How long an ended session is still recognised, only so that a form it
    /// sent can be kept for its sender (`SessionResume`); it signs no one in.
    static let resumeGrace: TimeInterval = 24 * 60 * 60

    /// A session that ended less than `resumeGrace` ago.
    static func recentlyExpired(_ db: Database, tokenHash: String, now: Date) throws -> Session? {
        guard let session = try Session.fetchOne(db, sql: "SELECT * FROM session WHERE token_hash = ?", arguments: [tokenHash]),
            session.expiresAt <= now, session.expiresAt > now.addingTimeInterval(-resumeGrace)
        else { return nil }
        return session
    }

    /// Whether `csrfToken` is that of one of `user`'s sessions, live or
    /// recently ended: a form from a page she opened before signing in again.
    static func isOwn(_ db: Database, user: Int64, csrfToken: String, now: Date) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM session WHERE user_id = ? AND csrf_token = ? AND expires_at > ?)",
            arguments: [user, csrfToken, now.addingTimeInterval(-resumeGrace)]) ?? false
    }

    static func purgeExpired(_ db: Database, now: Date) throws {
        try db.execute(sql: "DELETE FROM session WHERE expires_at <= ?", arguments: [now.addingTimeInterval(-resumeGrace)])
    }
}
