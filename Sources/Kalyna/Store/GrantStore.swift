import Foundation
import GRDB

/// Money awarded on an approved application. Its schedule (tranches, reports)
/// comes with the grants part.
public struct Grant: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var applicationId: Int64
    public var publicId: String
    public var amountAwarded: Int64
    /// Read through `Currency: DatabaseValueConvertible`: an unknown stored code fails the read.
    public var currency: Currency
    public var awardDate: String
    public var createdAt: Date
    public var title: String
    public var periodStart: String
    public var periodEnd: String
    public var status: GrantStatus
    public var terminationReason: String?
    public var closedAt: Date?

    public static let databaseTableName = "grant"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

public struct Tranche: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var grantId: Int64
    public var position: Int
    public var plannedAmount: Int64
    public var plannedDate: String
    public var requiresReportId: Int64?
    public var cancelled: Bool

    public static let databaseTableName = "tranche"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

public struct ReportRequirement: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var grantId: Int64
    public var kind: ReportKind
    public var dueDate: String
    public var status: ReportStatus
    public var done: String
    public var results: String
    public var challenges: String
    public var nextSteps: String
    /// Actual spending as typed, by budget line id: {"12": "1500,50"}.
    public var spending: String
    public var staffComment: String?
    public var acceptedAt: Date?

    public static let databaseTableName = "report_requirement"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

public struct Disbursement: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var grantId: Int64
    public var trancheId: Int64
    public var amount: Int64
    public var status: DisbursementStatus
    public var proposedBy: Int64?
    public var proposedAt: Date
    public var approvedBy: Int64?
    public var approvedAt: Date?
    public var paidOn: String?
    public var bankReference: String?
    public var paidCurrency: String?
    public var paidAmount: Int64?
    public var exchangeRate: String?
    public var bankFee: Int64?
    public var cancelledAt: Date?

    public static let databaseTableName = "disbursement"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// Why a money or schedule action was refused; each has a catalog message
/// `grant_error_<raw value>`.
public enum GrantActionError: String, Error {
    case reportNotAccepted = "report_not_accepted"
    case overAward = "over_award"
    case trancheTaken = "tranche_taken"
    case wrongState = "wrong_state"
    case grantClosed = "grant_closed"
    case foreignMismatch = "foreign_mismatch"
    case agreementNotAccepted = "agreement_not_accepted"
}

/// Payment details recorded by finance.
public struct Payment: Sendable {
    public var paidOn: CalendarDate
    public var reference: String
    /// When paid in another currency than the grant's.
    public var foreign: (currency: String, amount: Int64, rate: String, fee: Int64)?
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

extension GrantStore {
    static func find(_ db: Database, id: Int64) throws -> Grant? {
        try Grant.fetchOne(db, key: id)
    }

    static func tranches(_ db: Database, grant: Int64) throws -> [Tranche] {
        try Tranche.filter(Column("grant_id") == grant).order(Column("position")).fetchAll(db)
    }

    static func requirements(_ db: Database, grant: Int64) throws -> [ReportRequirement] {
        try ReportRequirement.filter(Column("grant_id") == grant).order(Column("due_date")).fetchAll(db)
    }

    static func disbursements(_ db: Database, grant: Int64) throws -> [Disbursement] {
        try Disbursement.filter(Column("grant_id") == grant).order(Column("id")).fetchAll(db)
    }

    /// Approved and paid money of a grant: never more than the award.
    static func committed(_ db: Database, grant: Int64) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(amount), 0) FROM disbursement WHERE grant_id = ? AND status IN ('approved', 'paid')", arguments: [grant]) ?? 0
    }

    static func paid(_ db: Database, grant: Int64) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(amount), 0) FROM disbursement WHERE grant_id = ? AND status = 'paid'", arguments: [grant]) ?? 0
    }

    /// Creates the grant of an approved application with the call's default schedule.
    static func create(_ db: Database, application: Application, call: Call, amount: Int64, prefix: String, now: Date) throws -> Grant {
        let today = CalendarDate(now)
        let start = CalendarDate(iso: application.plannedStart) ?? today
        let end = CalendarDate(iso: application.plannedEnd) ?? start.adding(days: 365)
        var grant = Grant(
            id: nil, applicationId: application.id ?? 0, publicId: try nextPublicId(db, prefix: prefix, year: today.year),
            amountAwarded: amount, currency: call.currency, awardDate: today.iso, createdAt: now, title: application.title,
            periodStart: start.iso, periodEnd: end.iso, status: .active, terminationReason: nil, closedAt: nil)
        try grant.insert(db)
        let grantId = grant.id ?? 0
        let plan = GrantSchedule.plan(
            awarded: amount, percentages: GrantSchedule.percentages(call.trancheSplit) ?? [100], awardDate: today, start: start, end: end)
        var interimIds: [Int64] = []
        for due in plan.interimDues {
            interimIds.append(try insertRequirement(db, grant: grantId, kind: .interim, due: due))
        }
        _ = try insertRequirement(db, grant: grantId, kind: .final, due: plan.finalDue)
        for (position, planned) in plan.tranches.enumerated() {
            var tranche = Tranche(
                id: nil, grantId: grantId, position: position, plannedAmount: planned.amount, plannedDate: planned.date.iso,
                requiresReportId: planned.requiresInterim.flatMap { interimIds.indices.contains($0) ? interimIds[$0] : nil }, cancelled: false)
            try tranche.insert(db)
        }
        return grant
    }

    /// A report the grant asks for, not yet begun; its id.
    static func insertRequirement(_ db: Database, grant: Int64, kind: ReportKind, due: CalendarDate) throws -> Int64 {
        var requirement = ReportRequirement(
            id: nil, grantId: grant, kind: kind, dueDate: due.iso, status: .pending, done: "", results: "", challenges: "", nextSteps: "",
            spending: "{}", staffComment: nil, acceptedAt: nil)
        try requirement.insert(db)
        return requirement.id ?? 0
    }

    /// A grant is completed when its final report is accepted and every tranche
    /// that was not cancelled is paid.
    static func completeIfDone(_ db: Database, grant id: Int64, now: Date) throws -> Bool {
        guard var grant = try find(db, id: id), grant.status == .active else { return false }
        let finalAccepted = try requirements(db, grant: id).contains { $0.kind == .final && $0.status == .accepted }
        let open = try tranches(db, grant: id).filter { !$0.cancelled }
        let paidTranches = Set(try disbursements(db, grant: id).filter { $0.status == .paid }.map(\.trancheId))
        guard finalAccepted, open.allSatisfy({ paidTranches.contains($0.id ?? 0) }) else { return false }
        grant.status = .completed
        grant.closedAt = now
        try grant.update(db)
        return true
    }
}

/// The life of a payment: proposed by a programme officer, approved and then
/// recorded as paid by finance, or cancelled (kept, marked cancelled). Every
/// step runs inside the caller's write transaction, so two approvals at once
/// cannot both pass the check against the award.
enum DisbursementStore {
    static func propose(_ db: Database, tranche trancheId: Int64, by user: Int64?, now: Date) throws -> Disbursement {
        guard let tranche = try Tranche.fetchOne(db, key: trancheId), !tranche.cancelled,
            let grant = try GrantStore.find(db, id: tranche.grantId)
        else { throw GrantActionError.wrongState }
        guard grant.status == .active else { throw GrantActionError.grantClosed }
        let taken = try Disbursement.filter(Column("tranche_id") == trancheId && Column("status") != DisbursementStatus.cancelled.rawValue).fetchCount(db)
        guard taken == 0 else { throw GrantActionError.trancheTaken }
        try requireReport(db, tranche)
        var disbursement = Disbursement(
            id: nil, grantId: tranche.grantId, trancheId: trancheId, amount: tranche.plannedAmount, status: .proposed, proposedBy: user,
            proposedAt: now, approvedBy: nil, approvedAt: nil, paidOn: nil, bankReference: nil, paidCurrency: nil, paidAmount: nil,
            exchangeRate: nil, bankFee: nil, cancelledAt: nil)
        try disbursement.insert(db)
        return disbursement
    }

    static func approve(_ db: Database, _ id: Int64, by user: Int64?, now: Date) throws -> Disbursement {
        guard var disbursement = try Disbursement.fetchOne(db, key: id), disbursement.status == .proposed,
            let grant = try GrantStore.find(db, id: disbursement.grantId)
        else { throw GrantActionError.wrongState }
        guard grant.status == .active else { throw GrantActionError.grantClosed }
        try AgreementStore.requirePaymentAllowed(db, grant: grant)
        guard DisbursementRule.mayCommit(disbursement.amount, committed: try GrantStore.committed(db, grant: grant.id ?? 0), awarded: grant.amountAwarded) else {
            throw GrantActionError.overAward
        }
        disbursement.status = .approved
        disbursement.approvedBy = user
        disbursement.approvedAt = now
        try disbursement.update(db)
        return disbursement
    }

    static func pay(_ db: Database, _ id: Int64, _ payment: Payment) throws -> Disbursement {
        guard var disbursement = try Disbursement.fetchOne(db, key: id), disbursement.status == .approved,
            let tranche = try Tranche.fetchOne(db, key: disbursement.trancheId)
        else { throw GrantActionError.wrongState }
        try requireReport(db, tranche)
        disbursement.status = .paid
        try record(payment, on: &disbursement, db)
        try disbursement.update(db)
        return disbursement
    }

    /// Corrects what was recorded of a payment; what it replaces is kept in
    /// `payment_correction`. The amount in the grant's currency is the
    /// approved one and is not corrected here: a wrong sum is cancelled and paid again.
    static func correct(_ db: Database, _ id: Int64, _ payment: Payment, reason: String, by user: Int64?, now: Date) throws -> Disbursement {
        guard var disbursement = try Disbursement.fetchOne(db, key: id), disbursement.status == .paid else { throw GrantActionError.wrongState }
        try db.execute(
            sql: """
                INSERT INTO payment_correction (disbursement_id, corrected_at, corrected_by, reason, old_paid_on, old_bank_reference,
                  old_paid_currency, old_paid_amount, old_exchange_rate, old_bank_fee) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [id, now, user, reason, disbursement.paidOn, disbursement.bankReference, disbursement.paidCurrency,
                        disbursement.paidAmount, disbursement.exchangeRate, disbursement.bankFee])
        try record(payment, on: &disbursement, db)
        try disbursement.update(db)
        return disbursement
    }

    /// The payment's details on the disbursement, a foreign amount checked
    /// against the grant amount at the rate given (`ForeignPayment`).
    private static func record(_ payment: Payment, on disbursement: inout Disbursement, _ db: Database) throws {
        disbursement.paidOn = payment.paidOn.iso
        disbursement.bankReference = payment.reference
        disbursement.paidCurrency = nil
        disbursement.paidAmount = nil
        disbursement.exchangeRate = nil
        disbursement.bankFee = nil
        guard let foreign = payment.foreign else { return }
        guard let grant = try GrantStore.find(db, id: disbursement.grantId), let currency = Currency(code: foreign.currency) else {
            throw GrantActionError.wrongState
        }
        let amount = Money(minorUnits: disbursement.amount, currency: grant.currency)
        guard ForeignPayment.fits(amount, paid: Money(minorUnits: foreign.amount, currency: currency), rate: foreign.rate) else {
            throw GrantActionError.foreignMismatch
        }
        disbursement.paidCurrency = foreign.currency
        disbursement.paidAmount = foreign.amount
        disbursement.exchangeRate = foreign.rate
        disbursement.bankFee = foreign.fee
    }

    struct Correction: Sendable {
        let disbursementId: Int64
        let at: Date
        let by: String?
        let reason: String
        let paidOn: String?
        let reference: String?
        let foreign: String?
    }

    /// Every correction of the grant's payments, oldest first, with what each replaced.
    static func corrections(_ db: Database, grant: Int64) throws -> [Correction] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT c.disbursement_id, c.corrected_at, u.name, c.reason, c.old_paid_on, c.old_bank_reference,
                  c.old_paid_currency, c.old_paid_amount, c.old_exchange_rate
                FROM payment_correction c JOIN disbursement d ON d.id = c.disbursement_id LEFT JOIN user u ON u.id = c.corrected_by
                WHERE d.grant_id = ? ORDER BY c.id
                """),
            arguments: [grant]
        ).map { row in
            let code: String? = try row.optional(6)
            let paidAmount: Int64? = try row.optional(7)
            let rate: String? = try row.optional(8)
            var foreign: String?
            if let code, let paidAmount, let currency = Currency(code: code) {
                foreign = "\(Money(minorUnits: paidAmount, currency: currency).plainDecimal) \(code) @ \(rate ?? "")"
            }
            return Correction(
                disbursementId: try row.value(0, "disbursement_id"), at: try row.value(1, "corrected_at"), by: try row.optional(2),
                reason: try row.value(3, "reason"), paidOn: try row.optional(4), reference: try row.optional(5), foreign: foreign)
        }
    }

    static func cancel(_ db: Database, _ id: Int64, now: Date) throws -> Disbursement {
        guard var disbursement = try Disbursement.fetchOne(db, key: id), disbursement.status == .proposed || disbursement.status == .approved else {
            throw GrantActionError.wrongState
        }
        disbursement.status = .cancelled
        disbursement.cancelledAt = now
        try disbursement.update(db)
        return disbursement
    }

    /// A tranche tied to a report is not paid before that report is accepted.
    private static func requireReport(_ db: Database, _ tranche: Tranche) throws {
        guard let report = tranche.requiresReportId else { return }
        guard try ReportRequirement.fetchOne(db, key: report)?.status == .accepted else { throw GrantActionError.reportNotAccepted }
    }
}

extension GrantStore {
    /// Every grant, oldest first (the exports).
    static func all(_ db: Database) throws -> [Grant] {
        try Grant.order(Column("id")).fetchAll(db)
    }
}

extension GrantStore {
    /// The grant made on an application, if any.
    static func id(forApplication application: Int64, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM \"grant\" WHERE application_id = ?"), arguments: [application])
    }
}

extension GrantStore {
    /// What a grant's page shows besides the grant itself, read in one transaction.
    struct Details {
        /// Outcome indicators: the application's target against what the reports give, summed.
        let indicators: [CallIndicator]
        let targets: [Int64: String]
        let reported: [Int64: Int]
        let agreement: (standing: GrantAgreement.Standing, terms: String, last: AgreementAcceptance?)
        /// Messages in the grant's conversation.
        let messages: Int
        let tranches: [Tranche]
        let requirements: [ReportRequirement]
        let disbursements: [Disbursement]
        let corrections: [DisbursementStore.Correction]
        /// Paid and committed so far, in minor units of the grant's currency.
        let paid: Int64
        let committed: Int64
    }

    static func details(_ db: Database, _ loaded: GrantAccess.Loaded) throws -> Details {
        let id = loaded.grant.id ?? 0
        return Details(
            indicators: try IndicatorStore.list(db, call: loaded.call.id ?? 0),
            targets: try IndicatorStore.targets(db, application: loaded.application.id ?? 0), reported: try IndicatorStore.reported(db, grant: id),
            agreement: try AgreementStore.standing(db, grant: loaded.grant, call: loaded.call),
            messages: try ConversationStore.count(db, .grant, id),
            tranches: try tranches(db, grant: id), requirements: try requirements(db, grant: id),
            disbursements: try disbursements(db, grant: id), corrections: try DisbursementStore.corrections(db, grant: id),
            paid: try paid(db, grant: id), committed: try committed(db, grant: id))
    }
}
