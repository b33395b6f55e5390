import HTTPServer
import Templating

/// `GET /initiatives?status=pending&page=2`: staff's list of initiatives.
enum InitiativeList {
    static func handle(_ context: RequestContext) throws -> Response {
        let status = InitiativeStatus(rawValue: context.request.query["status"] ?? "")
        var pager = Pager(page: context.pageNumber)
        let (rows, total) = try context.read {
            try InitiativeStore.page($0, status: status, offset: pager.offset, limit: pager.perPage)
        }
        pager = pager.counting(total)
        let filters: [TemplateValue] = [["value": "", "label": .string(context.t("filter_all")), "selected": .bool(status == nil)]]
            + InitiativeStatus.allCases.map {
                ["value": .string($0.rawValue), "label": .string(context.t("initiative_status_\($0.rawValue)")), "selected": .bool(status == $0)]
            }
        return try context.page(
            "initiatives/list", title: context.t("initiatives_title"),
            [
                "initiatives": .list(rows.map { InitiativeView.summary($0, context) }),
                "statuses": .list(filters),
                "pager": pager.value(path: "/initiatives", filters: [("status", status?.rawValue ?? "")], context: context),
            ])
    }
}
