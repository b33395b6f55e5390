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
        let user = try context.requireUser()
        let page = try context.read { db -> ReportShowPage in
            let (stored, loaded) = try ReportAccess.load(user, db, id: id)
            let siblings = try GrantStore.requirements(db, grant: loaded.grant.id ?? 0)
            // What Kalyna's own records show the initiative did in the report's period. Case figures are
            // for those who read the initiative's cases (its coordinator, programme staff), not finance.
            var known: (picture: ReportStore.PeriodPicture, period: ClosedRange<CalendarDate>)?
            if loaded.isStaff || loaded.isHolder, let due = CalendarDate(iso: stored.dueDate), let start = CalendarDate(iso: loaded.grant.periodStart),
                let end = CalendarDate(iso: loaded.grant.periodEnd)
            {
                let previous = siblings.compactMap { CalendarDate(iso: $0.dueDate) }.filter { $0 < due }.max()
                let period = ReportPeriod.of(due: due, isFinal: stored.kind == .final, previousDue: previous, grantStart: start, grantEnd: end)
                known = (try ReportStore.periodPicture(db, initiative: loaded.initiative.id ?? 0, period: period, lang: context.lang), period)
            }
            return ReportShowPage(
                id: id, requirement: typed ?? stored, loaded: loaded, currency: loaded.grant.currency,
                messages: try ConversationStore.count(db, .report, id), lines: try ApplicationStore.lines(db, application: loaded.application.id ?? 0),
                siblings: siblings, files: try ReportStore.files(db, report: id), history: try ReportStore.history(db, report: id), known: known,
                indicators: try IndicatorStore.list(db, call: loaded.call.id ?? 0),
                actuals: try typedIndicators ?? IndicatorStore.actuals(db, report: id),
                targets: try IndicatorStore.targets(db, application: loaded.application.id ?? 0), errors: errors, message: message)
        }
        return try context.page(page, title: "\(page.name(context)) · \(page.loaded.grant.publicId)", status: status)
    }
}

/// A report of a grant: the holder writes it while it is open (narrative,
/// spending per budget line against the award, the call's indicators, starting
/// from Kalyna's own counts of the period); staff read it and accept or return
/// it; every submission stays in its history.
struct ReportShowPage: PageModel {
    static let template = "reports/show"
    let id: Int64
    /// As typed when the form comes back refused, else as stored.
    let requirement: ReportRequirement
    let loaded: GrantAccess.Loaded
    let currency: Currency
    let messages: Int
    let lines: [BudgetLine]
    /// Every report of the grant, to name this one among them.
    let siblings: [ReportRequirement]
    let files: [ReportStore.FileInfo]
    let history: [ReportStore.Submission]
    /// What Kalyna's records show for the period; nil for those who do not read cases.
    let known: (picture: ReportStore.PeriodPicture, period: ClosedRange<CalendarDate>)?
    let indicators: [CallIndicator]
    let actuals: [Int64: (value: String, note: String)]
    let targets: [Int64: String]
    let errors: FormErrors
    let message: String?

    func name(_ context: RequestContext) -> String { ReportLabel.name(requirement, among: siblings, context) }

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let money = currency
        func amount(_ units: Int64?) -> TemplateValue { units.map { .string(context.format.money(Money(minorUnits: $0, currency: money))) } ?? .null }
        let typedActuals = ReportPage.spending(requirement)
        var budgetTotal: Int64 = 0, actualTotal: Int64 = 0
        // Spending is reported against the award: after a lower award, against the budget cut to it.
        let requested = lines.map { $0.amount ?? 0 }
        let budgets = RevisedBudget.lines(requested, award: loaded.grant.amountAwarded)
        let revised = budgets != requested
        let rows: [TemplateValue] = lines.enumerated().map { index, line in
            let typedActual = typedActuals[String(line.id ?? 0)] ?? ""
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
        let view = FormView(context, values: [
            "done": requirement.done, "results": requirement.results, "challenges": requirement.challenges, "next_steps": requirement.nextSteps,
        ], errors: errors)
        let counts = known?.picture.counts ?? PeriodCounts()
        return [
            "id": .int(Int(id)),
            "message": TemplateValue(message),
            "conversation": ConversationLink.value(context, .report, id, recordInitiative: loaded.initiative.id ?? 0, count: messages),
            "report": [
                "kind": .string(name(context)),
                "due": .string(CalendarDate(iso: requirement.dueDate).map(context.format.date) ?? requirement.dueDate),
                "status": .string(requirement.status.rawValue), "statusLabel": .string(context.t("report_status_\(requirement.status.rawValue)")),
                "staffComment": TemplateValue(requirement.staffComment),
                "done": .string(requirement.done), "results": .string(requirement.results),
                "challenges": .string(requirement.challenges), "nextSteps": .string(requirement.nextSteps),
            ],
            "grant": ["publicId": .string(loaded.grant.publicId), "href": .string("/grants/\(loaded.grant.id ?? 0)"), "initiative": .string(loaded.initiative.name)],
            "lines": .list(rows),
            "budgetTotal": amount(budgetTotal),
            "revised": revised
                ? .string(context.t("report_budget_revised", [
                    "awarded": context.format.money(Money(minorUnits: loaded.grant.amountAwarded, currency: money)),
                    "requested": context.format.money(Money(minorUnits: requested.reduce(0, +), currency: money)),
                ]))
                : .null,
            "budgetLabel": .string(context.t(revised ? "report_budget_revised_column" : "report_budget")),
            "actualTotal": amount(actualTotal),
            "varianceTotal": amount(actualTotal - budgetTotal),
            "editable": .bool(loaded.isHolder && requirement.status.isOpen && loaded.grant.status == .active),
            "summary": view.summary,
            "fields": .list([
                view.textarea("done", label: context.t("field_report_done"), required: true),
                view.textarea("results", label: context.t("field_report_results"), required: true),
                view.textarea("challenges", label: context.t("field_report_challenges")),
                view.textarea("next_steps", label: context.t("field_report_next_steps")),
            ]),
            "canDecide": .bool(loaded.isStaff && requirement.status == .submitted),
            "commentError": TemplateValue(errors["comment"].map { context.t($0 == "validation_required" ? "validation_return_comment" : $0) }),
            "files": .list(files.map { file -> TemplateValue in
                [
                    "name": .string(file.filename), "href": .string("/reports/\(id)/files/\(file.id)"), "fileId": .int(Int(file.id)),
                    "size": .string(context.t("file_size_kb", ["size": context.format.number(max(1, file.size / 1024))])),
                    "preview": FilePreview.value(href: "/reports/\(id)/files/\(file.id)", contentType: file.contentType),
                ]
            }),
            "accept": .string(AttachmentKind.acceptAttribute),
            "uploadLimit": .string(context.t("hint_file_limit", ["size": UploadLimit.text(context)])),
            "history": .list(history.enumerated().map { index, submission in
                let number = history.count - index
                return [
                    "href": .string("/reports/\(id)/versions/\(number)"),
                    "of": .string(context.t("report_version_of", ["number": String(number), "count": String(history.count)])),
                    "at": .string(context.localTime(submission.at)),
                    "outcome": .string(context.t("report_outcome_\(submission.outcome ?? "pending")")),
                    "comment": TemplateValue(submission.comment),
                ]
            }),
            "known": known.map { ReportPeriodView.value($0.picture, period: $0.period, context) } ?? .null,
            // The call's outcome indicators: as typed, as saved, or pre-filled from Kalyna's own counts of the period.
            "indicators": .list(indicators.map { indicator in
                let key = indicator.id ?? 0
                let counted = counts.value(for: indicator.source)
                return [
                    "id": .string("indicator-\(key)"), "name": .string("indicator_\(key)"), "noteName": .string("indicator_note_\(key)"),
                    "noteId": .string("indicator-note-\(key)"),
                    "label": .string(indicator.name(context.lang) + (indicator.unit.isEmpty ? "" : " (\(indicator.unit))")),
                    // The form starts from Kalyna's count; the read-only view shows only what was reported.
                    "value": .string(actuals[key]?.value ?? counted.map(String.init) ?? ""), "note": .string(actuals[key]?.note ?? ""),
                    "reported": .string(actuals[key]?.value ?? "—"),
                    "target": TemplateValue(targets[key]),
                    "counted": TemplateValue(counted.map { context.t("indicator_counted", ["count": context.format.number($0)]) }),
                    "error": TemplateValue(errors["indicator_\(key)"].map { context.t($0) }),
                ]
            }),
            "hasIndicators": .bool(!indicators.isEmpty),
        ]
    }
}
