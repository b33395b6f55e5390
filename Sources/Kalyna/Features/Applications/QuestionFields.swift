import HTTPServer
import Templating

/// A call's own questions as fields of the application form, and their
/// answers as the application page shows them.
enum QuestionFields {
    /// `files`: the application's attachments by number, to name a file question's document.
    static func fields(_ questions: [CallQuestion], answers: [Int64: [String]], files: [Int64: String] = [:], errors: FormErrors, _ context: RequestContext) -> TemplateValue {
        let lang = context.lang
        return .list(questions.map { question in
            let id = question.id ?? 0
            let name = "q_\(id)"
            let given = answers[id] ?? []
            var options: [(String, String)] = []
            switch question.kind {
            case .singleChoice, .multipleChoice: options = question.options(lang).enumerated().map { (String($0.offset), $0.element) }
            case .yesNo: options = [("yes", context.t("yes")), ("no", context.t("no"))]
            default: break
            }
            let group = !options.isEmpty
            let isDate = question.kind == .date
            // A date typed wrong comes back in a text box, as typed.
            let typedBadDate = isDate && !(given.first ?? "").isEmpty && CalendarDate(iso: given.first ?? "") == nil
            let maximum = question.kind == .shortText ? (question.maximum ?? QuestionRules.shortTextLimit)
                : question.kind == .longText ? (question.maximum ?? QuestionRules.longTextLimit) : 0
            return [
                "id": .string("q-\(id)"), "name": .string(name),
                "label": .string(question.label(lang)), "help": TemplateValue(question.help(lang).isEmpty ? nil : question.help(lang)),
                "required": .bool(question.required),
                "error": TemplateValue(errors[name].map { context.t($0) }),
                "group": .bool(group),
                "long": .bool(question.kind == .longText),
                "numeric": .bool(question.kind == .number),
                "inputType": .string(isDate && !typedBadDate ? "date" : "text"),
                "maxlength": maximum > 0 ? .int(maximum) : .null,
                "value": .string(given.first ?? ""),
                "file": .bool(question.kind == .file),
                "fileName": TemplateValue(given.first.flatMap(Int64.init).flatMap { files[$0] }),
                "options": .list(options.enumerated().map { index, option in
                    [
                        "optionId": .string("q-\(id)-\(index)"), "name": .string(name), "value": .string(option.0), "label": .string(option.1),
                        "checked": .bool(given.contains(option.0)), "inputType": .string(question.kind == .multipleChoice ? "checkbox" : "radio"),
                    ]
                }),
            ]
        })
    }

    /// The answers as read: question and answer in the reader's language.
    static func answered(_ questions: [CallQuestion], answers: [Int64: [String]], files: [Int64: String], _ context: RequestContext) -> TemplateValue {
        let lang = context.lang
        return .list(questions.map { question in
            let text = Self.text(question, answers[question.id ?? 0] ?? [], files: files, context)
            return ["label": .string(question.label(lang)), "answer": TemplateValue(text.isEmpty ? nil : text)]
        })
    }

    /// The answers as the form sent them, for the call's questions.
    static func read(_ form: FormData, _ questions: [CallQuestion]) -> [Int64: [String]] {
        var answers: [Int64: [String]] = [:]
        for question in questions {
            guard let id = question.id else { continue }
            answers[id] = form.values("q_\(id)").prefix(50).map { String($0.prefix(QuestionRules.longTextLimit)) }
        }
        return answers
    }
}

extension QuestionFields {
    /// `details` (an application as `ApplicationView` shows it) with the call's questions and their answers.
    static func adding(
        to details: TemplateValue, _ questions: [CallQuestion], answers: [Int64: [String]], files: [Attachment], _ context: RequestContext
    ) -> TemplateValue {
        let names = Dictionary(files.map { ($0.id ?? 0, $0.filename) }, uniquingKeysWith: { first, _ in first })
        let added: [(String, TemplateValue)] = [("answers", answered(questions, answers: answers, files: names, context)), ("hasAnswers", .bool(!questions.isEmpty))]
        switch details {
        case .fields(let fields): return .fields(fields + added)
        case .object(let object): return .object(object.merging(added) { $1 })
        default: return details
        }
    }
}

extension QuestionFields {
    /// An answer in words: choices by their labels in the reader's language, dates as she writes them.
    static func text(_ question: CallQuestion, _ values: [String], files: [Int64: String] = [:], _ context: RequestContext) -> String {
        let given = values.map(\.trimmed).filter { !$0.isEmpty }
        switch question.kind {
        case .singleChoice, .multipleChoice:
            let labels = question.options(context.lang)
            return given.compactMap { Int($0).flatMap { labels.indices.contains($0) ? labels[$0] : nil } }.joined(separator: "; ")
        case .yesNo: return given.first.map { context.t($0 == "yes" ? "yes" : "no") } ?? ""
        case .date: return given.first.map { CalendarDate(iso: $0).map(context.format.date) ?? $0 } ?? ""
        case .file: return given.first.flatMap(Int64.init).flatMap { files[$0] } ?? ""
        default: return given.first ?? ""
        }
    }
}
