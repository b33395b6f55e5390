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
    /// The title and the signatory's title in Russian and Ukrainian; empty: as typed above.
    public var titleRu = ""
    public var titleUk = ""
    public var signatoryTitleRu = ""
    public var signatoryTitleUk = ""

    public static let databaseTableName = "occasion"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public func title(_ lang: String) -> String {
        let translated = lang == "ru" ? titleRu : lang == "uk" ? titleUk : ""
        return translated.isEmpty ? title : translated
    }

    public func signatoryTitle(_ lang: String) -> String {
        let translated = lang == "ru" ? signatoryTitleRu : lang == "uk" ? signatoryTitleUk : ""
        return translated.isEmpty ? signatoryTitle : translated
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

    /// A recognition on an occasion's page: the officer and the initiative that thanked her.
    struct RecognitionLine: Sendable {
        let id: Int64
        let reason: String
        let status: Recognition.Status
        let officerId: Int64
        let name: String
        let rank: String
        let unit: String
        let city: String
        let initiative: String
    }

    /// Every recognition of an occasion with its officer and initiative names.
    static func recognitions(_ db: Database, occasion: Int64, initiative: Int64? = nil) throws -> [RecognitionLine] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT r.id, r.reason, r.status, o.id, o.name, o.rank, o.unit, o.city, i.name
                FROM recognition r JOIN officer o ON o.id = r.officer_id JOIN initiative i ON i.id = r.initiative_id
                WHERE r.occasion_id = ? \(initiative == nil ? "" : "AND r.initiative_id = ?")
                ORDER BY o.name, i.name
                """,
            arguments: initiative == nil ? [occasion] : [occasion, initiative]
        ).map { row in
            RecognitionLine(
                id: try row.value(0, "id"), reason: try row.value(1, "reason"), status: try row.choice(2, "status"),
                officerId: try row.value(3, "officer_id"), name: try row.value(4, "name"), rank: try row.value(5, "rank"),
                unit: try row.value(6, "unit"), city: try row.value(7, "city"), initiative: try row.value(8, "initiative"))
        }
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
        for row in rows {
            byOfficer[try row.value(0, "officer_id") as Int64, default: []].append((try row.value(2, "initiative_name"), try row.value(1, "reason")))
        }
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

    /// A thanks to an officer: on which occasion, from which initiative.
    struct OfficerThanks: Sendable {
        let reason: String
        let status: Recognition.Status
        let occasion: String
        let date: String
        let initiative: String
    }

    /// An officer's recognitions across occasions and initiatives, newest first.
    static func forOfficer(_ db: Database, _ officer: Int64, initiative: Int64? = nil) throws -> [OfficerThanks] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT r.reason, r.status, oc.title, oc.date, i.name FROM recognition r
                JOIN occasion oc ON oc.id = r.occasion_id JOIN initiative i ON i.id = r.initiative_id
                WHERE r.officer_id = ? \(initiative == nil ? "" : "AND r.initiative_id = ?") ORDER BY oc.date DESC, i.name
                """,
            arguments: initiative == nil ? [officer] : [officer, initiative]
        ).map { row in
            OfficerThanks(
                reason: try row.value(0, "reason"), status: try row.choice(1, "status"), occasion: try row.value(2, "occasion"),
                date: try row.value(3, "date"), initiative: try row.value(4, "initiative"))
        }
    }

    /// An officer an initiative thanked, and on which occasion.
    struct InitiativeThanks: Sendable {
        let officerId: Int64
        let name: String
        let rank: String
        let city: String
        let occasion: String
        let status: Recognition.Status
    }

    /// Officers an initiative has recognised, with the occasions.
    static func forInitiative(_ db: Database, _ initiative: Int64) throws -> [InitiativeThanks] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT o.id, o.name, o.rank, o.city, oc.title, r.status FROM recognition r
                JOIN officer o ON o.id = r.officer_id JOIN occasion oc ON oc.id = r.occasion_id
                WHERE r.initiative_id = ? ORDER BY oc.date DESC, o.name
                """,
            arguments: [initiative]
        ).map { row in
            InitiativeThanks(
                officerId: try row.value(0, "id"), name: try row.value(1, "name"), rank: try row.value(2, "rank"),
                city: try row.value(3, "city"), occasion: try row.value(4, "occasion"), status: try row.choice(5, "status"))
        }
    }

    /// An officer named in public, with the occasions she was thanked at.
    struct NamedOfficer: Sendable {
        let name: String
        let rank: String
        let city: String
        let country: String
        let occasions: [String]
    }

    /// Officers who agreed to be named, with their city and the occasions at which
    /// they were thanked (included recognitions only).
    static func publicThanks(_ db: Database) throws -> [NamedOfficer] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT o.name, o.rank, o.city, o.country, GROUP_CONCAT(DISTINCT oc.title) AS occasions
                FROM recognition r JOIN officer o ON o.id = r.officer_id JOIN occasion oc ON oc.id = r.occasion_id
                WHERE r.status = 'included' AND o.consent_public = 1 AND o.merged_into IS NULL
                GROUP BY o.id ORDER BY o.country, o.city, o.name
                """
        ).map { row in
            NamedOfficer(
                name: try row.value(0, "name"), rank: try row.value(1, "rank"), city: try row.value(2, "city"),
                country: try row.value(3, "country"), occasions: (try row.optional(4) as String?).map { $0.components(separatedBy: ",") } ?? [])
        }
    }
}

extension OccasionStore {
    /// Occasions, newest first; open ones only for coordinators.
    static func list(_ db: Database, openOnly: Bool) throws -> [Occasion] {
        try (openOnly ? Occasion.filter(Column("open") == true) : Occasion.all()).order(Column("date").desc).fetchAll(db)
    }

    /// Whether this initiative already proposed this officer for this occasion.
    static func isProposed(_ db: Database, occasion: Int64, officer: Int64, initiative: Int64?) throws -> Bool {
        try Recognition.filter(
            Column("occasion_id") == occasion && Column("officer_id") == officer && Column("initiative_id") == initiative
        ).fetchCount(db) > 0
    }
}

extension OccasionStore {
    /// What the occasion form says.
    struct Details: Sendable {
        let title: String
        let date: CalendarDate
        let signatoryName: String
        let signatoryTitle: String
        /// The certificate's wording in English, Russian and Ukrainian.
        let wordings: (en: String, ru: String, uk: String)
        let titleRu: String
        let titleUk: String
        let signatoryTitleRu: String
        let signatoryTitleUk: String
        /// Coordinators may propose officers.
        let open: Bool
    }

    /// Adds an occasion (`id` nil) or changes one; returns its id.
    static func save(_ db: Database, id: Int64?, _ details: Details, by user: User, now: Date) throws -> Int64 {
        var occasion = try id.map { existing -> Occasion in
            guard let found = try find(db, id: existing) else { throw RecordRefusal.missing }
            return found
        } ?? Occasion(id: nil, title: "", date: "", signatoryName: "", signatoryTitle: "", wordingEn: "", wordingRu: "", wordingUk: "", open: true, createdAt: now)
        occasion.title = details.title
        occasion.date = details.date.iso
        occasion.signatoryName = details.signatoryName
        occasion.signatoryTitle = details.signatoryTitle
        (occasion.wordingEn, occasion.wordingRu, occasion.wordingUk) = details.wordings
        occasion.titleRu = details.titleRu
        occasion.titleUk = details.titleUk
        occasion.signatoryTitleRu = details.signatoryTitleRu
        occasion.signatoryTitleUk = details.signatoryTitleUk
        occasion.open = details.open
        if occasion.id == nil { try occasion.insert(db) } else { try occasion.update(db) }
        try Audit.record(db, actor: user.id, id == nil ? "occasion.created" : "occasion.updated", "occasion", occasion.id, at: now)
        return occasion.id ?? 0
    }
}

extension OccasionStore {
    /// A coordinator proposes that her initiative thanks an officer, known
    /// (`officer`) or new (`newOfficer`), for an open occasion. Returns a catalog
    /// key when her initiative has already proposed this officer, else nil.
    static func propose(
        _ db: Database, occasion id: Int64, officer existing: Int64?, newOfficer: OfficerStore.Details?, reason: String, by user: User, now: Date
    ) throws -> String? {
        let initiative = try OfficerAccess.coordinatorInitiative(user, db)
        guard let occasion = try find(db, id: id), occasion.open else { throw RecordRefusal.wrongState }
        let officerId: Int64
        if let existing {
            let officer = try OfficerAccess.load(user, db, id: existing)
            officerId = officer.mergedInto ?? existing
        } else if let details = newOfficer {
            officerId = try OfficerStore.save(db, id: nil, details, by: user, now: now)
        } else {
            throw RecordRefusal.missing
        }
        guard try !isProposed(db, occasion: id, officer: officerId, initiative: initiative.id) else { return "recognition_duplicate" }
        var recognition = Recognition(
            id: nil, occasionId: id, officerId: officerId, initiativeId: initiative.id ?? 0, reason: reason, status: .proposed,
            proposedBy: user.id, proposedAt: now, decidedAt: nil)
        try recognition.insert(db)
        try Audit.record(db, actor: user.id, "recognition.proposed", "recognition", recognition.id, at: now)
        return nil
    }

    /// Staff include a proposal in the occasion's certificate list, or leave it out; returns the occasion.
    static func decide(_ db: Database, recognition id: Int64, _ status: Recognition.Status, by user: User, now: Date) throws -> Int64 {
        guard var recognition = try Recognition.fetchOne(db, key: id) else { throw RecordRefusal.missing }
        recognition.status = status
        recognition.decidedAt = now
        try recognition.update(db)
        try Audit.record(db, actor: user.id, "recognition.\(status.rawValue)", "recognition", id, at: now)
        return recognition.occasionId
    }
}
