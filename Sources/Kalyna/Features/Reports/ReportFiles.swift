import Foundation
import HTTPServer

/// Documents on a report. `POST /reports/:id/files` (the coordinator, while the
/// report is open; the same kinds and checks as application attachments),
/// `GET /reports/:id/files/:file` (whoever may read the report, always as a
/// download), `POST /reports/:id/files/:file/delete` (the coordinator, while open).
enum ReportFiles {
    static let maxFiles = 20

    /// A file over the size limit: the report again with the limit stated (413).
    static func tooLarge(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        _ = try context.read { try ReportAccess.loadOpen(try context.requireUser(), $0, id: id) }
        return try ReportPage.render(context, id: id, message: context.t("attachment_too_large", ["size": UploadLimit.text(context)]), status: 413)
    }

    static func upload(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let user = try context.requireUser()
        _ = try context.read { try ReportAccess.loadOpen(user, $0, id: id) }
        guard let file = context.request.files.first(where: { $0.field == "file" }) else {
            return try ReportPage.render(context, id: id, message: context.t("attachment_missing"), status: 422)
        }
        let name = AttachmentUpload.sanitized(file.filename)
        guard let kind = AttachmentKind.detect(file.bytes, filename: name) else {
            return try ReportPage.render(context, id: id, message: context.t("attachment_type"), status: 422)
        }
        let now = context.now
        let added = try context.write { db -> Bool in
            _ = try ReportAccess.loadOpen(user, db, id: id)
            return try ReportStore.addFile(
                db, report: id, name: name, contentType: kind.contentType(for: name), bytes: file.bytes, by: user.id, limit: maxFiles, now: now)
        }
        guard added else { return try ReportPage.render(context, id: id, message: context.t("attachment_too_many"), status: 422) }
        throw Redirect("/reports/\(id)?notice=attachment_added")
    }

    static func download(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let fileId = try context.id("file")
        let user = try context.requireUser()
        let file = try context.read { db -> ReportStore.StoredFile in
            _ = try ReportAccess.load(user, db, id: id)
            guard let file = try ReportStore.file(db, id: fileId, report: id) else { throw HTTPError.notFound }
            return file
        }
        return Download.served(file.bytes, filename: file.filename, contentType: file.contentType, context)
    }

    static func delete(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let fileId = try context.id("file")
        let now = context.now
        let user = try context.requireUser()
        try context.write { db in
            _ = try ReportAccess.loadOpen(user, db, id: id)
            guard try ReportStore.deleteFile(db, id: fileId, report: id, by: user.id, now: now) else { throw HTTPError.notFound }
        }
        throw Redirect("/reports/\(id)?notice=attachment_removed")
    }
}
