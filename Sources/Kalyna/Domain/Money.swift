/// An ISO 4217 currency with the number of digits of its minor unit.
public struct Currency: Sendable, Hashable, Codable {
    public let code: String
    public let minorDigits: Int

    /// The currencies the network pays in or reports in (ISO 4217). A code not
    /// listed here is refused rather than guessed.
    static let known: [String: Int] = [
        "EUR": 2, "USD": 2, "GBP": 2, "CHF": 2, "SEK": 2, "NOK": 2, "DKK": 2, "PLN": 2,
        "CZK": 2, "HUF": 2, "RON": 2, "BGN": 2, "UAH": 2, "RUB": 2, "BYN": 2, "MDL": 2,
        "GEL": 2, "AMD": 2, "AZN": 2, "KZT": 2, "KGS": 2, "TJS": 2, "UZS": 2, "TMT": 2,
        "RSD": 2, "MKD": 2, "ALL": 2, "BAM": 2, "TRY": 2, "MNT": 2, "JPY": 0,
    ]

    private init(known code: String, minorDigits: Int) {
        self.code = code
        self.minorDigits = minorDigits
    }

    public static let euro = Currency(known: "EUR", minorDigits: 2)

    public init?(code: String) {
        let upper = code.uppercased()
        guard let digits = Self.known[upper] else { return nil }
        self.code = upper
        self.minorDigits = digits
    }

    public static var allCodes: [String] { known.keys.sorted() }
}

/// An amount of money: an integer count of minor units and a currency. Never a
/// floating-point number.
public struct Money: Sendable, Hashable {
    public let minorUnits: Int64
    public let currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Reads an amount typed by a person, as the page shows amounts in any of
    /// its languages: "1500.5", "1500,50", "1 500,50" (spaces group thousands),
    /// "10,000.50" (commas group them, as English pages write it) and
    /// "10.000,50". A lone comma followed by exactly three digits groups
    /// thousands ("10,000"), since no amount has three decimals; a lone point
    /// is always the decimal point. Returns nil for anything else, for more
    /// decimals than the currency has, for a negative amount and for an amount
    /// too large to hold.
    public static func parse(_ text: String, currency: Currency) -> Money? {
        let cleaned = text.filter { !$0.isWhitespace && $0 != "\u{2009}" && $0 != "\u{202F}" }
        guard !cleaned.isEmpty, cleaned.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "," || $0 == "." }) else { return nil }
        let commas = cleaned.filter { $0 == "," }.count
        let points = cleaned.filter { $0 == "." }.count
        let grouping: Character?
        let decimal: Character?
        if commas > 0 && points > 0 {
            // Both: the last one is the decimal point.
            decimal = cleaned.last(where: { $0 == "," || $0 == "." })
            grouping = decimal == "," ? "." : ","
        } else if commas > 1 || (commas == 1 && currency.minorDigits < 3
                                  && cleaned.split(separator: ",", omittingEmptySubsequences: false).last?.count == 3) {
            grouping = ","
            decimal = nil
        } else {
            grouping = nil
            decimal = commas == 1 ? "," : points > 0 ? "." : nil
        }
        var body = Substring(cleaned)
        var fraction = ""
        if let decimal {
            let pieces = cleaned.split(separator: decimal, omittingEmptySubsequences: false)
            guard pieces.count == 2, !pieces[1].isEmpty else { return nil }
            body = pieces[0]
            fraction = String(pieces[1])
        }
        var whole = String(body)
        if let grouping {
            let groups = body.split(separator: grouping, omittingEmptySubsequences: false)
            guard let first = groups.first, (1...3).contains(first.count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
            whole = groups.joined()
        }
        guard !whole.isEmpty, whole.allSatisfy({ $0.isASCII && $0.isNumber }),
            fraction.allSatisfy({ $0.isASCII && $0.isNumber }), fraction.count <= currency.minorDigits
        else { return nil }
        fraction += String(repeating: "0", count: currency.minorDigits - fraction.count)
        guard let units = Int64(whole + fraction), units <= maxMinorUnits else { return nil }
        return Money(minorUnits: units, currency: currency)
    }

    /// A ceiling far above any grant, so that sums of many amounts cannot overflow.
    public static let maxMinorUnits: Int64 = 1_000_000_000_000_00

    /// The amount as a plain decimal string ("1500.50"), for forms and exports.
    public var plainDecimal: String {
        Self.decimal(minorUnits, digits: currency.minorDigits, group: "", point: ".")
    }

    /// Formats `units` with a grouping separator every three digits.
    static func decimal(_ units: Int64, digits: Int, group: String, point: String) -> String {
        var divisor: UInt64 = 1
        for _ in 0..<digits { divisor *= 10 }
        let magnitude = units.magnitude
        // Digits of the whole part, least significant first, then written out
        // with a separator every three: no intermediate strings.
        var whole = magnitude / divisor
        var reversed: [UInt8] = []
        reversed.reserveCapacity(20)
        repeat {
            reversed.append(UInt8(truncatingIfNeeded: whole % 10) + 48)
            whole /= 10
        } while whole > 0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(reversed.count * 2 + digits + 4)
        if units < 0 { bytes.append(UInt8(ascii: "-")) }
        for index in stride(from: reversed.count - 1, through: 0, by: -1) {
            bytes.append(reversed[index])
            if index > 0 && index % 3 == 0 { bytes.append(contentsOf: group.utf8) }
        }
        if digits > 0 {
            bytes.append(contentsOf: point.utf8)
            var fraction = magnitude % divisor
            var tail = [UInt8](repeating: 48, count: digits)
            for index in stride(from: digits - 1, through: 0, by: -1) {
                tail[index] = UInt8(truncatingIfNeeded: fraction % 10) + 48
                fraction /= 10
            }
            bytes.append(contentsOf: tail)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
