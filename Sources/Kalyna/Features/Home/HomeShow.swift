import HTTPServer

/// The front page: what Kalyna is, for a newcomer.
enum HomeShow {
    static func handle(_ context: RequestContext) throws -> Response {
        try context.page("home/index", title: context.t("home_title"))
    }
}
