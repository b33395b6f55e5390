import GRDB
import HTTPServer
import Templating

/// `GET /dashboard`: where each user starts; what needs her attention.
enum DashboardShow {
    static func handle(_ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        var data: [String: TemplateValue] = ["roleName": .string(context.t("role_\(user.role.rawValue)"))]
        try context.app.database.pool.read { db in
            if user.role.isInitiativeMember, let id = user.initiativeId, let initiative = try InitiativeStore.find(db, id: id) {
                data["initiative"] = InitiativeView.summary(initiative, context)
                if user.role == .coordinator {
                    data["applications"] = .list(try ApplicationStore.forInitiative(db, id).map { row in
                        let currency = Currency(code: row["currency"] ?? "") ?? .euro
                        let status: String = row["status"] ?? ""
                        return [
                            "href": .string("/applications/\(row["id"] as Int64? ?? 0)"),
                            "title": .string((row["title"] as String?).flatMap { $0.isEmpty ? nil : $0 } ?? context.t("application_untitled")),
                            "call": .string(row["call_title"] ?? ""),
                            "status": .string(context.t("application_status_\(status)")),
                            "requested": .string(context.format.money(Money(minorUnits: row["amount_requested"] ?? 0, currency: currency))),
                            "awarded": (row["amount_awarded"] as Int64?).map { .string(context.format.money(Money(minorUnits: $0, currency: currency))) } ?? .null,
                            "reason": TemplateValue(row["decision_reason"] as String?),
                        ]
                    })
                    data["showApplications"] = .bool(true)
                    data["grants"] = .list(try Row.fetchAllCached(
                        db,
                        sql: """
                            SELECT g.id, g.public_id, g.amount_awarded, g.currency, g.status,
                              (SELECT COALESCE(SUM(amount), 0) FROM disbursement d WHERE d.grant_id = g.id AND d.status = 'paid') AS paid,
                              (SELECT MIN(due_date) FROM report_requirement r WHERE r.grant_id = g.id AND r.status != 'accepted') AS next_due
                            FROM "grant" g JOIN application a ON a.id = g.application_id WHERE a.initiative_id = ? ORDER BY g.id DESC
                            """,
                        arguments: [id]
                    ).map { row -> TemplateValue in
                        let currency = Currency(code: row["currency"] ?? "") ?? .euro
                        let due: String? = row["next_due"]
                        return [
                            "href": .string("/grants/\(row["id"] as Int64? ?? 0)"), "publicId": .string(row["public_id"] ?? ""),
                            "awarded": .string(context.format.money(Money(minorUnits: row["amount_awarded"] ?? 0, currency: currency))),
                            "paid": .string(context.format.money(Money(minorUnits: row["paid"] ?? 0, currency: currency))),
                            "nextDue": TemplateValue(due.flatMap { CalendarDate(iso: $0) }.map(context.format.date)),
                            "overdue": .bool(due.map { $0 < CalendarDate(context.now).iso } ?? false),
                        ]
                    })
                }
            }
            if user.role == .reviewer || user.role == .programmeOfficer {
                let open = try context.totals.count(
                    db, sql: "SELECT COUNT(*) FROM review WHERE reviewer_id = ? AND submitted_at IS NULL AND (conflict IS NULL OR conflict = 0)",
                    arguments: [user.id], tables: ["review"])
                data["reviews"] = .string(context.t("dashboard_reviews", ["count": context.format.number(open)]))
            }
            if user.role.isProgrammeStaff {
                // Counts over every application: kept until the next write.
                let waiting = try context.totals.count(
                    db, sql: "SELECT COUNT(*) FROM application WHERE status IN (?, ?)",
                    arguments: [ApplicationStatus.submitted.rawValue, ApplicationStatus.underReview.rawValue], tables: ["application"])
                data["waitingApplications"] = .string(context.t("dashboard_waiting_applications", ["count": context.format.number(waiting)]))
                let pending = try context.totals.count(
                    db, sql: "SELECT COUNT(*) FROM initiative WHERE status = ?", arguments: [InitiativeStatus.pending.rawValue], tables: ["initiative"])
                data["pendingInitiatives"] = .string(context.t("dashboard_pending_initiatives", ["count": context.format.number(pending)]))
            }
            if user.role == .admin {
                data["admin"] = .string(context.t("dashboard_users", ["count": context.format.number(try User.fetchCount(db))]))
            }
        }
        return try context.page("accounts/dashboard", title: context.t("dashboard_title"), data)
    }
}

/// How an initiative shows in lists and on the dashboard.
enum InitiativeView {
    static func summary(_ initiative: Initiative, _ context: RequestContext) -> TemplateValue {
        [
            "id": .int(Int(initiative.id ?? 0)),
            "href": .string("/initiatives/\(initiative.id ?? 0)"),
            "name": .string(initiative.name),
            "country": .string(context.t("country_\(initiative.country)")),
            "city": .string(initiative.city),
            "legalForm": .string(context.t("legal_form_\(initiative.legalForm.rawValue)")),
            "status": .string(initiative.status.rawValue),
            "statusLabel": .string(context.t("initiative_status_\(initiative.status.rawValue)")),
            "pending": .bool(initiative.status == .pending),
            "verified": .bool(initiative.status == .verified),
            "declined": .bool(initiative.status == .declined),
            "declineReason": TemplateValue(initiative.declineReason),
            "registered": .string(context.format.date(CalendarDate(initiative.createdAt))),
            "description": .string(initiative.description),
            "contact": .string(initiative.contact),
        ]
    }
}
