import Foundation
import GRDB
import HTTPServer
import Templating

/// `GET /grants?call=&country=&status=&page=`: every grant with what was
/// awarded and paid, the next report due (overdue ones marked) and the next
/// tranche.
enum GrantList {
    static func handle(_ context: RequestContext) throws -> Response {
        let query = context.request.query
        let call = query["call"].flatMap { Int64($0) }
        let country = query["country"].flatMap { Countries.isKnown($0) ? $0 : nil }
        let status = GrantStatus(rawValue: query["status"] ?? "")
        var pager = Pager(page: context.pageNumber)
        let today = CalendarDate(context.now).iso
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let call { conditions.append("a.call_id = ?"); arguments += [call] }
        if let country { conditions.append("i.country = ?"); arguments += [country] }
        if let status { conditions.append("g.status = ?"); arguments += [status.rawValue] }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let from = "FROM \"grant\" g JOIN application a ON a.id = g.application_id JOIN initiative i ON i.id = a.initiative_id"
        let (rows, total, calls) = try context.app.database.pool.read { db -> ([Row], Int, [(String, String)]) in
            // Every grant has its application and initiative: the joins count only when filtered by them.
            let countFrom = call == nil && country == nil ? "FROM \"grant\" g" : from
            let total = try context.totals.count(db, sql: "SELECT COUNT(*) \(countFrom) \(whereClause)", arguments: arguments)
            let rows = try Row.fetchAllCached(
                db,
                sql: """
                    SELECT g.id, g.public_id, g.title, g.amount_awarded, g.currency, g.status, i.name AS initiative_name, i.country,
                      (SELECT COALESCE(SUM(amount), 0) FROM disbursement d WHERE d.grant_id = g.id AND d.status = 'paid') AS paid,
                      (SELECT MIN(due_date) FROM report_requirement r WHERE r.grant_id = g.id AND r.status != 'accepted') AS next_due,
                      (SELECT MIN(planned_date) FROM tranche t WHERE t.grant_id = g.id AND NOT t.cancelled
                         AND NOT EXISTS (SELECT 1 FROM disbursement d WHERE d.tranche_id = t.id AND d.status = 'paid')) AS next_tranche
                    \(from) \(whereClause) ORDER BY g.id DESC LIMIT ? OFFSET ?
                    """,
                arguments: arguments + [pager.perPage, pager.offset])
            return (rows, total, try CallStore.options(db))
        }
        pager = Pager(page: pager.page, perPage: pager.perPage, total: total)
        let filters = FilterOptions(context)
        let grants: [TemplateValue] = rows.map { row in
            let currency = Currency(code: row["currency"] ?? "") ?? .euro
            let due: String? = row["next_due"]
            let tranche: String? = row["next_tranche"]
            let grantStatus: String = row["status"] ?? "active"
            return [
                "href": .string("/grants/\(row["id"] as Int64? ?? 0)"),
                "publicId": .string(row["public_id"] ?? ""),
                "title": .string(row["title"] ?? ""),
                "initiative": .string(row["initiative_name"] ?? ""),
                "awarded": .string(context.format.money(Money(minorUnits: row["amount_awarded"] ?? 0, currency: currency))),
                "paid": .string(context.format.money(Money(minorUnits: row["paid"] ?? 0, currency: currency))),
                "nextDue": TemplateValue(due.flatMap { CalendarDate(iso: $0) }.map(context.format.date)),
                "overdue": .bool(grantStatus == "active" && (due.map { $0 < today } ?? false)),
                "nextTranche": TemplateValue(tranche.flatMap { CalendarDate(iso: $0) }.map(context.format.date)),
                "status": .string(context.t("grant_status_\(grantStatus)")),
            ]
        }
        return try context.page(
            "grants/list", title: context.t("grants_title"),
            [
                "grants": .list(grants),
                "calls": filters.list(calls, selected: call.map(String.init)),
                "countries": filters.countries(selected: country),
                "statuses": filters.list(GrantStatus.allCases.map { ($0.rawValue, context.t("grant_status_\($0.rawValue)")) }, selected: status?.rawValue),
                "pager": pager.value(path: "/grants", filters: [("call", call.map(String.init) ?? ""), ("country", country ?? ""), ("status", status?.rawValue ?? "")], context: context),
            ])
    }
}
