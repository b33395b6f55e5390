import HTTPServer
import Templating

/// `GET /invitations/:token` and `GET /password-reset/:token`: the page behind
/// a one-time link, where the person chooses her password.
enum InvitationShow {
    static func join(_ context: RequestContext) throws -> Response {
        try show(context, purpose: .join)
    }

    static func reset(_ context: RequestContext) throws -> Response {
        try show(context, purpose: .reset)
    }

    static func show(_ context: RequestContext, purpose: Invitation.Purpose) throws -> Response {
        let token = context.parameters["token"] ?? ""
        let now = context.now
        guard let invitation = try context.read({ try InvitationStore.usable($0, token: token, purpose: purpose, now: now) }) else {
            return try context.page("invitations/expired", title: context.t("invitation_expired_title"), status: 410)
        }
        return try render(context, invitation, form: FormView(context, values: ["name": invitation.name]))
    }

    static func render(_ context: RequestContext, _ invitation: Invitation, form: FormView, status: Int = 200) throws -> Response {
        var fields: [TemplateValue] = []
        if invitation.purpose == .join {
            fields.append(form.field("name", label: context.t("field_your_name"), autocomplete: "name"))
        }
        fields.append(form.field("password", label: context.t("field_new_password"), type: "password", autocomplete: "new-password",
                                 hint: context.t("hint_password", ["count": String(Validate.minimumPasswordLength)])))
        fields.append(form.field("password_confirmation", label: context.t("field_password_again"), type: "password", autocomplete: "new-password"))
        let join = invitation.purpose == .join
        return try context.page(
            "invitations/accept", title: context.t(join ? "invitation_title" : "reset_title"),
            [
                "csrf": .string(context.csrfToken()),
                "summary": form.summary,
                "email": .string(invitation.email),
                "role": .string(context.t("role_\(invitation.role.rawValue)")),
                "join": .bool(join),
                "fields": .list(fields),
                "action": .string(context.request.path),
            ], status: status)
    }
}
