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
        let actor = context.user?.id
        try context.write { db in
            guard var call = try CallStore.find(db, id: id) else { throw HTTPError.notFound }
            guard call.status == from else { throw HTTPError(409) }
            call.status = to
            try call.update(db)
            try Audit.record(db, actor: actor, to == .open ? "call.opened" : "call.closed", "call", id, at: now)
        }
        throw Redirect("/calls/\(id)?notice=\(to == .open ? "call_opened" : "call_closed")")
    }
}
