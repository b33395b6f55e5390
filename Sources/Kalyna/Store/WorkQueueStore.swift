import Foundation
import GRDB

/// What waits for someone, by role: the programme officer's decisions,
/// late reviews, reports to read or chase and tranches to pay; finance's
/// payments to approve and to make; a reviewer's assignments. Each queue is
/// oldest (or most urgent) first, at most `limit` items with the full count.
struct WorkQueue: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case applicationsToDecide = "applications_to_decide"
        case reviewsLate = "reviews_late"
        case reportsSubmitted = "reports_submitted"
        case reportsOverdue = "reports_overdue"
        case tranchesDue = "tranches_due"
        case paymentsToApprove = "payments_to_approve"
        case paymentsToMake = "payments_to_make"
        case myReviews = "my_reviews"
    }

    struct Item: Sendable, Equatable {
        let href: String
        let title: String
        let detail: String
        /// A date the item is measured by (submitted, assigned, due, planned).
        let day: CalendarDate?
        let amount: Money?
        let late: Bool
        /// A catalog key shown after the title (a report's kind).
        var note: String? = nil
    }

    let kind: Kind
    let items: [Item]
    let total: Int
}

enum WorkQueueStore {
    static let limit = 20

    /// `zone`: the network's, in which days are counted and shown.
    static func queues(_ db: Database, for user: User, today: CalendarDate, zone: TimeZone) throws -> [WorkQueue] {
        var queues: [WorkQueue] = []
        if user.role.isProgrammeStaff {
            queues.append(try applicationsToDecide(db, zone: zone))
            queues.append(try reviewsLate(db, today: today, zone: zone))
            queues.append(try reportsSubmitted(db))
            queues.append(try reportsOverdue(db, today: today))
            queues.append(try tranchesDue(db, today: today))
        }
        // Only finance approves and pays (the route table's `.finance`).
        if user.role == .financeOfficer {
            queues.append(try payments(db, status: .proposed, kind: .paymentsToApprove, zone: zone))
            queues.append(try payments(db, status: .approved, kind: .paymentsToMake, zone: zone))
        }
        if user.role == .reviewer || user.role == .programmeOfficer {
            queues.append(try myReviews(db, reviewer: user.id ?? 0, today: today, zone: zone))
        }
        return queues
    }

    /// Runs `sql` (whose last column is `COUNT(*) OVER ()`) into a queue.
    private static func queue(
        _ db: Database, _ kind: WorkQueue.Kind, sql: String, arguments: StatementArguments = [],
        item: (Row) throws -> WorkQueue.Item
    ) throws -> WorkQueue {
        let rows = try Row.fetchAll(db.cachedStatement(sql: sql + " LIMIT \(limit)"), arguments: arguments)
        let total: Int = try rows.first.map { try $0.value($0.count - 1, "total") } ?? 0
        return WorkQueue(kind: kind, items: try rows.map(item), total: total)
    }

    private static func day(_ date: Date?, _ zone: TimeZone) -> CalendarDate? { date.map { CalendarDate($0, in: zone) } }

    static func applicationsToDecide(_ db: Database, zone: TimeZone) throws -> WorkQueue {
        try queue(db, .applicationsToDecide, sql: """
            SELECT a.id, a.title, i.name, a.submitted_at, a.amount_requested, c.currency, COUNT(*) OVER ()
            FROM application a JOIN initiative i ON i.id = a.initiative_id JOIN call c ON c.id = a.call_id
            WHERE a.status IN ('submitted', 'under_review') ORDER BY a.submitted_at, a.id
            """) { row in
            let id: Int64 = try row.value(0, "id")
            return WorkQueue.Item(
                href: "/applications/\(id)", title: try row.value(1, "title"), detail: try row.value(2, "name"),
                day: day(try row.optional(3), zone), amount: Money(minorUnits: try row.value(4, "amount_requested"), currency: try row.currency(5)),
                late: false)
        }
    }

    static func reviewsLate(_ db: Database, today: CalendarDate, zone: TimeZone) throws -> WorkQueue {
        let cutoff = today.adding(days: -ReviewDue.days).start(in: zone)
        return try queue(db, .reviewsLate, sql: """
            SELECT a.id, a.title, u.name, r.assigned_at, COUNT(*) OVER ()
            FROM review r JOIN application a ON a.id = r.application_id JOIN user u ON u.id = r.reviewer_id
            WHERE r.submitted_at IS NULL AND (r.conflict IS NULL OR r.conflict = 0)
              AND a.status IN ('submitted', 'under_review') AND r.assigned_at < ?
            ORDER BY r.assigned_at, r.id
            """, arguments: [cutoff]) { row in
            let id: Int64 = try row.value(0, "id")
            return WorkQueue.Item(
                href: "/applications/\(id)", title: try row.value(1, "title"), detail: try row.value(2, "name"),
                day: day(try row.optional(3), zone), amount: nil, late: true)
        }
    }

    private static let reportColumns = """
        SELECT r.id, g.public_id, r.kind, i.name, r.due_date, COUNT(*) OVER ()
        FROM report_requirement r JOIN "grant" g ON g.id = r.grant_id JOIN application a ON a.id = g.application_id
          JOIN initiative i ON i.id = a.initiative_id
        """

    private static func reportItem(_ row: Row, late: Bool) throws -> WorkQueue.Item {
        let id: Int64 = try row.value(0, "id")
        let kind: ReportKind = try row.choice(2, "kind")
        return WorkQueue.Item(
            href: "/reports/\(id)", title: try row.value(1, "public_id"), detail: try row.value(3, "name"),
            day: try row.day(4, "due_date"), amount: nil, late: late, note: "report_kind_\(kind.rawValue)")
    }

    static func reportsSubmitted(_ db: Database) throws -> WorkQueue {
        try queue(db, .reportsSubmitted, sql: reportColumns + " WHERE r.status = 'submitted' ORDER BY r.due_date, r.id") {
            try reportItem($0, late: false)
        }
    }

    static func reportsOverdue(_ db: Database, today: CalendarDate) throws -> WorkQueue {
        try queue(db, .reportsOverdue, sql: reportColumns + """
             WHERE r.status IN ('pending', 'draft', 'returned') AND r.due_date < ? AND g.status = 'active' ORDER BY r.due_date, r.id
            """, arguments: [today.iso]) { try reportItem($0, late: true) }
    }

    /// Tranches of active grants with no payment under way, planned in the next two weeks or already past.
    static func tranchesDue(_ db: Database, today: CalendarDate) throws -> WorkQueue {
        try queue(db, .tranchesDue, sql: """
            SELECT g.id, g.public_id, i.name, t.planned_date, t.planned_amount, g.currency, COUNT(*) OVER ()
            FROM tranche t JOIN "grant" g ON g.id = t.grant_id JOIN application a ON a.id = g.application_id
              JOIN initiative i ON i.id = a.initiative_id
            WHERE NOT t.cancelled AND g.status = 'active' AND t.planned_date <= ?
              AND NOT EXISTS (SELECT 1 FROM disbursement d WHERE d.tranche_id = t.id AND d.status != 'cancelled')
            ORDER BY t.planned_date, t.id
            """, arguments: [today.adding(days: 14).iso]) { row in
            let id: Int64 = try row.value(0, "id")
            let planned = try row.day(3, "planned_date")
            return WorkQueue.Item(
                href: "/grants/\(id)", title: try row.value(1, "public_id"), detail: try row.value(2, "name"), day: planned,
                amount: Money(minorUnits: try row.value(4, "planned_amount"), currency: try row.currency(5)),
                late: planned.map { $0 < today } ?? false)
        }
    }

    static func payments(_ db: Database, status: DisbursementStatus, kind: WorkQueue.Kind, zone: TimeZone) throws -> WorkQueue {
        try queue(db, kind, sql: """
            SELECT g.id, g.public_id, i.name, COALESCE(d.approved_at, d.proposed_at), d.amount, g.currency, COUNT(*) OVER ()
            FROM disbursement d JOIN "grant" g ON g.id = d.grant_id JOIN application a ON a.id = g.application_id
              JOIN initiative i ON i.id = a.initiative_id
            WHERE d.status = ? ORDER BY d.id
            """, arguments: [status.rawValue]) { row in
            let id: Int64 = try row.value(0, "id")
            return WorkQueue.Item(
                href: "/grants/\(id)", title: try row.value(1, "public_id"), detail: try row.value(2, "name"), day: day(try row.optional(3), zone),
                amount: Money(minorUnits: try row.value(4, "amount"), currency: try row.currency(5)), late: false)
        }
    }

    static func myReviews(_ db: Database, reviewer: Int64, today: CalendarDate, zone: TimeZone) throws -> WorkQueue {
        try queue(db, .myReviews, sql: """
            SELECT r.id, a.title, i.name, r.assigned_at, COUNT(*) OVER ()
            FROM review r JOIN application a ON a.id = r.application_id JOIN initiative i ON i.id = a.initiative_id
            WHERE r.reviewer_id = ? AND r.submitted_at IS NULL AND (r.conflict IS NULL OR r.conflict = 0)
              AND a.status IN ('submitted', 'under_review')
            ORDER BY r.assigned_at, r.id
            """, arguments: [reviewer]) { row in
            let id: Int64 = try row.value(0, "id")
            let due = day(try row.optional(3), zone).map { $0.adding(days: ReviewDue.days) }
            return WorkQueue.Item(
                href: "/reviews/\(id)", title: try row.value(1, "title"), detail: try row.value(2, "name"), day: due, amount: nil,
                late: due.map { $0 < today } ?? false)
        }
    }
}
