import HTTPServer

/// `POST /calls/:id/open` and `/close`: a draft opens for applications; an open
/// call closes (drafts stay, nothing more can be submitted).
enum CallStatusChange {
    static func open(_ context: RequestContext) throws -> Response {
        try change(context, from: .draft, to: .open)
    }

    static func close(_ context: RequestContext) throws -> Response {
        try change(context, from: .open, to: .closed)
    }

    static func change(_ context: RequestContext, from: CallStatus, to: CallStatus) throws -> Response {
        let id = try context.id()
        let now = context.now
        let today = context.today
        let actor = context.user?.id
        do {
            try context.write { db in try CallStore.changeStatus(db, id: id, from: from, to: to, today: today, actor: actor, now: now) }
        } catch let refused as CallStore.StatusRefused {
            return try CallShow.render(context, id: id, error: context.t(refused.key), status: 409)
        }
        throw Redirect("/calls/\(id)?notice=\(to == .open ? "call_opened" : "call_closed")")
    }
}
