import Foundation
import GRDB

/// A message in a conversation, as stored: its text sealed (see migration 0020).
public struct ConversationMessage: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var topic: ConversationTopic
    public var topicId: Int64
    public var initiativeId: Int64
    public var authorId: Int64?
    public var side: ConversationSide
    public var body: Data
    public var createdAt: Date

    public static let databaseTableName = "message"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A file sent with a message, as the conversation lists it (no bytes).
struct MessageFileInfo: Sendable {
    let filename: String
    let size: Int
}

/// A message as the conversation shows it: who wrote it and what came with it.
struct ConversationEntry: Sendable {
    let id: Int64
    let side: ConversationSide
    let authorName: String
    let sealedBody: [UInt8]
    let createdAt: Date
    let file: MessageFileInfo?
}

/// A file to send with a message, already checked.
struct MessageFileUpload: Sendable {
    let filename: String
    let contentType: String
    let bytes: [UInt8]
}

enum ConversationStore {
    /// One page of a conversation, newest first, and how many messages it has.
    static func entries(_ db: Database, _ topic: ConversationTopic, _ id: Int64, offset: Int, limit: Int) throws -> (entries: [ConversationEntry], total: Int) {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT m.id, m.side, COALESCE(u.name, ''), m.body, m.created_at, f.filename, f.size
                FROM message m LEFT JOIN user u ON u.id = m.author_id LEFT JOIN message_file f ON f.message_id = m.id
                WHERE m.topic = ? AND m.topic_id = ? ORDER BY m.id DESC LIMIT ? OFFSET ?
                """,
            arguments: [topic.rawValue, id, limit, offset])
        let entries = rows.map { row -> ConversationEntry in
            let filename: String? = row[5]
            return ConversationEntry(
                id: row[0], side: ConversationSide(rawValue: row[1]) ?? .staff, authorName: row[2], sealedBody: [UInt8](row[3] as Data),
                createdAt: row[4], file: filename.map { MessageFileInfo(filename: $0, size: row[6]) })
        }
        return (entries, try count(db, topic, id))
    }

    static func count(_ db: Database, _ topic: ConversationTopic, _ id: Int64) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message WHERE topic = ? AND topic_id = ?", arguments: [topic.rawValue, id]) ?? 0
    }

    /// Writes a message (and its file), audited; the other side is told
    /// through the audit event (`NoticeRules`), in this same transaction.
    @discardableResult
    static func post(
        _ db: Database, _ topic: ConversationTopic, _ id: Int64, initiative: Int64, author: User, side: ConversationSide,
        sealedBody: [UInt8], file: MessageFileUpload?, now: Date
    ) throws -> Int64 {
        var message = ConversationMessage(
            id: nil, topic: topic, topicId: id, initiativeId: initiative, authorId: author.id, side: side, body: Data(sealedBody), createdAt: now)
        try message.insert(db)
        let messageId = message.id ?? 0
        if let file {
            try db.execute(
                sql: "INSERT INTO message_file (message_id, filename, content_type, size, bytes) VALUES (?, ?, ?, ?, ?)",
                arguments: [messageId, file.filename, file.contentType, file.bytes.count, Data(file.bytes)])
        }
        try Audit.record(db, actor: author.id, "message.posted", "message", messageId, detail: "\(topic.rawValue) #\(id)", at: now)
        return messageId
    }

    static func find(_ db: Database, id: Int64) throws -> ConversationMessage? {
        try ConversationMessage.fetchOne(db, key: id)
    }

    /// A message's file with its bytes.
    static func file(_ db: Database, message: Int64) throws -> (filename: String, contentType: String, bytes: [UInt8])? {
        guard let row = try Row.fetchOne(db, sql: "SELECT filename, content_type, bytes FROM message_file WHERE message_id = ?", arguments: [message])
        else { return nil }
        return (row[0], row[1], [UInt8](row[2] as Data))
    }
}
