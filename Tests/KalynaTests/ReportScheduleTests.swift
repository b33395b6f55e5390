import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// A grant asks for as many interim reports as its schedule needs, and every
/// version of a report that was submitted stays readable.
@Suite struct ReportScheduleTests {
    func reports(_ test: TestApp) throws -> [(id: Int64, kind: String, due: String)] {
        try test.app.database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, kind, due_date FROM report_requirement ORDER BY due_date").map { ($0["id"], $0["kind"], $0["due_date"]) }
        }
    }

    func tranches(_ test: TestApp) throws -> [(id: Int64, requires: Int64?)] {
        try test.app.database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, requires_report_id FROM tranche WHERE NOT cancelled ORDER BY position").map { ($0["id"], $0["requires_report_id"]) }
        }
    }

    @Test func aThreeTrancheGrantAsksForTwoNumberedInterimReports() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        let call = try test.call()
        try test.app.database.pool.write { try $0.execute(sql: "UPDATE call SET tranche_split = '40,30,30'") }
        try test.user("po@x.org", .programmeOfficer)
        let (grant, _, _, _) = try test.grant(call: call, initiative: ours)
        let reports = try reports(test)
        #expect(reports.map(\.kind) == ["interim", "interim", "final"])
        #expect(try tranches(test).map(\.requires) == [nil, reports[0].id, reports[1].id])
        let page = try test.signedIn("po@x.org").get("/grants/\(grant)").text
        #expect(page.contains("Interim report 1"))
        #expect(page.contains("Interim report 2"))
        #expect(page.contains("Final report"))
    }

    @Test func staffAddAndRemoveInterimReportsOnTheSchedule() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("po@x.org", .programmeOfficer)
        let (grant, firstTranche, _, interim) = try test.grant(call: try test.call(), initiative: ours)
        let secondTranche = try tranches(test)[1].id
        let officer = try test.signedIn("po@x.org")
        let schedule = "/grants/\(grant)/schedule"
        let final = try #require(try reports(test).first { $0.kind == "final" })
        let base: [(String, String)] = [
            ("tranche_id", String(firstTranche)), ("tranche_amount", "1400"), ("tranche_date", "2030-01-01"), ("tranche_requires", ""),
            ("tranche_id", String(secondTranche)), ("tranche_amount", "300"), ("tranche_date", "2030-06-01"), ("tranche_requires", "r\(interim)"),
            ("report_key", "r\(interim)"), ("report_due", "2030-05-01"), ("report_key", "r\(final.id)"), ("report_due", final.due),
        ]
        // "Add an interim report" gives a new row, and tranches may choose it.
        let added = try officer.post(schedule, base + [("action", "add_report")], from: schedule)
        #expect(added.status == 200)
        #expect(added.text.contains("name=\"report_key\" value=\"n1\""))
        #expect(added.text.contains("<option value=\"n1\">"))
        // Saved with a third tranche waiting for the new report.
        let saved = try officer.post(
            schedule,
            base + [
                ("tranche_id", ""), ("tranche_amount", "300"), ("tranche_date", "2030-10-01"), ("tranche_requires", "n1"),
                ("report_key", "n1"), ("report_due", "2030-09-15"), ("action", "save"),
            ], from: schedule)
        #expect(saved.status == 303)
        let after = try reports(test)
        #expect(after.map(\.kind) == ["interim", "interim", "final"])
        let added2 = try #require(after.first { $0.due == "2030-09-15" })
        #expect(try tranches(test).map(\.requires) == [nil, interim, added2.id])
        #expect(try officer.get("/grants/\(grant)").text.contains("Interim report 2"))

        // A new report without a date is refused with the reason beside it.
        let undated = try officer.post(schedule, base + [("report_key", "n1"), ("report_due", ""), ("action", "save")], from: schedule)
        #expect(undated.status == 422)
        #expect(undated.text.contains("id=\"report-due-2-error\""))

        // Taking out the unstarted report frees the tranche that waited for it.
        let kept: [(String, String)] = [
            ("tranche_id", String(firstTranche)), ("tranche_amount", "1400"), ("tranche_date", "2030-01-01"), ("tranche_requires", ""),
            ("tranche_id", String(secondTranche)), ("tranche_amount", "600"), ("tranche_date", "2030-06-01"), ("tranche_requires", "r\(interim)"),
            ("report_key", "r\(interim)"), ("report_due", "2030-05-01"), ("report_key", "r\(final.id)"), ("report_due", final.due), ("action", "save"),
        ]
        #expect(try officer.post(schedule, kept, from: schedule).status == 303)
        #expect(try reports(test).count == 2)
        #expect(try tranches(test).map(\.requires) == [nil, interim])
    }

    @Test func aReportSomeoneBeganStaysOnTheSchedule() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("po@x.org", .programmeOfficer)
        try test.user("coord@x.org", .coordinator, initiative: ours)
        let (grant, firstTranche, _, interim) = try test.grant(call: try test.call(), initiative: ours)
        let secondTranche = try tranches(test)[1].id
        let report = "/reports/\(interim)"
        let coordinator = try test.signedIn("coord@x.org")
        #expect(try coordinator.post(report, [("done", "Begun."), ("action", "save")], from: report).status == 303)
        let officer = try test.signedIn("po@x.org")
        let schedule = "/grants/\(grant)/schedule"
        #expect(!(try officer.get(schedule).text.contains("value=\"remove_report_0\"")))
        // Left out of the form, it is kept.
        let final = try #require(try reports(test).first { $0.kind == "final" })
        let saved = try officer.post(
            schedule,
            [
                ("tranche_id", String(firstTranche)), ("tranche_amount", "1400"), ("tranche_date", "2030-01-01"), ("tranche_requires", ""),
                ("tranche_id", String(secondTranche)), ("tranche_amount", "600"), ("tranche_date", "2030-06-01"), ("tranche_requires", "r\(interim)"),
                ("report_key", "r\(final.id)"), ("report_due", final.due), ("action", "save"),
            ], from: schedule)
        #expect(saved.status == 303)
        #expect(try reports(test).count == 2)
        #expect(try tranches(test).map(\.requires) == [nil, interim])
    }

    @Test func everySubmittedVersionOfAReportCanBeRead() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("po@x.org", .programmeOfficer)
        try test.user("coord@x.org", .coordinator, initiative: ours)
        try test.user("other@x.org", .coordinator, initiative: try test.initiative("Theirs"))
        let (_, _, _, interim) = try test.grant(call: try test.call(), initiative: ours)
        let lineId = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM budget_line") })
        let report = "/reports/\(interim)"
        let coordinator = try test.signedIn("coord@x.org")
        let officer = try test.signedIn("po@x.org")
        let first: [(String, String)] = [("done", "First account."), ("results", "80 women."), ("actual_\(lineId)", "1000"), ("action", "submit")]
        #expect(try coordinator.post(report, first, from: report).status == 303)
        #expect(try officer.post(report + "/return", [("comment", "Add the referrals.")], from: report).status == 303)
        let second: [(String, String)] = [("done", "Second account."), ("results", "120 women, 14 referred."), ("actual_\(lineId)", "1450"), ("action", "submit")]
        #expect(try coordinator.post(report, second, from: report).status == 303)

        let page = try coordinator.get(report).text
        #expect(page.contains("href=\"\(report)/versions/1\""))
        #expect(page.contains("href=\"\(report)/versions/2\""))
        let one = try coordinator.get("\(report)/versions/1")
        #expect(one.status == 200)
        #expect(one.text.contains("Version 1 of 2"))
        #expect(one.text.contains("First account."))
        #expect(!one.text.contains("Second account."))
        #expect(one.text.contains("Add the referrals."))
        #expect(one.text.contains("EUR 1,000.00"))
        let two = try officer.get("\(report)/versions/2").text
        #expect(two.contains("120 women, 14 referred."))
        #expect(two.contains("Waiting for a decision"))
        #expect(try officer.get("\(report)/versions/3").status == 404)
        #expect(try officer.get("\(report)/versions/0").status == 404)
        let other = try test.signedIn("other@x.org").get("\(report)/versions/1")
        #expect(other.status == 403 || other.status == 404)
        #expect(!other.text.contains("First account."))
    }
}
