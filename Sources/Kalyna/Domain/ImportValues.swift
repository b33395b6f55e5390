import Foundation

/// Values in a spreadsheet as people type them in English, Russian or
/// Ukrainian. Anything not read here for certain is an error on its row:
/// nothing is ever taken as "no" or as a guess.
public enum ImportValues {
    /// Yes or no: yes/no, да/нет, так/ні, 1/0 and the words spreadsheets
    /// write for true and false in each language; nil for anything else.
    public static func boolean(_ typed: String) -> Bool? {
        switch fold(typed) {
        case "yes", "y", "да", "так", "1", "true", "истина", "істина", "правда": true
        case "no", "n", "нет", "ні", "0", "false", "ложь", "хибність", "неправда": false
        default: nil
        }
    }

    /// A date as ISO, with how precise it is: `dd.mm.yyyy` or `yyyy-mm-dd` (a
    /// day), `mm.yyyy` or `yyyy-mm` (a month), `yyyy` (a year). Nil when it is
    /// none of these or no real date.
    public static func date(_ typed: String) -> (iso: String, precision: String)? {
        let text = typed.trimmed
        let dotted = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        func number(_ part: String, digits: ClosedRange<Int>) -> Int? {
            digits.contains(part.count) && part.allSatisfy(\.isASCII) ? Int(part) : nil
        }
        if dotted.count == 3, let day = number(dotted[0], digits: 1...2), let month = number(dotted[1], digits: 1...2),
            let year = number(dotted[2], digits: 4...4), let date = CalendarDate(year: year, month: month, day: day)
        {
            return (date.iso, "day")
        }
        if dotted.count == 2, let month = number(dotted[0], digits: 1...2), let year = number(dotted[1], digits: 4...4), (1...12).contains(month) {
            return (String(format: "%04d-%02d", year, month), "month")
        }
        if let date = CalendarDate(iso: text) { return (date.iso, "day") }
        let dashed = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if dashed.count == 2, let year = number(dashed[0], digits: 4...4), let month = number(dashed[1], digits: 1...2), (1...12).contains(month) {
            return (String(format: "%04d-%02d", year, month), "month")
        }
        if let year = number(text, digits: 4...4), year >= 1900 { return (String(format: "%04d", year), "year") }
        return nil
    }

    /// The key among `options` that `typed` names: the key itself, or one of
    /// its labels in any language, compared without case or extra spaces.
    public static func choice(_ typed: String, _ options: [(key: String, labels: [String])]) -> String? {
        let wanted = fold(typed)
        guard !wanted.isEmpty else { return nil }
        let found = options.filter { option in fold(option.key) == wanted || option.labels.contains { fold($0) == wanted } }
        return found.count == 1 ? found[0].key : nil
    }

    /// Lower case, single spaces, ё as е, one kind of apostrophe.
    public static func fold(_ text: String) -> String {
        let lowered = text.lowercased().replacingOccurrences(of: "ё", with: "е")
        let apostrophes = String(lowered.map { "’ʼ'`".contains($0) ? "'" : $0 })
        return apostrophes.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
