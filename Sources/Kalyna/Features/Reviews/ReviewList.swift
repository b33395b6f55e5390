import HTTPServer
import Templating

/// `GET /reviews`: the applications a reviewer is assigned to.
enum ReviewList {
    static func handle(_ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        let rows = try context.read { try ReviewStore.forReviewer($0, user.id ?? 0) }
        return try context.page(ReviewListPage(assignments: rows), title: context.t("reviews_title"))
    }
}

struct ReviewListPage: PageModel {
    static let template = "reviews/list"
    /// All her assignments, newest first; the page shows the page of them the address asks for.
    let assignments: [ReviewStore.Assignment]

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let (shown, pager) = Pager.slice(assignments, context, path: "/reviews")
        let reviews: [TemplateValue] = shown.map { row in
            let state = row.conflict == true ? "review_state_conflict" : row.submitted ? "review_state_done"
                : row.conflict == false ? "review_state_scoring" : "review_state_undeclared"
            return [
                "href": .string("/reviews/\(row.id)"),
                "title": .string(row.title.isEmpty ? context.t("application_untitled") : row.title),
                "initiative": .string(row.initiative),
                "call": .string(row.call),
                "state": .string(context.t(state)),
            ]
        }
        return ["reviews": .list(reviews), "pager": pager]
    }
}
