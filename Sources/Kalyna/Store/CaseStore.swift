import Foundation
import GRDB

/// A list entry named in the three languages of the catalogs.
public protocol TranslatedName {
    var nameEn: String { get }
    var nameRu: String { get }
    var nameUk: String { get }
}

extension TranslatedName {
    /// The name in `lang`, English for any other.
    public func name(_ lang: String) -> String {
        switch lang {
        case "ru": nameRu
        case "uk": nameUk
        default: nameEn
        }
    }
}

/// An anonymous record of police violence against a woman who uses drugs.
public struct CaseRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var initiativeId: Int64
    public var registeredOn: String
    public var incidentDate: String
    public var incidentPrecision: String
    public var country: String
    /// A place of the staff's list; nil for "another place in the country".
    public var placeId: Int64?
    public var placeType: String
    public var ageBand: String
    public var policeUnit: String
    public var officersCount: String
    public var complaintFiled: Bool
    public var complaintBodyId: Int64?
    public var complaintOutcomeId: Int64?
    public var status: String
    public var consentStatistics: Bool
    /// Sealed by `NarrativeBox`; never read without it.
    public var narrative: Data?
    public var createdBy: Int64?
    public var createdAt: Date
    public var updatedAt: Date

    public static let databaseTableName = "case"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// A new case of `initiative`, every field still to be set from the form.
    static func blank(initiative: Int64, by actor: Int64?, now: Date) -> CaseRecord {
        CaseRecord(
            id: nil, initiativeId: initiative, registeredOn: "", incidentDate: "", incidentPrecision: "month", country: "", placeId: nil,
            placeType: "", ageBand: "", policeUnit: "", officersCount: "unknown", complaintFiled: false, complaintBodyId: nil,
            complaintOutcomeId: nil, status: "open", consentStatistics: false, narrative: nil, createdBy: actor, createdAt: now, updatedAt: now)
    }

    var placeChoice: PlaceChoice { PlaceChoice(country: country, place: placeId) }
}

/// A place of the staff's list.
public struct Place: TranslatedName, Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var country: String
    public var nameEn: String
    public var nameRu: String
    public var nameUk: String
    public var active: Bool
    public var position: Int

    public static let databaseTableName = "place"
    // Read by position (Codable's by-name decoding cost a fifth of a case list).
    public static var databaseSelection: [any SQLSelectable] { [
        Column("id"), Column("country"), Column("name_en"), Column("name_ru"), Column("name_uk"), Column("active"), Column("position"),
    ] }
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public var names: [String] { [nameEn, nameRu, nameUk] }
}

// In an extension, so that the memberwise initializer stays.
extension Place {
    public init(row: Row) throws {
        id = try row.optional(0)
        country = try row.value(1, "country")
        nameEn = try row.value(2, "name_en")
        nameRu = try row.value(3, "name_ru")
        nameUk = try row.value(4, "name_uk")
        active = try row.value(5, "active")
        position = try row.value(6, "position")
    }
}

/// A term of one of the case vocabularies (`CaseTerms`).
public struct CaseTerm: TranslatedName, Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var vocabulary: String
    public var key: String
    public var nameEn: String
    public var nameRu: String
    public var nameUk: String
    public var active: Bool
    public var position: Int

    public static let databaseTableName = "case_term"
    public static var databaseSelection: [any SQLSelectable] { [
        Column("id"), Column("vocabulary"), Column("key"), Column("name_en"), Column("name_ru"), Column("name_uk"), Column("active"),
        Column("position"),
    ] }
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public var names: [String] { [key, nameEn, nameRu, nameUk] }
}

// In an extension, so that the memberwise initializer stays.
extension CaseTerm {
    public init(row: Row) throws {
        id = try row.optional(0)
        vocabulary = try row.value(1, "vocabulary")
        key = try row.value(2, "key")
        nameEn = try row.value(3, "name_en")
        nameRu = try row.value(4, "name_ru")
        nameUk = try row.value(5, "name_uk")
        active = try row.value(6, "active")
        position = try row.value(7, "position")
    }
}

public struct ViolenceType: TranslatedName, Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var key: String
    public var nameEn: String
    public var nameRu: String
    public var nameUk: String
    public var active: Bool
    public var position: Int

    public static let databaseTableName = "violence_type"
    public static var databaseSelection: [any SQLSelectable] { [
        Column("id"), Column("key"), Column("name_en"), Column("name_ru"), Column("name_uk"), Column("active"), Column("position"),
    ] }
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

// In an extension, so that the memberwise initializer stays.
extension ViolenceType {
    public init(row: Row) throws {
        id = try row.optional(0)
        key = try row.value(1, "key")
        nameEn = try row.value(2, "name_en")
        nameRu = try row.value(3, "name_ru")
        nameUk = try row.value(4, "name_uk")
        active = try row.value(5, "active")
        position = try row.value(6, "position")
    }
}

public struct Referral: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var caseId: Int64
    public var service: String
    public var referredOn: String
    public var status: String
    public var updatedAt: Date

    public static let databaseTableName = "referral"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

enum CaseStore {
    static func typology(_ db: Database, activeOnly: Bool = false) throws -> [ViolenceType] {
        try (activeOnly ? ViolenceType.filter(Column("active") == true) : ViolenceType.all()).order(Column("position")).fetchAll(db)
    }

    static func acts(_ db: Database, case id: Int64) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT violence_type_id FROM case_act WHERE case_id = ?", arguments: [id])
    }

    static func setActs(_ db: Database, case id: Int64, _ acts: [Int64]) throws {
        try db.execute(sql: "DELETE FROM case_act WHERE case_id = ?", arguments: [id])
        for act in Set(acts) { try db.execute(sql: "INSERT INTO case_act (case_id, violence_type_id) VALUES (?, ?)", arguments: [id, act]) }
    }

    static func referrals(_ db: Database, case id: Int64) throws -> [Referral] {
        try Referral.filter(Column("case_id") == id).order(Column("referred_on"), Column("id")).fetchAll(db)
    }

    static func consequences(_ db: Database, case id: Int64) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT term_id FROM case_consequence WHERE case_id = ?", arguments: [id])
    }

    static func setConsequences(_ db: Database, case id: Int64, _ terms: [Int64]) throws {
        try db.execute(sql: "DELETE FROM case_consequence WHERE case_id = ?", arguments: [id])
        for term in Set(terms) { try db.execute(sql: "INSERT INTO case_consequence (case_id, term_id) VALUES (?, ?)", arguments: [id, term]) }
    }

    /// The places of the list, by country and position; active ones only for choosing.
    static func places(_ db: Database, activeOnly: Bool = false) throws -> [Place] {
        try (activeOnly ? Place.filter(Column("active") == true) : Place.all()).order(Column("country"), Column("position"), Column("id")).fetchAll(db)
    }

    static func terms(_ db: Database, activeOnly: Bool = false) throws -> [CaseTerm] {
        try (activeOnly ? CaseTerm.filter(Column("active") == true) : CaseTerm.all()).order(Column("vocabulary"), Column("position")).fetchAll(db)
    }

    /// How many cases use a term.
    static func termUse(_ db: Database, _ term: CaseTerm) throws -> Int {
        let sql = switch term.vocabulary {
        case "consequence": "SELECT COUNT(*) FROM case_consequence WHERE term_id = ?"
        case "complaint_body": "SELECT COUNT(*) FROM \"case\" WHERE complaint_body_id = ?"
        default: "SELECT COUNT(*) FROM \"case\" WHERE complaint_outcome_id = ?"
        }
        return try Int.fetchOne(db, sql: sql, arguments: [term.id]) ?? 0
    }

    /// What the form and the import may choose, plus what `keeping` already has
    /// (a place or term retired since stays valid on its own cases).
    static func choices(_ db: Database, keeping record: CaseRecord? = nil) throws -> CaseInput.Choices {
        var places: [Int64: String] = [:]
        for place in try CaseStore.places(db, activeOnly: true) { places[place.id ?? 0] = place.country }
        if let record, let id = record.placeId { places[id] = record.country }
        var terms: [String: Set<Int64>] = [:]
        for term in try CaseStore.terms(db, activeOnly: true) { terms[term.vocabulary, default: []].insert(term.id ?? 0) }
        if let record, let id = record.id {
            for term in try consequences(db, case: id) { terms["consequence", default: []].insert(term) }
            if let body = record.complaintBodyId { terms["complaint_body", default: []].insert(body) }
            if let outcome = record.complaintOutcomeId { terms["complaint_outcome", default: []].insert(outcome) }
        }
        let acts = Set(try typology(db, activeOnly: true).compactMap(\.id))
        return CaseInput.Choices(acts: acts, places: places, terms: terms)
    }

    /// Writes a case from the form (with its acts and consequences). Everything
    /// but the narrative is a choice; the narrative is sealed. A narrative this
    /// key cannot open is never replaced: `keepNarrative` or not, it stays.
    static func save(_ db: Database, _ input: CaseInput, to record: inout CaseRecord, box: NarrativeBox, keepNarrative: Bool, now: Date) throws {
        let previous = record.narrative
        apply(input, to: &record, box: box, now: now)
        if keepNarrative { record.narrative = previous }
        if let previous, box.open([UInt8](previous)) == nil { record.narrative = previous }
        if record.id == nil { try record.insert(db) } else { try record.update(db) }
        try setActs(db, case: record.id ?? 0, input.acts)
        try setConsequences(db, case: record.id ?? 0, input.consequences)
    }

    static func apply(_ input: CaseInput, to record: inout CaseRecord, box: NarrativeBox, now: Date) {
        record.registeredOn = CalendarDate(iso: input.registeredOn.trimmed)?.iso ?? input.registeredOn
        record.incidentDate = input.normalizedIncident ?? input.incidentDate
        record.incidentPrecision = input.precision
        let place = input.placeChoice
        record.country = place?.country ?? record.country
        record.placeId = place?.place
        record.placeType = input.placeType
        record.ageBand = input.ageBand
        record.policeUnit = input.policeUnit
        record.officersCount = input.officersCount
        record.complaintFiled = input.complaintFiled
        record.complaintBodyId = input.complaintFiled ? input.complaintBody : nil
        record.complaintOutcomeId = input.complaintFiled ? input.complaintOutcome : nil
        record.status = input.status
        record.consentStatistics = input.consentStatistics
        let narrative = input.narrative.trimmed
        record.narrative = narrative.isEmpty ? nil : Data(box.seal(narrative))
        record.updatedAt = now
    }

    struct Filter {
        var initiative: Int64?
        var country: String?
        /// A place of the list, or "another place" (`PlaceChoice.place == nil`).
        var place: PlaceChoice?
        var act: Int64?
        var from: String?
        var to: String?
        /// Public figures count only cases whose consent allows it.
        var consentedOnly = false

        /// No condition at all: every case.
        var isEverything: Bool {
            initiative == nil && country == nil && place == nil && act == nil && from == nil && to == nil && !consentedOnly
        }

        /// The SQL condition and its arguments, over `case` aliased `c`.
        var sql: (String, StatementArguments) {
            var conditions: [String] = ["1 = 1"]
            var arguments: StatementArguments = []
            if let initiative { conditions.append("c.initiative_id = ?"); arguments += [initiative] }
            if let country { conditions.append("c.country = ?"); arguments += [country] }
            if let place {
                conditions.append("c.country = ?")
                arguments += [place.country]
                if let id = place.place { conditions.append("c.place_id = ?"); arguments += [id] } else { conditions.append("c.place_id IS NULL") }
            }
            if let act { conditions.append("EXISTS (SELECT 1 FROM case_act a WHERE a.case_id = c.id AND a.violence_type_id = ?)"); arguments += [act] }
            // Months compare as text: "2026-11" ≤ "2026-11-03" ≤ "2026-11~".
            if let from { conditions.append("c.incident_date >= ?"); arguments += [from] }
            if let to { conditions.append("c.incident_date <= ?"); arguments += [to + "~"] }
            if consentedOnly { conditions.append("c.consent_statistics = 1") }
            return (conditions.joined(separator: " AND "), arguments)
        }
    }

    /// A row of the case list.
    struct ListItem: Sendable {
        let id: Int64
        /// As stored: "2026-11-03", "2026-11" or "2026".
        let incident: String
        let place: PlaceChoice
        let status: String
        let initiative: String
        var acts: [Int64]
    }

    static func page(_ db: Database, filter: Filter, offset: Int, limit: Int, kept: KeptReads) throws -> (items: [ListItem], total: Int) {
        let (condition, arguments) = filter.sql
        let total = try kept.count(db, sql: "SELECT COUNT(*) FROM \"case\" c WHERE \(condition)", arguments: arguments, tables: ["case", "case_act"])
        let statement = try db.cachedStatement(sql: """
            SELECT c.id, c.incident_date, c.country, c.place_id, c.status, i.name
            FROM "case" c JOIN initiative i ON i.id = c.initiative_id WHERE \(condition)
            ORDER BY c.incident_date DESC, c.id DESC LIMIT ? OFFSET ?
            """)
        var items: [ListItem] = []
        let rows = try Row.fetchCursor(statement, arguments: arguments + [limit, offset])
        while let row = try rows.next() {
            items.append(ListItem(
                id: try row.value(0, "id"), incident: try row.value(1, "incident_date"),
                place: PlaceChoice(country: try row.value(2, "country"), place: try row.optional(3)),
                status: try row.value(4, "status"), initiative: try row.value(5, "initiative"), acts: []))
        }
        let acts = try Self.acts(db, of: items.map(\.id))
        for index in items.indices { items[index].acts = acts[items[index].id] ?? [] }
        return (items, total)
    }

    /// The acts of these cases, in one query: a subquery per row (GROUP_CONCAT)
    /// was half of reading a page of cases. The ids go in as one JSON array, so
    /// that the statement is the same for any page (and stays cached) and there
    /// is one argument to bind, not fifty.
    static func acts(_ db: Database, of cases: [Int64]) throws -> [Int64: [Int64]] {
        guard !cases.isEmpty else { return [:] }
        var list = "["
        for (index, id) in cases.enumerated() {
            if index > 0 { list += "," }
            list += String(id)
        }
        list += "]"
        let statement = try db.cachedStatement(sql: """
            SELECT case_id, violence_type_id FROM case_act
            WHERE case_id IN (SELECT value FROM json_each(?)) ORDER BY case_id, violence_type_id
            """)
        var acts: [Int64: [Int64]] = [:]
        acts.reserveCapacity(cases.count)
        let rows = try Row.fetchCursor(statement, arguments: [list])
        while let row = try rows.next() {
            acts[try row.value(0, "case_id"), default: []].append(try row.value(1, "violence_type_id"))
        }
        return acts
    }

    /// "3,12,7" (SQLite's GROUP_CONCAT of ids) as ids, read over the bytes:
    /// splitting into substrings was a sixth of reading a page of cases (the export reads them so).
    static func ids(_ text: String) -> [Int64] {
        var ids: [Int64] = []
        var current: Int64 = 0
        var digits = 0
        var valid = true
        for byte in text.utf8 {
            if byte == UInt8(ascii: ",") {
                if valid, digits > 0 { ids.append(current) }
                (current, digits, valid) = (0, 0, true)
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 18 {
                current = current * 10 + Int64(byte - UInt8(ascii: "0"))
                digits += 1
            } else {
                valid = false  // as `Int64(piece)` would: a piece that is not an id is left out
            }
        }
        if valid, digits > 0 { ids.append(current) }
        return ids
    }

    /// Counts of cases grouped by `expression` (over `case c`), largest first.
    static func counts(_ db: Database, by expression: String, filter: Filter) throws -> [(key: String, count: Int)] {
        let (condition, arguments) = filter.sql
        return try Row.fetchAll(
            db, sql: "SELECT \(expression) AS k, COUNT(*) AS n FROM \"case\" c WHERE \(condition) GROUP BY k ORDER BY n DESC, k",
            arguments: arguments
        ).map { ((try $0.optional(0) as String?) ?? "", try $0.value(1, "n")) }
    }

    /// Cases by country, city and incident month, in one pass over the
    /// `case_picture` index (grouped by day in index order, months summed here:
    /// a quarter of the time of three grouped queries on 100,000 cases).
    static func placeAndMonthCounts(_ db: Database, consentedOnly: Bool) throws -> PlaceAndMonthCounts {
        var counts = PlaceAndMonthCounts()
        let condition = consentedOnly ? "WHERE consent_statistics = 1" : ""
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT country, place_id, incident_precision, incident_date, COUNT(*) FROM \"case\" \(condition) GROUP BY 1, 2, 3, 4")
        while let row = try cursor.next() {
            let country = (row[0] as String?) ?? "", place = row[1] as Int64?
            let precision = (row[2] as String?) ?? "", date = (row[3] as String?) ?? ""
            let n = (row[4] as Int?) ?? 0
            counts.byCountry[country, default: 0] += n
            counts.byPlace[PlaceChoice(country: country, place: place), default: 0] += n
            if precision != "year" { counts.byMonth[String(date.prefix(7)), default: 0] += n }
        }
        return counts
    }

    struct PlaceAndMonthCounts {
        var byCountry: [String: Int] = [:]
        var byPlace: [PlaceChoice: Int] = [:]
        /// "2026-11" → cases; cases known only to the year are left out.
        var byMonth: [String: Int] = [:]
    }

    /// Acts counted once per case that has them (a case names an act once).
    static func actCounts(_ db: Database, filter: Filter) throws -> [(key: Int64, count: Int)] {
        let (condition, arguments) = filter.sql
        // Every case: the acts table alone answers, from its index.
        let sql = filter.isEverything
            ? "SELECT violence_type_id AS k, COUNT(*) AS n FROM case_act GROUP BY k ORDER BY n DESC"
            : "SELECT a.violence_type_id AS k, COUNT(*) AS n FROM case_act a JOIN \"case\" c ON c.id = a.case_id WHERE \(condition) GROUP BY k ORDER BY n DESC"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { (try $0.value(0, "violence_type_id"), try $0.value(1, "n")) }
    }

    /// Referrals by service (rows) and outcome (columns).
    static func referralMatrix(_ db: Database, filter: Filter) throws -> [[Int]] {
        let (condition, arguments) = filter.sql
        var matrix = CaseVocabulary.services.map { _ in CaseVocabulary.referralStatuses.map { _ in 0 } }
        for row in try Row.fetchAll(
            db,
            sql: filter.isEverything
                ? "SELECT service, status, COUNT(*) AS n FROM referral GROUP BY service, status"
                : "SELECT r.service, r.status, COUNT(*) AS n FROM referral r JOIN \"case\" c ON c.id = r.case_id WHERE \(condition) GROUP BY r.service, r.status",
            arguments: arguments)
        {
            let service: String = try row.value(0, "service"), status: String = try row.value(1, "status")
            if let s = CaseVocabulary.services.firstIndex(of: service), let o = CaseVocabulary.referralStatuses.firstIndex(of: status) {
                matrix[s][o] = try row.value(2, "n")
            }
        }
        return matrix
    }
}

extension CaseStore {
    /// The cases an initiative registered, counted by act and by year (newest first), for its page.
    struct InitiativeCounts: Sendable {
        let total: Int
        let byAct: [(key: Int64, count: Int)]
        let byYear: [(key: String, count: Int)]
        let typology: [ViolenceType]
    }

    static func initiativeCounts(_ db: Database, initiative: Int64) throws -> InitiativeCounts {
        let filter = Filter(initiative: initiative)
        return InitiativeCounts(
            total: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"case\" WHERE initiative_id = ?", arguments: [initiative]) ?? 0,
            byAct: try actCounts(db, filter: filter),
            byYear: try counts(db, by: "substr(c.incident_date, 1, 4)", filter: filter).sorted { $0.key > $1.key },
            typology: try typology(db))
    }
}

extension CaseStore {
    /// The lists a case's keys are named from: places and acts.
    struct Vocabulary: Sendable {
        let places: [Place]
        let typology: [ViolenceType]
    }

    static func vocabulary(_ db: Database) throws -> Vocabulary {
        Vocabulary(places: try places(db), typology: try typology(db))
    }

    /// The same, kept while no place or act changes.
    static func vocabulary(_ db: Database, kept: KeptReads) throws -> Vocabulary {
        try kept.kept(kept.database.vocabularies, "all", tables: ["place", "violence_type"]) { try vocabulary(db) }
    }
}

extension CaseStore {
    /// What a case's page names besides the case itself.
    struct Names: Sendable {
        let place: Place?
        let consequences: Set<Int64>
        let terms: [CaseTerm]
    }

    static func names(_ db: Database, for record: CaseRecord) throws -> Names {
        Names(
            place: try record.placeId.flatMap { try Place.fetchOne(db, key: $0) },
            consequences: Set(try consequences(db, case: record.id ?? 0)), terms: try terms(db))
    }

    /// A case as the staff export writes it: keys and names from the lists only.
    struct ExportRow: Sendable {
        let id: Int64
        let registeredOn: String
        let incidentDate: String
        let incidentPrecision: String
        let country: String
        /// The place's English name; nil for "another place".
        let place: String?
        let placeType: String
        let ageBand: String
        let policeUnit: String
        let officersCount: String
        let complaintFiled: Bool
        let complaintBody: String?
        let complaintOutcome: String?
        let status: String
        let consentStatistics: Bool
        let initiative: String
        let acts: [Int64]
        /// Keys, ";"-separated.
        let consequences: String
    }

    static func export(_ db: Database, filter: Filter) throws -> [ExportRow] {
        let (condition, arguments) = filter.sql
        return try Row.fetchAll(
            db,
            sql: """
                SELECT c.id, c.registered_on, c.incident_date, c.incident_precision, c.country, p.name_en, c.place_type, c.age_band,
                  c.police_unit, c.officers_count, c.complaint_filed, cb.key, co.key, c.status, c.consent_statistics, i.name,
                  (SELECT GROUP_CONCAT(violence_type_id) FROM case_act a WHERE a.case_id = c.id),
                  (SELECT GROUP_CONCAT(t.key, ';') FROM case_consequence cc JOIN case_term t ON t.id = cc.term_id WHERE cc.case_id = c.id)
                FROM "case" c JOIN initiative i ON i.id = c.initiative_id LEFT JOIN place p ON p.id = c.place_id
                  LEFT JOIN case_term cb ON cb.id = c.complaint_body_id LEFT JOIN case_term co ON co.id = c.complaint_outcome_id
                WHERE \(condition) ORDER BY c.id
                """,
            arguments: arguments
        ).map { row in
            ExportRow(
                id: try row.value(0, "id"), registeredOn: try row.value(1, "registered_on"), incidentDate: try row.value(2, "incident_date"),
                incidentPrecision: try row.value(3, "incident_precision"), country: try row.value(4, "country"), place: try row.optional(5),
                placeType: try row.value(6, "place_type"), ageBand: try row.value(7, "age_band"), policeUnit: try row.value(8, "police_unit"),
                officersCount: try row.value(9, "officers_count"), complaintFiled: try row.value(10, "complaint_filed"),
                complaintBody: try row.optional(11), complaintOutcome: try row.optional(12), status: try row.value(13, "status"),
                consentStatistics: try row.value(14, "consent_statistics"), initiative: try row.value(15, "initiative"),
                acts: (try row.optional(16) as String?).map(Self.ids) ?? [],
                consequences: try row.optional(17) ?? "")
        }
    }

    /// A country's initiatives by name (the case list's filter).
    static func initiatives(_ db: Database, country: String) throws -> [Initiative] {
        try Initiative.filter(Column("country") == country).order(Column("name")).fetchAll(db)
    }

    /// How many cases name this act.
    static func actUse(_ db: Database, _ term: ViolenceType) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_act WHERE violence_type_id = ?", arguments: [term.id]) ?? 0
    }

    /// What an administrator asks of a vocabulary term: switch it on or off, or rename it in every language.
    enum TermChange: Sendable {
        case active(Bool)
        case names(String, String, String)

        func apply<Term: EditableTerm>(to term: inout Term) {
            switch self {
            case .active(let active): term.active = active
            case .names(let en, let ru, let uk): (term.nameEn, term.nameRu, term.nameUk) = (en, ru, uk)
            }
        }
    }

    static func addAct(_ db: Database, names: (String, String, String), by user: Int64?, now: Date) throws {
        let position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM violence_type") ?? 0) + 1
        var term = ViolenceType(id: nil, key: "custom_\(position)", nameEn: names.0, nameRu: names.1, nameUk: names.2, active: true, position: position)
        try term.insert(db)
        try Audit.record(db, actor: user, "typology.added", "violence_type", term.id, at: now)
    }

    static func changeAct(_ db: Database, id: Int64, _ change: TermChange, by user: Int64?, now: Date) throws {
        guard var term = try ViolenceType.fetchOne(db, key: id) else { throw RecordRefusal.missing }
        change.apply(to: &term)
        try term.update(db)
        try Audit.record(db, actor: user, "typology.changed", "violence_type", id, at: now)
    }

    static func addTerm(_ db: Database, vocabulary: String, names: (String, String, String), by user: Int64?, now: Date) throws {
        let position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM case_term") ?? 0) + 1
        var term = CaseTerm(
            id: nil, vocabulary: vocabulary, key: "custom_\(position)", nameEn: names.0, nameRu: names.1, nameUk: names.2, active: true, position: position)
        try term.insert(db)
        try Audit.record(db, actor: user, "case_term.added", "case_term", term.id, at: now)
    }

    static func changeTerm(_ db: Database, id: Int64, _ change: TermChange, by user: Int64?, now: Date) throws {
        guard var term = try CaseTerm.fetchOne(db, key: id) else { throw RecordRefusal.missing }
        change.apply(to: &term)
        try term.update(db)
        try Audit.record(db, actor: user, "case_term.changed", "case_term", id, at: now)
    }
}

/// A vocabulary term an administrator renames or switches on and off.
protocol EditableTerm {
    var nameEn: String { get set }
    var nameRu: String { get set }
    var nameUk: String { get set }
    var active: Bool { get set }
}

extension ViolenceType: EditableTerm {}
extension CaseTerm: EditableTerm {}

extension CaseStore {
    /// A referral of the user's own initiative's case, or a refusal (checked again inside the write).
    static func referralForChange(_ user: User, _ db: Database, id: Int64) throws -> Referral {
        guard let referral = try Referral.fetchOne(db, key: id) else { throw RecordRefusal.missing }
        _ = try CaseAccess.loadForChange(user, db, id: referral.caseId)
        return referral
    }

    /// Records a referral of a case of the user's initiative, with its audit line.
    static func addReferral(_ db: Database, case id: Int64, service: String, on date: CalendarDate, status: String, by user: User, now: Date) throws {
        _ = try CaseAccess.loadForChange(user, db, id: id)
        var referral = Referral(id: nil, caseId: id, service: service, referredOn: date.iso, status: status, updatedAt: now)
        try referral.insert(db)
        try Audit.record(db, actor: user.id, "referral.added", "case", id, at: now)
    }

    /// Moves a referral on; returns its case.
    static func setReferralStatus(_ db: Database, id: Int64, status: String, by user: User, now: Date) throws -> Int64 {
        var referral = try referralForChange(user, db, id: id)
        referral.status = status
        referral.updatedAt = now
        try referral.update(db)
        try Audit.record(db, actor: user.id, "referral.updated", "case", referral.caseId, detail: "status=\(status)", at: now)
        return referral.caseId
    }
}
