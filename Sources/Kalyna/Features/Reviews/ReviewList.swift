import HTTPServer
import Templating

/// `GET /reviews`: the applications a reviewer is assigned to.
enum ReviewList {
    static func handle(_ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        let rows = try context.app.database.pool.read { try ReviewStore.forReviewer($0, user.id ?? 0) }
        let reviews: [TemplateValue] = rows.map { row in
            let conflict: Bool? = row["conflict"]
            let submitted = (row["submitted_at"] as String?) != nil
            let state = conflict == true ? "review_state_conflict" : submitted ? "review_state_done" : conflict == false ? "review_state_scoring" : "review_state_undeclared"
            return [
                "href": .string("/reviews/\(row["id"] as Int64? ?? 0)"),
                "title": .string((row["title"] as String?).flatMap { $0.isEmpty ? nil : $0 } ?? context.t("application_untitled")),
                "initiative": .string(row["initiative_name"] ?? ""),
                "call": .string(row["call_title"] ?? ""),
                "state": .string(context.t(state)),
            ]
        }
        return try context.page("reviews/list", title: context.t("reviews_title"), ["reviews": .list(reviews)])
    }
}
