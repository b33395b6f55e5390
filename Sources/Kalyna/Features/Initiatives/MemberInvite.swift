import HTTPServer

/// `POST /initiatives/:id/invitations`: a coordinator invites a documenter of
/// her own initiative. The one-time link is shown once, to copy; no mail server
/// is needed.
enum MemberInvite {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let user = try context.requireUser()
        var errors = FormErrors()
        let name = Validate.text(context.request.form["name"], field: "name", into: &errors)
        let email = Validate.email(context.request.form["email"], into: &errors)
        let now = context.now
        let initiative = try context.read { try InitiativeAccess.load(try context.requireUser(), $0, id: id) }
        guard InitiativeAccess.isCoordinator(try context.requireUser(), of: initiative), initiative.status == .verified else {
            throw HTTPError.forbidden
        }
        if errors["email"] == nil, try context.read({ try UserStore.find($0, email: email) }) != nil {
            errors.add("email", "validation_email_taken")
        }
        guard errors.isEmpty else {
            let form = FormView(context, values: ["name": name, "email": email], errors: errors)
            return try InitiativeShow.render(context, id: id, inviteForm: form, status: 422)
        }
        let token = try context.write { db -> String in
            let (invitation, token) = try InvitationStore.create(
                db, purpose: .join, email: email, name: name, role: .documenter, initiative: id, user: nil, by: user.id, now: now)
            try Audit.record(db, actor: user.id, "invitation.created", "invitation", invitation.id, detail: "role=documenter", at: now)
            return token
        }
        return try InitiativeShow.render(context, id: id, newLink: InvitationLinks.join(token, context))
    }
}

enum InvitationLinks {
    static func join(_ token: String, _ context: RequestContext) -> String {
        context.app.config.publicBaseURL + "/invitations/" + token
    }

    static func reset(_ token: String, _ context: RequestContext) -> String {
        context.app.config.publicBaseURL + "/password-reset/" + token
    }
}
