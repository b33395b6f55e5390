import HTTPServer

/// `POST /applications/:id/approve` and `/reject`: a programme officer decides.
/// Approval awards an amount no larger than the request nor than what the call
/// has left, checked inside the write transaction, so that approvals sent at the
/// same moment cannot overspend the call; it creates the grant.
enum ApplicationDecide {
    static func approve(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let now = context.now
        let actor = context.user?.id
        let amountText = context.request.form["amount"] ?? ""
        let prefix = context.app.config.grantIdPrefix
        let problem = try context.write { db -> String? in
            let loaded = try ApplicationAccess.loadAwaitingDecision(try context.requireUser(), db, id: id)
            var application = loaded.application
            guard let amount = Money.parse(amountText, currency: loaded.call.money) else { return "validation_amount" }
            let remaining = loaded.call.totalBudget - (try CallStore.awarded(db, call: loaded.call.id ?? 0))
            if let problem = AwardRule.problem(amount: amount.minorUnits, requested: application.amountRequested, remaining: remaining) {
                return problem
            }
            application.status = .approved
            application.amountAwarded = amount.minorUnits
            application.decidedAt = now
            application.updatedAt = now
            try application.update(db)
            let grant = try GrantStore.create(db, application: application, call: loaded.call, amount: amount.minorUnits, prefix: prefix, now: now)
            try Audit.record(db, actor: actor, "application.approved", "application", id, detail: "amount=\(amount.plainDecimal) \(amount.currency.code)", at: now)
            try Audit.record(db, actor: actor, "grant.created", "grant", grant.id, detail: grant.publicId, at: now)
            return nil
        }
        if let problem {
            var errors = FormErrors()
            errors.add("amount", problem)
            return try ApplicationShow.render(context, id: id, decision: FormView(context, values: ["amount": amountText], errors: errors), status: 422)
        }
        throw Redirect("/applications/\(id)?notice=approved")
    }

    static func reject(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        var errors = FormErrors()
        let reason = Validate.text(context.request.form["reason"], field: "reason", max: 4000, into: &errors)
        guard errors.isEmpty else {
            return try ApplicationShow.render(context, id: id, decision: FormView(context, values: ["reason": reason], errors: errors), status: 422)
        }
        let now = context.now
        let actor = context.user?.id
        try context.write { db in
            let loaded = try ApplicationAccess.loadAwaitingDecision(try context.requireUser(), db, id: id)
            var application = loaded.application
            application.status = .rejected
            application.decisionReason = reason
            application.decidedAt = now
            application.updatedAt = now
            try application.update(db)
            try Audit.record(db, actor: actor, "application.rejected", "application", id, at: now)
        }
        throw Redirect("/applications/\(id)?notice=rejected")
    }
}
