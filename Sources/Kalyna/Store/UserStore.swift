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
