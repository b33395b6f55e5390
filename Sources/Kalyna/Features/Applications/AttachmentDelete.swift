import Foundation
import HTTPServer

/// `POST /applications/:id/attachments/:file/delete`: the applicant removes a
/// file from her draft.
enum AttachmentDelete {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let fileId = try context.id("file")
        let now = context.now
        let user = try context.requireUser()
        try context.write { db in try AttachmentStore.remove(db, application: id, file: fileId, by: user, now: now) }
        throw Redirect("/applications/\(id)/edit?notice=attachment_removed")
    }
}
