import Foundation
import HTTPServer

/// `POST /applications/:id/attachments` (multipart): a file on the applicant's
/// draft. PDF, images and office documents only, recognised by content; at
/// most 20 files; the size is limited by the request body limit.
enum AttachmentUpload {
    static let maxFiles = 20

    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let loaded = try context.read { try ApplicationAccess.loadDraft(try context.requireUser(), $0, id: id) }
        let files = context.request.files.filter { $0.field == "file" }
        guard let file = files.first else {
            return try problem(context, loaded, "attachment_missing")
        }
        let name = sanitized(file.filename)
        guard let kind = AttachmentKind.detect(file.bytes, filename: name) else {
            return try problem(context, loaded, "attachment_type")
        }
        let now = context.now
        let actor = context.user?.id
        let added = try context.write { db -> Bool in
            guard try AttachmentStore.list(db, application: id).count < maxFiles else { return false }
            var attachment = Attachment(
                id: nil, applicationId: id, filename: name, contentType: kind.contentType(for: name), size: file.bytes.count,
                uploadedBy: actor, uploadedAt: now)
            try AttachmentStore.add(db, &attachment, bytes: file.bytes)
            try Audit.record(db, actor: actor, "attachment.added", "application", id, detail: "attachment #\(attachment.id ?? 0)", at: now)
            return true
        }
        guard added else { return try problem(context, loaded, "attachment_too_many") }
        throw Redirect("/applications/\(id)/edit?notice=attachment_added")
    }

    /// A file over the size limit: the draft form again with the limit stated (413).
    static func tooLarge(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let loaded = try context.read { try ApplicationAccess.loadDraft(try context.requireUser(), $0, id: id) }
        return try problem(context, loaded, "attachment_too_large", status: 413)
    }

    /// The draft form again, as stored, with the message about the file.
    static func problem(_ context: RequestContext, _ loaded: ApplicationAccess.Loaded, _ key: String, status: Int = 422) throws -> Response {
        let lines = try context.read { try ApplicationStore.lines($0, application: loaded.application.id ?? 0) }
        var input = ApplicationStore.input(loaded.application, lines: lines)
        if input.lines.isEmpty { input.lines = [BudgetLineInput(category: "", description: "", amount: "")] }
        return try ApplicationEdit.render(context, loaded, input: input, errors: FormErrors(), message: context.t(key, ["size": UploadLimit.text(context)]), status: status)
    }

    /// The file's own name, without any folder, quotes, control characters or
    /// invisible formatting (a right-to-left override turns "invoice‮fdp.exe"
    /// into what reads as "invoiceexe.pdf").
    static func sanitized(_ filename: String) -> String {
        let base = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let scalars = base.unicodeScalars.filter { scalar in
            let category = scalar.properties.generalCategory
            return scalar != "\"" && category != .control && category != .format && category != .lineSeparator && category != .paragraphSeparator
        }
        let cleaned = String(String.UnicodeScalarView(scalars)).trimmed
        return cleaned.isEmpty ? "file" : String(cleaned.suffix(120))
    }
}

/// The largest file a form takes, as the page says it ("10 MB"): the request
/// body limit, less room for the form's other fields.
enum UploadLimit {
    static func megabytes(_ context: RequestContext) -> Int {
        max(1, context.app.config.bodyLimitBytes / (1024 * 1024))
    }

    static func text(_ context: RequestContext) -> String {
        context.t("file_size_mb", ["size": context.format.number(megabytes(context))])
    }
}

/// A document chosen in a form that also carries text (the application, the
/// report): what was chosen, if it can be taken, or why not (a catalog key).
struct ChosenDocument {
    let name: String
    let kind: AttachmentKind
    let bytes: [UInt8]

    static func read(_ context: RequestContext) -> (document: ChosenDocument?, problem: String?) {
        guard let file = context.request.files.first(where: { $0.field == "file" && !($0.bytes.isEmpty && $0.filename.isEmpty) }) else {
            return (nil, context.request.form["action"] == "upload" ? "attachment_missing" : nil)
        }
        let name = AttachmentUpload.sanitized(file.filename)
        guard let kind = AttachmentKind.detect(file.bytes, filename: name) else { return (nil, "attachment_type") }
        return (ChosenDocument(name: name, kind: kind, bytes: file.bytes), nil)
    }

    var contentType: String { kind.contentType(for: name) }
}
