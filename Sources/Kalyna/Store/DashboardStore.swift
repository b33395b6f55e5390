import GRDB

/// What needs a user's attention, by role: her initiative, its applications and
/// grants; reviews waiting; applications and initiatives waiting for staff.
struct Dashboard: Sendable {
    struct OwnGrant: Sendable {
        let id: Int64
        let publicId: String
        let awarded: Money
        let paid: Money
        let nextDue: CalendarDate?
    }

    var initiative: Initiative?
    var applications: [ApplicationStore.OwnApplication]?
    var grants: [OwnGrant] = []
    var openReviews: Int?
    var waitingApplications: Int?
    var pendingInitiatives: Int?
    var users: Int?
}

enum DashboardStore {
    static func dashboard(_ db: Database, for user: User, kept: KeptReads) throws -> Dashboard {
        var dashboard = Dashboard()
        if user.role.isInitiativeMember, let id = user.initiativeId, let initiative = try InitiativeStore.find(db, id: id) {
            dashboard.initiative = initiative
            if user.role == .coordinator {
                dashboard.applications = try ApplicationStore.forInitiative(db, id)
                dashboard.grants = try Row.fetchAll(
                    db.cachedStatement(sql: """
                        SELECT g.id, g.public_id, g.amount_awarded, g.currency, p.paid, p.next_due
                        FROM "grant" g JOIN application a ON a.id = g.application_id JOIN grant_progress p ON p.grant_id = g.id
                        WHERE a.initiative_id = ? ORDER BY g.id DESC
                        """),
                    arguments: [id]
                ).map { row in
                    let currency = try row.currency(3)
                    return Dashboard.OwnGrant(
                        id: try row.value(0, "id"), publicId: try row.value(1, "public_id"),
                        awarded: Money(minorUnits: try row.value(2, "amount_awarded"), currency: currency),
                        paid: Money(minorUnits: try row.value(4, "paid"), currency: currency), nextDue: try row.day(5, "next_due"))
                }
            }
        }
        if user.role == .reviewer || user.role == .programmeOfficer {
            dashboard.openReviews = try kept.count(
                db, sql: "SELECT COUNT(*) FROM review WHERE reviewer_id = ? AND submitted_at IS NULL AND (conflict IS NULL OR conflict = 0)",
                arguments: [user.id], tables: ["review"])
        }
        if user.role.isProgrammeStaff {
            dashboard.waitingApplications = try kept.count(
                db, sql: "SELECT COUNT(*) FROM application WHERE status IN (?, ?)",
                arguments: [ApplicationStatus.submitted.rawValue, ApplicationStatus.underReview.rawValue], tables: ["application"])
            dashboard.pendingInitiatives = try kept.count(
                db, sql: "SELECT COUNT(*) FROM initiative WHERE status = ? OR changed_since_verification", arguments: [InitiativeStatus.pending.rawValue], tables: ["initiative"])
        }
        if user.role == .admin {
            dashboard.users = try kept.count(db, sql: "SELECT COUNT(*) FROM user", tables: ["user"])
        }
        return dashboard
    }
}
