/// A date a person typed or chose: a day in the calendar, with no time or zone.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...9999).contains(year), (1...12).contains(month),
            (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads the ISO form "2027-03-08" that `<input type="date">` sends. Read
    /// byte by byte: list pages read dozens of dates a row.
    public init?(iso text: String) {
        var text = text
        let parsed: (Int, Int, Int)? = text.withUTF8 { bytes in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(bytes[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
            return (y, m, d)
        }
        guard let parsed else { return nil }
        self.init(year: parsed.0, month: parsed.1, day: parsed.2)
    }

    public var iso: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }

    public var description: String { iso }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

import struct Foundation.Date
import struct Foundation.TimeInterval
import struct Foundation.TimeZone

extension CalendarDate {
    /// The day `date` falls on in `zone`.
    public init(_ date: Date, in zone: TimeZone) {
        self.init(date.addingTimeInterval(TimeInterval(zone.secondsFromGMT(for: date))))
    }

    /// The UTC calendar day of a timestamp.
    public init(_ date: Date) {
        self.init(dayNumber: Int((date.timeIntervalSince1970 / 86400).rounded(.down)))
    }

    /// The day `days` after 1 January 1970 (negative: before it).
    public init(dayNumber days: Int) {
        // Civil-from-days (Howard Hinnant's algorithm), exact for the proleptic Gregorian calendar.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        self.year = year
        self.month = month
        self.day = day
    }
}

extension CalendarDate {
    /// Midnight UTC at the start of this day.
    public var startOfDayUTC: Date { Date(timeIntervalSince1970: Double(dayNumber) * 86400) }

    /// The moment this day begins in `zone` (its offset taken at UTC midnight).
    public func start(in zone: TimeZone) -> Date {
        startOfDayUTC.addingTimeInterval(-TimeInterval(zone.secondsFromGMT(for: startOfDayUTC)))
    }

    /// The same day `months` later (the 1st stays the 1st; the 31st becomes the
    /// month's last day).
    public func adding(months: Int) -> CalendarDate {
        let index = year * 12 + (month - 1) + months
        let (y, m) = (index / 12, index % 12 + 1)
        return CalendarDate(year: y, month: m, day: min(day, CalendarDate.daysIn(month: m, year: y))) ?? self
    }
}
