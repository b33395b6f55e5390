import HTTPServer

/// `POST /inbox/:id/read` marks one notice read and goes to the page it is
/// about; `POST /inbox/read-all` marks them all.
enum InboxRead {
    static func one(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        guard let user = try context.requireUser().id else { throw HTTPError.forbidden }
        let now = context.now
        guard let notice = try context.write({ try NoticeStore.markRead($0, id: id, user: user, now: now) }) else { throw HTTPError.notFound }
        throw Redirect(notice.link.isEmpty || !notice.link.hasPrefix("/") ? "/inbox" : notice.link)
    }

    static func all(_ context: RequestContext) throws -> Response {
        guard let user = try context.requireUser().id else { throw HTTPError.forbidden }
        let now = context.now
        try context.write { try NoticeStore.markAllRead($0, user: user, now: now) }
        throw Redirect("/inbox?notice=inbox_all_read")
    }
}
