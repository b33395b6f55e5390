import HTTPServer
import Templating

/// `GET /officers?q=&page=`: the registry; coordinators see their own country's.
enum OfficerList {
    static func handle(_ context: RequestContext) throws -> Response {
        let search = (context.request.query["q"] ?? "").trimmed
        let pager = Pager(page: context.pageNumber)
        let staff = context.isProgrammeStaff
        let (officers, total) = try context.read { db in
            let country = staff ? nil : try OfficerAccess.coordinatorInitiative(try context.requireUser(), db).country
            return try OfficerStore.list(db, country: country, search: search, offset: pager.offset, limit: pager.perPage)
        }
        return try context.page(
            OfficerListPage(staff: staff, search: search, officers: officers, pager: pager.counting(total)), title: context.t("officers_title"))
    }
}

struct OfficerListPage: PageModel {
    static let template = "officers/list"
    let staff: Bool
    /// What was searched for ("" for everyone).
    let search: String
    let officers: [Officer]
    let pager: Pager

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        [
            "officers": .list(officers.map { OfficerView.row($0, context) }),
            "q": .string(search),
            "staff": .bool(staff),
            "pager": pager.value(path: "/officers", filters: [("q", search)], context: context),
        ]
    }
}
