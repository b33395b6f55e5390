import Foundation
import HTTPServer
import Templating

/// `GET /reports/:id`: a report requirement of a grant. The initiative's
/// coordinator writes it (narrative, spending per budget line) while it is open;
/// staff read it and accept it or return it with comments; every submission
/// stays in its history.
enum ReportPage {
    static func handle(_ context: RequestContext) throws -> Response {
        try render(context, id: try context.id())
    }

    static func spending(_ requirement: ReportRequirement) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(requirement.spending.utf8))) ?? [:]
    }

    /// `indicators`: the actuals as typed (value, note), when the form comes back refused.
    static func render(
        _ context: RequestContext, id: Int64, typed: ReportRequirement? = nil, indicators typedIndicators: [Int64: (value: String, note: String)]? = nil,
        errors: FormErrors = FormErrors(), message: String? = nil, status: Int = 200
    ) throws -> Response {
        var data: [String: TemplateValue] = ["id": .int(Int(id)), "message": TemplateValue(message)]
        let title = try context.read { db -> String in
            let (stored, loaded) = try ReportAccess.load(try context.requireUser(), db, id: id)
            let requirement = typed ?? stored
            data["conversation"] = ConversationLink.value(
                context, .report, id, recordInitiative: loaded.initiative.id ?? 0, count: try ConversationStore.count(db, .report, id))
            let money = try loaded.grant.money()
            func amount(_ units: Int64?) -> TemplateValue { units.map { .string(context.format.money(Money(minorUnits: $0, currency: money))) } ?? .null }
            let actuals = spending(requirement)
            let lines = try ApplicationStore.lines(db, application: loaded.application.id ?? 0)
            var budgetTotal: Int64 = 0, actualTotal: Int64 = 0
            // Spending is reported against the award: after a lower award, against the budget cut to it.
            let requested = lines.map { $0.amount ?? 0 }
            let budgets = RevisedBudget.lines(requested, award: loaded.grant.amountAwarded)
            let revised = budgets != requested
            let rows: [TemplateValue] = lines.enumerated().map { index, line in
                let typedActual = actuals[String(line.id ?? 0)] ?? ""
                let spent = SpendingLine(budget: budgets[index], actual: Money.parse(typedActual, currency: money)?.minorUnits)
                budgetTotal += spent.budget
                actualTotal += spent.actual ?? 0
                return [
                    "lineId": .string(String(line.id ?? 0)), "index": .int(index),
                    "category": .string(context.t("budget_category_\(line.category)")), "description": .string(line.description),
                    "budget": amount(spent.budget), "actualTyped": .string(typedActual), "actual": amount(spent.actual),
                    "variance": amount(spent.variance), "over": .bool((spent.variance ?? 0) > 0),
                    "error": TemplateValue(errors["actual_\(line.id ?? 0)"].map { context.t($0) }),
                ]
            }
            let editable = loaded.isHolder && requirement.status.isOpen && loaded.grant.status == .active
            let view = FormView(context, values: [
                "done": requirement.done, "results": requirement.results, "challenges": requirement.challenges, "next_steps": requirement.nextSteps,
            ], errors: errors)
            let name = ReportLabel.name(requirement, among: try GrantStore.requirements(db, grant: loaded.grant.id ?? 0), context)
            data["report"] = [
                "kind": .string(name),
                "due": .string(CalendarDate(iso: requirement.dueDate).map(context.format.date) ?? requirement.dueDate),
                "status": .string(requirement.status.rawValue), "statusLabel": .string(context.t("report_status_\(requirement.status.rawValue)")),
                "staffComment": TemplateValue(requirement.staffComment),
                "done": .string(requirement.done), "results": .string(requirement.results),
                "challenges": .string(requirement.challenges), "nextSteps": .string(requirement.nextSteps),
            ]
            data["grant"] = ["publicId": .string(loaded.grant.publicId), "href": .string("/grants/\(loaded.grant.id ?? 0)"), "initiative": .string(loaded.initiative.name)]
            data["lines"] = .list(rows)
            data["budgetTotal"] = amount(budgetTotal)
            data["revised"] = revised
                ? .string(context.t("report_budget_revised", [
                    "awarded": context.format.money(Money(minorUnits: loaded.grant.amountAwarded, currency: money)),
                    "requested": context.format.money(Money(minorUnits: requested.reduce(0, +), currency: money)),
                ]))
                : .null
            data["budgetLabel"] = .string(context.t(revised ? "report_budget_revised_column" : "report_budget"))
            data["actualTotal"] = amount(actualTotal)
            data["varianceTotal"] = amount(actualTotal - budgetTotal)
            data["editable"] = .bool(editable)
            data["summary"] = view.summary
            data["fields"] = .list([
                view.textarea("done", label: context.t("field_report_done"), required: true),
                view.textarea("results", label: context.t("field_report_results"), required: true),
                view.textarea("challenges", label: context.t("field_report_challenges")),
                view.textarea("next_steps", label: context.t("field_report_next_steps")),
            ])
            data["canDecide"] = .bool(loaded.isStaff && requirement.status == .submitted)
            data["commentError"] = TemplateValue(errors["comment"].map { context.t($0 == "validation_required" ? "validation_return_comment" : $0) })
            data["files"] = .list(try ReportStore.files(db, report: id).map { file -> TemplateValue in
                [
                    "name": .string(file.filename), "href": .string("/reports/\(id)/files/\(file.id)"), "fileId": .int(Int(file.id)),
                    "size": .string(context.t("file_size_kb", ["size": context.format.number(max(1, file.size / 1024))])),
                    "preview": FilePreview.value(href: "/reports/\(id)/files/\(file.id)", contentType: file.contentType),
                ]
            })
            data["accept"] = .string(AttachmentKind.acceptAttribute)
            data["uploadLimit"] = .string(context.t("hint_file_limit", ["size": UploadLimit.text(context)]))
            let history = try ReportStore.history(db, report: id)
            data["history"] = .list(history.enumerated().map { index, submission in
                let number = history.count - index
                return [
                    "href": .string("/reports/\(id)/versions/\(number)"),
                    "of": .string(context.t("report_version_of", ["number": String(number), "count": String(history.count)])),
                    "at": .string(context.localTime(submission.at)),
                    "outcome": .string(context.t("report_outcome_\(submission.outcome ?? "pending")")),
                    "comment": TemplateValue(submission.comment),
                ]
            })
            // What Kalyna's own records show the initiative did in the report's period.
            var counts = PeriodCounts()
            let siblings = try GrantStore.requirements(db, grant: loaded.grant.id ?? 0)
            // Case figures are for those who read the initiative's cases (its coordinator, programme staff), not finance.
            let readsCases = loaded.isStaff || loaded.isHolder
            if readsCases, let due = CalendarDate(iso: stored.dueDate), let start = CalendarDate(iso: loaded.grant.periodStart),
                let end = CalendarDate(iso: loaded.grant.periodEnd)
            {
                let previous = siblings.compactMap { CalendarDate(iso: $0.dueDate) }.filter { $0 < due }.max()
                let period = ReportPeriod.of(due: due, isFinal: stored.kind == .final, previousDue: previous, grantStart: start, grantEnd: end)
                let picture = try ReportStore.periodPicture(db, initiative: loaded.initiative.id ?? 0, period: period, lang: context.lang)
                data["known"] = ReportPeriodView.value(picture, period: period, context)
                counts = picture.counts
            } else {
                data["known"] = .null
            }
            // The call's outcome indicators: as typed, as saved, or pre-filled from Kalyna's own counts of the period.
            let indicators = try IndicatorStore.list(db, call: loaded.call.id ?? 0)
            let saved = try typedIndicators ?? IndicatorStore.actuals(db, report: id)
            let targets = try IndicatorStore.targets(db, application: loaded.application.id ?? 0)
            data["indicators"] = .list(indicators.map { indicator in
                let key = indicator.id ?? 0
                let counted = counts.value(for: indicator.source)
                return [
                    "id": .string("indicator-\(key)"), "name": .string("indicator_\(key)"), "noteName": .string("indicator_note_\(key)"),
                    "noteId": .string("indicator-note-\(key)"),
                    "label": .string(indicator.name(context.lang) + (indicator.unit.isEmpty ? "" : " (\(indicator.unit))")),
                    // The form starts from Kalyna's count; the read-only view shows only what was reported.
                    "value": .string(saved[key]?.value ?? counted.map(String.init) ?? ""), "note": .string(saved[key]?.note ?? ""),
                    "reported": .string(saved[key]?.value ?? "—"),
                    "target": TemplateValue(targets[key]),
                    "counted": TemplateValue(counted.map { context.t("indicator_counted", ["count": context.format.number($0)]) }),
                    "error": TemplateValue(errors["indicator_\(key)"].map { context.t($0) }),
                ]
            })
            data["hasIndicators"] = .bool(!indicators.isEmpty)
            return "\(name) · \(loaded.grant.publicId)"
        }
        return try context.page("reports/show", title: title, data, status: status)
    }
}
