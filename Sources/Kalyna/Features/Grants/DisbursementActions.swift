import Foundation
import HTTPServer

/// The steps of a payment. `POST /grants/:id/tranches/:tranche/disbursements`
/// (programme staff propose), `POST /disbursements/:id/approve` and `/pay`
/// (finance), `POST /disbursements/:id/cancel` (either). A refused step shows the
/// grant page with the reason.
enum DisbursementActions {
    static func propose(_ context: RequestContext) throws -> Response {
        try run(context, .propose(tranche: try context.id("tranche")), grant: try context.id())
    }

    static func approve(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        return try run(context, .approve(disbursement: id), grant: try grant(of: id, context))
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
        let id = try context.id()
        return try run(context, .pay(disbursement: id, payment), grant: try grant(of: id, context))
    }

    static func cancel(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        return try run(context, .cancel(disbursement: id), grant: try grant(of: id, context))
    }

    private static func grant(of disbursement: Int64, _ context: RequestContext) throws -> Int64 {
        guard let grant = try context.read({ try DisbursementStore.grant(of: disbursement, $0) }) else { throw HTTPError.notFound }
        return grant
    }

    private static func run(_ context: RequestContext, _ step: PaymentStep, grant: Int64) throws -> Response {
        let user = try context.requireUser()
        let now = context.now
        do {
            try context.write { db in try DisbursementStore.perform(db, step, grant: grant, user: user, now: now) }
        } catch let error as GrantActionError {
            return try GrantShow.render(context, id: grant, error: context.t("grant_error_\(error.rawValue)"), status: 409)
        }
        throw Redirect("/grants/\(grant)?notice=\(step.action.replacingOccurrences(of: ".", with: "_"))")
    }

    private static func refuse(_ context: RequestContext, key: String) throws -> Response {
        let grant = try grant(of: try context.id(), context)
        return try GrantShow.render(context, id: grant, error: context.t(key), status: 422)
    }
}
