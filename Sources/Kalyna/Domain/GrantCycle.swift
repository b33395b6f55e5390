/// A call for applications: drafted by staff, open for submissions, closed.
public enum CallStatus: String, Sendable, CaseIterable, Codable {
    case draft, open, closed
}

/// An application's life: a draft until submitted; under review once a reviewer
/// is assigned; approved or rejected by a programme officer; withdrawn by the
/// applicant at any point before a decision.
public enum ApplicationStatus: String, Sendable, CaseIterable, Codable {
    case draft, submitted, underReview = "under_review", approved, rejected, withdrawn

    public var isDecided: Bool { self == .approved || self == .rejected }
    public var canWithdraw: Bool { self == .draft || self == .submitted || self == .underReview }
    public var awaitsDecision: Bool { self == .submitted || self == .underReview }
}

/// What an applicant typed into a budget line, kept as typed.
public struct BudgetLineInput: Sendable, Equatable {
    public var category: String
    public var description: String
    public var amount: String

    public init(category: String, description: String, amount: String) {
        self.category = category
        self.description = description
        self.amount = amount
    }

    public var isBlank: Bool { category.trimmed.isEmpty && description.trimmed.isEmpty && amount.trimmed.isEmpty }
}

/// The application form as typed.
public struct ApplicationInput: Sendable, Equatable {
    public var title = ""
    public var summary = ""
    public var objectives = ""
    public var activities = ""
    public var targetGroup = ""
    public var plannedStart = ""
    public var plannedEnd = ""
    public var lines: [BudgetLineInput] = []

    public init() {}

    /// The budget categories a line can have (names in the catalogs).
    public static let categories = ["staff", "activities", "travel", "equipment", "communication", "administration", "other"]

    /// Everything submission requires, with one message per field: required
    /// texts, at least one complete budget line, amounts positive, the total
    /// within the call's maximum, dates real, in order and in a sensible range.
    public func submissionErrors(call opens: CalendarDate, closes: CalendarDate, currency: Currency, maxGrant: Int64) -> FormErrors {
        var errors = FormErrors()
        for (field, value, max) in [
            ("title", title, 200), ("summary", summary, 2000), ("objectives", objectives, 4000),
            ("activities", activities, 4000), ("target_group", targetGroup, 2000),
        ] {
            _ = Validate.text(value, field: field, max: max, into: &errors)
        }
        let start = CalendarDate(iso: plannedStart.trimmed)
        let end = CalendarDate(iso: plannedEnd.trimmed)
        if start == nil { errors.add("planned_start", plannedStart.trimmed.isEmpty ? "validation_required" : "validation_date") }
        if end == nil { errors.add("planned_end", plannedEnd.trimmed.isEmpty ? "validation_required" : "validation_date") }
        if let start, let end {
            // The work starts no earlier than the call opens, and within two
            // years of its closing; it lasts at most three years.
            let latestStart = CalendarDate(year: closes.year + 2, month: closes.month, day: min(closes.day, 28)) ?? closes
            if start < opens || start > latestStart { errors.add("planned_start", "validation_date_range") }
            if end <= start { errors.add("planned_end", "validation_date_order") }
            else if let limit = CalendarDate(year: start.year + 3, month: start.month, day: min(start.day, 28)), end > limit {
                errors.add("planned_end", "validation_date_range")
            }
        }
        var total: Int64 = 0
        var complete = 0
        for (index, line) in lines.enumerated() where !line.isBlank {
            if line.category.trimmed.isEmpty || !Self.categories.contains(line.category) { errors.add("line_\(index)_category", "validation_choose") }
            _ = Validate.text(line.description, field: "line_\(index)_description", max: 300, into: &errors)
            if let money = Money.parse(line.amount, currency: currency), money.minorUnits > 0 {
                total += money.minorUnits
                complete += 1
            } else {
                errors.add("line_\(index)_amount", line.amount.trimmed.isEmpty ? "validation_required" : "validation_amount")
            }
        }
        if complete == 0 && errors.fields.keys.allSatisfy({ !$0.hasPrefix("line_") }) { errors.add("lines", "validation_budget_empty") }
        if total > maxGrant { errors.add("lines", "validation_budget_over_max") }
        return errors
    }

    /// The sum of the lines that read as amounts (what a draft requests so far).
    public func total(currency: Currency) -> Int64 {
        lines.compactMap { Money.parse($0.amount, currency: currency)?.minorUnits }.reduce(0, +)
    }
}

/// The rule for an award: positive, no more than was requested, and within
/// what the call has left.
public enum AwardRule {
    public static func problem(amount: Int64, requested: Int64, remaining: Int64) -> String? {
        if amount <= 0 { return "validation_amount" }
        if amount > requested { return "award_above_request" }
        if amount > remaining { return "award_above_remaining" }
        return nil
    }
}

/// A reviewer's scores (1–5 per criterion) combined with the criteria's weights.
public enum Scoring {
    public static let range = 1...5

    /// The weighted mean of `scores` as (weight, score) pairs; nil without scores.
    public static func weightedAverage(_ scores: [(weight: Int, score: Int)]) -> Double? {
        let weights = scores.reduce(0) { $0 + $1.weight }
        guard weights > 0 else { return nil }
        return Double(scores.reduce(0) { $0 + $1.weight * $1.score }) / Double(weights)
    }

    /// The mean of several reviewers' weighted averages; nil when there are none.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}

/// The number an applicant quotes about her application ("A-000123").
public enum ApplicationReceipt {
    public static func number(_ id: Int64) -> String {
        let digits = String(id)
        return "A-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}

/// A review is due this many days after it is assigned.
public enum ReviewDue {
    public static let days = 7
}
