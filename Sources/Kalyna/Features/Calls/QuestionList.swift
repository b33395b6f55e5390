import HTTPServer
import Templating

/// `GET /calls/:id/questions`: the call's own questions, in order, with the
/// form to add one; moved and removed by buttons (no script). Frozen once an
/// application of the call was submitted.
enum QuestionList {
    static func handle(_ context: RequestContext) throws -> Response {
        try render(context, call: try context.id())
    }

    static func render(
        _ context: RequestContext, call id: Int64, form: TypedForm? = nil, indicatorForm: TypedForm? = nil, message: String? = nil, status: Int = 200
    ) throws -> Response {
        let page = try context.read { db in
            guard let call = try CallStore.find(db, id: id) else { throw RecordRefusal.missing }
            return QuestionsPage(
                call: call, questions: try QuestionStore.list(db, call: id), indicators: try IndicatorStore.list(db, call: id),
                frozen: try QuestionStore.isFrozen(db, call: id), version: try QuestionStore.currentVersion(db, call: id),
                indicatorsFrozen: try QuestionStore.hasSubmissions(db, call: id),
                form: form ?? TypedForm(values: ["kind": QuestionKind.shortText.rawValue]),
                indicatorForm: indicatorForm ?? TypedForm(values: ["source": IndicatorSource.none.rawValue]), message: message)
        }
        return try context.page(page, title: context.t("questions_title", ["call": page.call.title(context.lang)]), status: status)
    }
}

/// A call's own questions and indicators, with the forms that add them (as
/// typed, with their messages) until the call's first submission freezes them.
struct QuestionsPage: PageModel {
    static let template = "calls/questions"
    let call: Call
    let questions: [CallQuestion]
    let indicators: [CallIndicator]
    /// Questions can no longer change (a new version can still be made).
    let frozen: Bool
    let version: Int
    let indicatorsFrozen: Bool
    let form: TypedForm
    let indicatorForm: TypedForm
    /// Why the last change was refused, in her language.
    let message: String?

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let id = call.id ?? 0
        let form = self.form.view(context)
        let indicatorForm = self.indicatorForm.view(context)
        let lang = context.lang
        let rows: [TemplateValue] = questions.enumerated().map { index, question in
            [
                "id": .string(String(question.id ?? 0)),
                "number": .int(index + 1),
                "label": .string(question.label(lang)),
                "kind": .string(context.t("question_kind_\(question.kind.rawValue)")),
                "required": .bool(question.required),
                "options": .string(question.options(lang).joined(separator: " · ")),
                "first": .bool(index == 0),
                "last": .bool(index == questions.count - 1),
            ]
        }
        let hint = context.t("hint_translation_shown")
        return [
            "heading": .string(context.t("questions_title", ["call": call.title(lang)])),
            "callHref": .string("/calls/\(id)"),
            "action": .string("/calls/\(id)/questions"),
            "questions": .list(rows),
            "frozen": .bool(frozen),
            "indicatorsFrozen": .bool(indicatorsFrozen),
            "versionText": TemplateValue(version > 1 ? context.t("questions_version", ["version": String(version), "previous": String(version - 1)]) : nil),
            "versionAction": .string("/calls/\(id)/questions/version"),
            "message": TemplateValue(message),
            "summary": form.summary,
            "fields": .list([
                form.select("kind", label: context.t("question_kind"), options: QuestionKind.allCases.map { ($0.rawValue, context.t("question_kind_\($0.rawValue)")) }),
                form.field("label", label: context.t("question_label")),
                form.field("label_ru", label: context.t("question_label_ru"), required: false, hint: hint),
                form.field("label_uk", label: context.t("question_label_uk"), required: false, hint: hint),
                form.textarea("help", label: context.t("question_help"), maxLength: 1000),
                form.textarea("help_ru", label: context.t("question_help_ru"), hint: hint, maxLength: 1000),
                form.textarea("help_uk", label: context.t("question_help_uk"), hint: hint, maxLength: 1000),
                form.textarea("options", label: context.t("question_options"), hint: context.t("question_options_hint"), maxLength: 4000),
                form.textarea("options_ru", label: context.t("question_options_ru"), hint: hint, maxLength: 4000),
                form.textarea("options_uk", label: context.t("question_options_uk"), hint: hint, maxLength: 4000),
                form.field("minimum", label: context.t("question_minimum"), required: false, hint: context.t("question_limits_hint"), maxLength: 10),
                form.field("maximum", label: context.t("question_maximum"), required: false, maxLength: 10),
            ]),
            "requiredChecked": .bool(form.values["required"] == "yes"),
            "indicators": .list(indicators.map { indicator in
                [
                    "id": .string(String(indicator.id ?? 0)), "name": .string(indicator.name(lang)), "unit": .string(indicator.unit),
                    "source": .string(context.t("indicator_source_\(indicator.source.rawValue)")),
                ]
            }),
            "indicatorAction": .string("/calls/\(id)/indicators"),
            "indicatorSummary": indicatorForm.summary,
            "indicatorFields": .list([
                indicatorForm.field("name", label: context.t("indicator_name")),
                indicatorForm.field("name_ru", label: context.t("indicator_name_ru"), required: false, hint: hint),
                indicatorForm.field("name_uk", label: context.t("indicator_name_uk"), required: false, hint: hint),
                indicatorForm.field("unit", label: context.t("indicator_unit"), required: false, hint: context.t("indicator_unit_hint"), maxLength: 50),
                indicatorForm.select("source", label: context.t("indicator_source"), options: IndicatorSource.allCases.map { ($0.rawValue, context.t("indicator_source_\($0.rawValue)")) }),
            ]),
        ]
    }
}
