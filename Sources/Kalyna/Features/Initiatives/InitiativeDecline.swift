import HTTPServer

/// `POST /initiatives/:id/decline`: staff decline a registration, with a reason
/// that the coordinator reads on her dashboard.
enum InitiativeDecline {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        var errors = FormErrors()
        let reason = Validate.text(context.request.form["reason"], field: "reason", max: 2000, into: &errors)
        guard errors.isEmpty else {
            let form = FormView(context, values: ["reason": reason], errors: errors)
            return try InitiativeShow.render(context, id: id, declineForm: form, status: 422)
        }
        try InitiativeVerify.decide(context, id: id, .declined, reason: reason)
        throw Redirect("/initiatives/\(id)?notice=declined")
    }
}
