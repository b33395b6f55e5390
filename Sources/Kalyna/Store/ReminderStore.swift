import Foundation
import GRDB

/// The daily reminders. Safe to run any number of times a day, from the
/// server and from `kalyna remind` at once: each reminder's idempotency key
/// names its record, its date and its stage, so a second run writes nothing.
enum ReminderStore {
    /// Writes the reminders due on `today`; returns how many were new.
    static func run(_ db: Database, today: CalendarDate, now: Date) throws -> Int {
        var written = 0
        func tell(_ users: [User], _ kind: NoticeKind, _ params: [String: String], _ link: String, key: String) throws {
            for user in users where try NoticeStore.tell(db, user, kind, params: params, link: link, key: "\(key):\(user.id ?? 0)", now: now) {
                written += 1
            }
        }
        let staff = try NoticeStore.people(db, roles: [.admin, .programmeOfficer])

        // Reports not yet in, of active grants: 14 and 3 days ahead, then every week late.
        let reports = try Row.fetchAll(
            db,
            sql: """
                SELECT r.id, r.due_date, g.public_id, a.initiative_id FROM report_requirement r
                JOIN "grant" g ON g.id = r.grant_id JOIN application a ON a.id = g.application_id
                WHERE g.status = 'active' AND r.status IN ('pending', 'draft', 'returned')
                """)
        for row in reports {
            let id: Int64 = try row.value(0, "id")
            guard let due = CalendarDate(iso: try row.value(1, "due_date")), let stage = ReminderRules.reportStage(due: due, today: today) else { continue }
            let coordinators = try NoticeStore.coordinators(db, initiative: try row.value(3, "initiative_id"))
            var params: [String: String] = ["grant": try row.value(2, "public_id"), "due": due.iso]
            let kind: NoticeKind
            switch stage {
            case .dueIn(let days):
                kind = .reportDue
                params["days"] = String(days)
            case .overdue:
                kind = .reportOverdue
            }
            try tell(coordinators, kind, params, "/reports/\(id)", key: "remind:report:\(id):\(due.iso):\(stage.key)")
        }

        // Tranches whose planned day has come and that nobody has asked to pay.
        let tranches = try Row.fetchAll(
            db,
            sql: """
                SELECT t.id, t.planned_date, t.grant_id, g.public_id FROM tranche t JOIN "grant" g ON g.id = t.grant_id
                WHERE g.status = 'active' AND t.cancelled = 0 AND t.planned_date <= ?
                  AND NOT EXISTS (SELECT 1 FROM disbursement d WHERE d.tranche_id = t.id AND d.status != 'cancelled')
                """,
            arguments: [today.iso])
        for row in tranches {
            let id: Int64 = try row.value(0, "id"), planned: String = try row.value(1, "planned_date"), grant: Int64 = try row.value(2, "grant_id")
            let publicId: String = try row.value(3, "public_id")
            try tell(staff, .trancheExpected, ["grant": publicId, "planned": planned], "/grants/\(grant)", key: "remind:tranche:\(id):\(planned)")
        }

        // Reviews not done a week after they were assigned, of applications still awaiting a decision.
        let reviews = try Row.fetchAll(
            db,
            sql: """
                SELECT r.id, r.reviewer_id, a.title FROM review r JOIN application a ON a.id = r.application_id
                WHERE r.submitted_at IS NULL AND r.conflict IS NOT 1 AND a.status IN ('submitted', 'under_review') AND r.assigned_at <= ?
                """,
            arguments: [now.addingTimeInterval(-Double(ReminderRules.reviewGraceDays) * 86400)])
        for row in reviews {
            let id: Int64 = try row.value(0, "id"), reviewerId: Int64 = try row.value(1, "reviewer_id"), title: String = try row.value(2, "title")
            guard let reviewer = try User.fetchOne(db, key: reviewerId) else { continue }
            try tell([reviewer], .reviewOverdue, ["application": title], "/reviews/\(id)", key: "remind:review:\(id)")
        }

        // Drafts of open calls that close within three days.
        let drafts = try Row.fetchAll(
            db,
            sql: """
                SELECT a.id, a.title, a.initiative_id, c.title AS call, c.closes_on FROM application a JOIN call c ON c.id = a.call_id
                WHERE a.status = 'draft' AND c.status = 'open' AND c.closes_on >= ? AND c.closes_on <= ?
                """,
            arguments: [today.iso, today.adding(days: ReminderRules.draftWarningDays).iso])
        for row in drafts {
            let id: Int64 = try row.value(0, "id"), closes: String = try row.value(4, "closes_on"), call: String = try row.value(3, "call")
            let coordinators = try NoticeStore.coordinators(db, initiative: try row.value(2, "initiative_id"))
            try tell(coordinators, .draftUnsubmitted, ["call": call, "closes": closes], "/applications/\(id)/edit", key: "remind:draft:\(id):\(closes)")
        }
        return written
    }
}
