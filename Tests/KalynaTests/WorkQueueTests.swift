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

    /// The count in a queue's heading.
    static func count(_ page: String, _ kind: WorkQueue.Kind) -> Int? {
        guard let start = page.range(of: "id=\"queue-\(kind.rawValue)\"") else { return nil }
        return page[start.upperBound...].firstMatch(of: /<span class="count">\(([^)]+)\)<\/span>/).flatMap { Int($0.1.filter(\.isNumber)) }
    }

    /// On the demo data, each role's queues hold exactly what the issue's
    /// definitions select, read here straight from the tables: every item
    /// when the queue is short, else its first page and the full count.
    @Test func onTheDemoDataEachQueueListsExactlyItsItems() throws {
        let test = try TestApp()
        _ = try DemoData.build(database: test.app.database, narratives: test.app.narratives, scale: 1)
        let today = CalendarDate(Date(), in: test.app.timeZone)
        let weekAgo = today.adding(days: -ReviewDue.days).start(in: test.app.timeZone)
        let soon = today.adding(days: 14).iso
        /// The queue's links, and how many items the queue has in all.
        func select(_ prefix: String, _ sql: String, _ arguments: StatementArguments = []) throws -> (links: Set<String>, total: Int) {
            let ids = try test.app.database.pool.read { try Int64.fetchAll($0, sql: sql, arguments: arguments) }
            return (Set(ids.map { "\(prefix)/\($0)" }), ids.count)
        }
        let lateReview = """
            FROM review r JOIN application a ON a.id = r.application_id
            WHERE r.submitted_at IS NULL AND r.conflict IS NOT 1 AND a.status IN ('submitted', 'under_review') AND r.assigned_at < ?
            """
        let dueTranche = """
            FROM tranche t JOIN "grant" g ON g.id = t.grant_id WHERE NOT t.cancelled AND g.status = 'active' AND t.planned_date <= ?
              AND t.id NOT IN (SELECT tranche_id FROM disbursement WHERE status != 'cancelled')
            """
        var expected: [WorkQueue.Kind: (links: Set<String>, total: Int)] = [
            .applicationsToDecide: try select("/applications", "SELECT id FROM application WHERE status IN ('submitted', 'under_review')"),
            .reviewsLate: try select("/applications", "SELECT r.application_id " + lateReview, [weekAgo]),
            .reportsSubmitted: try select("/reports", "SELECT id FROM report_requirement WHERE status = 'submitted'"),
            .reportsOverdue: try select("/reports", """
                SELECT r.id FROM report_requirement r JOIN "grant" g ON g.id = r.grant_id
                WHERE r.status NOT IN ('submitted', 'accepted') AND r.due_date < ? AND g.status = 'active'
                """, [today.iso]),
            .tranchesDue: try select("/grants", "SELECT t.grant_id " + dueTranche, [soon]),
            .paymentsToApprove: try select("/grants", "SELECT grant_id FROM disbursement WHERE status = 'proposed'"),
            .paymentsToMake: try select("/grants", "SELECT grant_id FROM disbursement WHERE status = 'approved'"),
        ]
        func check(_ email: String, _ kinds: [WorkQueue.Kind], absent: [WorkQueue.Kind]) throws {
            let browser = Browser(test)
            #expect(try browser.post("/sign-in", [("email", email), ("password", "kalyna-demo-2027")], from: "/sign-in").status == 303)
            let page = try browser.get("/dashboard").text
            for kind in kinds {
                let want = try #require(expected[kind])
                let shown = try #require(Self.links(page, kind), "\(email): no \(kind) queue")
                #expect(Self.count(page, kind) == want.total, "\(email) \(kind)")
                #expect(Set(shown).isSubset(of: want.links), "\(email) \(kind): \(Set(shown).subtracting(want.links))")
                #expect(shown.count == min(want.total, WorkQueueStore.limit), "\(email) \(kind)")
                if want.total <= WorkQueueStore.limit { #expect(Set(shown) == want.links, "\(email) \(kind)") }
            }
            for kind in absent { #expect(Self.links(page, kind) == nil, "\(email) is shown \(kind)") }
        }
        let staffQueues: [WorkQueue.Kind] = [.applicationsToDecide, .reviewsLate, .reportsSubmitted, .reportsOverdue, .tranchesDue]
        // The demo exercises every queue.
        for kind in staffQueues + [.paymentsToApprove, .paymentsToMake] { #expect(expected[kind]?.total ?? 0 > 0, "the demo has no \(kind)") }
        try check("po@demo.kalyna", staffQueues, absent: [.paymentsToApprove, .paymentsToMake])
        try check("finance@demo.kalyna", [.paymentsToApprove, .paymentsToMake], absent: staffQueues)
        // Each reviewer: her own assignments not yet done, and nobody else's.
        for n in 1...3 {
            let email = "reviewer\(n)@demo.kalyna"
            expected[.myReviews] = try select("/reviews", """
                SELECT r.id FROM review r JOIN application a ON a.id = r.application_id JOIN user u ON u.id = r.reviewer_id
                WHERE u.email = ? AND r.submitted_at IS NULL AND r.conflict IS NOT 1 AND a.status IN ('submitted', 'under_review')
                """, [email])
            try check(email, [.myReviews], absent: [.applicationsToDecide, .paymentsToApprove])
        }
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
