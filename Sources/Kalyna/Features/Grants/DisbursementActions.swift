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
        let id = try context.id()
        return try withPayment(context, disbursement: id) { payment in
            try run(context, .pay(disbursement: id, payment), grant: try grant(of: id, context), disbursement: id)
        }
    }

    /// `POST /disbursements/:id/correct`: finance corrects a recorded payment, with a reason.
    static func correct(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        return try withPayment(context, disbursement: id) { payment in
            let reason = (context.request.form["reason"] ?? "").trimmed
            guard !reason.isEmpty, reason.count <= 1000 else { return try refuse(context, key: "validation_correction_reason", disbursement: id) }
            return try run(context, .correct(disbursement: id, payment, reason: reason), grant: try grant(of: id, context), disbursement: id)
        }
    }

    struct Refusal: Error {
        let key: String
    }

    /// The payment form: date (not in the future), bank reference, and for
    /// another currency the amount, rate and fee, each read as the page writes amounts.
    private static func readPayment(_ context: RequestContext) -> Result<Payment, Refusal> {
        let form = context.request.form
        guard let paidOn = CalendarDate(iso: (form["paid_on"] ?? "").trimmed), paidOn <= context.today else {
            return .failure(Refusal(key: "validation_paid_on"))
        }
        let reference = (form["reference"] ?? "").trimmed
        guard !reference.isEmpty, reference.count <= 100 else { return .failure(Refusal(key: "validation_reference")) }
        var payment = Payment(paidOn: paidOn, reference: reference, foreign: nil)
        if let code = form["paid_currency"], !code.isEmpty {
            guard let currency = Currency(code: code), let amount = Money.parse(form["paid_amount"] ?? "", currency: currency),
                let rate = Rate.parse(form["exchange_rate"] ?? "")
            else { return .failure(Refusal(key: "validation_foreign_payment")) }
            let fee = (form["bank_fee"] ?? "").trimmed.isEmpty ? 0 : Money.parse(form["bank_fee"] ?? "", currency: currency)?.minorUnits
            guard let fee else { return .failure(Refusal(key: "validation_foreign_payment")) }
            payment.foreign = (currency.code, amount.minorUnits, rate, fee)
        }
        return .success(payment)
    }

    static func cancel(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        return try run(context, .cancel(disbursement: id), grant: try grant(of: id, context))
    }

    private static func grant(of disbursement: Int64, _ context: RequestContext) throws -> Int64 {
        guard let grant = try context.read({ try DisbursementStore.grant(of: disbursement, $0) }) else { throw HTTPError.notFound }
        return grant
    }

    private static func run(_ context: RequestContext, _ step: PaymentStep, grant: Int64, disbursement: Int64? = nil) throws -> Response {
        let user = try context.requireUser()
        let now = context.now
        do {
            try context.write { db in try DisbursementStore.perform(db, step, grant: grant, user: user, now: now) }
        } catch let error as GrantActionError {
            return try GrantShow.render(
                context, id: grant, error: context.t("grant_error_\(error.rawValue)", ["tolerance": String(ForeignPayment.tolerancePercent)]),
                typed: disbursement.map { (id: $0, values: typedValues(context)) }, status: 409)
        }
        throw Redirect("/grants/\(grant)?notice=\(step.action.replacingOccurrences(of: ".", with: "_"))")
    }

    /// `body` with the payment as read from the form, or the form again with the reason it was refused.
    private static func withPayment(_ context: RequestContext, disbursement: Int64, _ body: (Payment) throws -> Response) throws -> Response {
        switch readPayment(context) {
        case .success(let payment): return try body(payment)
        case .failure(let refusal): return try refuse(context, key: refusal.key, disbursement: disbursement)
        }
    }

    /// The grant page again with the reason, and the payment form as it was typed.
    private static func refuse(_ context: RequestContext, key: String, disbursement: Int64) throws -> Response {
        let grant = try grant(of: disbursement, context)
        return try GrantShow.render(context, id: grant, error: context.t(key), typed: (disbursement, typedValues(context)), status: 422)
    }

    private static func typedValues(_ context: RequestContext) -> [String: String] {
        var values: [String: String] = [:]
        for pair in context.request.form.pairs where pair.name != "_csrf" { values[pair.name] = String(pair.value.prefix(1000)) }
        return values
    }
}
