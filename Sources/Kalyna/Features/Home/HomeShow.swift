import HTTPServer
import Templating

/// The front page: what Kalyna is, for a newcomer.
enum HomeShow {
    static func handle(_ context: RequestContext) throws -> Response {
        try context.page(HomePage(), title: context.t("home_title"))
    }
}

/// The front page: all of it is words from the catalog.
struct HomePage: PageModel {
    static let template = "home/index"

    func values(_ context: RequestContext) -> [String: TemplateValue] { [:] }
}
