import HTTPServer
import Templating

/// `GET /occasions`: staff see every occasion; a coordinator those open for proposals.
enum OccasionList {
    static func handle(_ context: RequestContext) throws -> Response {
        let staff = context.isProgrammeStaff
        let occasions = try context.read { db in
            try OccasionStore.list(db, openOnly: !staff)
        }
        return try context.page(OccasionListPage(staff: staff, occasions: occasions), title: context.t("occasions_title"))
    }
}

struct OccasionListPage: PageModel {
    static let template = "occasions/list"
    let staff: Bool
    let occasions: [Occasion]

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        ["occasions": .list(occasions.map { OccasionView.summary($0, context) }), "staff": .bool(staff)]
    }
}
