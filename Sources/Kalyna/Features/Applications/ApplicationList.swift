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
        let (items, total, calls) = try context.read { db in
            let (items, total) = try ApplicationStore.page(db, filter: filter, offset: pager.offset, limit: pager.perPage, kept: context.kept)
            return (items, total, try CallStore.options(db))
        }
        pager = Pager(page: pager.page, perPage: pager.perPage, total: total)
        let filters = FilterOptions(context)
        let statusNames = Dictionary(uniqueKeysWithValues: ApplicationStatus.allCases.map { ($0, context.t("application_status_\($0.rawValue)")) })
        let lines: [TemplateValue] = items.map { item in
            [
                "href": .string("/applications/\(item.id)"),
                "title": .string(item.title.isEmpty ? context.t("application_untitled") : item.title),
                "initiative": .string(item.initiativeName),
                "place": .string("\(item.city), \(context.t("country_\(item.country)"))"),
                "call": .string(item.callTitle),
                "status": .string(statusNames[item.status] ?? item.status.rawValue),
                "requested": .string(context.format.money(item.requested)),
            ]
        }
        return try context.page(
            "applications/list", title: context.t("applications_title"),
            [
                "applications": .list(lines),
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
