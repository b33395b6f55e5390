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
        let problem = try context.write { db -> String? in
            guard var user = try UserStore.find(db, id: id) else { throw HTTPError.notFound }
            if !active && user.id == admin.id { return "user_not_self" }
            if !active, try UserStore.isLastAdministrator(db, user) { return "user_last_admin" }
            guard user.active != active else { return nil }
            user.active = active
            try user.update(db)
            if !active { try SessionStore.endAll(db, user: id) }
            try Audit.record(db, actor: admin.id, active ? "user.reactivated" : "user.deactivated", "user", id, at: now)
            return nil
        }
        if let problem { return try UserShow.render(context, id: id, error: context.t(problem), status: 422) }
        throw Redirect("/admin/users/\(id)?notice=\(active ? "reactivated" : "deactivated")")
    }
}
