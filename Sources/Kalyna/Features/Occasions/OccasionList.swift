import HTTPServer
import Templating

/// `GET /occasions`: staff see every occasion; a coordinator those open for proposals.
enum OccasionList {
    static func handle(_ context: RequestContext) throws -> Response {
        let staff = context.isProgrammeStaff
        let occasions = try context.read { db in
            try OccasionStore.list(db, openOnly: !staff)
        }
        return try context.page(
            "occasions/list", title: context.t("occasions_title"),
            ["occasions": .list(occasions.map { OccasionView.summary($0, context) }), "staff": .bool(staff)])
    }
}
