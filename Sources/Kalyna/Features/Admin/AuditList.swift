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
        var pager = Pager(page: context.pageNumber)
        let (rows, total, actions) = try context.read { db in
            let (rows, total) = try Audit.page(db, filter: filter, offset: pager.offset, limit: pager.perPage)
            return (rows, total, try Audit.actions(db))
        }
        pager = pager.counting(total)
        let events: [TemplateValue] = rows.map { line in
            [
                "at": .string(LineLogHandler.iso(line.event.at)),
                "actor": TemplateValue(line.actorName),
                "actorEmail": TemplateValue(line.actorEmail),
                "action": .string(line.event.action),
                "record": .string("\(line.event.recordType) \(line.event.recordId.map { "#\($0)" } ?? "")"),
                "detail": .string(line.event.detail),
            ]
        }
        return try context.page(
            "admin/audit", title: context.t("audit_title"),
            [
                "events": .list(events),
                "actions": .list([["value": "", "label": .string(context.t("filter_all")), "selected": .bool(filter.action == nil)]]
                    + actions.map { ["value": .string($0), "label": .string($0), "selected": .bool($0 == filter.action)] }),
                "type": TemplateValue(filter.recordType),
                "pager": pager.value(
                    path: "/admin/audit", filters: [("action", filter.action ?? ""), ("type", filter.recordType ?? "")], context: context),
            ])
    }
}
