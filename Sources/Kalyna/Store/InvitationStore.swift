import Foundation
import GRDB

/// A one-time link: to join Kalyna with a role (and an initiative), or to set a
/// new password. The link carries a random token; the table keeps its hash.
public struct Invitation: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public enum Purpose: String, Codable, Sendable { case join, reset }

    public var id: Int64?
    public var tokenHash: String
    public var purpose: Purpose
    public var email: String
    public var name: String
    public var role: Role
    public var initiativeId: Int64?
    public var userId: Int64?
    public var createdBy: Int64?
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?

    public static let databaseTableName = "invitation"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

enum InvitationStore {
    static let joinLifetime: TimeInterval = 7 * 24 * 3600
    static let resetLifetime: TimeInterval = 24 * 3600

    /// Creates the invitation and returns it with the token for the link.
    static func create(
        _ db: Database, purpose: Invitation.Purpose, email: String, name: String, role: Role, initiative: Int64?,
        user: Int64?, by creator: Int64?, now: Date
    ) throws -> (Invitation, String) {
        let token = Tokens.random()
        var invitation = Invitation(
            id: nil, tokenHash: Tokens.hash(token), purpose: purpose, email: email, name: name, role: role,
            initiativeId: initiative, userId: user, createdBy: creator, createdAt: now,
            expiresAt: now.addingTimeInterval(purpose == .join ? joinLifetime : resetLifetime), usedAt: nil)
        try invitation.insert(db)
        return (invitation, token)
    }

    /// The e-mail that carries an invitation's link.
    struct Mail: Sendable {
        let sealedLink: [UInt8]
        let language: String
        let params: [String: String]
    }

    /// Queues the invitation's e-mail: a join link to the address, a reset
    /// link to the account's owner (in her language).
    static func queueMail(_ db: Database, _ invitation: Invitation, _ mail: Mail, now: Date) throws {
        let key = "invitation:\(invitation.id ?? 0)"
        var params = mail.params
        params["name"] = invitation.name
        if invitation.purpose == .reset, let userId = invitation.userId, let user = try UserStore.find(db, id: userId) {
            try NoticeStore.tell(db, user, .passwordReset, params: params, sealedLink: mail.sealedLink, key: key, now: now)
        } else {
            try NoticeStore.mail(db, to: invitation.email, language: mail.language, .invitation, params: params, sealedLink: mail.sealedLink, key: key, now: now)
        }
    }

    /// The invitation behind a link, if it is unused and not expired.
    static func usable(_ db: Database, token: String, purpose: Invitation.Purpose, now: Date) throws -> Invitation? {
        guard let invitation = try Invitation.filter(Column("token_hash") == Tokens.hash(token)).fetchOne(db),
            invitation.purpose == purpose, invitation.usedAt == nil, invitation.expiresAt > now
        else { return nil }
        return invitation
    }

    static func markUsed(_ db: Database, _ invitation: Invitation, now: Date) throws {
        try db.execute(sql: "UPDATE invitation SET used_at = ? WHERE id = ?", arguments: [now, invitation.id])
    }

    /// Open join invitations of an initiative, newest first.
    static func pending(_ db: Database, initiative: Int64, now: Date) throws -> [Invitation] {
        try Invitation.filter(
            Column("initiative_id") == initiative && Column("purpose") == "join" && Column("used_at") == nil
                && Column("expires_at") > now
        ).order(Column("id").desc).fetchAll(db)
    }
}

extension InvitationStore {
    /// Uses a one-time link: for `.join` the invitee's account is made, for
    /// `.reset` her password changes and every session ends. Returns the token
    /// of her new session, or nil when the link is used up, expired, or no
    /// longer fits (an account with the address already exists, the account
    /// was deactivated). Checked here, inside the write: a link works once,
    /// even when two tabs send it at the same moment.
    static func accept(
        _ db: Database, token: String, purpose: Invitation.Purpose, name: String, passwordHash hash: String, language: String,
        sessionLifetime: TimeInterval, now: Date
    ) throws -> String? {
        guard let invitation = try usable(db, token: token, purpose: purpose, now: now) else { return nil }
        try markUsed(db, invitation, now: now)
        switch purpose {
        case .join:
            if try UserStore.find(db, email: invitation.email) != nil { return nil }
            var user = User(
                id: nil, email: invitation.email, name: name, passwordHash: hash, role: invitation.role,
                initiativeId: invitation.initiativeId, language: language, active: true, createdAt: now)
            try user.insert(db)
            try Audit.record(db, actor: user.id, "invitation.accepted", "invitation", invitation.id, at: now)
            try Audit.record(db, actor: user.id, "user.created", "user", user.id, detail: "role=\(user.role.rawValue)", at: now)
            return try SessionStore.create(db, user: user.id ?? 0, lifetime: sessionLifetime, now: now)
        case .reset:
            guard let userId = invitation.userId, var user = try UserStore.find(db, id: userId), user.active else { return nil }
            user.passwordHash = hash
            try user.update(db)
            try SessionStore.endAll(db, user: userId)
            try Audit.record(db, actor: userId, "user.password_reset", "user", userId, at: now)
            return try SessionStore.create(db, user: userId, lifetime: sessionLifetime, now: now)
        }
    }
}
