import HTTPServer

/// `POST /calls/:id/applications`: a verified initiative's coordinator starts a
/// draft application to an open call.
enum ApplicationStart {
    static func handle(_ context: RequestContext) throws -> Response {
        let callId = try context.id()
        let user = try context.requireUser()
        guard let initiativeId = user.initiativeId else { throw HTTPError.forbidden }
        let now = context.now
        let today = context.today
        let id = try context.write { db -> Int64 in
            guard let call = try CallStore.find(db, id: callId), call.status != .draft else { throw HTTPError.notFound }
            guard let initiative = try InitiativeStore.find(db, id: initiativeId), initiative.status == .verified else {
                throw HTTPError.forbidden
            }
            guard call.acceptsSubmissions(on: today) else { throw HTTPError(409) }
            var application = Application(
                id: nil, callId: callId, initiativeId: initiativeId, title: "", summary: "", objectives: "", activities: "",
                targetGroup: "", plannedStart: "", plannedEnd: "", amountRequested: 0, status: .draft, decisionReason: nil,
                amountAwarded: nil, createdAt: now, updatedAt: now, submittedAt: nil, decidedAt: nil)
            try application.insert(db)
            try Audit.record(db, actor: user.id, "application.started", "application", application.id, at: now)
            return application.id ?? 0
        }
        throw Redirect("/applications/\(id)/edit")
    }
}
