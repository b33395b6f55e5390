import HTTPServer

/// `POST /admin/users/:id/role`: staff move between staff roles; members between
/// coordinator and documenter of their initiative. The last active
/// administrator cannot be demoted.
enum UserRoleChange {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let admin = try context.requireUser()
        let now = context.now
        guard let role = Role(rawValue: context.request.form["role"] ?? "") else { throw HTTPError.badRequest }
        let problem = try context.write { db -> String? in
            guard var user = try UserStore.find(db, id: id) else { throw HTTPError.notFound }
            guard user.role.isInitiativeMember == role.isInitiativeMember else { return "user_role_group" }
            guard user.role != role else { return nil }
            if user.role == .admin, try UserStore.isLastAdministrator(db, user) { return "user_last_admin" }
            let previous = user.role
            user.role = role
            try user.update(db)
            try Audit.record(db, actor: admin.id, "user.role_changed", "user", id, detail: "\(previous.rawValue)->\(role.rawValue)", at: now)
            return nil
        }
        if let problem { return try UserShow.render(context, id: id, error: context.t(problem), status: 422) }
        throw Redirect("/admin/users/\(id)?notice=role_changed")
    }
}
