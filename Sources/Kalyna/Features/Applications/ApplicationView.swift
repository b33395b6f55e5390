import Foundation
import Templating

/// What the application pages show of an application: its texts, budget and
/// files, in the viewer's language.
enum ApplicationView {
    static func details(_ loaded: ApplicationAccess.Loaded, lines: [BudgetLine], attachments: [Attachment], _ context: RequestContext) -> TemplateValue {
        let application = loaded.application
        let money = loaded.call.currency
        func amount(_ units: Int64?) -> TemplateValue { units.map { .string(context.format.money(Money(minorUnits: $0, currency: money))) } ?? .null }
        func date(_ text: String) -> String { CalendarDate(iso: text).map(context.format.date) ?? text }
        return [
            "id": .int(Int(application.id ?? 0)),
            "href": .string("/applications/\(application.id ?? 0)"),
            "title": .string(application.title.isEmpty ? context.t("application_untitled") : application.title),
            "summary": .string(application.summary),
            "objectives": .string(application.objectives),
            "activities": .string(application.activities),
            "targetGroup": .string(application.targetGroup),
            "plannedStart": .string(date(application.plannedStart)),
            "plannedEnd": .string(date(application.plannedEnd)),
            "status": .string(application.status.rawValue),
            "statusLabel": .string(context.t("application_status_\(application.status.rawValue)")),
            "requested": amount(application.amountRequested),
            "awarded": amount(application.amountAwarded),
            "decisionReason": TemplateValue(application.decisionReason),
            "approved": .bool(application.status == .approved),
            "rejected": .bool(application.status == .rejected),
            "callTitle": .string(loaded.call.title(context.lang)),
            "callHref": .string("/calls/\(loaded.call.id ?? 0)"),
            "initiative": .string(loaded.initiative.name),
            "initiativeHref": .string("/initiatives/\(loaded.initiative.id ?? 0)"),
            "place": .string("\(loaded.initiative.city), \(context.t("country_\(loaded.initiative.country)"))"),
            "lines": .list(lines.map { line in
                [
                    "category": .string(context.t("budget_category_\(line.category)")),
                    "description": .string(line.description),
                    "amount": line.amount.map { .string(context.format.money(Money(minorUnits: $0, currency: money))) } ?? .string(line.amountText),
                ]
            }),
            "attachments": .list(attachments.map { file in
                [
                    "name": .string(file.filename),
                    "href": .string("/applications/\(application.id ?? 0)/attachments/\(file.id ?? 0)"),
                    "size": .string(context.t("file_size_kb", ["size": context.format.number(max(1, file.size / 1024))])),
                    "id": .int(Int(file.id ?? 0)),
                    "preview": FilePreview.value(href: "/applications/\(application.id ?? 0)/attachments/\(file.id ?? 0)", contentType: file.contentType),
                ]
            }),
        ]
    }
}
