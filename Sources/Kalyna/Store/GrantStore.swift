import Foundation
import GRDB

/// Money awarded on an approved application. Its schedule (tranches, reports)
/// comes with the grants part.
public struct Grant: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var applicationId: Int64
    public var publicId: String
    public var amountAwarded: Int64
    public var currency: String
    public var awardDate: String
    public var createdAt: Date

    public static let databaseTableName = "grant"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

enum GrantStore {
    /// The next public identifier: the configured prefix, the year, a number
    /// that never repeats ("KLN-2027-0001").
    static func nextPublicId(_ db: Database, prefix: String, year: Int) throws -> String {
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"grant\"") ?? 0
        let number = String(count + 1)
        return "\(prefix)-\(year)-" + String(repeating: "0", count: max(0, 4 - number.count)) + number
    }
}
