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
        let problem = try context.write { db in try UserStore.changeRole(db, id: id, to: role, by: admin, now: now) }
        if let problem { return try UserShow.render(context, id: id, error: context.t(problem.rawValue), status: 422) }
        throw Redirect("/admin/users/\(id)?notice=role_changed")
    }
}
