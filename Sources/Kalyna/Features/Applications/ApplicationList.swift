import GRDB
import HTTPServer
import Templating

/// `GET /applications?call=&status=&country=&page=`: programme staff's list of
/// submitted applications.
enum ApplicationList {
    static func handle(_ context: RequestContext) throws -> Response {
        let query = context.request.query
        let filter = ApplicationStore.Filter(
            call: query["call"].flatMap { Int64($0) },
            status: ApplicationStatus(rawValue: query["status"] ?? ""),
            country: query["country"].flatMap { Countries.isKnown($0) ? $0 : nil })
        var pager = Pager(page: context.pageNumber)
        let (rows, total, calls) = try context.app.database.pool.read { db in
            let (rows, total) = try ApplicationStore.page(db, filter: filter, offset: pager.offset, limit: pager.perPage, totals: context.totals)
            return (rows, total, try CallStore.options(db))
        }
        pager = Pager(page: pager.page, perPage: pager.perPage, total: total)
        let filters = FilterOptions(context)
        let items: [TemplateValue] = rows.map { row in
            let currency = Currency(code: row["currency"] ?? "") ?? .euro
            let status: String = row["status"] ?? ""
            return [
                "href": .string("/applications/\(row["id"] as Int64? ?? 0)"),
                "title": .string((row["title"] as String?).flatMap { $0.isEmpty ? nil : $0 } ?? context.t("application_untitled")),
                "initiative": .string(row["initiative_name"] ?? ""),
                "place": .string("\(row["city"] ?? ""), \(context.t("country_\(row["country"] ?? "")"))"),
                "call": .string(row["call_title"] ?? ""),
                "status": .string(context.t("application_status_\(status)")),
                "requested": .string(context.format.money(Money(minorUnits: row["amount_requested"] ?? 0, currency: currency))),
            ]
        }
        return try context.page(
            "applications/list", title: context.t("applications_title"),
            [
                "applications": .list(items),
                "calls": filters.list(calls, selected: filter.call.map(String.init)),
                "statuses": filters.list(
                    ApplicationStatus.allCases.filter { $0 != .draft }.map { ($0.rawValue, context.t("application_status_\($0.rawValue)")) },
                    selected: filter.status?.rawValue),
                "countries": filters.countries(selected: filter.country),
                "pager": pager.value(
                    path: "/applications",
                    filters: [("call", filter.call.map(String.init) ?? ""), ("status", filter.status?.rawValue ?? ""), ("country", filter.country ?? "")],
                    context: context),
            ])
    }
}
