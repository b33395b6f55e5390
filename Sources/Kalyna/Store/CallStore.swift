import Foundation
import GRDB

/// A grant round.
public struct Call: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var title: String
    public var description: String
    /// Read through `Currency: DatabaseValueConvertible`: an unknown stored code fails the read.
    public var currency: Currency
    public var totalBudget: Int64
    public var maxGrant: Int64
    public var opensOn: String
    public var closesOn: String
    public var eligibility: String
    public var status: CallStatus
    public var createdAt: Date
    /// Default tranche shares of the call's grants, in percent ("70,30").
    public var trancheSplit: String = "70,30"
    /// The grant agreement in each language ("" = none); see `GrantAgreement`.
    public var agreementEn: String = ""
    public var agreementRu: String = ""
    public var agreementUk: String = ""
    /// Translations of the title, description and eligibility ("" = none).
    public var titleRu: String = ""
    public var titleUk: String = ""
    public var descriptionRu: String = ""
    public var descriptionUk: String = ""
    public var eligibilityRu: String = ""
    public var eligibilityUk: String = ""

    public func title(_ lang: String) -> String { Translated.pick(title, ru: titleRu, uk: titleUk, lang: lang) }
    public func description(_ lang: String) -> String { Translated.pick(description, ru: descriptionRu, uk: descriptionUk, lang: lang) }
    public func eligibility(_ lang: String) -> String { Translated.pick(eligibility, ru: eligibilityRu, uk: eligibilityUk, lang: lang) }

    public var hasAgreement: Bool { !(agreementEn.trimmed.isEmpty && agreementRu.trimmed.isEmpty && agreementUk.trimmed.isEmpty) }

    public static let databaseTableName = "call"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public var opens: CalendarDate? { CalendarDate(iso: opensOn) }
    public var closes: CalendarDate? { CalendarDate(iso: closesOn) }

    /// Where the call stands on `today` (the network's day).
    public func phase(on today: CalendarDate) -> CallPhase {
        CallPhase.of(status: status, opens: opens, closes: closes, today: today)
    }

    /// Open for submissions: opened by staff, from its opening day to the end of its closing day.
    public func acceptsSubmissions(on today: CalendarDate) -> Bool {
        phase(on: today) == .open
    }
}

/// A review criterion of a call, with its weight.
/// A criterion as the call form gives it.
struct CriterionInput: Sendable {
    var name: String
    var nameRu: String
    var nameUk: String
    var weight: Int
}

public struct Criterion: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var callId: Int64
    public var position: Int
    public var name: String
    public var weight: Int
    public var nameRu: String = ""
    public var nameUk: String = ""

    public func name(_ lang: String) -> String { Translated.pick(name, ru: nameRu, uk: nameUk, lang: lang) }

    public static let databaseTableName = "call_criterion"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

enum CallStore {
    /// Every call as (id, title), newest first: the options of a "call" filter.
    /// (Decoding whole `Call` records for this took a sixth of a list page.)
    static func options(_ db: Database) throws -> [(String, String)] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT id, title FROM call ORDER BY id DESC")).map {
            (String(try $0.value(0, "id") as Int64), try $0.value(1, "title"))
        }
    }

    static func find(_ db: Database, id: Int64) throws -> Call? {
        try Call.fetchOne(db, key: id)
    }

    static func criteria(_ db: Database, call: Int64) throws -> [Criterion] {
        try Criterion.filter(Column("call_id") == call).order(Column("position")).fetchAll(db)
    }

    /// Scores were given against the criteria as they are: they can no longer change.
    struct CriteriaFrozen: Error {}

    /// Replaces the call's criteria; throws `CriteriaFrozen` (before changing
    /// anything) when reviewers have scored them and `criteria` differ.
    static func replaceCriteria(_ db: Database, call: Int64, _ criteria: [(name: String, weight: Int)]) throws {
        try replaceCriteria(db, call: call, criteria.map { CriterionInput(name: $0.name, nameRu: "", nameUk: "", weight: $0.weight) })
    }

    /// Criteria as written. Once a review scored them, names and weights stay
    /// as they were (scores are tied to them); their translations may still change.
    static func replaceCriteria(_ db: Database, call: Int64, _ criteria: [CriterionInput]) throws {
        let current = try self.criteria(db, call: call)
        let scored = try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM review_score s JOIN call_criterion c ON c.id = s.criterion_id WHERE c.call_id = ?)",
            arguments: [call]) ?? false
        if scored {
            guard current.map({ [$0.name, String($0.weight)] }) == criteria.map({ [$0.name, String($0.weight)] }) else { throw CriteriaFrozen() }
            for (record, typed) in zip(current, criteria) {
                try db.execute(sql: "UPDATE call_criterion SET name_ru = ?, name_uk = ? WHERE id = ?", arguments: [typed.nameRu, typed.nameUk, record.id])
            }
            return
        }
        try db.execute(sql: "DELETE FROM call_criterion WHERE call_id = ?", arguments: [call])
        for (position, criterion) in criteria.enumerated() {
            var record = Criterion(id: nil, callId: call, position: position, name: criterion.name, weight: criterion.weight, nameRu: criterion.nameRu, nameUk: criterion.nameUk)
            try record.insert(db)
        }
    }

    /// Money committed in the call: each award, but for a grant ended early
    /// only what was paid (`GrantCommitment`), so that the rest can be awarded again.
    static func awarded(_ db: Database, call: Int64) throws -> Int64 {
        try Int64.fetchOne(
            db.cachedStatement(sql: """
                SELECT COALESCE(SUM(CASE WHEN g.status = 'terminated' THEN p.paid ELSE COALESCE(g.amount_awarded, a.amount_awarded) END), 0)
                FROM application a LEFT JOIN "grant" g ON g.application_id = a.id LEFT JOIN grant_progress p ON p.grant_id = g.id
                WHERE a.call_id = ? AND a.status = 'approved'
                """),
            arguments: [call]) ?? 0
    }

    /// Applications per status, and money requested by those awaiting or given a decision.
    static func overview(_ db: Database, call: Int64) throws -> (counts: [String: Int], requested: Int64) {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM application WHERE call_id = ? GROUP BY status", arguments: [call]) {
            counts[try row.value(0, "status")] = try row.value(1, "n")
        }
        let requested = try Int64.fetchOne(
            db, sql: "SELECT COALESCE(SUM(amount_requested), 0) FROM application WHERE call_id = ? AND status IN ('submitted', 'under_review', 'approved')",
            arguments: [call]) ?? 0
        return (counts, requested)
    }

    static func list(_ db: Database, statuses: [CallStatus]) throws -> [Call] {
        try Call.filter(statuses.map(\.rawValue).contains(Column("status"))).order(Column("closes_on").desc, Column("id").desc).fetchAll(db)
    }
}

extension CallStore {
    /// Why a status change was refused (a catalog key).
    struct StatusRefused: Error {
        let key: String
    }

    /// The change, with its checks, in the write: a call opens only within its dates.
    static func changeStatus(_ db: Database, id: Int64, from: CallStatus, to: CallStatus, today: CalendarDate, actor: Int64?, now: Date) throws {
        guard var call = try find(db, id: id) else { throw RecordRefusal.missing }
        guard call.status == from else { throw RecordRefusal.wrongState }
        if to == .open, let problem = CallPhase.openingProblem(opens: call.opens, closes: call.closes, today: today) {
            throw StatusRefused(key: problem)
        }
        call.status = to
        try call.update(db)
        try Audit.record(db, actor: actor, to == .open ? "call.opened" : "call.closed", "call", id, at: now)
    }
}

extension CallStore {
    /// What the call form says, checked.
    struct Details: Sendable {
        let title: String
        let description: String
        let eligibility: String
        /// The grant agreement in English, Russian and Ukrainian ("" for none).
        let agreements: (en: String, ru: String, uk: String)
        /// Title, description and eligibility in Russian and Ukrainian, in that order.
        let translations: [String]
        let currency: Currency
        /// In minor units of `currency`.
        let total: Int64
        let maxGrant: Int64
        let opens: CalendarDate
        let closes: CalendarDate
        /// Percentages, "70,30".
        let trancheSplit: String
        let criteria: [CriterionInput]
    }

    /// Adds a call as a draft (`id` nil) or changes one that is not closed;
    /// returns its id, or nil when the budget would fall below what is already
    /// awarded (or change currency after awards), checked here in the write:
    /// approvals may land while the form is open.
    static func save(_ db: Database, id: Int64?, _ details: Details, by user: User, now: Date) throws -> Int64? {
        var call: Call
        if let id {
            guard let existing = try find(db, id: id) else { throw RecordRefusal.missing }
            guard existing.status != .closed else { throw RecordRefusal.wrongState }
            let awarded = try awarded(db, call: id)
            if details.total < awarded || (awarded > 0 && details.currency != existing.currency) { return nil }
            call = existing
        } else {
            call = Call(id: nil, title: "", description: "", currency: details.currency, totalBudget: 0, maxGrant: 0, opensOn: "", closesOn: "",
                        eligibility: "", status: .draft, createdAt: now)
        }
        call.title = details.title
        call.description = details.description
        call.eligibility = details.eligibility
        (call.agreementEn, call.agreementRu, call.agreementUk) = details.agreements
        let translated = details.translations + Array(repeating: "", count: max(0, 6 - details.translations.count))
        (call.titleRu, call.titleUk, call.descriptionRu, call.descriptionUk, call.eligibilityRu, call.eligibilityUk) =
            (translated[0], translated[1], translated[2], translated[3], translated[4], translated[5])
        call.currency = details.currency
        call.totalBudget = details.total
        call.maxGrant = details.maxGrant
        call.opensOn = details.opens.iso
        call.closesOn = details.closes.iso
        call.trancheSplit = details.trancheSplit
        if call.id == nil { try call.insert(db) } else { try call.update(db) }
        let callId = call.id ?? 0
        try replaceCriteria(db, call: callId, details.criteria)
        try Audit.record(db, actor: user.id, id == nil ? "call.created" : "call.updated", "call", callId, at: now)
        return callId
    }
}
