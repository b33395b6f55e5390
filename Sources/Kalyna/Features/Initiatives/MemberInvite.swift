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
            try InvitationStore.queueMail(db, invitation, InvitationLinks.mail(token, role: .documenter, purpose: .join, context), now: now)
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

    /// What the invitation's e-mail says, and its link sealed until sent
    /// (see `Notice.sealedLink`); queued in the invitation's transaction.
    static func mail(_ token: String, role: Role, purpose: Invitation.Purpose, _ context: RequestContext) -> InvitationStore.Mail {
        let link = purpose == .join ? join(token, context) : reset(token, context)
        return InvitationStore.Mail(
            sealedLink: context.app.narratives.seal(link), language: context.lang,
            params: [
                "inviter": context.user?.name ?? "", "role": context.app.catalogs.text("role_\(role.rawValue)", context.lang),
                "organisation": context.app.config.organisationName(context.lang),
            ])
    }
}
