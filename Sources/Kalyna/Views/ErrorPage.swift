import Templating

/// An error inside the layout: what happened and what she can do, in words for
/// people (never a stack trace); statuses without words of their own read as 500.
struct ErrorPage: PageModel {
    static let template = "errors/error"
    static let worded = [400, 403, 404, 405, 409, 413, 429, 500]
    let status: Int

    /// The catalog key of the words for this status.
    var key: String { Self.worded.contains(status) ? "error_\(status)" : "error_500" }

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        ["status": .int(status), "message": .string(context.t("\(key)_text"))]
    }
}
