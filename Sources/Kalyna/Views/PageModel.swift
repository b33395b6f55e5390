import HTTPServer
import Templating

/// What a page shows, typed: the handler fills it from the Store, and `values`
/// is the one place it becomes template values. `PageModelTests` renders each
/// from a model alone, strictly (a name the template asks for and the model
/// does not give fails), in every language.
protocol PageModel {
    /// The template, under `templates/`, without `.mustache`.
    static var template: String { get }
    func values(_ context: RequestContext) -> [String: TemplateValue]
}

extension RequestContext {
    /// `model` rendered inside the layout.
    func page(_ model: some PageModel, title: String, status: Int = 200) throws -> Response {
        try page(type(of: model).template, title: title, model.values(self), status: status)
    }
}
