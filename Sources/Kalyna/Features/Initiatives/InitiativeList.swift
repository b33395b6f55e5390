import HTTPServer
import Templating

/// `GET /initiatives?status=pending&page=2`: staff's list of initiatives.
enum InitiativeList {
    static func handle(_ context: RequestContext) throws -> Response {
        let status = InitiativeStatus(rawValue: context.request.query["status"] ?? "")
        let pager = Pager(page: context.pageNumber)
        let (rows, total) = try context.read {
            try InitiativeStore.page($0, status: status, offset: pager.offset, limit: pager.perPage)
        }
        return try context.page(InitiativeListPage(status: status, initiatives: rows, pager: pager.counting(total)), title: context.t("initiatives_title"))
    }
}

struct InitiativeListPage: PageModel {
    static let template = "initiatives/list"
    /// The status chosen in the filter; nil: all.
    let status: InitiativeStatus?
    let initiatives: [Initiative]
    let pager: Pager

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        [
            "initiatives": .list(initiatives.map { InitiativeView.summary($0, context) }),
            "statuses": FilterOptions(context).list(
                InitiativeStatus.allCases.map { ($0.rawValue, context.t("initiative_status_\($0.rawValue)")) }, selected: status?.rawValue),
            "pager": pager.value(path: "/initiatives", filters: [("status", status?.rawValue ?? "")], context: context),
        ]
    }
}
