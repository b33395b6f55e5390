import Testing

@testable import Kalyna

/// The rules in `Domain/`, without a server or a database.
@Suite struct GrantRulesTests {
    @Test func trancheSplitsAreWholePercentagesAddingUpToAHundred() {
        #expect(GrantSchedule.percentages("70,30") == [70, 30])
        #expect(GrantSchedule.percentages(" 50 , 25,25 ") == [50, 25, 25])
        #expect(GrantSchedule.percentages("100") == [100])
        #expect(GrantSchedule.percentages("70/30") == [70, 30])
        #expect(GrantSchedule.percentages("40; 30; 30") == [40, 30, 30])
        for refused in ["", "70,20", "70,40", "0,100", "50,50,0", "101", "a,b", "10,10,10,10,10,10,40"] {
            #expect(GrantSchedule.percentages(refused) == nil, "\(refused)")
        }
    }

    @Test(arguments: [Int64(1), 3, 99_999, 200_000, 123_456_789])
    func sharesAddUpToTheAwardExactly(awarded: Int64) {
        for split in [[70, 30], [33, 33, 34], [100], [1, 99], [20, 20, 20, 20, 20]] {
            let shares = GrantSchedule.split(awarded, percentages: split)
            #expect(shares.count == split.count)
            #expect(shares.reduce(0, +) == awarded)
            #expect(shares.allSatisfy { $0 >= 0 })
        }
    }

    @Test func aPlanPaysFirstOnAwardAndTheRestAfterTheInterimReport() throws {
        let award = try #require(CalendarDate(iso: "2027-01-10"))
        let start = try #require(CalendarDate(iso: "2027-02-01")), end = try #require(CalendarDate(iso: "2027-12-31"))
        let plan = GrantSchedule.plan(awarded: 200_000, percentages: [70, 30], awardDate: award, start: start, end: end)
        #expect(plan.tranches.map(\.amount) == [140_000, 60_000])
        #expect(plan.tranches[0].date == start && plan.tranches[0].requiresInterim == nil)
        #expect(plan.tranches[1].requiresInterim == 0)
        let interim = try #require(plan.interimDues.first)
        #expect(plan.interimDues.count == 1)
        #expect(start < interim && interim < end && interim < plan.tranches[1].date)
        #expect(plan.finalDue == end.adding(days: 30))
        // One tranche: no interim report, paid at the award when the work started earlier.
        let single = GrantSchedule.plan(awarded: 50_000, percentages: [100], awardDate: end, start: start, end: end)
        #expect(single.interimDues.isEmpty && single.tranches == [GrantSchedule.Tranche(amount: 50_000, date: end, requiresInterim: nil)])
    }

    @Test func eachLaterTrancheWaitsForAnInterimReportOfItsOwn() throws {
        let start = try #require(CalendarDate(iso: "2027-01-01")), end = try #require(CalendarDate(iso: "2027-12-31"))
        let plan = GrantSchedule.plan(awarded: 300_000, percentages: [40, 30, 30], awardDate: start, start: start, end: end)
        #expect(plan.interimDues.count == 2)
        #expect(plan.interimDues.map(\.iso) == ["2027-05-02", "2027-08-31"])
        #expect(plan.tranches.map(\.requiresInterim) == [nil, 0, 1])
        #expect(plan.tranches[1].date == plan.interimDues[0].adding(days: 14))
        #expect(plan.tranches[2].date == plan.interimDues[1].adding(days: 14))
        // Several interim reports are numbered by due date; a lone one is not.
        let reports = [
            ReportNumbering.Report(id: 7, kind: .interim, due: "2027-08-31"), ReportNumbering.Report(id: 9, kind: .final, due: "2028-01-30"),
            ReportNumbering.Report(id: 8, kind: .interim, due: "2027-05-01"),
        ]
        #expect(ReportNumbering.number(of: 8, among: reports) == 1)
        #expect(ReportNumbering.number(of: 7, among: reports) == 2)
        #expect(ReportNumbering.number(of: 9, among: reports) == nil)
        #expect(ReportNumbering.number(of: 8, among: [reports[2], reports[1]]) == nil)
    }

    @Test func paymentsNeverCommitMoreThanTheAward() {
        #expect(DisbursementRule.mayCommit(60_000, committed: 140_000, awarded: 200_000))
        #expect(!DisbursementRule.mayCommit(60_001, committed: 140_000, awarded: 200_000))
        #expect(!DisbursementRule.mayCommit(0, committed: 0, awarded: 200_000))
        #expect(!DisbursementRule.mayCommit(-1, committed: 0, awarded: 200_000))
        #expect(!DisbursementRule.mayCommit(1, committed: -5, awarded: 200_000))
    }

    @Test func anAwardIsPositiveWithinTheRequestAndWhatTheCallHasLeft() {
        #expect(AwardRule.problem(amount: 100, requested: 100, remaining: 100) == nil)
        #expect(AwardRule.problem(amount: 0, requested: 100, remaining: 100) == "validation_amount")
        #expect(AwardRule.problem(amount: 101, requested: 100, remaining: 500) == "award_above_request")
        #expect(AwardRule.problem(amount: 90, requested: 100, remaining: 80) == "award_above_remaining")
    }

    @Test func scoresAreWeighted() {
        #expect(Scoring.weightedAverage([(weight: 3, score: 5), (weight: 1, score: 1)]) == 4)
        #expect(Scoring.weightedAverage([]) == nil)
        #expect(Scoring.weightedAverage([(weight: 0, score: 5)]) == nil)
        #expect(Scoring.mean([4, 2]) == 3)
        #expect(Scoring.mean([]) == nil)
    }

    @Test func spendingVarianceIsActualMinusBudget() {
        #expect(SpendingLine(budget: 1_000, actual: 1_250).variance == 250)
        #expect(SpendingLine(budget: 1_000, actual: nil).variance == nil)
    }
}

@Suite struct RateTests {
    @Test func ratesAreDecimalStringsAsTyped() {
        #expect(Rate.parse("41.2") == "41.2")
        #expect(Rate.parse(" 0,0243 ") == "0.0243")
        #expect(Rate.parse("7") == "7")
        for refused in ["", "0", "0.0", "-1", "1.2.3", "1e3", "abc", ".5", "5.", String(repeating: "9", count: 21)] {
            #expect(Rate.parse(refused) == nil, "\(refused)")
        }
    }
}

@Suite struct DayArithmeticTests {
    @Test func isoDatesAreReadExactly() {
        #expect(CalendarDate(iso: "2028-02-29") == CalendarDate(year: 2028, month: 2, day: 29))
        for refused in ["2027-02-29", "2027-13-01", "2027-1-01", "27-01-01", "2027-01-01T00", "2027/01/01", "２０２７-01-01", ""] {
            #expect(CalendarDate(iso: refused) == nil, "\(refused)")
        }
    }

    @Test func daysAndMonthsAddUp() throws {
        let day = try #require(CalendarDate(iso: "2027-01-31"))
        #expect(day.adding(days: 29).iso == "2027-03-01")
        #expect(day.adding(months: 1).iso == "2027-02-28")
        #expect(day.adding(days: 365).daysSince(day) == 365)
        #expect(try #require(CalendarDate(iso: "2028-03-01")).daysSince(try #require(CalendarDate(iso: "2028-02-01"))) == 29)
    }

    @Test func amountsAreGroupedAsEachLanguageWrites() {
        #expect(Money.decimal(123_456_789, digits: 2, group: ",", point: ".") == "1,234,567.89")
        #expect(Money.decimal(5, digits: 2, group: ",", point: ".") == "0.05")
        #expect(Money.decimal(-100_000, digits: 2, group: "\u{00A0}", point: ",") == "-1\u{00A0}000,00")
        #expect(Money.decimal(999, digits: 0, group: ",", point: ".") == "999")
        #expect(Money.decimal(1_000, digits: 0, group: ",", point: ".") == "1,000")
        #expect(Money.decimal(0, digits: 2, group: ",", point: ".") == "0.00")
        #expect(Money.decimal(Int64.min + 1, digits: 2, group: "", point: ".") == "-92233720368547758.07")
    }
}

@Suite struct CSVReaderTests {
    @Test func readsQuotedFieldsAndBothSeparators() {
        #expect(CSVReader.rows("a,b\n1,2\n") == [["a", "b"], ["1", "2"]])
        #expect(CSVReader.rows("a;b\r\n\"x;y\";\"say \"\"hi\"\"\"\r\n") == [["a", "b"], ["x;y", "say \"hi\""]])
        #expect(CSVReader.rows("name,note\nOdesa,\"two\nlines\"") == [["name", "note"], ["Odesa", "two\nlines"]])
        #expect(CSVReader.rows("a,b\n1,") == [["a", "b"], ["1", ""]])
        #expect(CSVReader.rows("") == [])
        // Cyrillic stays whole, in fields and in quotes.
        #expect(CSVReader.rows("місто,країна\n\"Київ, центр\",Україна") == [["місто", "країна"], ["Київ, центр", "Україна"]])
    }
}

@Suite struct MonthWindowTests {
    @Test func theLastMonthsRunToThisMonthWithQuietMonthsAsZero() {
        let months = MonthWindow.last12.months(["2026-01": 3, "2026-11": 2, "2024-05": 9], thisMonth: "2026-12")
        #expect(months.count == 12)
        #expect(months.first?.month == "2026-01" && months.first?.count == 3)
        #expect(months.last?.month == "2026-12" && months.last?.count == 0)
        #expect(months.map(\.count).reduce(0, +) == 5)  // May 2024 is outside the window
        #expect(MonthWindow.last24.months([:], thisMonth: "2026-03").first?.month == "2024-04")
    }

    @Test func allStartsAtTheFirstCaseAndCrossesYears() {
        let months = MonthWindow.all.months(["2025-11": 1, "2026-02": 4], thisMonth: "2026-02")
        #expect(months.map(\.month) == ["2025-11", "2025-12", "2026-01", "2026-02"])
        #expect(months.map(\.count) == [1, 0, 0, 4])
        // A case dated after this month still shows.
        #expect(MonthWindow.all.months(["2027-01": 1], thisMonth: "2026-12").map(\.month) == ["2026-12", "2027-01"])
    }

    @Test func anUnknownChoiceIsTheDefault() {
        #expect(MonthWindow(query: nil) == .last24)
        #expect(MonthWindow(query: "7") == .last24)
        #expect(MonthWindow(query: "all") == .all)
        #expect(MonthWindow(query: "12") == .last12)
    }
}
