import HTTPServer
import Templating

/// `GET /admin/outbox`: how the e-mail is going: what waits after a failed
/// attempt and what failed for good, with the server's answer; `POST
/// /admin/outbox/:id/retry` sends one again now.
enum OutboxShow {
    static func handle(_ context: RequestContext) throws -> Response {
        let pager = Pager(page: context.pageNumber)
        let (notices, total, counts) = try context.read { db in
            let page = try NoticeStore.troubled(db, offset: pager.offset, limit: pager.perPage)
            return (page.notices, page.total, try NoticeStore.outboxCounts(db))
        }
        let page = OutboxPage(notices: notices, counts: counts, pager: pager.counting(total), sendsMail: context.app.sendsMail, server: context.app.config.smtpURL)
        return try context.page(page, title: context.t("outbox_title"))
    }

    static func retry(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let now = context.now
        guard try context.write({ try NoticeStore.retry($0, id: id, now: now) }) else { throw HTTPError(409) }
        throw Redirect("/admin/outbox?notice=outbox_retried")
    }
}

/// The e-mail outbox for the administrator: what waits after a failed
/// attempt and what failed for good, with the server's answer, and the totals.
struct OutboxPage: PageModel {
    static let template = "admin/outbox"
    let notices: [Notice]
    let counts: [Notice.Mail: Int]
    let pager: Pager
    let sendsMail: Bool
    /// The SMTP server's address (never its password).
    let server: String

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let rows: [TemplateValue] = notices.map { notice in
            [
                "id": .string(String(notice.id ?? 0)),
                "email": .string(notice.email),
                "kind": .string(context.t("notice_kind_\(notice.kind)")),
                "created": .string(context.localTime(notice.createdAt)),
                "attempts": .string(context.format.number(notice.attempts)),
                "next": notice.mail == .queued ? notice.nextAttemptAt.map { .string(context.localTime($0)) } ?? .null : .null,
                "failed": .bool(notice.mail == .failed),
                "error": .string(notice.lastError ?? ""),
            ]
        }
        let figures: [TemplateValue] = [Notice.Mail.queued, .sent, .failed].map { mail in
            ["label": .string(context.t("outbox_count_\(mail.rawValue)")), "value": .string(context.format.number(counts[mail] ?? 0))]
        }
        return [
            "sendsMail": .bool(sendsMail),
            "server": .string(server),
            "counts": .list(figures),
            "notices": .list(rows),
            "pager": pager.value(path: "/admin/outbox", filters: [], context: context),
        ]
    }
}
