import Foundation
import GRDB

/// A local group of women: applies for grants, registers cases, thanks officers.
public struct Initiative: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var name: String
    public var country: String
    public var city: String
    public var legalForm: LegalForm
    public var description: String
    public var contact: String
    public var status: InitiativeStatus
    public var declineReason: String?
    public var createdAt: Date
    public var decidedAt: Date?

    public static let databaseTableName = "initiative"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

enum InitiativeStore {
    static func find(_ db: Database, id: Int64) throws -> Initiative? {
        try Initiative.fetchOne(db.cachedStatement(sql: "SELECT * FROM initiative WHERE id = ?"), arguments: [id])
    }

    /// One page of initiatives, optionally in one status, newest first.
    static func page(_ db: Database, status: InitiativeStatus?, offset: Int, limit: Int) throws -> (initiatives: [Initiative], total: Int) {
        var request = Initiative.all()
        if let status { request = request.filter(Column("status") == status.rawValue) }
        let total = try request.fetchCount(db)
        let rows = try request.order(Column("created_at").desc, Column("id").desc).limit(limit, offset: offset).fetchAll(db)
        return (rows, total)
    }
}
