import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// Each dashboard lists what waits for its user, and only that.
@Suite struct WorkQueueTests {
    /// The links in one queue's section of the dashboard.
    static func links(_ page: String, _ kind: WorkQueue.Kind) -> [String]? {
        guard let start = page.range(of: "id=\"queue-\(kind.rawValue)\"") else { return nil }
        let section = page[start.upperBound...]
        let end = section.range(of: "</section>").map { section[..<$0.lowerBound] } ?? section
        return end.matches(of: /<a href="([^"]+)">/).map { String($0.1) }
    }

    @Test func eachRoleSeesItsOwnQueues() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        let theirs = try test.initiative("Theirs", country: "MD", city: "Chișinău")
        let call = try test.call()
        try test.user("po@x.org", .programmeOfficer)
        try test.user("fo@x.org", .financeOfficer)
        let reviewer = try test.user("rev@x.org", .reviewer)
        let other = try test.user("rev2@x.org", .reviewer)
        let waiting = try test.application(call: call, initiative: ours, status: .submitted, title: "Waiting")
        _ = try test.application(call: call, initiative: theirs, status: .draft, title: "Draft")
        let late = try test.review(application: waiting, reviewer: reviewer, conflict: false)
        let recent = try test.review(application: waiting, reviewer: other, conflict: nil)
        let (grantA, _, _, interimA) = try test.grant(call: call, initiative: ours)
        let (grantB, _, approvedPayment, interimB) = try test.grant(call: call, initiative: theirs)
        let today = CalendarDate(Date(), in: test.app.timeZone)
        try test.app.database.pool.write { db in
            try db.execute(sql: "UPDATE review SET assigned_at = ? WHERE id = ?", arguments: [Date().addingTimeInterval(-10 * 86400), late])
            try db.execute(sql: "UPDATE review SET assigned_at = ? WHERE id = ?", arguments: [Date().addingTimeInterval(-2 * 86400), recent])
            _ = try DisbursementStore.approve(db, approvedPayment, by: nil, now: Date())
            // Grant A's interim report is in; grant B's is past due.
            try db.execute(sql: "UPDATE report_requirement SET status = 'submitted' WHERE id = ?", arguments: [interimA])
            try db.execute(sql: "UPDATE report_requirement SET due_date = ? WHERE id = ?", arguments: [today.adding(days: -3).iso, interimB])
            // Grant B's second tranche was planned last week, with nothing proposed.
            try db.execute(sql: "UPDATE tranche SET planned_date = ? WHERE grant_id = ? AND position = 1", arguments: [today.adding(days: -7).iso, grantB])
        }

        let officer = try test.signedIn("po@x.org").get("/dashboard").text
        #expect(Self.links(officer, .applicationsToDecide) == ["/applications/\(waiting)"])
        #expect(Self.links(officer, .reviewsLate) == ["/applications/\(waiting)"])
        #expect(Self.links(officer, .reportsSubmitted) == ["/reports/\(interimA)"])
        #expect(Self.links(officer, .reportsOverdue) == ["/reports/\(interimB)"])
        #expect(Self.links(officer, .tranchesDue) == ["/grants/\(grantB)"])
        #expect(Self.links(officer, .paymentsToApprove) == nil, "finance's queues are not the programme officer's")

        let finance = try test.signedIn("fo@x.org").get("/dashboard").text
        #expect(Self.links(finance, .paymentsToApprove) == ["/grants/\(grantA)"])
        #expect(Self.links(finance, .paymentsToMake) == ["/grants/\(grantB)"])
        #expect(Self.links(finance, .applicationsToDecide) == nil)

        // The administrator cannot approve payments, so is not asked to.
        try test.user("admin@x.org", .admin)
        let admin = try test.signedIn("admin@x.org").get("/dashboard").text
        #expect(Self.links(admin, .paymentsToApprove) == nil)
        #expect(Self.links(admin, .applicationsToDecide) == ["/applications/\(waiting)"])

        let first = try test.signedIn("rev@x.org").get("/dashboard").text
        #expect(Self.links(first, .myReviews) == ["/reviews/\(late)"])
        #expect(first.contains("overdue-label\">late<"))
        let second = try test.signedIn("rev2@x.org").get("/dashboard").text
        #expect(Self.links(second, .myReviews) == ["/reviews/\(recent)"])
        #expect(Self.links(second, .reviewsLate) == nil)
    }
}
