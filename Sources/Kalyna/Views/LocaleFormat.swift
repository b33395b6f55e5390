/// Numbers, money and dates written the way each language writes them. Done by
/// hand rather than with Foundation's formatters: those are costly to create and
/// not safe to share between threads (see PERFORMANCE-NOTES), and three locales
/// need only these rules.
public struct LocaleFormat: Sendable {
    public let lang: String
    let groupSeparator: String
    let decimalPoint: String
    /// Month names in the form used after a day number ("8 March", "8 марта").
    let monthNames: [String]
    /// Every country by its name in this language, sorted by name (every list filter shows them).
    public let countries: [(code: String, name: String)]
    private let countryNames: [String: String]

    public init(lang: String, catalogs: Catalogs) {
        self.lang = lang
        let english = lang == "en"
        groupSeparator = english ? "," : "\u{00A0}"
        decimalPoint = english ? "." : ","
        monthNames = (1...12).map { catalogs.text("month_\($0)", lang) }
        countries = Countries.codes.map { (code: $0, name: catalogs.text("country_\($0)", lang)) }.sorted { $0.name < $1.name }
        countryNames = Dictionary(uniqueKeysWithValues: countries.map { ($0.code, $0.name) })
    }

    /// A country's name ("Ukraine", "Украина").
    public func country(_ code: String) -> String { countryNames[code] ?? code }

    public func number(_ value: Int) -> String {
        Money.decimal(Int64(value), digits: 0, group: groupSeparator, point: decimalPoint)
    }

    public func money(_ money: Money) -> String {
        let amount = Money.decimal(money.minorUnits, digits: money.currency.minorDigits, group: groupSeparator, point: decimalPoint)
        return lang == "en" ? "\(money.currency.code) \(amount)" : "\(amount)\u{00A0}\(money.currency.code)"
    }

    /// A score such as 3.75 / 3,75.
    public func score(_ value: Double) -> String {
        Money.decimal(Int64((value * 100).rounded()), digits: 2, group: groupSeparator, point: decimalPoint)
    }

    public func date(_ date: CalendarDate) -> String {
        "\(date.day) \(monthNames[date.month - 1]) \(date.year)"
    }
}
