import HTTPServer

/// `GET /messages/:id/file`: the file sent with a message, as a download, for
/// whoever may read that conversation.
enum MessageFileDownload {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let user = try context.requireUser()
        let file = try context.read { db in
            _ = try ConversationAccess.loadMessage(user, db, id: id)
            guard let file = try ConversationStore.file(db, message: id) else { throw HTTPError.notFound }
            return file
        }
        return Download.served(file.bytes, filename: file.filename, contentType: file.contentType, context)
    }
}
