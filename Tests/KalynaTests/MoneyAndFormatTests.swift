import Testing

@testable import Kalyna

@Suite struct MoneyAndFormatTests {
    let eur = Currency(code: "EUR")!
    let jpy = Currency(code: "JPY")!

    @Test(arguments: [
        ("1500", 150_000), ("1500.5", 150_050), ("1500,50", 150_050), ("1 500,50", 150_050),
        ("0.01", 1), ("  42 ", 4200), ("1\u{00A0}234", 123_400),
        // As the English page writes amounts, and as a spreadsheet from elsewhere may.
        ("10,000.50", 1_000_050), ("10,000", 1_000_000), ("1,234,567.89", 123_456_789), ("10.000,50", 1_000_050),
        ("1\u{202F}000,5", 100_050),
    ] as [(String, Int64)])
    func parsesWhatPeopleType(text: String, minor: Int64) {
        #expect(Money.parse(text, currency: eur)?.minorUnits == minor)
    }

    @Test(arguments: ["", "-5", "1.234", "1,5.0", "abc", "1e5", "12.", ".5", "99999999999999999999", "1 500.50.1", "٣",
                      "10,00.50", "1,0000", "10.000.000", "1,000,00", "10,000.505", "1.000.000,5,0"])
    func refusesWhatIsNotAnAmount(text: String) {
        #expect(Money.parse(text, currency: eur) == nil)
    }

    @Test func currenciesWithoutMinorUnits() {
        #expect(Money.parse("1500", currency: jpy)?.minorUnits == 1500)
        #expect(Money.parse("1500.5", currency: jpy) == nil)
        #expect(Currency(code: "XYZ") == nil)
        #expect(Currency(code: "uah")?.code == "UAH")
    }

    @Test func plainDecimalForFormsAndExports() {
        #expect(Money(minorUnits: 150_005, currency: eur).plainDecimal == "1500.05")
        #expect(Money(minorUnits: 7, currency: eur).plainDecimal == "0.07")
        #expect(Money(minorUnits: 1500, currency: jpy).plainDecimal == "1500")
    }

    @Test func formatsForEachLanguage() throws {
        let catalogs = try Catalogs.load(directory: TestApp.repositoryRoot + "/templates/i18n")
        let en = LocaleFormat(lang: "en", catalogs: catalogs)
        let ru = LocaleFormat(lang: "ru", catalogs: catalogs)
        let uk = LocaleFormat(lang: "uk", catalogs: catalogs)
        let money = Money(minorUnits: 123_456_789, currency: eur)
        #expect(en.money(money) == "EUR 1,234,567.89")
        #expect(ru.money(money) == "1\u{00A0}234\u{00A0}567,89\u{00A0}EUR")
        #expect(en.number(1_000_000) == "1,000,000")
        #expect(uk.number(999) == "999")
        #expect(en.number(-1234) == "-1,234")
        let date = try #require(CalendarDate(iso: "2027-03-08"))
        #expect(en.date(date) == "8 March 2027")
        #expect(ru.date(date) == "8 марта 2027")
        #expect(uk.date(date) == "8 березня 2027")
    }

    @Test func calendarDates() {
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2023-02-29") == nil)
        #expect(CalendarDate(iso: "2027-13-01") == nil)
        #expect(CalendarDate(iso: "27-03-08") == nil)
        #expect(CalendarDate(iso: "2027-3-8") == nil)
        #expect(CalendarDate(year: 2027, month: 3, day: 8)?.iso == "2027-03-08")
        #expect(CalendarDate(iso: "2027-01-31")! < CalendarDate(iso: "2027-02-01")!)
    }
}
