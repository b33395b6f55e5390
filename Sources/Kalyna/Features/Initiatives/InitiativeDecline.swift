import HTTPServer

/// `POST /initiatives/:id/decline`: staff decline a registration, with a reason
/// that the coordinator reads on her dashboard.
enum InitiativeDecline {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let user = try context.requireUser()
        var errors = FormErrors()
        let reason = Validate.text(context.request.form["reason"], field: "reason", max: 2000, into: &errors)
        guard errors.isEmpty else {
            let form = FormView(context, values: ["reason": reason], errors: errors)
            return try InitiativeShow.render(context, id: id, declineForm: form, status: 422)
        }
        let now = context.now
        try context.app.database.pool.write { db in
            var initiative = try InitiativeAccess.load(context, db, id: id)
            guard initiative.status == .pending else { throw HTTPError(409) }
            initiative.status = .declined
            initiative.declineReason = reason
            initiative.decidedAt = now
            try initiative.update(db)
            try Audit.record(db, actor: user.id, "initiative.declined", "initiative", id, at: now)
        }
        throw Redirect("/initiatives/\(id)?notice=declined")
    }
}
