import HTTPServer

/// `POST /calls/:id/questions/:question/up`, `/down` and `/delete`: a question
/// moved one place or removed, while the questions are not frozen.
enum QuestionChange {
    enum Change { case up, down, delete }

    static func up(_ context: RequestContext) throws -> Response { try handle(context, .up) }
    static func down(_ context: RequestContext) throws -> Response { try handle(context, .down) }
    static func delete(_ context: RequestContext) throws -> Response { try handle(context, .delete) }

    private static func handle(_ context: RequestContext, _ change: Change) throws -> Response {
        let call = try context.id()
        let question = try context.id("question")
        let (actor, now) = (context.user?.id, context.now)
        do {
            try context.write { db in
                switch change {
                case .up, .down: try QuestionStore.move(db, call: call, question: question, up: change == .up, by: actor, now: now)
                case .delete: try QuestionStore.remove(db, call: call, question: question, by: actor, now: now)
                }
            }
        } catch is QuestionStore.Frozen {
            return try QuestionList.render(context, call: call, message: context.t("questions_frozen"), status: 409)
        }
        throw Redirect("/calls/\(call)/questions")
    }
}
