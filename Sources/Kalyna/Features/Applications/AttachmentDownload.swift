import Foundation
import HTTPServer

/// `GET /applications/:id/attachments/:file`: only for those who may read the
/// application; a download, or with `?view=inline` a PDF or image shown in the page.
enum AttachmentDownload {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let fileId = try context.id("file")
        let user = try context.requireUser()
        let (attachment, bytes) = try context.read { db in try AttachmentStore.file(db, application: id, file: fileId, for: user) }
        return Download.served(bytes, filename: attachment.filename, contentType: attachment.contentType, context)
    }
}
