import HTTPServer
import Templating

/// `GET /reviews`: the applications a reviewer is assigned to.
enum ReviewList {
    static func handle(_ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        let rows = try context.read { try ReviewStore.forReviewer($0, user.id ?? 0) }
        let (shown, pager) = Pager.slice(rows, context, path: "/reviews")
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
        return try context.page("reviews/list", title: context.t("reviews_title"), ["reviews": .list(reviews), "pager": pager])
    }
}
