import HTTPServer

/// `POST /sign-out`: ends this session.
enum SignOut {
    static func handle(_ context: RequestContext) throws -> Response {
        if let signedIn = context.signedIn, let token = context.request.cookies[SessionCookie.name(context.app)] {
            try context.write { db in
                try SessionStore.end(db, token: token)
                try Audit.record(db, actor: signedIn.id, "user.signed_out", "user", signedIn.id, at: context.now)
            }
        }
        throw Redirect("/?notice=signed_out", cookies: [SessionCookie.expired(app: context.app)])
    }
}
