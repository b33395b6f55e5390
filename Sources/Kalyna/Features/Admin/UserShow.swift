import HTTPServer
import Templating

/// `GET /admin/users/:id`: one account and what an administrator can do to it.
enum UserShow {
    static func handle(_ context: RequestContext) throws -> Response {
        try render(context, id: try context.id())
    }

    static func render(_ context: RequestContext, id: Int64, resetLink: String? = nil, error: String? = nil, status: Int = 200) throws -> Response {
        let (user, initiative) = try context.read { db -> (User, Initiative?) in
            guard let user = try UserStore.find(db, id: id) else { throw HTTPError.notFound }
            return (user, try user.initiativeId.flatMap { try InitiativeStore.find(db, id: $0) })
        }
        let choices: [Role] = user.role.isInitiativeMember ? [.coordinator, .documenter] : Role.staffRoles
        return try context.page(
            "admin/user", title: user.name,
            [
                "person": UserView.row(user, context),
                "initiative": initiative.map { InitiativeView.summary($0, context) } ?? .null,
                "roles": .list(choices.map {
                    ["value": .string($0.rawValue), "label": .string(context.t("role_\($0.rawValue)")), "selected": .bool($0 == user.role)]
                }),
                "self": .bool(user.id == context.user?.id),
                "resetLink": TemplateValue(resetLink),
                "error": TemplateValue(error),
                "base": .string("/admin/users/\(id)"),
            ], status: status)
    }
}
