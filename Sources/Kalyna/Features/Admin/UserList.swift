import HTTPServer
import Templating

/// `GET /admin/users?role=reviewer&page=2`: every account, by name, paged.
enum UserList {
    static func handle(_ context: RequestContext) throws -> Response {
        let role = Role(rawValue: context.request.query["role"] ?? "")
        let pager = Pager(page: context.pageNumber)
        let (users, total) = try context.read {
            try UserStore.page($0, role: role, offset: pager.offset, limit: pager.perPage)
        }
        return try context.page(UserListPage(role: role, users: users, pager: pager.counting(total)), title: context.t("users_title"))
    }
}

struct UserListPage: PageModel {
    static let template = "admin/users"
    /// The role chosen in the filter; nil: all.
    let role: Role?
    let users: [User]
    let pager: Pager

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        [
            "users": .list(users.map { UserView.row($0, context) }),
            "roles": FilterOptions(context).list(Role.allCases.map { ($0.rawValue, context.t("role_\($0.rawValue)")) }, selected: role?.rawValue),
            "pager": pager.value(path: "/admin/users", filters: [("role", role?.rawValue ?? "")], context: context),
        ]
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
