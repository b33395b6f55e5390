import Foundation
import HTTPServer

/// A form sent after its session ended is not thrown away: it is kept, sealed,
/// and the sign-in page says so; once its sender signs in again, it is sent on
/// her behalf and she lands where the save would have taken her.
///
/// Only a form that proves it came from her own pages is kept: the request
/// carries her ended session's cookie (a day's grace, `SessionStore.resumeGrace`)
/// and that session's CSRF token. A cross-site form carries neither (the
/// cookie is `SameSite=Lax`), so this opens no way around CSRF protection; and
/// the kept form is sent only if the same user signs in, through the route's
/// own access rule and checks.
enum SessionResume {
    /// What is kept: the form's fields and files, as sent.
    struct KeptForm: Codable {
        struct File: Codable {
            let field: String
            let filename: String
            let contentType: String
            let bytes: Data
        }

        let fields: [[String]]
        let files: [File]
    }

    /// For a write refused for want of a session: the sign-in page with the
    /// form kept, or nil when the form is not its sender's to keep.
    static func offer(_ context: RequestContext) -> Response? {
        let request = context.request
        let app = context.app
        guard let cookie = request.cookies[SessionCookie.name(app)], cookie.utf8.count == 43,
            let sent = request.form["_csrf"].flatMap(CSRFMask.unmask)
        else { return nil }
        let now = context.now
        do {
            let kept = KeptForm(
                fields: request.form.pairs.filter { $0.name != "_csrf" }.map { [$0.name, $0.value] },
                files: request.files.map { KeptForm.File(field: $0.field, filename: $0.filename, contentType: $0.contentType, bytes: Data($0.bytes)) })
            let json = String(decoding: try JSONEncoder().encode(kept), as: UTF8.self)
            let sealed = app.narratives.seal(json)
            let claimed = try context.write { db -> (token: String, email: String)? in
                guard let session = try SessionStore.recentlyExpired(db, tokenHash: Tokens.hash(cookie), now: now),
                    Tokens.equal(session.csrfToken, sent), let user = try UserStore.find(db, id: session.userId), user.active
                else { return nil }
                return (try KeptFormStore.keep(db, user: session.userId, path: request.path, sealed: sealed, now: now), user.email)
            }
            guard let claimed else { return nil }
            let typed = ["email": claimed.email, "next": "", "resume": claimed.token]
            return try SignInShow.render(context, values: typed, message: context.t("sign_in_session_ended_kept"), status: 401)
        } catch {
            app.logger.error("keeping a form after its session ended failed: \(error)")
            return nil
        }
    }

    /// After `user` signed in with session `token`: sends the form she kept,
    /// if `resume` claims one of hers, and returns what it answered.
    static func complete(_ context: RequestContext, resume: String, user: Int64, token: String) throws -> Response? {
        let now = context.now
        guard !resume.isEmpty,
            let kept = try context.write({ db in try KeptFormStore.take(db, token: resume, user: user, now: now) }),
            let json = context.app.narratives.open(kept.sealed),
            let form = try? JSONDecoder().decode(KeptForm.self, from: Data(json.utf8)),
            let session = try context.read({ db in try SessionStore.find(db, tokenHash: Tokens.hash(token), now: now) })
        else { return nil }
        var fields = FormData()
        fields.append("_csrf", CSRFMask.mask(session.0.csrfToken))
        for pair in form.fields where pair.count == 2 { fields.append(pair[0], pair[1]) }
        var cookies = context.request.cookies
        cookies[SessionCookie.name(context.app)] = token
        var request = Request(
            method: "POST", path: kept.path, headers: context.request.headers, cookies: cookies, form: fields,
            files: form.files.map { UploadedFile(field: $0.field, filename: $0.filename, contentType: $0.contentType, bytes: [UInt8]($0.bytes)) },
            remoteAddress: context.request.remoteAddress)
        request.peerAddress = context.request.peerAddress
        return context.app.handle(request)
    }
}
