import Foundation
import GRDB
import HTTPServer

/// Documents on a report. `POST /reports/:id/files` (the coordinator, while the
/// report is open; the same kinds and checks as application attachments),
/// `GET /reports/:id/files/:file` (whoever may read the report, always as a
/// download), `POST /reports/:id/files/:file/delete` (the coordinator, while open).
enum ReportFiles {
    static let maxFiles = 20

    static func list(_ db: Database, report: Int64) throws -> [Row] {
        try Row.fetchAll(db, sql: "SELECT id, filename, size FROM report_file WHERE requirement_id = ? ORDER BY id", arguments: [report])
    }

    /// The report, if the coordinator may change it now.
    private static func openReport(_ context: RequestContext, _ db: Database, id: Int64) throws -> ReportRequirement {
        let (report, loaded) = try ReportPage.load(context, db, id: id)
        guard loaded.isHolder else { throw HTTPError.forbidden }
        guard report.status.isOpen, loaded.grant.status == .active else { throw HTTPError(409) }
        return report
    }

    static func upload(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        _ = try context.app.database.pool.read { try openReport(context, $0, id: id) }
        guard let file = context.request.files.first(where: { $0.field == "file" }) else {
            return try ReportPage.render(context, id: id, message: context.t("attachment_missing"), status: 422)
        }
        let name = AttachmentUpload.sanitized(file.filename)
        guard let kind = AttachmentKind.detect(file.bytes, filename: name) else {
            return try ReportPage.render(context, id: id, message: context.t("attachment_type"), status: 422)
        }
        let now = context.now
        let added = try context.app.database.pool.write { db -> Bool in
            _ = try openReport(context, db, id: id)
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM report_file WHERE requirement_id = ?", arguments: [id]) ?? 0 < maxFiles else { return false }
            try db.execute(
                sql: "INSERT INTO report_file (requirement_id, filename, content_type, size, bytes, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [id, name, kind.contentType(for: name), file.bytes.count, Data(file.bytes), context.user?.id, now])
            try Audit.record(db, actor: context.user?.id, "report.file_added", "report", id, detail: "file #\(db.lastInsertedRowID)", at: now)
            return true
        }
        guard added else { return try ReportPage.render(context, id: id, message: context.t("attachment_too_many"), status: 422) }
        throw Redirect("/reports/\(id)?notice=attachment_added")
    }

    static func download(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let fileId = try context.id("file")
        let row = try context.app.database.pool.read { db -> Row in
            _ = try ReportPage.load(context, db, id: id)
            guard let row = try Row.fetchOne(db, sql: "SELECT filename, content_type, bytes FROM report_file WHERE id = ? AND requirement_id = ?", arguments: [fileId, id]) else {
                throw HTTPError.notFound
            }
            return row
        }
        let filename: String = row["filename"] ?? "file"
        let bytes: Data = row["bytes"] ?? Data()
        return Download.file([UInt8](bytes), filename: filename, contentType: row["content_type"] ?? "application/octet-stream")
    }

    static func delete(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let fileId = try context.id("file")
        let now = context.now
        try context.app.database.pool.write { db in
            _ = try openReport(context, db, id: id)
            try db.execute(sql: "DELETE FROM report_file WHERE id = ? AND requirement_id = ?", arguments: [fileId, id])
            guard db.changesCount == 1 else { throw HTTPError.notFound }
            try Audit.record(db, actor: context.user?.id, "report.file_removed", "report", id, detail: "file #\(fileId)", at: now)
        }
        throw Redirect("/reports/\(id)?notice=attachment_removed")
    }
}
