import Templating

/// The way from a record's page to its conversation, with how many messages
/// it holds; nothing for those who take no part (`ConversationRules.side`).
enum ConversationLink {
    static func value(_ context: RequestContext, _ topic: ConversationTopic, _ id: Int64, recordInitiative: Int64, count: Int) -> TemplateValue {
        guard let user = context.user, let side = ConversationRules.side(of: user.role, initiative: user.initiativeId, recordInitiative: recordInitiative)
        else { return .null }
        return [
            "href": .string(topic.path(id)),
            "label": .string(context.t("conversation_link_\(side.rawValue)")),
            "count": .string(context.t("conversation_count", count: count)),
        ]
    }
}
