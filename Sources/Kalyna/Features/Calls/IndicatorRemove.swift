import HTTPServer

/// `POST /calls/:id/indicators/:indicator/delete`: an indicator removed while the call's questions are not frozen.
enum IndicatorRemove {
    static func handle(_ context: RequestContext) throws -> Response {
        let call = try context.id()
        let indicator = try context.id("indicator")
        let (actor, now) = (context.user?.id, context.now)
        do {
            try context.write { db in try IndicatorStore.remove(db, call: call, indicator: indicator, by: actor, now: now) }
        } catch is QuestionStore.Frozen {
            return try QuestionList.render(context, call: call, message: context.t("questions_frozen"), status: 409)
        }
        throw Redirect("/calls/\(call)/questions")
    }
}
