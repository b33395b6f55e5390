import HTTPServer
import Templating

/// `GET /admin/invitations/new` and `POST /admin/invitations`: an administrator
/// invites a member of staff (or an external reviewer) with a role.
enum StaffInvite {
    static func show(_ context: RequestContext) throws -> Response {
        try render(context, values: ["role": Role.reviewer.rawValue])
    }

    static func render(
        _ context: RequestContext, values: [String: String], errors: FormErrors = FormErrors(), link: String? = nil, status: Int = 200
    ) throws -> Response {
        try context.page(StaffInvitePage(values: values, errors: errors, link: link), title: context.t("staff_invite_title"), status: status)
    }

    static func submit(_ context: RequestContext) throws -> Response {
        let admin = try context.requireUser()
        let form = context.request.form
        var errors = FormErrors()
        let name = Validate.text(form["name"], field: "name", into: &errors)
        let email = Validate.email(form["email"], into: &errors)
        let role = Validate.choice(form["role"], as: Role.self, field: "role", into: &errors)
        if let role, !Role.staffRoles.contains(role) { errors.add("role", "validation_choose") }
        if errors["email"] == nil, try context.read({ try UserStore.find($0, email: email) }) != nil {
            errors.add("email", "validation_email_taken")
        }
        guard errors.isEmpty, let role else {
            return try render(context, values: ["name": name, "email": email, "role": form["role"] ?? ""], errors: errors, status: 422)
        }
        let now = context.now
        let token = try context.write { db -> String in
            let (invitation, token) = try InvitationStore.create(
                db, purpose: .join, email: email, name: name, role: role, initiative: nil, user: nil, by: admin.id, now: now)
            try Audit.record(db, actor: admin.id, "invitation.created", "invitation", invitation.id, detail: "role=\(role.rawValue)", at: now)
            try InvitationStore.queueMail(db, invitation, InvitationLinks.mail(token, role: role, purpose: .join, context), now: now)
            return token
        }
        return try render(context, values: ["role": role.rawValue], link: InvitationLinks.join(token, context))
    }
}

/// Inviting a member of staff: the form as typed with its messages, and once
/// sent without e-mail, the one-time link to hand over.
struct StaffInvitePage: PageModel {
    static let template = "admin/invite"
    let values: [String: String]
    let errors: FormErrors
    let link: String?

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let form = FormView(context, values: values, errors: errors)
        return [
            "summary": form.summary,
            "fields": .list([
                form.field("name", label: context.t("field_person_name")),
                form.field("email", label: context.t("field_email"), type: "email"),
                form.select("role", label: context.t("field_role"), options: Role.staffRoles.map { ($0.rawValue, context.t("role_\($0.rawValue)")) }),
            ]),
            "link": TemplateValue(link),
        ]
    }
}
