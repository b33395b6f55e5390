import Foundation
import HTTPServer
import Templating

/// `GET /admin/audit?action=…&type=…&page=…`: the audit trail, newest first.
enum AuditList {
    static func handle(_ context: RequestContext) throws -> Response {
        let query = context.request.query
        let filter = Audit.Filter(
            action: query["action"].flatMap { $0.isEmpty ? nil : $0 },
            recordType: query["type"].flatMap { $0.isEmpty ? nil : $0 },
            actor: query["actor"].flatMap { Int64($0) })
        let pager = Pager(page: context.pageNumber)
        let (rows, total, actions) = try context.read { db in
            let (rows, total) = try Audit.page(db, filter: filter, offset: pager.offset, limit: pager.perPage)
            return (rows, total, try Audit.actions(db))
        }
        return try context.page(AuditPage(filter: filter, lines: rows, actions: actions, pager: pager.counting(total)), title: context.t("audit_title"))
    }
}

struct AuditPage: PageModel {
    static let template = "admin/audit"
    let filter: Audit.Filter
    let lines: [Audit.Line]
    /// Every action the trail holds, for the filter.
    let actions: [String]
    let pager: Pager

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let events: [TemplateValue] = lines.map { line in
            [
                "at": .string(LineLogHandler.iso(line.event.at)),
                "actor": TemplateValue(line.actorName),
                "action": .string(line.event.action),
                "record": .string("\(line.event.recordType) \(line.event.recordId.map { "#\($0)" } ?? "")"),
                "detail": .string(line.event.detail),
            ]
        }
        return [
            "events": .list(events),
            "actions": FilterOptions(context).list(actions.map { ($0, $0) }, selected: filter.action),
            "type": TemplateValue(filter.recordType),
            "pager": pager.value(
                path: "/admin/audit", filters: [("action", filter.action ?? ""), ("type", filter.recordType ?? "")], context: context),
        ]
    }
}
