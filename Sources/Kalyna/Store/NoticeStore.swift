import Foundation
import GRDB

/// A message to one person: a line in her inbox and, unless she switched the
/// kind off, an e-mail waiting in the outbox until the sender delivers it.
public struct Notice: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public enum Mail: String, Codable, Sendable { case none, queued, sent, failed }

    public var id: Int64?
    public var userId: Int64?
    public var email: String
    public var language: String
    public var kind: String
    /// The body's placeholders, as a JSON object of strings.
    public var params: String
    /// The page it is about, as a path ("" = none).
    public var link: String
    public var sealedLink: Data?
    public var key: String
    public var createdAt: Date
    public var readAt: Date?
    public var mail: Mail
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var sentAt: Date?
    public var lastError: String?

    public static let databaseTableName = "notice"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public var noticeKind: NoticeKind? { NoticeKind(rawValue: kind) }

    public var parameters: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(params.utf8))) ?? [:]
    }
}

enum NoticeStore {
    /// The `setting` that says whether this installation sends e-mail; written
    /// when the server starts, read inside each write that queues a notice.
    static let mailSetting = "mail_enabled"

    static func setMailEnabled(_ db: Database, _ enabled: Bool) throws {
        try db.execute(
            sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            arguments: [mailSetting, enabled ? "1" : "0"])
    }

    static func mailEnabled(_ db: Database) throws -> Bool {
        try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [mailSetting]) == "1"
    }

    /// Tells `user` of `kind` inside the caller's transaction. `key` makes it
    /// idempotent: a second notice with the same key is not written (a
    /// reminder run twice, an event seen twice). Returns whether it was new.
    @discardableResult
    static func tell(
        _ db: Database, _ user: User, _ kind: NoticeKind, params: [String: String] = [:], link: String = "", sealedLink: [UInt8]? = nil,
        key: String, now: Date
    ) throws -> Bool {
        guard let userId = user.id, user.active else { return false }
        let wanted = try !kind.mayBeSwitchedOff
            || !Bool.fetchOne(db, sql: "SELECT 1 FROM notice_mail_off WHERE user_id = ? AND kind = ?", arguments: [userId, kind.rawValue]).isTrue
        return try write(
            db, user: userId, email: user.email, language: user.language, kind, params: params, link: link, sealedLink: sealedLink,
            key: key, mail: wanted, now: now)
    }

    /// A message to an address with no account behind it (an invitation, a
    /// registration's confirmation): e-mail only.
    @discardableResult
    static func mail(
        _ db: Database, to email: String, language: String, _ kind: NoticeKind, params: [String: String] = [:], sealedLink: [UInt8],
        key: String, now: Date
    ) throws -> Bool {
        try write(db, user: nil, email: email, language: language, kind, params: params, link: "", sealedLink: sealedLink, key: key, mail: true, now: now)
    }

    private static func write(
        _ db: Database, user: Int64?, email: String, language: String, _ kind: NoticeKind, params: [String: String], link: String,
        sealedLink: [UInt8]?, key: String, mail wanted: Bool, now: Date
    ) throws -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let params = String(decoding: (try? encoder.encode(params)) ?? Data("{}".utf8), as: UTF8.self)
        let enabled = try mailEnabled(db)
        let mail: Notice.Mail = wanted && enabled ? .queued : .none
        try db.execute(
            sql: """
                INSERT INTO notice (user_id, email, language, kind, params, link, sealed_link, key, created_at, mail, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING
                """,
            arguments: [user, email, language, kind.rawValue, params, link, sealedLink.map { Data($0) }, key, now, mail.rawValue, mail == .queued ? now : nil])
        return db.changesCount > 0
    }

    /// Active users with one of `roles`.
    static func people(_ db: Database, roles: [Role]) throws -> [User] {
        try User.filter(roles.map(\.rawValue).contains(Column("role")) && Column("active") == true).order(Column("id")).fetchAll(db)
    }

    /// The coordinators of an initiative.
    static func coordinators(_ db: Database, initiative: Int64) throws -> [User] {
        try User.filter(Column("initiative_id") == initiative && Column("role") == Role.coordinator.rawValue && Column("active") == true)
            .order(Column("id")).fetchAll(db)
    }

    // MARK: The inbox

    /// Her unread notices, as the triggers of migration 0027 keep them.
    static func unreadCount(_ db: Database, user: Int64) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT n FROM notice_unread WHERE user_id = ?"), arguments: [user]) ?? 0
    }

    /// The same for the page header, kept until a notice changes: a read of its
    /// own on every page cost more than the count.
    static func unreadCount(user: Int64, kept: KeptReads) throws -> Int {
        try kept.kept(kept.database.unreadCounts, String(user), tables: ["notice", "notice_unread"]) {
            try kept.database.readOneStatement { try unreadCount($0, user: user) }
        }
    }

    /// The same, counted from the notices: what the kept count must equal.
    static func recountUnread(_ db: Database, user: Int64) throws -> Int {
        try inboxRequest(user: user).filter(Column("read_at") == nil).fetchCount(db)
    }

    /// Her notices the inbox shows (one-time links are e-mail only: `NoticeKind.showsInInbox`).
    private static func inboxRequest(user: Int64) -> QueryInterfaceRequest<Notice> {
        let hidden = NoticeKind.allCases.filter { !$0.showsInInbox }.map(\.rawValue)
        return Notice.filter(Column("user_id") == user && !hidden.contains(Column("kind")))
    }

    /// One page of a person's inbox, newest first.
    static func inbox(_ db: Database, user: Int64, offset: Int, limit: Int) throws -> (notices: [Notice], total: Int) {
        let request = inboxRequest(user: user)
        return (try request.order(Column("id").desc).limit(limit, offset: offset).fetchAll(db), try request.fetchCount(db))
    }

    /// Marks one of her notices read; returns it (nil when it is not hers).
    static func markRead(_ db: Database, id: Int64, user: Int64, now: Date) throws -> Notice? {
        guard let notice = try Notice.fetchOne(db, key: id), notice.userId == user else { return nil }
        try db.execute(sql: "UPDATE notice SET read_at = ? WHERE id = ? AND read_at IS NULL", arguments: [now, id])
        return notice
    }

    static func markAllRead(_ db: Database, user: Int64, now: Date) throws {
        try db.execute(sql: "UPDATE notice SET read_at = ? WHERE user_id = ? AND read_at IS NULL", arguments: [now, user])
    }

    /// The kinds she receives by e-mail.
    static func mailedKinds(_ db: Database, user: Int64) throws -> Set<NoticeKind> {
        let off = Set(try String.fetchAll(db, sql: "SELECT kind FROM notice_mail_off WHERE user_id = ?", arguments: [user]))
        return Set(NoticeKind.allCases.filter { !off.contains($0.rawValue) })
    }

    static func setMailedKinds(_ db: Database, user: Int64, _ kinds: Set<NoticeKind>) throws {
        try db.execute(sql: "DELETE FROM notice_mail_off WHERE user_id = ?", arguments: [user])
        for kind in NoticeKind.allCases where kind.mayBeSwitchedOff && !kinds.contains(kind) {
            try db.execute(sql: "INSERT INTO notice_mail_off (user_id, kind) VALUES (?, ?)", arguments: [user, kind.rawValue])
        }
    }

    // MARK: The outbox

    /// How long the sender waits before attempt `n + 1` after `n` failed: half
    /// a minute, doubling, at most six hours.
    static func backoff(afterAttempts n: Int) -> TimeInterval {
        min(30 * pow(2, Double(max(0, n - 1))), 6 * 3600)
    }

    /// After this many attempts a message is marked failed for the
    /// administrator, who can send it again.
    static let attemptLimit = 12

    /// Takes up to `limit` messages that are due, counting the attempt and
    /// moving their next attempt on before any is sent: a sender that dies
    /// mid-delivery leaves them to be tried again after the backoff, never lost.
    static func claimDue(_ db: Database, now: Date, limit: Int) throws -> [Notice] {
        let due = try Notice.filter(Column("mail") == Notice.Mail.queued.rawValue && Column("next_attempt_at") <= now)
            .order(Column("next_attempt_at"), Column("id")).limit(limit).fetchAll(db)
        for notice in due {
            try db.execute(
                sql: "UPDATE notice SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?",
                arguments: [now.addingTimeInterval(backoff(afterAttempts: notice.attempts + 1)), notice.id])
        }
        return due
    }

    /// Messages whose attempt began and never ended (the server was killed
    /// mid-delivery) are due again at once rather than after the backoff.
    /// The Message-ID stays the same, so a receiver that did take the first
    /// copy before the crash keeps one.
    static func resumeInterrupted(_ db: Database, now: Date) throws {
        try db.execute(
            sql: "UPDATE notice SET next_attempt_at = ? WHERE mail = 'queued' AND attempts > 0 AND last_error IS NULL AND next_attempt_at > ?",
            arguments: [now, now])
    }

    /// When the next queued message is due, if any.
    static func nextDue(_ db: Database) throws -> Date? {
        try Date.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM notice WHERE mail = 'queued'")
    }

    /// The server accepted it: the one-time link is wiped.
    static func markSent(_ db: Database, id: Int64, now: Date) throws {
        try db.execute(sql: "UPDATE notice SET mail = 'sent', sent_at = ?, sealed_link = NULL, last_error = NULL WHERE id = ?", arguments: [now, id])
    }

    /// It was refused or the server could not be reached: kept queued for the
    /// next attempt, or failed once the attempts are spent.
    static func markFailed(_ db: Database, id: Int64, error: String) throws {
        try db.execute(
            sql: "UPDATE notice SET last_error = ?, mail = CASE WHEN attempts >= ? THEN 'failed' ELSE mail END WHERE id = ? AND mail = 'queued'",
            arguments: [String(error.prefix(500)), attemptLimit, id])
    }

    /// What the administrator sees: messages waiting after a failed attempt,
    /// and those that failed for good.
    static func troubled(_ db: Database, offset: Int, limit: Int) throws -> (notices: [Notice], total: Int) {
        let request = Notice.filter(Column("mail") == Notice.Mail.failed.rawValue || (Column("mail") == Notice.Mail.queued.rawValue && Column("last_error") != nil))
        return (try request.order(Column("id").desc).limit(limit, offset: offset).fetchAll(db), try request.fetchCount(db))
    }

    static func outboxCounts(_ db: Database) throws -> [Notice.Mail: Int] {
        var counts: [Notice.Mail: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT mail, COUNT(*) AS n FROM notice GROUP BY mail") {
            counts[try row.choice(0, "mail")] = try row.value(1, "n")
        }
        return counts
    }

    /// The administrator sends a message again now, with a fresh set of attempts.
    static func retry(_ db: Database, id: Int64, now: Date) throws -> Bool {
        try db.execute(
            sql: "UPDATE notice SET mail = 'queued', attempts = 0, next_attempt_at = ? WHERE id = ? AND mail IN ('queued', 'failed')",
            arguments: [now, id])
        return db.changesCount > 0
    }
}

extension Optional where Wrapped == Bool {
    fileprivate var isTrue: Bool { self == true }
}
