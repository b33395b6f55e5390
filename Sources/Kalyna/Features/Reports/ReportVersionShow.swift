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
        var data: [String: TemplateValue] = [:]
        let title = try context.read { db -> String in
            let (requirement, loaded) = try ReportAccess.load(user, db, id: id)
            guard let version = try ReportStore.version(db, report: id, number: number) else { throw HTTPError.notFound }
            let money = try loaded.grant.money()
            let lines = try ApplicationStore.lines(db, application: loaded.application.id ?? 0)
            let name = ReportLabel.name(requirement, among: try GrantStore.requirements(db, grant: loaded.grant.id ?? 0), context)
            data["report"] = ["name": .string(name), "href": .string("/reports/\(id)")]
            data["grant"] = ["publicId": .string(loaded.grant.publicId), "href": .string("/grants/\(loaded.grant.id ?? 0)"), "initiative": .string(loaded.initiative.name)]
            data["version"] = [
                "of": .string(context.t("report_version_of", ["number": String(version.number), "count": String(version.count)])),
                "at": .string(context.localTime(version.at)),
                "outcome": .string(context.t("report_outcome_\(version.outcome ?? "pending")")),
                "comment": TemplateValue(version.comment),
            ]
            data["sections"] = .list([
                ("done", "field_report_done"), ("results", "field_report_results"), ("challenges", "field_report_challenges"),
                ("next_steps", "field_report_next_steps"),
            ].map { key, label in
                ["label": .string(context.t(label)), "text": TemplateValue(version.text[key].flatMap { $0.isEmpty ? nil : $0 })]
            })
            data["lines"] = .list(lines.map { line in
                let typed = version.spending[String(line.id ?? 0)] ?? ""
                let spent = Money.parse(typed, currency: money).map { context.format.money($0) } ?? typed
                return [
                    "category": .string(context.t("budget_category_\(line.category)")), "description": .string(line.description),
                    "actual": .string(spent),
                ]
            })
            return "\(name) · \(version.number)/\(version.count)"
        }
        return try context.page("reports/version", title: title, data)
    }
}
