import Foundation
import GRDB

/// One line of the audit trail: who did what to which record, when. Never holds
/// a password, token, session id or case narrative; the table refuses updates
/// and deletes (see the migration's triggers).
public struct AuditEvent: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var at: Date
    public var actorId: Int64?
    public var action: String
    public var recordType: String
    public var recordId: Int64?
    public var detail: String

    public static let databaseTableName = "audit_event"

    // The notices that follow an event are keyed by its id.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
}

enum Audit {
    /// Writes an event inside the caller's transaction, so that it commits or
    /// rolls back with the change it describes.
    static func record(_ db: Database, actor: Int64?, _ action: String, _ recordType: String, _ recordId: Int64?, detail: String = "", at: Date) throws {
        var event = AuditEvent(id: nil, at: at, actorId: actor, action: action, recordType: recordType, recordId: recordId, detail: detail)
        try event.insert(db)
        try NoticeRules.follow(db, event)
    }

    struct Filter {
        var action: String?
        var recordType: String?
        var actor: Int64?
    }

    /// One page of events matching `filter`, newest first, with actor names.
    /// An event as the audit log lists it, with who did it.
    struct Line: Sendable {
        let event: AuditEvent
        let actorName: String?
        let actorEmail: String?
    }

    static func page(_ db: Database, filter: Filter, offset: Int, limit: Int) throws -> (rows: [Line], total: Int) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let action = filter.action { conditions.append("e.action = ?"); arguments += [action] }
        if let type = filter.recordType { conditions.append("e.record_type = ?"); arguments += [type] }
        if let actor = filter.actor { conditions.append("e.actor_id = ?"); arguments += [actor] }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event e \(whereClause)", arguments: arguments) ?? 0
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT e.id, e.at, e.actor_id, e.action, e.record_type, e.record_id, e.detail, u.name, u.email FROM audit_event e
                LEFT JOIN user u ON u.id = e.actor_id \(whereClause)
                ORDER BY e.id DESC LIMIT ? OFFSET ?
                """,
            arguments: arguments + [limit, offset]
        ).map { row in
            Line(
                event: AuditEvent(
                    id: try row.optional(0), at: try row.value(1, "at"), actorId: try row.optional(2), action: try row.value(3, "action"),
                    recordType: try row.value(4, "record_type"), recordId: try row.optional(5), detail: try row.value(6, "detail")),
                actorName: try row.optional(7), actorEmail: try row.optional(8))
        }
        return (rows, total)
    }

    static func actions(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT DISTINCT action FROM audit_event ORDER BY action")
    }
}
