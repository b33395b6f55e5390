import Foundation

public enum GrantStatus: String, Sendable, CaseIterable, Codable {
    case active, completed, terminated
}

public enum ReportKind: String, Sendable, CaseIterable, Codable {
    case interim, final
}

public enum ReportStatus: String, Sendable, CaseIterable, Codable {
    case pending, draft, submitted, returned, accepted

    /// The initiative may write in it.
    public var isOpen: Bool { self == .pending || self == .draft || self == .returned }
}

public enum DisbursementStatus: String, Sendable, CaseIterable, Codable {
    case proposed, approved, paid, cancelled

    /// Money promised or gone: what may never exceed the award.
    public var commits: Bool { self == .approved || self == .paid }
}

/// A grant's default schedule, from the call's tranche split and the project's
/// dates: the first tranche at the award; before each later one an interim
/// report, spread evenly over the period, that the tranche waits for (two
/// weeks after it is due); and a final report a month after the period ends.
public enum GrantSchedule {
    public struct Tranche: Sendable, Equatable {
        public var amount: Int64
        public var date: CalendarDate
        /// The interim report it waits for, by its place in `Plan.interimDues`.
        public var requiresInterim: Int?
    }

    public struct Plan: Sendable, Equatable {
        public var tranches: [Tranche]
        /// Interim reports' due dates, in order.
        public var interimDues: [CalendarDate]
        public var finalDue: CalendarDate
    }

    /// "70/30" or "70,30" → [70, 30]: whole percentages, each 1–100, adding up
    /// to 100, split by slashes, commas, semicolons or spaces.
    public static func percentages(_ text: String) -> [Int]? {
        let parts = text.split(whereSeparator: { "/,; ".contains($0) }).map { Int(String($0).trimmed) }
        guard !parts.isEmpty, parts.count <= 6, parts.allSatisfy({ $0 != nil && (1...100).contains($0 ?? 0) }) else { return nil }
        let values = parts.compactMap { $0 }
        return values.reduce(0, +) == 100 ? values : nil
    }

    /// Splits an award by percentages; the last share takes the rounding, so
    /// the shares always add up to the award exactly.
    public static func split(_ awarded: Int64, percentages: [Int]) -> [Int64] {
        guard !percentages.isEmpty else { return [awarded] }
        var shares = percentages.dropLast().map { awarded * Int64($0) / 100 }
        shares.append(awarded - shares.reduce(0, +))
        return shares
    }

    public static func plan(awarded: Int64, percentages: [Int], awardDate: CalendarDate, start: CalendarDate, end: CalendarDate) -> Plan {
        let days = max(0, end.daysSince(start))
        let shares = split(awarded, percentages: percentages)
        let interims = (1..<max(1, shares.count)).map { start.adding(days: days * $0 / shares.count) }
        var tranches = [Tranche(amount: shares[0], date: max(awardDate, start), requiresInterim: nil)]
        for (index, share) in shares.enumerated().dropFirst() {
            tranches.append(Tranche(amount: share, date: interims[index - 1].adding(days: 14), requiresInterim: index - 1))
        }
        return Plan(tranches: tranches, interimDues: interims, finalDue: end.adding(days: 30))
    }
}

/// How a report is called when a grant has several interim reports: they are
/// numbered by due date ("Interim report 2"); a lone one and the final are not.
public enum ReportNumbering {
    public struct Report: Sendable {
        public let id: Int64
        public let kind: ReportKind
        public let due: String

        public init(id: Int64, kind: ReportKind, due: String) {
            self.id = id
            self.kind = kind
            self.due = due
        }
    }

    public static func number(of id: Int64, among reports: [Report]) -> Int? {
        let interims = reports.filter { $0.kind == .interim }.sorted { ($0.due, $0.id) < ($1.due, $1.id) }
        guard interims.count > 1, let index = interims.firstIndex(where: { $0.id == id }) else { return nil }
        return index + 1
    }
}

/// The rule on money: approved and paid disbursements never add up to more than
/// the award. The store checks it inside the write transaction.
public enum DisbursementRule {
    public static func mayCommit(_ amount: Int64, committed: Int64, awarded: Int64) -> Bool {
        amount > 0 && committed >= 0 && committed + amount <= awarded
    }
}

/// One line of a report's spending table.
public struct SpendingLine: Sendable, Equatable {
    public let budget: Int64
    public let actual: Int64?

    public var variance: Int64? { actual.map { $0 - budget } }
}

extension CalendarDate {
    /// Days from `other` to this date.
    public func daysSince(_ other: CalendarDate) -> Int {
        dayNumber - other.dayNumber
    }

    public func adding(days: Int) -> CalendarDate {
        CalendarDate(dayNumber: dayNumber + days)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

import struct Foundation.Date

/// A payment made in another currency than the grant's: the amount paid
/// should be the grant amount at the rate typed, give or take what banks
/// round. A larger gap is a typing error (400,000 KZT for 800 EUR at 520,
/// which is 416,000).
public enum ForeignPayment {
    /// The gap allowed, in per cent of the expected amount.
    public static let tolerancePercent = 1

    /// `amount` (in the grant's currency) at `rate` units of `currency` per unit, in `currency`'s minor units.
    public static func expected(_ amount: Money, rate: String, in currency: Currency) -> Int64? {
        guard let rate = Decimal(string: rate, locale: Locale(identifier: "en_US_POSIX")), rate > 0 else { return nil }
        var value = Decimal(amount.minorUnits) * rate
        let shift = currency.minorDigits - amount.currency.minorDigits
        let ten = Decimal(10)
        for _ in 0..<abs(shift) {
            if shift > 0 { value *= ten } else { value /= ten }
        }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        guard rounded <= Decimal(Money.maxMinorUnits) else { return nil }
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    /// Whether `paid` is `amount` at `rate`, within the tolerance.
    public static func fits(_ amount: Money, paid: Money, rate: String) -> Bool {
        guard let expected = expected(amount, rate: rate, in: paid.currency), expected > 0 else { return false }
        let gap = abs(paid.minorUnits - expected)
        return gap * 100 <= expected * Int64(tolerancePercent)
    }
}

/// The budget the initiative reports against: its lines as requested, or, after
/// a lower award, each line cut in proportion so that the lines add up to the
/// award exactly (the cents left by rounding go to the lines that lost most to it).
public enum RevisedBudget {
    public static func lines(_ requested: [Int64], award: Int64) -> [Int64] {
        let total = requested.reduce(0, +)
        guard total > award, total > 0, award >= 0, requested.allSatisfy({ $0 >= 0 }) else { return requested }
        // Full-width products: a line times the award can exceed 64 bits.
        var shares: [Int64] = []
        var remainders: [Int64] = []
        for line in requested {
            let part = total.dividingFullWidth(line.multipliedFullWidth(by: award))
            shares.append(part.quotient)
            remainders.append(part.remainder)
        }
        var left = award - shares.reduce(0, +)
        let order = requested.indices.sorted { a, b in remainders[a] != remainders[b] ? remainders[a] > remainders[b] : a < b }
        for index in order where left > 0 {
            shares[index] += 1
            left -= 1
        }
        return shares
    }
}

/// What a grant finally commits: the award, or for a grant ended early only
/// what was paid (the rest goes back to the call).
public enum GrantCommitment {
    public static func amount(awarded: Int64, paid: Int64, status: GrantStatus) -> Int64 {
        status == .terminated ? paid : awarded
    }
}

/// The days a report speaks for.
public enum ReportPeriod {
    /// From the grant's first day, or the day after the previous report was
    /// due, to the report's own due date; the final report runs to the grant's
    /// last day. Never outside the grant's period.
    public static func of(due: CalendarDate, isFinal: Bool, previousDue: CalendarDate?, grantStart: CalendarDate, grantEnd: CalendarDate) -> ClosedRange<CalendarDate> {
        let from = max(grantStart, previousDue.map { $0.adding(days: 1) } ?? grantStart)
        let to = isFinal ? grantEnd : min(due, grantEnd)
        return from...max(from, to)
    }
}
