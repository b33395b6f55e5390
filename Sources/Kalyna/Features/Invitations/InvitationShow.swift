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
            return try ExpiredLinkPage.response(context)
        }
        return try render(context, invitation, values: ["name": invitation.name])
    }

    static func render(
        _ context: RequestContext, _ invitation: Invitation, values: [String: String], errors: FormErrors = FormErrors(), status: Int = 200
    ) throws -> Response {
        try context.page(
            InvitationPage(invitation: invitation, values: values, errors: errors, action: context.request.path),
            title: context.t(invitation.purpose == .join ? "invitation_title" : "reset_title"), status: status)
    }
}

/// The page behind a one-time link (joining, or a new password): who it is
/// for, and the password fields, with a message per field.
struct InvitationPage: PageModel {
    static let template = "invitations/accept"
    let invitation: Invitation
    let values: [String: String]
    let errors: FormErrors
    /// The link's own path, where the form posts.
    let action: String

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let form = FormView(context, values: values.filter { !$0.key.hasPrefix("password") }, errors: errors)
        var fields: [TemplateValue] = []
        if invitation.purpose == .join {
            fields.append(form.field("name", label: context.t("field_your_name"), autocomplete: "name"))
        }
        fields.append(form.field("password", label: context.t("field_new_password"), type: "password", autocomplete: "new-password",
                                 hint: context.t("hint_password", ["count": String(Validate.minimumPasswordLength)])))
        fields.append(form.field("password_confirmation", label: context.t("field_password_again"), type: "password", autocomplete: "new-password"))
        return [
            "csrf": .string(context.csrfToken()),
            "summary": form.summary,
            "email": .string(invitation.email),
            "role": .string(context.t("role_\(invitation.role.rawValue)")),
            "join": .bool(invitation.purpose == .join),
            "fields": .list(fields),
            "action": .string(action),
        ]
    }
}

/// A one-time link that was used, has expired or never was: the same page
/// whichever, so the page does not tell which.
struct ExpiredLinkPage: PageModel {
    static let template = "invitations/expired"

    func values(_ context: RequestContext) -> [String: TemplateValue] { [:] }

    static func response(_ context: RequestContext) throws -> Response {
        try context.page(ExpiredLinkPage(), title: context.t("invitation_expired_title"), status: 410)
    }
}
