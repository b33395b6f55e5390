import HTTPServer

/// `POST /calls/:id/indicators`: an outcome indicator added to the call.
enum IndicatorAdd {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let form = context.request.form
        var values: [String: String] = [:]
        for pair in form.pairs where pair.name != "_csrf" { values[pair.name] = pair.value }
        var errors = FormErrors()
        let source = IndicatorSource(rawValue: form["source"] ?? "")
        if source == nil { errors.add("source", "validation_choose") }
        var indicator = CallIndicator(callId: id, position: 0, name: Validate.text(form["name"], field: "name", into: &errors), source: source ?? .none)
        indicator.nameRu = Validate.text(form["name_ru"], field: "name_ru", required: false, into: &errors)
        indicator.nameUk = Validate.text(form["name_uk"], field: "name_uk", required: false, into: &errors)
        indicator.unit = Validate.text(form["unit"], field: "unit", required: false, max: 50, into: &errors)
        guard errors.isEmpty else {
            return try QuestionList.render(context, call: id, indicatorForm: TypedForm(values: values, errors: errors), status: 422)
        }
        let (actor, now) = (context.user?.id, context.now)
        do {
            try context.write { db in
                guard try CallStore.find(db, id: id) != nil else { throw RecordRefusal.missing }
                try IndicatorStore.add(db, indicator, by: actor, now: now)
            }
        } catch is QuestionStore.Frozen {
            return try QuestionList.render(context, call: id, indicatorForm: TypedForm(values: values), message: context.t("questions_frozen"), status: 409)
        }
        throw Redirect("/calls/\(id)/questions?notice=indicator_added")
    }
}
