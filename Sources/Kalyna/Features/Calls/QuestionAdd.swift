import HTTPServer

/// `POST /calls/:id/questions`: a question added at the end of the call's.
enum QuestionAdd {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let form = context.request.form
        var values: [String: String] = [:]
        for pair in form.pairs where pair.name != "_csrf" { values[pair.name] = pair.value }
        func lines(_ name: String) -> [String] {
            (form[name] ?? "").split(whereSeparator: \.isNewline).map { String($0).trimmed }.filter { !$0.isEmpty }
        }
        var errors = FormErrors()
        guard let kind = QuestionKind(rawValue: form["kind"] ?? "") else {
            errors.add("kind", "validation_choose")
            return try QuestionList.render(context, call: id, form: TypedForm(values: values, errors: errors), status: 422)
        }
        var question = CallQuestion(callId: id, position: 0, kind: kind, label: Validate.text(form["label"], field: "label", required: false, into: &errors), required: form["required"] == "yes")
        question.labelRu = Validate.text(form["label_ru"], field: "label_ru", required: false, into: &errors)
        question.labelUk = Validate.text(form["label_uk"], field: "label_uk", required: false, into: &errors)
        question.help = Validate.text(form["help"], field: "help", required: false, max: 1000, into: &errors)
        question.helpRu = Validate.text(form["help_ru"], field: "help_ru", required: false, max: 1000, into: &errors)
        question.helpUk = Validate.text(form["help_uk"], field: "help_uk", required: false, max: 1000, into: &errors)
        if kind.hasOptions {
            (question.options, question.optionsRu, question.optionsUk) = (lines("options"), lines("options_ru"), lines("options_uk"))
        }
        for name in ["minimum", "maximum"] where kind.hasLimits {
            let text = (form[name] ?? "").trimmed
            guard !text.isEmpty else { continue }
            guard let number = Int(text) else { errors.add(name, "question_number"); continue }
            if name == "minimum" { question.minimum = number } else { question.maximum = number }
        }
        for (field, key) in QuestionRules.definitionErrors(question).fields { errors.add(field, key) }
        guard errors.isEmpty else {
            return try QuestionList.render(context, call: id, form: TypedForm(values: values, errors: errors), status: 422)
        }
        let now = context.now
        let actor = context.user?.id
        do {
            try context.write { db in
                guard try CallStore.find(db, id: id) != nil else { throw RecordRefusal.missing }
                try QuestionStore.add(db, question, by: actor, now: now)
            }
        } catch is QuestionStore.Frozen {
            return try QuestionList.render(context, call: id, form: TypedForm(values: values), message: context.t("questions_frozen"), status: 409)
        }
        throw Redirect("/calls/\(id)/questions?notice=question_added")
    }
}
