import Foundation
import HTTPServer
import Templating

/// `GET /applications/:id/messages`, `/grants/:id/messages`, `/reports/:id/messages`:
/// the conversation between the initiative and the programme staff about the
/// record, newest first, with the form to write.
enum ConversationShow {
    static func handler(_ topic: ConversationTopic) -> Handler {
        { context in try render(context, topic, id: try context.id()) }
    }

    static func render(_ context: RequestContext, _ topic: ConversationTopic, id: Int64, form: TypedForm = TypedForm(), message: String? = nil, status: Int = 200) throws -> Response {
        let user = try context.requireUser()
        var pager = Pager(page: context.pageNumber, perPage: ConversationRules.perPage)
        let (loaded, found) = try context.read { db in
            let loaded = try ConversationAccess.load(user, db, topic, id: id)
            return (loaded, try ConversationStore.entries(db, topic, id, offset: pager.offset, limit: pager.perPage))
        }
        pager = pager.counting(found.total)
        let page = ConversationPage(
            loaded: loaded, entries: found.entries, pager: pager, form: form, message: message)
        return try context.page(page, title: page.title(context), status: status)
    }
}

/// What a conversation's page shows, typed; `values` is the one place it
/// becomes template values.
struct ConversationPage: PageModel {
    static let template = "conversations/show"
    let loaded: ConversationAccess.Loaded
    let entries: [ConversationEntry]
    let pager: Pager
    /// The message as typed, sent back with its errors.
    let form: TypedForm
    /// Why the last message could not be sent, when it was not the text (the file).
    let message: String?

    /// "Messages: Safe spaces", "Messages: grant KLN-2027-0001", "Messages: report due 1 March 2027 (KLN-2027-0001)".
    func title(_ context: RequestContext) -> String {
        let title = loaded.title.isEmpty ? context.t("application_untitled") : loaded.title
        switch loaded.topic {
        case .application: return context.t("conversation_title_application", ["title": title])
        case .grant: return context.t("conversation_title_grant", ["grant": title])
        case .report:
            let due = loaded.due.flatMap(CalendarDate.init(iso:)).map(context.format.date) ?? ""
            return context.t("conversation_title_report", ["grant": title, "due": due])
        }
    }

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let form = self.form.view(context)
        let box = context.app.narratives
        let rows: [TemplateValue] = entries.map { entry in
            // A message that cannot be opened (a wrong key) says so rather than showing nothing.
            let body = box.open(entry.sealedBody) ?? context.t("conversation_unreadable")
            let mine = entry.side == loaded.side
            return [
                "author": .string(entry.authorName.isEmpty ? context.t("conversation_someone") : entry.authorName),
                "side": .string(context.t(entry.side == .staff ? "conversation_side_staff" : "conversation_side_initiative", ["initiative": loaded.initiative.name])),
                "mine": .bool(mine),
                "when": .string(context.localTime(entry.createdAt)),
                // Browsers send a textarea's line ends as CRLF, one Character in Swift: split on any line end.
                "paragraphs": .list(body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { .string(String($0)) }),
                "file": entry.file.map { file -> TemplateValue in
                    ["href": .string("/messages/\(entry.id)/file"), "name": .string(file.filename), "size": .string(context.t("file_size_kb", ["size": context.format.number(max(1, file.size / 1024))]))]
                } ?? .null,
            ]
        }
        let otherSide = loaded.side == .staff ? context.t("conversation_to_initiative", ["initiative": loaded.initiative.name]) : context.t("conversation_to_staff")
        return [
            "heading": .string(title(context)),
            "recordHref": .string(loaded.topic.recordPath(loaded.id)),
            "recordLink": .string(context.t("conversation_back_\(loaded.topic.rawValue)")),
            "action": .string(loaded.topic.path(loaded.id)),
            "messages": .list(rows),
            "intro": .string(context.t("conversation_intro", ["recipients": otherSide])),
            "summary": form.summary,
            "body": form.textarea("body", label: context.t("conversation_body"), required: true, hint: context.t("conversation_body_hint"), maxLength: ConversationRules.maxLength),
            "fileProblem": TemplateValue(message),
            "accept": .string(AttachmentKind.acceptAttribute),
            "uploadLimit": .string(UploadLimit.text(context)),
            "pager": pager.value(path: loaded.topic.path(loaded.id), filters: [], context: context),
        ]
    }
}
