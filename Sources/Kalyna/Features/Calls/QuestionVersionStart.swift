import HTTPServer

/// `POST /calls/:id/questions/version`: frozen questions copied into a new
/// version to change; submitted applications keep the version they answered,
/// drafts answer the new one.
enum QuestionVersionStart {
    static func handle(_ context: RequestContext) throws -> Response {
        let call = try context.id()
        let (actor, now) = (context.user?.id, context.now)
        try context.write { db in
            guard try CallStore.find(db, id: call) != nil else { throw RecordRefusal.missing }
            try QuestionStore.newVersion(db, call: call, by: actor, now: now)
        }
        throw Redirect("/calls/\(call)/questions?notice=questions_versioned")
    }
}
