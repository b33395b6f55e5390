import Foundation
import GRDB

/// A step in a payment's life, as a user asks for it.
enum PaymentStep: Sendable {
    /// Programme staff propose paying a tranche.
    case propose(tranche: Int64)
    /// Finance approves, pays, or (with programme staff) cancels a disbursement.
    case approve(disbursement: Int64)
    case pay(disbursement: Int64, Payment)
    case cancel(disbursement: Int64)
    /// Finance corrects a payment already recorded (the old details are kept).
    case correct(disbursement: Int64, Payment, reason: String)

    /// The audit action it records.
    var action: String {
        switch self {
        case .propose: "disbursement.proposed"
        case .approve: "disbursement.approved"
        case .pay: "disbursement.paid"
        case .cancel: "disbursement.cancelled"
        case .correct: "disbursement.corrected"
        }
    }
}

extension DisbursementStore {
    /// The grant a disbursement belongs to, or nil.
    static func grant(of disbursement: Int64, _ db: Database) throws -> Int64? {
        try Disbursement.fetchOne(db, key: disbursement)?.grantId
    }

    /// Takes `step` on grant `grant` for `user`: who may take it, the money
    /// rules (`DisbursementStore`), the audit and the grant's completion, all in
    /// the caller's write transaction.
    static func perform(_ db: Database, _ step: PaymentStep, grant: Int64, user: User, now: Date) throws {
        let loaded = try GrantAccess.load(user, db, id: grant)
        let record: Int64?
        switch step {
        case .propose(let tranche):
            guard loaded.isStaff else { throw RecordRefusal.forbidden }
            guard try Tranche.fetchOne(db, key: tranche)?.grantId == grant else { throw RecordRefusal.missing }
            record = try propose(db, tranche: tranche, by: user.id, now: now).id
        case .approve(let id), .pay(let id, _), .cancel(let id), .correct(let id, _, _):
            guard try Disbursement.fetchOne(db, key: id)?.grantId == grant else { throw RecordRefusal.missing }
            let financeOnly: Bool
            if case .cancel = step { financeOnly = false } else { financeOnly = true }
            guard financeOnly ? loaded.isFinance : (loaded.isFinance || loaded.isStaff) else { throw RecordRefusal.forbidden }
            switch step {
            case .approve: record = try approve(db, id, by: user.id, now: now).id
            case .pay(_, let payment): record = try pay(db, id, payment).id
            case .correct(_, let payment, let reason): record = try correct(db, id, payment, reason: reason, by: user.id, now: now).id
            default: record = try cancel(db, id, now: now).id
            }
        }
        try Audit.record(db, actor: user.id, step.action, "disbursement", record, at: now)
        if try GrantStore.completeIfDone(db, grant: grant, now: now) {
            try Audit.record(db, actor: user.id, "grant.completed", "grant", grant, at: now)
        }
    }
}

extension GrantStore {
    /// Ends a grant early: tranches not yet paid are cancelled with their open payments.
    static func terminate(_ db: Database, grant id: Int64, reason: String, user: User, now: Date) throws {
        var grant = try GrantAccess.load(user, db, id: id).grant
        guard grant.status == .active else { throw RecordRefusal.wrongState }
        let paid = Set(try disbursements(db, grant: id).filter { $0.status == .paid }.map(\.trancheId))
        for tranche in try tranches(db, grant: id) where !paid.contains(tranche.id ?? 0) {
            try db.execute(sql: "UPDATE tranche SET cancelled = 1 WHERE id = ?", arguments: [tranche.id])
            try db.execute(
                sql: "UPDATE disbursement SET status = 'cancelled', cancelled_at = ? WHERE tranche_id = ? AND status IN ('proposed', 'approved')",
                arguments: [now, tranche.id])
        }
        grant.status = .terminated
        grant.terminationReason = reason
        grant.closedAt = now
        try grant.update(db)
        try Audit.record(db, actor: user.id, "grant.terminated", "grant", id, at: now)
    }
}
