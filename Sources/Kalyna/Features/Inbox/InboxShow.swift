import HTTPServer
import Templating

/// `GET /inbox`: everything Kalyna told her, newest first, unread marked.
/// Opening one marks it read (a form, so no JavaScript is needed).
enum InboxShow {
    static func handle(_ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        guard let userId = user.id else { throw HTTPError.forbidden }
        let pager = Pager(page: context.pageNumber, perPage: 30)
        let (notices, total, unread) = try context.read { db in
            let page = try NoticeStore.inbox(db, user: userId, offset: pager.offset, limit: pager.perPage)
            return (page.notices, page.total, try NoticeStore.unreadCount(db, user: userId))
        }
        return try context.page(InboxPage(notices: notices, unread: unread, pager: pager.counting(total)), title: context.t("inbox_title"))
    }
}

struct InboxPage: PageModel {
    static let template = "inbox/list"
    let notices: [Notice]
    /// Her unread notices, on every page of the inbox.
    let unread: Int
    let pager: Pager

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let rows: [TemplateValue] = notices.map { notice in
            let words = NoticeText(notice, catalogs: context.app.catalogs, format: context.format)
            return [
                "id": .string(String(notice.id ?? 0)),
                "subject": .string(words.subject),
                "body": .string(words.body),
                "when": .string(context.localTime(notice.createdAt)),
                "unread": .bool(notice.readAt == nil),
                "hasLink": .bool(!notice.link.isEmpty),
            ]
        }
        return [
            "notices": .list(rows),
            "unread": .int(unread),
            "unreadText": .string(context.t("inbox_unread", count: unread)),
            "pager": pager.value(path: "/inbox", filters: [], context: context),
        ]
    }
}
