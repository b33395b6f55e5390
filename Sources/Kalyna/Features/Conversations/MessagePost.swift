import HTTPServer

/// `POST /applications/:id/messages` (and of grants and reports, multipart):
/// a message to the other side, with at most one file checked as every
/// attachment is. The other side is told in the same transaction.
enum MessagePost {
    static func handler(_ topic: ConversationTopic) -> Handler {
        { context in try handle(context, topic) }
    }

    static func handle(_ context: RequestContext, _ topic: ConversationTopic) throws -> Response {
        let id = try context.id()
        let user = try context.requireUser()
        let form = context.request.form
        var errors = FormErrors()
        let body = ConversationRules.body(form["body"], into: &errors)
        let (document, problem) = ChosenDocument.read(context)
        guard errors.isEmpty, problem == nil else {
            // What she wrote comes back; a file must be chosen again (browsers never refill a file input).
            return try ConversationShow.render(
                context, topic, id: id, form: TypedForm(values: ["body": form["body"] ?? ""], errors: errors),
                message: problem.map { context.t($0, ["size": UploadLimit.text(context)]) }, status: 422)
        }
        let sealed = context.app.narratives.seal(body)
        let file = document.map { MessageFileUpload(filename: $0.name, contentType: $0.contentType, bytes: $0.bytes) }
        let now = context.now
        try context.write { db in
            // Checked again inside the write: the record and her part in it may have changed since the read.
            let loaded = try ConversationAccess.load(user, db, topic, id: id)
            try ConversationStore.post(db, topic, id, initiative: loaded.initiative.id ?? 0, author: user, side: loaded.side, sealedBody: sealed, file: file, now: now)
        }
        throw Redirect(topic.path(id) + "?notice=message_sent")
    }

    /// A file over the size limit: the conversation again, saying so (413).
    static func tooLarge(_ topic: ConversationTopic) -> Handler {
        { context in
            try ConversationShow.render(
                context, topic, id: try context.id(), message: context.t("attachment_too_large", ["size": UploadLimit.text(context)]), status: 413)
        }
    }
}
