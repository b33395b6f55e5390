import HTTPServer

/// `POST /profile/notices`: which kinds of notice she also gets by e-mail
/// (the inbox keeps every one). Kinds her role does not receive are left as they were.
enum NoticePreferencesSave {
    static func handle(_ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        guard let id = user.id else { throw HTTPError.forbidden }
        let chosen = context.request.form.values("mail")
        let offered = NoticeKind.kinds(for: user.role)
        guard chosen.allSatisfy({ value in offered.contains { $0.rawValue == value } }) else { throw HTTPError.badRequest }
        try context.write { db in
            var kinds = try NoticeStore.mailedKinds(db, user: id).filter { !offered.contains($0) }
            for kind in offered where chosen.contains(kind.rawValue) { kinds.insert(kind) }
            try NoticeStore.setMailedKinds(db, user: id, kinds)
        }
        throw Redirect("/profile?notice=notices_saved#notices")
    }
}
