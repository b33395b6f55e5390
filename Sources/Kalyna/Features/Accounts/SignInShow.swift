import HTTPServer
import Templating

/// `GET /sign-in`: the sign-in form.
enum SignInShow {
    static func handle(_ context: RequestContext) throws -> Response {
        if context.user != nil { throw Redirect("/dashboard") }
        return try render(context, values: ["next": context.request.query["next"] ?? ""])
    }

    static func render(_ context: RequestContext, values: [String: String], message: String? = nil, status: Int = 200) throws -> Response {
        try context.page(SignInPage(values: values, message: message), title: context.t("sign_in_title"), status: status)
    }
}

/// The sign-in form: the address as typed (never the password), where to go
/// next, a form kept from an ended session, and why the last attempt failed.
struct SignInPage: PageModel {
    static let template = "accounts/sign_in"
    let values: [String: String]
    /// Why she is here again, in her language.
    let message: String?

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let form = FormView(context, values: values.filter { $0.key != "password" })
        return [
            "csrf": .string(context.csrfToken()),
            "message": TemplateValue(message),
            "next": TemplateValue(values["next"]),
            "resume": TemplateValue(values["resume"].flatMap { $0.isEmpty ? nil : $0 }),
            "email": form.field("email", label: context.t("field_email"), type: "email", autocomplete: "email"),
            "password": form.field("password", label: context.t("field_password"), type: "password", autocomplete: "current-password"),
        ]
    }
}
