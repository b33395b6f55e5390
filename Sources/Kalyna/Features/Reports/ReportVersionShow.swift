import Foundation
import HTTPServer
import Templating

/// `GET /reports/:id/versions/:version`: a report as it was submitted that
/// time, whatever was written since, with what staff answered to it. Whoever
/// may read the report may read every version of it.
enum ReportVersionShow {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        guard let number = context.parameters["version"].flatMap({ Int($0) }) else { throw HTTPError.notFound }
        let user = try context.requireUser()
        let page = try context.read { db -> ReportVersionPage in
            let (requirement, loaded) = try ReportAccess.load(user, db, id: id)
            guard let version = try ReportStore.version(db, report: id, number: number) else { throw HTTPError.notFound }
            return ReportVersionPage(
                id: id, requirement: requirement, loaded: loaded, currency: loaded.grant.currency, version: version,
                lines: try ApplicationStore.lines(db, application: loaded.application.id ?? 0),
                siblings: try GrantStore.requirements(db, grant: loaded.grant.id ?? 0))
        }
        return try context.page(page, title: "\(ReportLabel.name(page.requirement, among: page.siblings, context)) · \(page.version.number)/\(page.version.count)")
    }
}

/// A report as it was submitted that time, with what staff answered to it.
struct ReportVersionPage: PageModel {
    static let template = "reports/version"
    let id: Int64
    let requirement: ReportRequirement
    let loaded: GrantAccess.Loaded
    let currency: Currency
    let version: ReportStore.Version
    let lines: [BudgetLine]
    /// Every report of the grant, to name this one among them.
    let siblings: [ReportRequirement]

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        [
            "report": ["name": .string(ReportLabel.name(requirement, among: siblings, context)), "href": .string("/reports/\(id)")],
            "grant": ["publicId": .string(loaded.grant.publicId), "href": .string("/grants/\(loaded.grant.id ?? 0)"), "initiative": .string(loaded.initiative.name)],
            "version": [
                "of": .string(context.t("report_version_of", ["number": String(version.number), "count": String(version.count)])),
                "at": .string(context.localTime(version.at)),
                "outcome": .string(context.t("report_outcome_\(version.outcome ?? "pending")")),
                "comment": TemplateValue(version.comment),
            ],
            "sections": .list([
                ("done", "field_report_done"), ("results", "field_report_results"), ("challenges", "field_report_challenges"),
                ("next_steps", "field_report_next_steps"),
            ].map { key, label in
                ["label": .string(context.t(label)), "text": TemplateValue(version.text[key].flatMap { $0.isEmpty ? nil : $0 })]
            }),
            "lines": .list(lines.map { line in
                let typed = version.spending[String(line.id ?? 0)] ?? ""
                let spent = Money.parse(typed, currency: currency).map { context.format.money($0) } ?? typed
                return [
                    "category": .string(context.t("budget_category_\(line.category)")), "description": .string(line.description),
                    "actual": .string(spent),
                ]
            }),
        ]
    }
}
