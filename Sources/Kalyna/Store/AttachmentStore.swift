import Foundation
import GRDB

/// A file on an application. The bytes live in `attachment_content`, inside
/// the database, so that a backup holds them too.
public struct Attachment: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var applicationId: Int64
    public var filename: String
    public var contentType: String
    public var size: Int
    public var uploadedBy: Int64?
    public var uploadedAt: Date

    public static let databaseTableName = "attachment"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

enum AttachmentStore {
    static func list(_ db: Database, application: Int64) throws -> [Attachment] {
        try Attachment.filter(Column("application_id") == application).order(Column("id")).fetchAll(db)
    }

    static func add(_ db: Database, _ attachment: inout Attachment, bytes: [UInt8]) throws {
        try attachment.insert(db)
        try db.execute(sql: "INSERT INTO attachment_content (attachment_id, bytes) VALUES (?, ?)", arguments: [attachment.id, Data(bytes)])
    }

    static func bytes(_ db: Database, attachment: Int64) throws -> [UInt8]? {
        try Data.fetchOne(db, sql: "SELECT bytes FROM attachment_content WHERE attachment_id = ?", arguments: [attachment]).map { [UInt8]($0) }
    }
}

extension AttachmentStore {
    /// A file of an application the user may read, with its bytes.
    static func file(_ db: Database, application id: Int64, file fileId: Int64, for user: User) throws -> (Attachment, [UInt8]) {
        _ = try ApplicationAccess.load(user, db, id: id)
        guard let attachment = try Attachment.fetchOne(db, key: fileId), attachment.applicationId == id,
            let bytes = try bytes(db, attachment: fileId)
        else { throw RecordRefusal.missing }
        return (attachment, bytes)
    }

    /// The applicant removes a file from her draft.
    static func remove(_ db: Database, application id: Int64, file fileId: Int64, by user: User, now: Date) throws {
        _ = try ApplicationAccess.loadDraft(user, db, id: id)
        guard let attachment = try Attachment.fetchOne(db, key: fileId), attachment.applicationId == id else { throw RecordRefusal.missing }
        _ = try attachment.delete(db)
        try Audit.record(db, actor: user.id, "attachment.removed", "application", id, detail: "attachment #\(fileId)", at: now)
    }
}
