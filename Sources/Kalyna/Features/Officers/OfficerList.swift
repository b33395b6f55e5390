import HTTPServer
import Templating

/// `GET /officers?q=&page=`: the registry; coordinators see their own country's.
enum OfficerList {
    static func handle(_ context: RequestContext) throws -> Response {
        let search = (context.request.query["q"] ?? "").trimmed
        var pager = Pager(page: context.pageNumber)
        let staff = context.isProgrammeStaff
        let (officers, total) = try context.read { db in
            let country = staff ? nil : try OfficerAccess.coordinatorInitiative(try context.requireUser(), db).country
            return try OfficerStore.list(db, country: country, search: search, offset: pager.offset, limit: pager.perPage)
        }
        pager = pager.counting(total)
        return try context.page(
            "officers/list", title: context.t("officers_title"),
            [
                "officers": .list(officers.map { OfficerView.row($0, context) }),
                "q": .string(search),
                "staff": .bool(staff),
                "pager": pager.value(path: "/officers", filters: [("q", search)], context: context),
            ])
    }
}
