import HTTPServer
import Templating

/// `GET /admin/users/:id`: one account and what an administrator can do to it.
enum UserShow {
    static func handle(_ context: RequestContext) throws -> Response {
        try render(context, id: try context.id())
    }

    static func render(_ context: RequestContext, id: Int64, resetLink: String? = nil, error: String? = nil, status: Int = 200) throws -> Response {
        let page = try context.read { db -> UserPage in
            guard let user = try UserStore.find(db, id: id) else { throw HTTPError.notFound }
            return UserPage(
                person: user, initiative: try user.initiativeId.flatMap { try InitiativeStore.find(db, id: $0) }, viewer: context.user,
                resetLink: resetLink, error: error)
        }
        return try context.page(page, title: page.person.name, status: status)
    }
}

/// An account as an administrator sees it.
struct UserPage: PageModel {
    static let template = "admin/user"
    let person: User
    /// Her initiative, for a member.
    let initiative: Initiative?
    /// The administrator looking (she cannot deactivate herself).
    let viewer: User?
    /// A one-time password-reset link to copy when no e-mail is sent.
    let resetLink: String?
    /// Why the last change was refused.
    let error: String?

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let choices: [Role] = person.role.isInitiativeMember ? [.coordinator, .documenter] : Role.staffRoles
        return [
            "person": UserView.row(person, context),
            "initiative": initiative.map { InitiativeView.summary($0, context) } ?? .null,
            "roles": .list(choices.map {
                ["value": .string($0.rawValue), "label": .string(context.t("role_\($0.rawValue)")), "selected": .bool($0 == person.role)]
            }),
            "self": .bool(person.id != nil && person.id == viewer?.id),
            "resetLink": TemplateValue(resetLink),
            "error": TemplateValue(error),
            "base": .string("/admin/users/\(person.id ?? 0)"),
        ]
    }
}
