/// A call's own questions, asked after the standard application fields.
public enum QuestionKind: String, Sendable, CaseIterable, Codable {
    case shortText = "short_text", longText = "long_text", number, date, singleChoice = "single_choice", multipleChoice = "multiple_choice"
    case yesNo = "yes_no"
    /// A document, checked as every attachment is; the answer is the attachment's number.
    case file

    public var hasOptions: Bool { self == .singleChoice || self == .multipleChoice }
    /// Whether `minimum`/`maximum` limit its length (texts) or its value (numbers).
    public var hasLimits: Bool { self == .shortText || self == .longText || self == .number }
}

/// One question as a call asks it, in each language (translations optional).
public struct CallQuestion: Sendable, Equatable {
    public var id: Int64?
    public var callId: Int64
    public var position: Int
    public var kind: QuestionKind
    public var label: String
    public var labelRu = ""
    public var labelUk = ""
    public var help = ""
    public var helpRu = ""
    public var helpUk = ""
    public var required: Bool
    public var minimum: Int?
    public var maximum: Int?
    /// Choices, one per line, as first written and translated line by line.
    public var options: [String] = []
    public var optionsRu: [String] = []
    public var optionsUk: [String] = []

    public init(id: Int64? = nil, callId: Int64, position: Int, kind: QuestionKind, label: String, required: Bool) {
        (self.id, self.callId, self.position, self.kind, self.label, self.required) = (id, callId, position, kind, label, required)
    }

    public func label(_ lang: String) -> String { Translated.pick(label, ru: labelRu, uk: labelUk, lang: lang) }
    public func help(_ lang: String) -> String { Translated.pick(help, ru: helpRu, uk: helpUk, lang: lang) }

    /// The choices in `lang`; a line left untranslated shows as first written.
    public func options(_ lang: String) -> [String] {
        let translated = lang == "ru" ? optionsRu : lang == "uk" ? optionsUk : []
        return options.indices.map { index in
            index < translated.count && !translated[index].trimmed.isEmpty ? translated[index] : options[index]
        }
    }
}

public enum QuestionRules {
    /// The longest answer to a long-text question without a maximum.
    public static let longTextLimit = 4000
    public static let shortTextLimit = 200

    /// What is wrong with a question as staff wrote it, by field.
    public static func definitionErrors(_ question: CallQuestion) -> FormErrors {
        var errors = FormErrors()
        if question.label.trimmed.isEmpty { errors.add("label", "validation_required") }
        if question.kind.hasOptions && question.options.filter({ !$0.trimmed.isEmpty }).count < 2 { errors.add("options", "question_options_needed") }
        if let minimum = question.minimum, let maximum = question.maximum, minimum > maximum { errors.add("maximum", "question_limits_order") }
        if question.kind != .number, let minimum = question.minimum, minimum < 0 { errors.add("minimum", "question_limit_negative") }
        return errors
    }

    /// Why an answer cannot be submitted (a catalog key), or nil. `values` are
    /// as the form sent them: one for most kinds, the chosen ones for a multiple choice.
    public static func problem(_ question: CallQuestion, _ values: [String]) -> String? {
        let given = values.map(\.trimmed).filter { !$0.isEmpty }
        guard !given.isEmpty else { return question.required ? "validation_required" : nil }
        switch question.kind {
        case .shortText, .longText:
            let length = given[0].count
            let maximum = question.maximum ?? (question.kind == .shortText ? shortTextLimit : longTextLimit)
            if length > maximum { return "validation_too_long" }
            if let minimum = question.minimum, length < minimum { return "question_too_short" }
        case .number:
            guard let number = Int(given[0].replacingOccurrences(of: " ", with: "")) else { return "question_number" }
            if let minimum = question.minimum, number < minimum { return "question_out_of_range" }
            if let maximum = question.maximum, number > maximum { return "question_out_of_range" }
        case .date:
            if CalendarDate(iso: given[0]) == nil { return "validation_date" }
        case .yesNo:
            if !["yes", "no"].contains(given[0]) { return "validation_choose" }
        case .file:
            if Int64(given[0]) == nil { return "attachment_missing" }
        case .singleChoice, .multipleChoice:
            let valid = Set(question.options.indices.map(String.init))
            if !given.allSatisfy(valid.contains) || (question.kind == .singleChoice && given.count > 1) { return "validation_choose" }
        }
        return nil
    }
}
