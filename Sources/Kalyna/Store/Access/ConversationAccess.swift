import GRDB

/// Who reads and writes a conversation: whoever may read its record and takes
/// part in conversations (`ConversationRules.side`). An application's
/// conversation opens once it is submitted: staff do not read drafts.
enum ConversationAccess {
    struct Loaded {
        let topic: ConversationTopic
        let id: Int64
        let initiative: Initiative
        let side: ConversationSide
        /// What the record is called on the page: an application's title, a grant's number.
        let title: String
        /// A report's due date, which tells it from the grant's other reports.
        let due: String?
    }

    static func load(_ user: User, _ db: Database, _ topic: ConversationTopic, id: Int64) throws -> Loaded {
        let initiative: Initiative
        var title = "", due: String?
        switch topic {
        case .application:
            let loaded = try ApplicationAccess.load(user, db, id: id)
            guard loaded.application.status != .draft else { throw RecordRefusal.wrongState }
            (initiative, title) = (loaded.initiative, loaded.application.title)
        case .grant:
            let loaded = try GrantAccess.load(user, db, id: id)
            (initiative, title) = (loaded.initiative, loaded.grant.publicId)
        case .report:
            let (report, loaded) = try ReportAccess.load(user, db, id: id)
            (initiative, title, due) = (loaded.initiative, loaded.grant.publicId, report.dueDate)
        }
        guard let side = ConversationRules.side(of: user.role, initiative: user.initiativeId, recordInitiative: initiative.id ?? 0) else {
            throw RecordRefusal.forbidden
        }
        return Loaded(topic: topic, id: id, initiative: initiative, side: side, title: title, due: due)
    }

    /// A message's file, for one who may read the message's conversation.
    static func loadMessage(_ user: User, _ db: Database, id: Int64) throws -> (ConversationMessage, Loaded) {
        guard let message = try ConversationStore.find(db, id: id) else { throw RecordRefusal.missing }
        return (message, try load(user, db, message.topic, id: message.topicId))
    }
}
