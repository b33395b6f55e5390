import HTTPServer
import Templating

/// `GET /sign-in`: the sign-in form.
enum SignInShow {
    static func handle(_ context: RequestContext) throws -> Response {
        if context.user != nil { throw Redirect("/dashboard") }
        return try render(context, form: FormView(context, values: ["next": context.request.query["next"] ?? ""]))
    }

    static func render(_ context: RequestContext, form: FormView, message: String? = nil, status: Int = 200) throws -> Response {
        try context.page(
            "accounts/sign_in", title: context.t("sign_in_title"),
            [
                "csrf": .string(context.csrfToken()),
                "message": TemplateValue(message),
                "next": TemplateValue(form.values["next"]),
                "resume": TemplateValue(form.values["resume"].flatMap { $0.isEmpty ? nil : $0 }),
                "email": form.field("email", label: context.t("field_email"), type: "email", autocomplete: "email"),
                "password": form.field("password", label: context.t("field_password"), type: "password", autocomplete: "current-password"),
            ], status: status)
    }
}
