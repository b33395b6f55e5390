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
        let pager = Pager(page: context.pageNumber)
        let page = try context.read { db in
            let (items, total) = try ApplicationStore.page(db, filter: filter, offset: pager.offset, limit: pager.perPage, kept: context.kept)
            return ApplicationListPage(
                filter: filter, applications: items, pager: pager.counting(total),
                calls: try CallStore.options(db))
        }
        return try context.page(page, title: context.t("applications_title"))
    }
}

/// What staff's application list shows, typed; `values` is the one place it
/// becomes template values (`PageModelTests` renders it strictly).
struct ApplicationListPage: PageModel {
    static let template = "applications/list"
    let filter: ApplicationStore.Filter
    let applications: [ApplicationStore.ListItem]
    let pager: Pager
    /// Every call, as (id, title), for the filter.
    let calls: [(String, String)]

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let filters = FilterOptions(context)
        let format = context.format
        let statusNames = Dictionary(uniqueKeysWithValues: ApplicationStatus.allCases.map { ($0, context.t("application_status_\($0.rawValue)")) })
        let lines: [TemplateValue] = applications.map { item in
            [
                "href": .string("/applications/\(item.id)"),
                "title": .string(item.title.isEmpty ? context.t("application_untitled") : item.title),
                "initiative": .string(item.initiativeName),
                "place": .string("\(item.city), \(format.country(item.country))"),
                "call": .string(item.callTitle),
                "status": .string(statusNames[item.status] ?? item.status.rawValue),
                "requested": .string(format.money(item.requested)),
            ]
        }
        return [
            "applications": .list(lines),
            "calls": filters.list(calls, selected: filter.call.map(String.init)),
            "statuses": filters.list(
                ApplicationStatus.allCases.filter { $0 != .draft }.map { ($0.rawValue, statusNames[$0] ?? $0.rawValue) },
                selected: filter.status?.rawValue),
            "countries": filters.countries(selected: filter.country),
            "pager": pager.value(
                path: "/applications",
                filters: [("call", filter.call.map(String.init) ?? ""), ("status", filter.status?.rawValue ?? ""), ("country", filter.country ?? "")],
                context: context),
        ]
    }
}
