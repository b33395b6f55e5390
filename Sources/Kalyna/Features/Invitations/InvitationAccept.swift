import Foundation
import HTTPServer

/// `POST /invitations/:token`: the invitee sets her password; her account is
/// created and she is signed in. `POST /password-reset/:token`: a new password
/// for an existing account, which ends all of its sessions.
enum InvitationAccept {
    static func join(_ context: RequestContext) throws -> Response {
        try accept(context, purpose: .join)
    }

    static func reset(_ context: RequestContext) throws -> Response {
        try accept(context, purpose: .reset)
    }

    static func accept(_ context: RequestContext, purpose: Invitation.Purpose) throws -> Response {
        let token = context.parameters["token"] ?? ""
        let form = context.request.form
        let now = context.now
        guard let invitation = try context.read({ try InvitationStore.usable($0, token: token, purpose: purpose, now: now) }) else {
            return try context.page("invitations/expired", title: context.t("invitation_expired_title"), status: 410)
        }
        var errors = FormErrors()
        let name = purpose == .join ? Validate.text(form["name"], field: "name", into: &errors) : ""
        let password = Validate.newPassword(form["password"], confirmation: form["password_confirmation"], into: &errors)
        guard errors.isEmpty, let hash = Passwords.hash(password) else {
            return try InvitationShow.render(context, invitation, form: FormView(context, values: ["name": name], errors: errors), status: 422)
        }
        let session = try context.write { db -> String? in
            // Checked again inside the transaction: a link works once, even when
            // two tabs submit it at the same moment.
            guard try InvitationStore.usable(db, token: token, purpose: purpose, now: now) != nil else { return nil }
            try InvitationStore.markUsed(db, invitation, now: now)
            switch purpose {
            case .join:
                if try UserStore.find(db, email: invitation.email) != nil { return nil }
                var user = User(
                    id: nil, email: invitation.email, name: name, passwordHash: hash, role: invitation.role,
                    initiativeId: invitation.initiativeId, language: context.lang, active: true, createdAt: now)
                try user.insert(db)
                try Audit.record(db, actor: user.id, "invitation.accepted", "invitation", invitation.id, at: now)
                try Audit.record(db, actor: user.id, "user.created", "user", user.id, detail: "role=\(user.role.rawValue)", at: now)
                return try SessionStore.create(db, user: user.id ?? 0, lifetime: context.app.sessionLifetime, now: now)
            case .reset:
                guard let userId = invitation.userId, var user = try UserStore.find(db, id: userId), user.active else { return nil }
                user.passwordHash = hash
                try user.update(db)
                try SessionStore.endAll(db, user: userId)
                try Audit.record(db, actor: userId, "user.password_reset", "user", userId, at: now)
                return try SessionStore.create(db, user: userId, lifetime: context.app.sessionLifetime, now: now)
            }
        }
        guard let session else {
            return try context.page("invitations/expired", title: context.t("invitation_expired_title"), status: 410)
        }
        throw Redirect("/dashboard?notice=" + (purpose == .join ? "welcome" : "password_changed"), cookies: [SessionCookie.make(session, app: context.app)])
    }
}
