import Foundation

/// A grant's agreement in one language, with the grant's figures written as
/// that language writes them.
enum AgreementText {
    static func render(_ loaded: GrantAccess.Loaded, tranches: [Tranche], reports: [ReportRequirement], _ context: RequestContext) throws -> String? {
        let call = loaded.call
        guard let template = GrantAgreement.text(en: call.agreementEn, ru: call.agreementRu, uk: call.agreementUk, lang: context.lang, fallback: context.app.config.defaultLocale)
        else { return nil }
        let format = context.format
        let currency = loaded.grant.currency
        func date(_ iso: String) -> String { CalendarDate(iso: iso).map(format.date) ?? iso }
        let trancheLines = tranches.filter { !$0.cancelled }.map { tranche in
            context.t("agreement_tranche_item", ["amount": format.money(Money(minorUnits: tranche.plannedAmount, currency: currency)), "date": date(tranche.plannedDate)])
        }
        let reportLines = reports.map { report in
            context.t("agreement_report_item", ["kind": context.t("report_kind_\(report.kind.rawValue)"), "date": date(report.dueDate)])
        }
        return GrantAgreement.fill(template, [
            "grant": loaded.grant.publicId,
            "initiative": loaded.initiative.name,
            "amount": format.money(Money(minorUnits: loaded.grant.amountAwarded, currency: currency)),
            "period_start": date(loaded.grant.periodStart),
            "period_end": date(loaded.grant.periodEnd),
            "tranches": trancheLines.joined(separator: "; "),
            "reports": reportLines.joined(separator: "; "),
        ])
    }
}
