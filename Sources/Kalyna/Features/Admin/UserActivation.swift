import HTTPServer

/// `POST /admin/users/:id/deactivate` and `/reactivate`. Deactivating ends every
/// session of the account at once; nothing about the person is deleted.
enum UserActivation {
    static func deactivate(_ context: RequestContext) throws -> Response {
        try set(context, active: false)
    }

    static func reactivate(_ context: RequestContext) throws -> Response {
        try set(context, active: true)
    }

    static func set(_ context: RequestContext, active: Bool) throws -> Response {
        let id = try context.id()
        let admin = try context.requireUser()
        let now = context.now
        let problem = try context.write { db in try UserStore.setActive(db, id: id, active, by: admin, now: now) }
        if let problem { return try UserShow.render(context, id: id, error: context.t(problem.rawValue), status: 422) }
        throw Redirect("/admin/users/\(id)?notice=\(active ? "reactivated" : "deactivated")")
    }
}
