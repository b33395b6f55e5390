import HTTPServer

/// `POST /applications/:id/approve` and `/reject`: a programme officer decides.
/// Approval awards an amount no larger than the request nor than what the call
/// has left, checked inside the write transaction, so that approvals sent at the
/// same moment cannot overspend the call; it creates the grant.
enum ApplicationDecide {
    static func approve(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let now = context.now
        let user = try context.requireUser()
        let amountText = context.request.form["amount"] ?? ""
        let prefix = context.app.config.grantIdPrefix
        let problem = try context.write { db in
            try ApplicationStore.approve(db, id: id, amount: amountText, by: user, grantPrefix: prefix, now: now)
        }
        if let problem {
            var errors = FormErrors()
            errors.add("amount", problem)
            return try ApplicationShow.render(context, id: id, decision: (["amount": amountText], errors), status: 422)
        }
        throw Redirect("/applications/\(id)?notice=approved")
    }

    static func reject(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        var errors = FormErrors()
        let reason = Validate.text(context.request.form["reason"], field: "reason", max: 4000, into: &errors)
        guard errors.isEmpty else {
            return try ApplicationShow.render(context, id: id, decision: (["reason": reason], errors), status: 422)
        }
        let now = context.now
        let user = try context.requireUser()
        try context.write { db in try ApplicationStore.reject(db, id: id, reason: reason, by: user, now: now) }
        throw Redirect("/applications/\(id)?notice=rejected")
    }
}
