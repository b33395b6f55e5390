import Foundation
import GRDB
import HTTPServer

/// The steps of a payment. `POST /grants/:id/tranches/:tranche/disbursements`
/// (programme staff propose), `POST /disbursements/:id/approve` and `/pay`
/// (finance), `POST /disbursements/:id/cancel` (either). A refused step shows the
/// grant page with the reason.
enum DisbursementActions {
    static func propose(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let trancheId = try context.id("tranche")
        return try run(context, grant: id, action: "disbursement.proposed") { db, loaded in
            guard loaded.isStaff else { throw HTTPError.forbidden }
            guard try Tranche.fetchOne(db, key: trancheId)?.grantId == id else { throw HTTPError.notFound }
            return try DisbursementStore.propose(db, tranche: trancheId, by: context.user?.id, now: context.now).id
        }
    }

    static func approve(_ context: RequestContext) throws -> Response {
        try step(context, action: "disbursement.approved", finance: true) { db, id in
            try DisbursementStore.approve(db, id, by: context.user?.id, now: context.now)
        }
    }

    static func pay(_ context: RequestContext) throws -> Response {
        let form = context.request.form
        guard let paidOn = CalendarDate(iso: form["paid_on"] ?? ""), paidOn <= CalendarDate(context.now) else {
            return try refuse(context, key: "validation_paid_on")
        }
        let reference = (form["reference"] ?? "").trimmed
        guard !reference.isEmpty, reference.count <= 100 else { return try refuse(context, key: "validation_reference") }
        var payment = Payment(paidOn: paidOn, reference: reference, foreign: nil)
        if let code = form["paid_currency"], !code.isEmpty {
            guard let currency = Currency(code: code), let amount = Money.parse(form["paid_amount"] ?? "", currency: currency),
                let rate = Rate.parse(form["exchange_rate"] ?? "")
            else { return try refuse(context, key: "validation_foreign_payment") }
            let fee = (form["bank_fee"] ?? "").trimmed.isEmpty ? 0 : Money.parse(form["bank_fee"] ?? "", currency: currency)?.minorUnits
            guard let fee else { return try refuse(context, key: "validation_foreign_payment") }
            payment.foreign = (currency.code, amount.minorUnits, rate, fee)
        }
        return try step(context, action: "disbursement.paid", finance: true) { db, id in
            try DisbursementStore.pay(db, id, payment)
        }
    }

    static func cancel(_ context: RequestContext) throws -> Response {
        try step(context, action: "disbursement.cancelled", finance: false) { db, id in
            try DisbursementStore.cancel(db, id, now: context.now)
        }
    }

    /// Runs a step on disbursement `:id` after checking the user may act on its grant.
    private static func step(_ context: RequestContext, action: String, finance: Bool, _ change: @escaping (Database, Int64) throws -> Disbursement) throws -> Response {
        let id = try context.id()
        guard let grantId = try context.app.database.pool.read({ try Disbursement.fetchOne($0, key: id)?.grantId }) else { throw HTTPError.notFound }
        return try run(context, grant: grantId, action: action) { db, loaded in
            guard finance ? loaded.isFinance : (loaded.isFinance || loaded.isStaff) else { throw HTTPError.forbidden }
            return try change(db, id).id
        }
    }

    private static func run(_ context: RequestContext, grant: Int64, action: String, _ change: @escaping (Database, GrantAccess.Loaded) throws -> Int64?) throws -> Response {
        let now = context.now
        do {
            try context.app.database.pool.write { db in
                let loaded = try GrantAccess.load(try context.requireUser(), db, id: grant)
                let record = try change(db, loaded)
                try Audit.record(db, actor: context.user?.id, action, "disbursement", record, at: now)
                if try GrantStore.completeIfDone(db, grant: grant, now: now) {
                    try Audit.record(db, actor: context.user?.id, "grant.completed", "grant", grant, at: now)
                }
            }
        } catch let error as GrantActionError {
            return try GrantShow.render(context, id: grant, error: context.t("grant_error_\(error.rawValue)"), status: 409)
        }
        throw Redirect("/grants/\(grant)?notice=\(action.replacingOccurrences(of: ".", with: "_"))")
    }

    private static func refuse(_ context: RequestContext, key: String) throws -> Response {
        let id = try context.id()
        guard let grantId = try context.app.database.pool.read({ try Disbursement.fetchOne($0, key: id)?.grantId }) else { throw HTTPError.notFound }
        return try GrantShow.render(context, id: grantId, error: context.t(key), status: 422)
    }
}

/// An exchange rate as typed ("41.2", "0,0243"): kept as a decimal string, never a float.
enum Rate {
    static func parse(_ text: String) -> String? {
        let cleaned = text.trimmed.replacingOccurrences(of: ",", with: ".")
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            cleaned.count <= 20, cleaned.contains(where: { $0 != "0" && $0 != "." })
        else { return nil }
        return cleaned
    }
}

/// `POST /grants/:id/terminate`: ends a grant early with a reason; tranches not
/// yet paid are cancelled with their open payments.
enum GrantTerminate {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let reason = (context.request.form["reason"] ?? "").trimmed
        guard !reason.isEmpty, reason.count <= 2000 else {
            return try GrantShow.render(context, id: id, error: context.t("validation_termination_reason"), status: 422)
        }
        let now = context.now
        try context.app.database.pool.write { db in
            var grant = try GrantAccess.load(try context.requireUser(), db, id: id).grant
            guard grant.status == .active else { throw HTTPError(409) }
            let paid = Set(try GrantStore.disbursements(db, grant: id).filter { $0.status == .paid }.map(\.trancheId))
            for tranche in try GrantStore.tranches(db, grant: id) where !paid.contains(tranche.id ?? 0) {
                try db.execute(sql: "UPDATE tranche SET cancelled = 1 WHERE id = ?", arguments: [tranche.id])
                try db.execute(
                    sql: "UPDATE disbursement SET status = 'cancelled', cancelled_at = ? WHERE tranche_id = ? AND status IN ('proposed', 'approved')",
                    arguments: [now, tranche.id])
            }
            grant.status = .terminated
            grant.terminationReason = reason
            grant.closedAt = now
            try grant.update(db)
            try Audit.record(db, actor: context.user?.id, "grant.terminated", "grant", id, at: now)
        }
        throw Redirect("/grants/\(id)?notice=grant_terminated")
    }
}
