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
