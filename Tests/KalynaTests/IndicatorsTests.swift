import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// Outcome indicators: targets in the application, actuals in each report
/// (pre-filled from Kalyna's own records where it counts them), target
/// against actual on the grant page.
@Suite struct IndicatorsTests {
    @Test func wholeNumbersOnly() {
        #expect(IndicatorRules.amount("1 200") == 1200)
        #expect(IndicatorRules.amount("-3") == nil)
        #expect(IndicatorRules.amount("12,5") == nil)
        #expect(IndicatorRules.problem("") == "validation_required")
        #expect(PeriodCounts(cases: 4, referralsMade: 3, referralsProvided: 1).value(for: .referralsProvided) == 1)
        #expect(PeriodCounts().value(for: .none) == nil)
    }

    @Test func targetsInTheApplicationActualsInTheReportTargetAgainstActualOnTheGrant() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("po@x.org", .programmeOfficer)
        try test.user("coord@x.org", .coordinator, initiative: ours)
        let call = try test.call()
        let officer = try test.signedIn("po@x.org")
        let page = "/calls/\(call)/questions"
        #expect(try officer.post("/calls/\(call)/indicators", [("name", ""), ("source", "cases")], from: page).status == 422)
        #expect(try officer.post("/calls/\(call)/indicators", [("name", "Cases documented"), ("name_uk", "Задокументовані випадки"), ("source", "cases")], from: page).status == 303)
        #expect(try officer.post("/calls/\(call)/indicators", [("name", "Women reached"), ("unit", "women"), ("source", "none")], from: page).status == 303)
        let ids = try test.app.database.pool.read { try Int64.fetchAll($0, sql: "SELECT id FROM call_indicator ORDER BY position") }
        let (cases, women) = (ids[0], ids[1])

        // The application sets a target for each; a wrong one is shown beside its field.
        let application = try test.application(call: call, initiative: ours)
        let applicant = try test.signedIn("coord@x.org")
        let edit = "/applications/\(application)/edit"
        let base: [(String, String)] = [
            ("title", "Safe spaces"), ("summary", "Peer support."), ("objectives", "Reach 200 women."), ("activities", "Weekly meetings."),
            ("target_group", "Women who use drugs."), ("planned_start", "2026-01-01"), ("planned_end", "2026-12-31"),
            ("line_category", "activities"), ("line_description", "Meetings"), ("line_amount", "2000"),
        ]
        let refused = try applicant.post("/applications/\(application)", base + [("target_\(cases)", "40"), ("target_\(women)", "many"), ("action", "submit")], from: edit)
        #expect(refused.status == 422)
        #expect(refused.text.contains("id=\"target-\(women)-error\"") && refused.text.contains("value=\"many\""))
        #expect(try applicant.post("/applications/\(application)", base + [("target_\(cases)", "40"), ("target_\(women)", "200"), ("action", "submit")], from: edit).status == 303)
        #expect(try officer.post("/applications/\(application)/approve", [("amount", "2000")], from: "/applications/\(application)").status == 303)
        let (grant, report) = try test.app.database.pool.read { db in
            (try Int64.fetchOne(db, sql: "SELECT id FROM \"grant\"") ?? 0,
             try Int64.fetchOne(db, sql: "SELECT r.id FROM report_requirement r WHERE r.kind = 'interim'") ?? 0)
        }
        let (start, due) = try test.app.database.pool.read { db in
            (try String.fetchOne(db, sql: "SELECT period_start FROM \"grant\"") ?? "", try String.fetchOne(db, sql: "SELECT due_date FROM report_requirement WHERE id = ?", arguments: [report]) ?? "")
        }
        // Two cases of ours registered in the report's period (on its first and last days), one before the grant.
        for day in [start, due, "2025-06-01"] {
            let (id, _) = try test.caseRecord(initiative: ours)
            try test.app.database.pool.write { try $0.execute(sql: "UPDATE \"case\" SET registered_on = ? WHERE id = ?", arguments: [day, id]) }
        }

        // Before she reports, staff read nothing as reported (Kalyna's count only pre-fills her form).
        #expect(try officer.get("/reports/\(report)").text.contains("Cases documented</dt><dd>—</dd>"))
        // The report comes pre-filled with Kalyna's count; the typed one is asked for.
        let reportPage = try applicant.get("/reports/\(report)").text
        #expect(reportPage.contains("id=\"indicator-\(cases)\" name=\"indicator_\(cases)\" value=\"2\""))
        #expect(reportPage.contains("records show 2 in this period."))
        #expect(reportPage.contains("Target: 200."))
        let line = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM budget_line") })
        let filled: [(String, String)] = [("done", "Meetings."), ("results", "Women reached."), ("actual_\(line)", "900")]
        let missing = try applicant.post("/reports/\(report)", filled + [("indicator_\(cases)", "2"), ("indicator_\(women)", ""), ("action", "submit")], from: "/reports/\(report)")
        #expect(missing.status == 422)
        #expect(missing.text.contains("id=\"indicator-\(women)-error\""))
        #expect(try applicant.post("/reports/\(report)", filled + [
            ("indicator_\(cases)", "3"), ("indicator_note_\(cases)", "One case was registered on paper."), ("indicator_\(women)", "85"), ("action", "submit"),
        ], from: "/reports/\(report)").status == 303)

        // The grant page: target against what the reports give.
        let grantPage = try officer.get("/grants/\(grant)").text
        #expect(grantPage.contains("Cases documented</th><td class=\"number\" data-label=\"Target\">40</td><td class=\"number\" data-label=\"Reported\">3</td>"))
        #expect(grantPage.contains("Women reached (women)</th><td class=\"number\" data-label=\"Target\">200</td><td class=\"number\" data-label=\"Reported\">85</td>"))
        #expect(try officer.get("/reports/\(report)").text.contains("One case was registered on paper."))
        // The staff picture totals them per call and country.
        let picture = try officer.get("/picture").text
        #expect(picture.contains("<th scope=\"row\">Women reached (women)</th><td>Ukraine</td><td class=\"number\">200</td><td class=\"number\">85</td>"))
        // Ukrainian readers see the indicator's Ukrainian name.
        try test.setLanguage(try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM user WHERE email = 'coord@x.org'") }), "uk")
        #expect(try test.signedIn("coord@x.org").get("/grants/\(grant)").text.contains("Задокументовані випадки"))
    }
}
