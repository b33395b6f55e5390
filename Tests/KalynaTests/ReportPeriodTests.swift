import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// The report page's picture of its period, from Kalyna's own records.
@Suite struct ReportPeriodTests {
    @Test func aReportSpeaksForTheDaysSinceThePreviousOne() throws {
        let d = { (iso: String) in CalendarDate(iso: iso)! }
        let start = d("2027-01-01"), end = d("2027-12-31")
        #expect(ReportPeriod.of(due: d("2027-06-30"), isFinal: false, previousDue: nil, grantStart: start, grantEnd: end) == d("2027-01-01")...d("2027-06-30"))
        // The final report runs to the grant's end, not to its own due date after it.
        #expect(ReportPeriod.of(due: d("2028-01-31"), isFinal: true, previousDue: d("2027-06-30"), grantStart: start, grantEnd: end) == d("2027-07-01")...d("2027-12-31"))
        // A due date past the grant's end stops at the end.
        #expect(ReportPeriod.of(due: d("2028-02-01"), isFinal: false, previousDue: nil, grantStart: start, grantEnd: end) == start...end)
    }

    @Test func theReportListsTheCasesReferralsAndIncludedOfficersOfItsPeriod() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        let theirs = try test.initiative("Theirs")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        try test.user("po@x.org", .programmeOfficer)
        try test.setLanguage(try test.user("coord-ru@x.org", .coordinator, initiative: ours), "ru")
        let (grant, _, _, interim) = try test.grant(call: try test.call(), initiative: ours)
        let (start, interimDue) = try test.app.database.pool.read { db in
            (try String.fetchOne(db, sql: "SELECT period_start FROM \"grant\" WHERE id = ?", arguments: [grant]) ?? "",
             try String.fetchOne(db, sql: "SELECT due_date FROM report_requirement WHERE id = ?", arguments: [interim]) ?? "")
        }
        let first = try #require(CalendarDate(iso: start))
        let due = try #require(CalendarDate(iso: interimDue))
        func registered(_ caseId: Int64, _ day: CalendarDate) throws {
            try test.app.database.pool.write { try $0.execute(sql: "UPDATE \"case\" SET registered_on = ? WHERE id = ?", arguments: [day.iso, caseId]) }
        }
        // Three of ours in the period (two in its first month), one of ours after it, one of another initiative's in it.
        for offset in [0, 3, 40] {
            let (id, _) = try test.caseRecord(initiative: ours)
            try registered(id, first.adding(days: offset))
        }
        let (late, _) = try test.caseRecord(initiative: ours)
        try registered(late, due.adding(days: 1))
        let (other, _) = try test.caseRecord(initiative: theirs)
        try registered(other, first.adding(days: 1))
        try test.app.database.pool.write { try $0.execute(sql: "UPDATE referral SET status = 'provided' WHERE id = (SELECT MIN(id) FROM referral)") }
        // Officers: one included, one excluded, one never decided, on an occasion in the period.
        let occasion = try test.occasion("Day of thanks")
        try test.app.database.pool.write { try $0.execute(sql: "UPDATE occasion SET date = ?, title_ru = 'День благодарности'", arguments: [first.adding(days: 10).iso]) }
        try test.recognition(occasion: occasion, officer: try test.officer("Included Officer"), initiative: ours, status: .included)
        try test.recognition(occasion: occasion, officer: try test.officer("Excluded Officer"), initiative: ours, status: .excluded)
        try test.recognition(occasion: occasion, officer: try test.officer("Proposed Officer"), initiative: ours, status: .proposed)

        let page = try test.signedIn("coord@x.org").get("/reports/\(interim)").text
        #expect(page.contains("3 cases registered"))
        #expect(page.contains("Included Officer · Day of thanks"))
        #expect(!page.contains("Excluded Officer"))
        #expect(!page.contains("Proposed Officer"))
        // The first month holds two, and the act of all three is counted three times.
        let months = try #require(page.firstMatch(of: /Cases by month of registration<\/caption>.*?<\/tbody>/.dotMatchesNewlines()).map { String($0.0) })
        #expect(months.contains("<td class=\"number\">2</td>"))
        let acts = try #require(page.firstMatch(of: /Cases by kind of violence<\/caption>.*?<\/tbody>/.dotMatchesNewlines()).map { String($0.0) })
        #expect(acts.contains("<td class=\"number\">3</td>"))
        let referrals = try #require(page.firstMatch(of: /Referrals by outcome<\/caption>.*?<\/tbody>/.dotMatchesNewlines()).map { String($0.0) })
        #expect(referrals.contains("Provided</th><td class=\"number\">1</td>"))
        #expect(referrals.contains("Pending</th><td class=\"number\">2</td>"))

        // In Russian, with the occasion's Russian title.
        let russian = try test.signedIn("coord-ru@x.org").get("/reports/\(interim)").text
        #expect(russian.contains("Зарегистрировано 3 случая"))
        #expect(russian.contains("Included Officer · День благодарности"))
        // Staff see the same picture; finance, who follows the money and not the cases, does not.
        #expect(try test.signedIn("po@x.org").get("/reports/\(interim)").text.contains("3 cases registered"))
        try test.user("fo@x.org", .financeOfficer)
        let finance = try test.signedIn("fo@x.org").get("/reports/\(interim)")
        #expect(finance.status == 200)
        #expect(!finance.text.contains("cases registered") && !finance.text.contains("Included Officer"))
    }
}

/// Registered organisations in the 360Giving file carry their register's identifier.
@Suite struct OrgIdentifierTests {
    @Test func aNumberOfTheRegistersShapeBecomesItsOrgID() {
        #expect(OrgIdentifier.of(country: "UA", registrationNumber: "4455-6677") == "UA-EDR-44556677")
        #expect(OrgIdentifier.of(country: "MD", registrationNumber: "1003600012345") == "MD-IDNO-1003600012345")
        // Wrong length, letters, or a country whose register we cannot recognise: none.
        #expect(OrgIdentifier.of(country: "UA", registrationNumber: "1234567") == nil)
        #expect(OrgIdentifier.of(country: "UA", registrationNumber: "ABCDEFGH") == nil)
        #expect(OrgIdentifier.of(country: "UA", registrationNumber: "１２３４５６７８") == nil)
        #expect(OrgIdentifier.of(country: "AL", registrationNumber: "12345678") == nil)
    }
}
