import Foundation
import GRDB
import Logging
import Testing
import TestSupport

@testable import Kalyna

/// Reminders with the clock moved: each stage arrives once, however often the
/// daily run happens and however many servers run it.
@Suite(.serialized) struct ReminderTests {
    /// A grant of `ours` whose interim report is due `days` from today; returns the report.
    private func reportDue(in days: Int, _ test: TestApp, initiative ours: Int64) throws -> (report: Int64, due: CalendarDate) {
        let (grant, _, disbursement, report) = try test.grant(call: try test.call(), initiative: ours)
        let due = CalendarDate(test.app.clock.now, in: test.app.timeZone).adding(days: days)
        try test.app.database.pool.write { db in
            try db.execute(sql: "UPDATE report_requirement SET due_date = ? WHERE id = ?", arguments: [due.iso, report])
            // Only the report is chased here: no tranche is waiting to be paid.
            try db.execute(sql: "UPDATE tranche SET planned_date = '2099-01-01' WHERE grant_id = ?", arguments: [grant])
            try db.execute(sql: "DELETE FROM disbursement WHERE id = ?", arguments: [disbursement])
        }
        return (report, due)
    }

    private func subjects(_ test: TestApp, _ email: String) throws -> [String] {
        try test.app.database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT kind || ':' || params FROM notice WHERE email = ? ORDER BY id", arguments: [email])
        }
    }

    @Test func reportRemindersArriveOncePerStageWhateverRunsThem() throws {
        let smtp = try SMTPServer()
        let test = try TestApp.mailing(to: smtp)
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours, name: "Olena")
        let (report, due) = try reportDue(in: 20, test, initiative: ours)
        let day: TimeInterval = 86400

        // 20 days ahead: nothing yet.
        #expect(try test.app.remind() == 0)

        // 14 days ahead: one reminder, and none more from a second run or a second server on the same database.
        test.app.clock.advance(by: 6 * day)
        #expect(try test.app.remind() == 1)
        #expect(try test.app.remind() == 0)
        let other = try App(config: test.app.config, logger: Logger(label: "second"))
        other.clock.advance(by: 6 * day)
        #expect(try other.remind() == 0)

        // Every day until 3 days ahead brings nothing new; then one.
        for _ in 0..<10 {
            test.app.clock.advance(by: day)
            #expect(try test.app.remind() == 0)
        }
        test.app.clock.advance(by: day)
        #expect(try test.app.remind() == 1)
        test.app.clock.advance(by: 2 * day)
        #expect(try test.app.remind() == 0)

        // A day late: overdue, then again only a week later.
        test.app.clock.advance(by: 2 * day)
        #expect(try test.app.remind() == 1)
        for _ in 0..<6 {
            test.app.clock.advance(by: day)
            #expect(try test.app.remind() == 0)
        }
        test.app.clock.advance(by: day)
        #expect(try test.app.remind() == 1)
        #expect(try other.remind() == 0)

        let kinds = try test.app.database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT kind FROM notice WHERE email = 'coord@x.org' ORDER BY id")
        }
        #expect(kinds == ["report_due", "report_due", "report_overdue", "report_overdue"])

        // The coordinator receives each once, by e-mail, with the report's link.
        #expect(eventually(within: 20) { smtp.messages(to: "coord@x.org").count >= 4 })
        let received = smtp.messages(to: "coord@x.org")
        let grant = try #require(try test.app.database.pool.read { try String.fetchOne($0, sql: "SELECT public_id FROM \"grant\"") })
        #expect(received.map(\.subject) == [
            "Report due in 14 days: \(grant)", "Report due in 3 days: \(grant)", "Report late: \(grant)", "Report late: \(grant)",
        ], "\(received.map(\.subject))")
        let written = try #require(test.app.formats["en"]).date(due)
        #expect(received.allSatisfy { $0.text.contains("/reports/\(report)") && $0.text.contains(written) }, "\(received.map(\.text)) \(written)")

        // Once the report is in, the reminders stop.
        try test.app.database.pool.write { try $0.execute(sql: "UPDATE report_requirement SET status = 'submitted' WHERE id = ?", arguments: [report]) }
        test.app.clock.advance(by: 7 * day)
        #expect(try test.app.remind() == 0)
    }

    @Test func reviewsTranchesAndDraftsAreChasedOnce() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("po@x.org", .programmeOfficer, name: "Petra")
        try test.user("coord@x.org", .coordinator, initiative: ours, name: "Olena")
        let reviewer = try test.user("rev@x.org", .reviewer, name: "Roza")
        let today = CalendarDate(test.app.clock.now, in: test.app.timeZone)
        let closing = try test.call(closes: today.adding(days: 5).iso)
        let draft = try test.application(call: closing, initiative: ours, status: .draft, title: "Draft")
        let submitted = try test.application(call: closing, initiative: ours, status: .submitted, title: "In review")
        try test.review(application: submitted, reviewer: reviewer, conflict: false)
        let (grant, _, _, _) = try test.grant(call: try test.call(), initiative: ours)
        try test.app.database.pool.write { db in
            try db.execute(sql: "UPDATE report_requirement SET due_date = '2099-01-01'")
            try db.execute(sql: "DELETE FROM disbursement")
            try db.execute(sql: "UPDATE tranche SET planned_date = ? WHERE grant_id = ? AND position = 0", arguments: [today.adding(days: 4).iso, grant])
            try db.execute(sql: "UPDATE tranche SET planned_date = '2099-01-01' WHERE grant_id = ? AND position != 0", arguments: [grant])
        }
        #expect(try test.app.remind() == 0)

        // Two days on, the call closes in three: the draft's coordinator is told.
        test.app.clock.advance(by: 2 * 86400)
        #expect(try test.app.remind() == 1)
        #expect(try subjects(test, "coord@x.org").count == 1)
        #expect(try subjects(test, "coord@x.org").first?.hasPrefix("draft_unsubmitted:") == true)
        // Four days on, the tranche's day has come: the programme staff are told, once.
        test.app.clock.advance(by: 2 * 86400)
        #expect(try test.app.remind() == 1)
        #expect(try subjects(test, "po@x.org").map { $0.prefix { $0 != ":" } } == ["tranche_expected"])
        // A week after assignment the review is chased, once.
        test.app.clock.advance(by: 3 * 86400)
        #expect(try test.app.remind() == 1)
        #expect(try subjects(test, "rev@x.org").map { $0.prefix { $0 != ":" } } == ["review_overdue"])
        test.app.clock.advance(by: 86400)
        #expect(try test.app.remind() == 0)
        _ = draft
    }
}
