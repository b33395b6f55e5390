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
            return try ExpiredLinkPage.response(context)
        }
        var errors = FormErrors()
        let name = purpose == .join ? Validate.text(form["name"], field: "name", into: &errors) : ""
        let password = Validate.newPassword(form["password"], confirmation: form["password_confirmation"], into: &errors)
        guard errors.isEmpty, let hash = Passwords.hash(password) else {
            return try InvitationShow.render(context, invitation, values: ["name": name], errors: errors, status: 422)
        }
        let (lang, lifetime) = (context.lang, context.app.sessionLifetime)
        let session = try context.write { db in
            try InvitationStore.accept(db, token: token, purpose: purpose, name: name, passwordHash: hash, language: lang, sessionLifetime: lifetime, now: now)
        }
        guard let session else {
            return try ExpiredLinkPage.response(context)
        }
        throw Redirect("/dashboard?notice=" + (purpose == .join ? "welcome" : "password_changed"), cookies: [SessionCookie.make(session, app: context.app)])
    }
}
