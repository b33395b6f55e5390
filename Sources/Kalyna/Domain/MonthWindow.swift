/// The months the regional picture's trend shows: the last 12, 24 or 36 up to
/// this month, or every month from the first case on. Months without a case
/// are there with 0, so a line through them does not skip a quiet month.
public enum MonthWindow: String, CaseIterable, Sendable {
    case last12 = "12", last24 = "24", last36 = "36", all

    /// The window a query asks for; anything else is the default (24 months).
    public init(query: String?) {
        self = query.flatMap(MonthWindow.init(rawValue:)) ?? .last24
    }

    /// Zero-filled months of the window, oldest first, as "yyyy-mm" with their counts.
    /// Cases dated after this month (a typing slip) are kept: the window runs
    /// to the latest month that has one.
    public func months(_ byMonth: [String: Int], thisMonth: String) -> [(month: String, count: Int)] {
        guard let now = YearMonth(thisMonth) else { return [] }
        let known = byMonth.keys.compactMap(YearMonth.init)
        let end = max(now, known.max() ?? now)
        let start: YearMonth
        switch self {
        case .last12: start = now.adding(-11)
        case .last24: start = now.adding(-23)
        case .last36: start = now.adding(-35)
        case .all: start = min(known.min() ?? now, now)
        }
        var result: [(month: String, count: Int)] = []
        var month = start
        while month <= end {
            result.append((month.text, byMonth[month.text] ?? 0))
            month = month.adding(1)
        }
        return result
    }
}

/// A calendar month, counted from year 0 so months compare and add.
struct YearMonth: Comparable, Sendable {
    let index: Int

    init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        index = year * 12 + month - 1
    }

    private init(index: Int) { self.index = index }

    func adding(_ months: Int) -> YearMonth { YearMonth(index: index + months) }

    var text: String {
        let year = index / 12, month = index % 12 + 1
        return String(year) + "-" + (month < 10 ? "0" : "") + String(month)
    }

    static func < (a: YearMonth, b: YearMonth) -> Bool { a.index < b.index }
}
