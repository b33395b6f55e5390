import Foundation
import GRDB

/// A ceremony at which officers receive certificates of gratitude ("8 March 2027").
public struct Occasion: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var title: String
    public var date: String
    public var signatoryName: String
    public var signatoryTitle: String
    public var wordingEn: String
    public var wordingRu: String
    public var wordingUk: String
    public var open: Bool
    public var createdAt: Date

    public static let databaseTableName = "occasion"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public func wording(_ lang: String) -> String {
        switch lang {
        case "ru": wordingRu
        case "uk": wordingUk
        default: wordingEn
        }
    }
}

/// An initiative's thanks to an officer for an occasion.
public struct Recognition: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public enum Status: String, Codable, Sendable, CaseIterable { case proposed, included, excluded }

    public var id: Int64?
    public var occasionId: Int64
    public var officerId: Int64
    public var initiativeId: Int64
    public var reason: String
    public var status: Status
    public var proposedBy: Int64?
    public var proposedAt: Date
    public var decidedAt: Date?

    public static let databaseTableName = "recognition"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// One line of an occasion's certificate list: an officer and every initiative
/// (with its reason) whose thanks were included.
public struct CertificateEntry: Sendable {
    public let officer: Officer
    public var thanks: [(initiative: String, reason: String)]
}

enum OccasionStore {
    static func find(_ db: Database, id: Int64) throws -> Occasion? {
        try Occasion.fetchOne(db, key: id)
    }

    /// Every recognition of an occasion with its officer and initiative names.
    static func recognitions(_ db: Database, occasion: Int64, initiative: Int64? = nil) throws -> [Row] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT r.id, r.reason, r.status, o.id AS officer_id, o.name, o.rank, o.unit, o.city, o.country,
                       i.name AS initiative_name, i.id AS initiative_id
                FROM recognition r JOIN officer o ON o.id = r.officer_id JOIN initiative i ON i.id = r.initiative_id
                WHERE r.occasion_id = ? \(initiative == nil ? "" : "AND r.initiative_id = ?")
                ORDER BY o.name, i.name
                """,
            arguments: initiative == nil ? [occasion] : [occasion, initiative])
    }

    /// The certificate list: one entry per officer with included thanks, however
    /// many initiatives thanked her. Sorted by `sort` ("country", "city" or name).
    static func certificateList(_ db: Database, occasion: Int64, sort: String) throws -> [CertificateEntry] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT r.officer_id, r.reason, i.name AS initiative_name FROM recognition r
                JOIN initiative i ON i.id = r.initiative_id
                WHERE r.occasion_id = ? AND r.status = 'included' ORDER BY i.name
                """,
            arguments: [occasion])
        var byOfficer: [Int64: [(String, String)]] = [:]
        for row in rows { byOfficer[row["officer_id"], default: []].append((row["initiative_name"], row["reason"])) }
        let officers = try Officer.filter(keys: Array(byOfficer.keys)).fetchAll(db)
        let entries = officers.map { CertificateEntry(officer: $0, thanks: byOfficer[$0.id ?? 0] ?? []) }
        return entries.sorted { a, b in
            let keyA: [String], keyB: [String]
            switch sort {
            case "country": (keyA, keyB) = ([a.officer.country, a.officer.city, a.officer.name], [b.officer.country, b.officer.city, b.officer.name])
            case "city": (keyA, keyB) = ([a.officer.city, a.officer.name], [b.officer.city, b.officer.name])
            default: (keyA, keyB) = ([a.officer.name], [b.officer.name])
            }
            return keyA.lexicographicallyPrecedes(keyB)
        }
    }

    /// An officer's recognitions across occasions and initiatives, newest first.
    static func forOfficer(_ db: Database, _ officer: Int64, initiative: Int64? = nil) throws -> [Row] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT r.reason, r.status, oc.title AS occasion, oc.date, i.name AS initiative_name FROM recognition r
                JOIN occasion oc ON oc.id = r.occasion_id JOIN initiative i ON i.id = r.initiative_id
                WHERE r.officer_id = ? \(initiative == nil ? "" : "AND r.initiative_id = ?") ORDER BY oc.date DESC, i.name
                """,
            arguments: initiative == nil ? [officer] : [officer, initiative])
    }

    /// Officers an initiative has recognised, with the occasions.
    static func forInitiative(_ db: Database, _ initiative: Int64) throws -> [Row] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT o.id, o.name, o.rank, o.city, oc.title AS occasion, r.status FROM recognition r
                JOIN officer o ON o.id = r.officer_id JOIN occasion oc ON oc.id = r.occasion_id
                WHERE r.initiative_id = ? ORDER BY oc.date DESC, o.name
                """,
            arguments: [initiative])
    }

    /// Officers who agreed to be named, with their city and the occasions at which
    /// they were thanked (included recognitions only).
    static func publicThanks(_ db: Database) throws -> [Row] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT o.name, o.rank, o.city, o.country, GROUP_CONCAT(DISTINCT oc.title) AS occasions
                FROM recognition r JOIN officer o ON o.id = r.officer_id JOIN occasion oc ON oc.id = r.occasion_id
                WHERE r.status = 'included' AND o.consent_public = 1 AND o.merged_into IS NULL
                GROUP BY o.id ORDER BY o.country, o.city, o.name
                """)
    }
}
