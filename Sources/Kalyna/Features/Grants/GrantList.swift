import HTTPServer
import Templating

/// `GET /grants?call=&country=&status=&page=`: every grant with what was
/// awarded and paid, the next report due (overdue ones marked) and the next
/// tranche.
enum GrantList {
    static func handle(_ context: RequestContext) throws -> Response {
        let filter = Self.filter(context)
        let pager = Pager(page: context.pageNumber)
        let (found, calls) = try context.read { db in
            (try GrantStore.list(db, filter, page: pager, kept: context.kept), try CallStore.options(db))
        }
        let page = GrantListPage(
            filter: filter, grants: found.items, pager: pager.counting(found.total), calls: calls,
            today: context.today)
        return try context.page(page, title: context.t("grants_title"))
    }

    /// The list's filters from the address; the exports take the same.
    static func filter(_ context: RequestContext) -> GrantFilter {
        let query = context.request.query
        return GrantFilter(
            call: query["call"].flatMap { Int64($0) },
            country: query["country"].flatMap { Countries.isKnown($0) ? $0 : nil },
            status: GrantStatus(rawValue: query["status"] ?? ""))
    }
}

/// What the grant list shows, typed; `values` is the one place it becomes
/// template values (`GrantListPageTests` renders it strictly).
struct GrantListPage: PageModel {
    static let template = "grants/list"
    let filter: GrantFilter
    let grants: [GrantListItem]
    let pager: Pager
    /// Every call, as (id, title), for the filter.
    let calls: [(String, String)]
    let today: CalendarDate

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let format = context.format
        let statusNames = Dictionary(uniqueKeysWithValues: GrantStatus.allCases.map { ($0, context.t("grant_status_\($0.rawValue)")) })
        let rows: [TemplateValue] = grants.map { grant in
            [
                "href": .string("/grants/\(grant.id)"),
                "publicId": .string(grant.publicId),
                "title": .string(grant.title),
                "initiative": .string(grant.initiative),
                "awarded": .string(format.money(grant.awarded)),
                "paid": .string(format.money(grant.paid)),
                "nextDue": TemplateValue(grant.nextDue.map(format.date)),
                "overdue": .bool(grant.status == .active && (grant.nextDue.map { $0 < today } ?? false)),
                "nextTranche": TemplateValue(grant.nextTranche.map(format.date)),
                "status": .string(statusNames[grant.status] ?? grant.status.rawValue),
            ]
        }
        let filters = FilterOptions(context)
        let filterPairs = [("call", filter.call.map(String.init) ?? ""), ("country", filter.country ?? ""), ("status", filter.status?.rawValue ?? "")]
        return [
            "grants": .list(rows),
            "calls": filters.list(calls, selected: filter.call.map(String.init)),
            "countries": filters.countries(selected: filter.country),
            "statuses": filters.list(GrantStatus.allCases.map { ($0.rawValue, statusNames[$0] ?? $0.rawValue) }, selected: filter.status?.rawValue),
            "pager": pager.value(path: "/grants", filters: filterPairs, context: context),
            // The exports hold what the list shows.
            "exportQuery": .string(Pager.query(filterPairs)),
        ]
    }
}
