import Foundation
import HTTPServer
import Templating

/// `GET /grants/:id`: the award, period and public identifier; the tranches and
/// their payments, with each role's actions; the reports due.
enum GrantShow {
    static func handle(_ context: RequestContext) throws -> Response {
        try render(context, id: try context.id())
    }

    /// `typed`: a payment form that was refused, shown again as it was typed.
    static func render(
        _ context: RequestContext, id: Int64, error: String? = nil, typed: (id: Int64, values: [String: String])? = nil, status: Int = 200
    ) throws -> Response {
        let page = try context.read { db in
            let loaded = try GrantAccess.load(try context.requireUser(), db, id: id)
            return GrantPage(loaded: loaded, money: loaded.grant.currency, details: try GrantStore.details(db, loaded), typed: typed, error: error)
        }
        return try context.page(page, title: page.loaded.grant.publicId, status: status)
    }

    /// What a paid disbursement recorded, as the correction form starts from it.
    fileprivate static func recordedValues(_ payment: Disbursement) -> [String: String] {
        var values: [String: String] = [
            "paid_on": payment.paidOn ?? "", "reference": payment.bankReference ?? "", "paid_currency": payment.paidCurrency ?? "",
            "exchange_rate": payment.exchangeRate ?? "",
        ]
        if let code = payment.paidCurrency, let currency = Currency(code: code) {
            values["paid_amount"] = Money(minorUnits: payment.paidAmount ?? 0, currency: currency).plainDecimal
            values["bank_fee"] = Money(minorUnits: payment.bankFee ?? 0, currency: currency).plainDecimal
        }
        return values
    }

    fileprivate static func correctionValue(_ correction: DisbursementStore.Correction, _ context: RequestContext) -> TemplateValue {
        var was: [String] = []
        if let day = correction.paidOn.flatMap({ CalendarDate(iso: $0) }) { was.append(context.format.date(day)) }
        if let reference = correction.reference { was.append(reference) }
        if let foreign = correction.foreign { was.append(foreign) }
        return [
            "at": .string(context.format.date(CalendarDate(correction.at))), "by": .string(correction.by ?? ""),
            "reason": .string(correction.reason), "was": .string(was.joined(separator: " · ")),
        ]
    }
}

/// A grant with its money, agreement, indicators, tranches, payments and
/// reports, and what the reader's role may do with each.
struct GrantPage: PageModel {
    static let template = "grants/show"
    let loaded: GrantAccess.Loaded
    /// The grant's currency, checked when read.
    let money: Currency
    /// What else the page shows of it, read together.
    let details: GrantStore.Details
    /// A payment form that was refused, to show again as it was typed.
    let typed: (id: Int64, values: [String: String])?
    let error: String?

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let grant = loaded.grant
        let id = grant.id ?? 0
        let (indicators, targets, reported, agreement) = (details.indicators, details.targets, details.reported, details.agreement)
        let (tranches, requirements, disbursements, corrections) = (details.tranches, details.requirements, details.disbursements, details.corrections)
        let (paid, committed) = (details.paid, details.committed)
        let active = grant.status == .active
        func amount(_ units: Int64) -> TemplateValue { .string(context.format.money(Money(minorUnits: units, currency: money))) }
        func date(_ iso: String?) -> TemplateValue { iso.map { CalendarDate(iso: $0).map(context.format.date) ?? $0 }.map { .string($0) } ?? .null }
        /// The payment form's fields: as typed when refused, else `recorded`.
        func paymentFields(_ payment: Disbursement, kind: String, recorded: [String: String]) -> TemplateValue {
            let values = typed?.id == payment.id && typed?.values["form"] == kind ? typed?.values ?? recorded : recorded
            let chosen = values["paid_currency"] ?? ""
            var currencies: [TemplateValue] = [["value": "", "label": .string(context.t("payment_same_currency")), "selected": .bool(chosen.isEmpty)]]
            for code in Currency.allCodes where code != grant.currency.code {
                currencies.append(["value": .string(code), "label": .string(code), "selected": .bool(code == chosen)])
            }
            var object: [String: TemplateValue] = ["key": .string("\(kind)-\(payment.id ?? 0)"), "currencies": .list(currencies)]
            for (key, name) in [("paidOn", "paid_on"), ("reference", "reference"), ("amount", "paid_amount"), ("rate", "exchange_rate"),
                                ("fee", "bank_fee"), ("reason", "reason")] {
                object[key] = .string(values[name] ?? "")
            }
            object["tolerance"] = .string(context.t("payment_rate_hint", ["tolerance": String(ForeignPayment.tolerancePercent)]))
            return .object(object)
        }
        var data: [String: TemplateValue] = ["error": TemplateValue(error)]
        data["indicators"] = .list(indicators.map { indicator in
            let key = indicator.id ?? 0
            return [
                "name": .string(indicator.name(context.lang) + (indicator.unit.isEmpty ? "" : " (\(indicator.unit))")),
                "target": .string(IndicatorRules.amount(targets[key] ?? "").map(context.format.number) ?? "—"),
                "actual": .string(reported[key].map(context.format.number) ?? "—"),
            ]
        })
        data["hasIndicators"] = .bool(!indicators.isEmpty)
        switch agreement.standing {
        case .notRequired:
            data["agreement"] = .null
        case .accepted:
            data["agreement"] = [
                "href": .string("/grants/\(id)/agreement"), "awaiting": false,
                "status": .string(agreement.last.map {
                    context.t("agreement_accepted_by", ["name": $0.name, "when": context.localTime($0.acceptedAt), "address": $0.address])
                } ?? ""),
            ]
        case .awaiting(let changed):
            data["agreement"] = [
                "href": .string("/grants/\(id)/agreement"), "awaiting": true,
                "status": .string(context.t(loaded.isHolder
                    ? (changed ? "agreement_awaiting_you_again" : "agreement_awaiting_you")
                    : (changed ? "agreement_awaiting_again" : "agreement_awaiting"))),
            ]
        }
        data["conversation"] = ConversationLink.value(context, .grant, id, recordInitiative: loaded.initiative.id ?? 0, count: details.messages)
        data["grant"] = [
            "id": .int(Int(id)), "publicId": .string(grant.publicId), "title": .string(grant.title),
            "initiative": .string(loaded.initiative.name), "initiativeHref": .string("/initiatives/\(loaded.initiative.id ?? 0)"),
            "applicationHref": .string("/applications/\(loaded.application.id ?? 0)"),
            "awarded": amount(grant.amountAwarded), "paid": amount(paid),
            "released": grant.status == .terminated && grant.amountAwarded > paid ? amount(grant.amountAwarded - paid) : .null,
            "committed": amount(committed),
            "awardDate": date(grant.awardDate), "periodStart": date(grant.periodStart), "periodEnd": date(grant.periodEnd),
            "status": .string(grant.status.rawValue), "statusLabel": .string(context.t("grant_status_\(grant.status.rawValue)")),
            "terminationReason": TemplateValue(grant.terminationReason),
        ]
        data["tranches"] = .list(tranches.map { tranche -> TemplateValue in
            let payments = disbursements.filter { $0.trancheId == tranche.id }
            let live = payments.first { $0.status != .cancelled }
            let tied = requirements.first { $0.id == tranche.requiresReportId }
            return [
                "id": .int(Int(tranche.id ?? 0)), "number": .int(tranche.position + 1), "amount": amount(tranche.plannedAmount),
                "date": date(tranche.plannedDate), "cancelled": .bool(tranche.cancelled),
                "requires": tied.map { .string(ReportLabel.name($0, among: requirements, context)) } ?? .null,
                "canPropose": .bool(active && loaded.isStaff && live == nil && !tranche.cancelled),
                "payments": .list(payments.map { payment in
                    [
                        "id": .int(Int(payment.id ?? 0)), "amount": amount(payment.amount),
                        "status": .string(payment.status.rawValue), "statusLabel": .string(context.t("disbursement_status_\(payment.status.rawValue)")),
                        "paidOn": date(payment.paidOn), "reference": TemplateValue(payment.bankReference),
                        "foreign": payment.paidCurrency.map { code -> TemplateValue in
                            guard let currency = Currency(code: code) else { return .string(code) }
                            return .string("\(context.format.money(Money(minorUnits: payment.paidAmount ?? 0, currency: currency))) · \(context.t("field_exchange_rate")) \(payment.exchangeRate ?? "") · \(context.t("field_bank_fee")) \(context.format.money(Money(minorUnits: payment.bankFee ?? 0, currency: currency)))")
                        } ?? .null,
                        "canApprove": .bool(active && loaded.isFinance && payment.status == .proposed),
                        "canPay": .bool(active && loaded.isFinance && payment.status == .approved),
                        "payForm": paymentFields(payment, kind: "pay", recorded: ["paid_on": context.today.iso]),
                        // A recorded payment can be corrected after the grant closed, too: the books must be right.
                        "canCorrect": .bool(loaded.isFinance && payment.status == .paid),
                        "correctForm": paymentFields(payment, kind: "correct", recorded: GrantShow.recordedValues(payment)),
                        "corrections": .list(corrections.filter { $0.disbursementId == payment.id }.map { GrantShow.correctionValue($0, context) }),
                        "canCancel": .bool(active && (loaded.isFinance || loaded.isStaff) && (payment.status == .proposed || payment.status == .approved)),
                    ]
                }),
            ]
        })
        data["reports"] = .list(requirements.map { requirement in
            [
                "href": .string("/reports/\(requirement.id ?? 0)"), "kind": .string(ReportLabel.name(requirement, among: requirements, context)),
                "due": date(requirement.dueDate), "status": .string(context.t("report_status_\(requirement.status.rawValue)")),
                "overdue": .bool(requirement.status != .accepted && requirement.dueDate < context.today.iso),
            ]
        })
        data["staff"] = .bool(loaded.isStaff)
        // Finance pays from here: the payee's details open (audited) by a button.
        data["payeeAction"] = loaded.isFinance || loaded.isStaff ? .string("/initiatives/\(loaded.initiative.id ?? 0)/payee") : .null
        data["canEditSchedule"] = .bool(active && loaded.isStaff)
        data["canTerminate"] = .bool(active && loaded.isStaff)
        return data
    }
}
