import HTTPServer
import Templating

/// `GET /admin/users?role=reviewer&page=2`: every account, by name, paged.
enum UserList {
    static func handle(_ context: RequestContext) throws -> Response {
        let role = Role(rawValue: context.request.query["role"] ?? "")
        var pager = Pager(page: context.pageNumber)
        let (users, total) = try context.read {
            try UserStore.page($0, role: role, offset: pager.offset, limit: pager.perPage)
        }
        pager = pager.counting(total)
        let roles: [TemplateValue] = [["value": "", "label": .string(context.t("filter_all")), "selected": .bool(role == nil)]]
            + Role.allCases.map { ["value": .string($0.rawValue), "label": .string(context.t("role_\($0.rawValue)")), "selected": .bool(role == $0)] }
        return try context.page(
            "admin/users", title: context.t("users_title"),
            [
                "users": .list(users.map { UserView.row($0, context) }),
                "roles": .list(roles),
                "pager": pager.value(path: "/admin/users", filters: [("role", role?.rawValue ?? "")], context: context),
            ])
    }
}

enum UserView {
    static func row(_ user: User, _ context: RequestContext) -> TemplateValue {
        [
            "href": .string("/admin/users/\(user.id ?? 0)"),
            "name": .string(user.name),
            "email": .string(user.email),
            "role": .string(context.t("role_\(user.role.rawValue)")),
            "active": .bool(user.active),
            "status": .string(context.t(user.active ? "user_active" : "user_deactivated")),
            "created": .string(context.format.date(CalendarDate(user.createdAt))),
        ]
    }
}
