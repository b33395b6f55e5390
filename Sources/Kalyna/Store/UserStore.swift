import Foundation
import GRDB

/// A person who signs in.
public struct User: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var email: String
    public var name: String
    public var passwordHash: String
    public var role: Role
    public var initiativeId: Int64?
    public var language: String
    public var active: Bool
    public var createdAt: Date

    public static let databaseTableName = "user"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

enum UserStore {
    static func find(_ db: Database, id: Int64) throws -> User? {
        try User.fetchOne(db, key: id)
    }

    static func find(_ db: Database, email: String) throws -> User? {
        try User.filter(Column("email") == email.lowercased()).fetchOne(db)
    }

    /// A new hash of the same password (parameters renewed at sign-in).
    /// The language her pages are in, chosen in the header or before signing in.
    static func setLanguage(_ db: Database, user: Int64, language: String) throws {
        try db.execute(sql: "UPDATE user SET language = ? WHERE id = ? AND language != ?", arguments: [language, user, language])
    }

    static func setPasswordHash(_ db: Database, user: Int64, hash: String) throws {
        try db.execute(sql: "UPDATE user SET password_hash = ? WHERE id = ?", arguments: [hash, user])
    }

    static func hasAdministrator(_ db: Database) throws -> Bool {
        try User.filter(Column("role") == Role.admin.rawValue && Column("active") == true).fetchCount(db) > 0
    }

    static func members(_ db: Database, initiative: Int64) throws -> [User] {
        try User.filter(Column("initiative_id") == initiative).order(Column("role"), Column("name")).fetchAll(db)
    }

    /// One page of users, optionally of one role, by name.
    static func page(_ db: Database, role: Role?, offset: Int, limit: Int) throws -> (users: [User], total: Int) {
        var request = User.all()
        if let role { request = request.filter(Column("role") == role.rawValue) }
        let total = try request.fetchCount(db)
        let users = try request.order(Column("name").collating(.localizedCaseInsensitiveCompare), Column("id")).limit(limit, offset: offset).fetchAll(db)
        return (users, total)
    }
}

extension UserStore {
    /// Whether `user` is the only active administrator left (who must not lose the role).
    static func isLastAdministrator(_ db: Database, _ user: User) throws -> Bool {
        guard user.role == .admin, user.active else { return false }
        return try User.filter(Column("role") == Role.admin.rawValue && Column("active") == true).fetchCount(db) <= 1
    }

    /// Who may be asked to review: active reviewers and programme officers, by name.
    static func reviewerCandidates(_ db: Database) throws -> [User] {
        try User.filter([Role.reviewer.rawValue, Role.programmeOfficer.rawValue].contains(Column("role")) && Column("active") == true)
            .order(Column("name")).fetchAll(db)
    }

    /// Names of these users, by id.
    static func names(_ db: Database, ids: [Int64]) throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        for user in try User.filter(keys: ids).fetchAll(db) { names[user.id ?? 0] = user.name }
        return names
    }
}

extension UserStore {
    /// Why an administrator's change to an account was not made (a catalog key).
    enum Refusal: String, Error {
        case notSelf = "user_not_self"
        case lastAdministrator = "user_last_admin"
        case roleGroup = "user_role_group"
    }

    /// Deactivates (ending every session at once) or reactivates an account;
    /// nothing about the person is deleted.
    static func setActive(_ db: Database, id: Int64, _ active: Bool, by admin: User, now: Date) throws -> Refusal? {
        guard var user = try find(db, id: id) else { throw RecordRefusal.missing }
        if !active && user.id == admin.id { return .notSelf }
        if !active, try isLastAdministrator(db, user) { return .lastAdministrator }
        guard user.active != active else { return nil }
        user.active = active
        try user.update(db)
        if !active { try SessionStore.endAll(db, user: id) }
        try Audit.record(db, actor: admin.id, active ? "user.reactivated" : "user.deactivated", "user", id, at: now)
        return nil
    }

    /// Staff move between staff roles, members between their initiative's
    /// roles; the last active administrator stays one.
    static func changeRole(_ db: Database, id: Int64, to role: Role, by admin: User, now: Date) throws -> Refusal? {
        guard var user = try find(db, id: id) else { throw RecordRefusal.missing }
        guard user.role.isInitiativeMember == role.isInitiativeMember else { return .roleGroup }
        guard user.role != role else { return nil }
        if user.role == .admin, try isLastAdministrator(db, user) { return .lastAdministrator }
        let previous = user.role
        user.role = role
        try user.update(db)
        try Audit.record(db, actor: admin.id, "user.role_changed", "user", id, detail: "\(previous.rawValue)->\(role.rawValue)", at: now)
        return nil
    }

    /// Her name and preferred language.
    static func updateProfile(_ db: Database, id: Int64, name: String, language: String, now: Date) throws {
        guard var user = try find(db, id: id) else { throw RecordRefusal.forbidden }
        user.name = name
        user.language = language
        try user.update(db)
        try Audit.record(db, actor: id, "user.profile_updated", "user", id, at: now)
    }

    /// A new password: every session of the account ends; returns the token of a fresh one.
    static func changePassword(_ db: Database, id: Int64, hash: String, sessionLifetime: TimeInterval, now: Date) throws -> String {
        guard var user = try find(db, id: id) else { throw RecordRefusal.forbidden }
        user.passwordHash = hash
        try user.update(db)
        try SessionStore.endAll(db, user: id)
        try Audit.record(db, actor: id, "user.password_changed", "user", id, at: now)
        return try SessionStore.create(db, user: id, lifetime: sessionLifetime, now: now)
    }
}
