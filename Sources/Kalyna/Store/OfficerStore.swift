import Foundation
import GRDB

/// A friendly police officer. Officers are never linked to cases.
public struct Officer: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var name: String
    public var rank: String
    public var unit: String
    public var city: String
    public var country: String
    public var consentPublic: Bool
    public var createdAt: Date
    public var mergedInto: Int64?

    public static let databaseTableName = "officer"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

enum OfficerStore {
    static func find(_ db: Database, id: Int64) throws -> Officer? {
        try Officer.fetchOne(db, key: id)
    }

    /// Live records (not merged away), optionally of one country, by name.
    static func list(_ db: Database, country: String?, search: String?, offset: Int, limit: Int) throws -> (officers: [Officer], total: Int) {
        var request = Officer.filter(Column("merged_into") == nil)
        if let country { request = request.filter(Column("country") == country) }
        if let search, !search.isEmpty { request = request.filter(Column("name").like("%\(search)%")) }
        let total = try request.fetchCount(db)
        return (try request.order(Column("name"), Column("id")).limit(limit, offset: offset).fetchAll(db), total)
    }

    /// Records that may be the same person: a similar name in the same city or unit.
    static func likelyDuplicates(_ db: Database, name: String, city: String, unit: String, excluding: Int64? = nil) throws -> [Officer] {
        let candidates = try Officer.fetchAll(
            db, sql: "SELECT * FROM officer WHERE merged_into IS NULL AND (city = ? COLLATE NOCASE OR (? != '' AND unit = ? COLLATE NOCASE))",
            arguments: [city.trimmed, unit.trimmed, unit.trimmed])
        return candidates.filter { $0.id != excluding && OfficerNames.similar($0.name, name) }
    }

    /// Moves every recognition of `duplicate` to `kept` (joining reasons where the
    /// same initiative thanked both for the same occasion) and retires `duplicate`.
    /// The stricter consent wins: if either record refused to be named, the
    /// merged officer is never named in public.
    static func merge(_ db: Database, duplicate: Int64, into kept: Int64) throws {
        try db.execute(
            sql: "UPDATE officer SET consent_public = (consent_public AND (SELECT consent_public FROM officer WHERE id = ?)) WHERE id = ?",
            arguments: [duplicate, kept])
        let moving = try Row.fetchAll(db, sql: "SELECT id, occasion_id, initiative_id, reason FROM recognition WHERE officer_id = ?", arguments: [duplicate])
        for row in moving {
            let id: Int64 = try row.value(0, "id")
            let occasion: Int64 = try row.value(1, "occasion_id"), initiative: Int64 = try row.value(2, "initiative_id")
            if let clash = try Row.fetchOne(
                db, sql: "SELECT id, reason FROM recognition WHERE officer_id = ? AND occasion_id = ? AND initiative_id = ?",
                arguments: [kept, occasion, initiative])
            {
                let reason: String = try clash.value(1, "reason")
                let other: String = try row.value(3, "reason")
                let clashId: Int64 = try clash.value(0, "id")
                try db.execute(sql: "UPDATE recognition SET reason = ? WHERE id = ?", arguments: [reason == other ? reason : reason + "\n" + other, clashId])
                try db.execute(sql: "DELETE FROM recognition WHERE id = ?", arguments: [id])
            } else {
                try db.execute(sql: "UPDATE recognition SET officer_id = ? WHERE id = ?", arguments: [kept, id])
            }
        }
        try db.execute(sql: "UPDATE officer SET merged_into = ? WHERE id = ?", arguments: [kept, duplicate])
    }
}

extension OfficerStore {
    /// What a form says of an officer.
    struct Details: Sendable {
        let name: String
        let rank: String
        let unit: String
        let city: String
        let country: String
        /// She agreed to be named in public thanks.
        let consent: Bool
    }

    /// Adds an officer (`id` nil) or changes one the user may change; returns her id.
    static func save(_ db: Database, id: Int64?, _ details: Details, by user: User, now: Date) throws -> Int64 {
        var officer = try id.map { try OfficerAccess.load(user, db, id: $0) }
            ?? Officer(id: nil, name: "", rank: "", unit: "", city: "", country: "", consentPublic: false, createdAt: now, mergedInto: nil)
        officer.name = details.name
        officer.rank = details.rank
        officer.unit = details.unit
        officer.city = details.city
        officer.country = details.country
        officer.consentPublic = details.consent
        if officer.id == nil { try officer.insert(db) } else { try officer.update(db) }
        try Audit.record(db, actor: user.id, id == nil ? "officer.created" : "officer.updated", "officer", officer.id, at: now)
        return officer.id ?? 0
    }
}
