import HTTPServer

/// `POST /admin/users/:id/reset-link`: a one-time link (24 hours) with which the
/// person sets a new password. Shown once, to pass on.
enum UserResetLink {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let admin = try context.requireUser()
        let now = context.now
        let token = try context.write { db -> String in
            guard let user = try UserStore.find(db, id: id), user.active else { throw HTTPError(409) }
            let (invitation, token) = try InvitationStore.create(
                db, purpose: .reset, email: user.email, name: user.name, role: user.role, initiative: user.initiativeId,
                user: id, by: admin.id, now: now)
            try Audit.record(db, actor: admin.id, "user.reset_link_issued", "invitation", invitation.id, at: now)
            try InvitationStore.queueMail(db, invitation, InvitationLinks.mail(token, role: user.role, purpose: .reset, context), now: now)
            return token
        }
        return try UserShow.render(context, id: id, resetLink: InvitationLinks.reset(token, context))
    }
}
