import HTTPServer
import Templating

/// `GET /dashboard`: where each user starts; what needs her attention.
enum DashboardShow {
    static func handle(_ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        let dashboard = try context.read { db in try DashboardStore.dashboard(db, for: user, kept: context.kept) }
        let format = context.format
        let today = context.today
        var data: [String: TemplateValue] = ["roleName": .string(context.t("role_\(user.role.rawValue)"))]
        if let initiative = dashboard.initiative {
            data["initiative"] = InitiativeView.summary(initiative, context)
            data["editInitiative"] = InitiativeAccess.isCoordinator(user, of: initiative) ? .string("/initiatives/\(initiative.id ?? 0)/edit") : .null
        }
        if let applications = dashboard.applications {
            data["showApplications"] = .bool(true)
            data["applications"] = .list(applications.map { application in
                [
                    "href": .string("/applications/\(application.id)"),
                    "title": .string(application.title.isEmpty ? context.t("application_untitled") : application.title),
                    "call": .string(application.callTitle),
                    "status": .string(context.t("application_status_\(application.status.rawValue)")),
                    "requested": .string(format.money(application.requested)),
                    "awarded": TemplateValue(application.awarded.map(format.money)),
                    "reason": TemplateValue(application.decisionReason),
                ]
            })
            data["grants"] = .list(dashboard.grants.map { grant in
                [
                    "href": .string("/grants/\(grant.id)"), "publicId": .string(grant.publicId),
                    "awarded": .string(format.money(grant.awarded)), "paid": .string(format.money(grant.paid)),
                    "nextDue": TemplateValue(grant.nextDue.map(format.date)),
                    "overdue": .bool(grant.nextDue.map { $0 < today } ?? false),
                ]
            })
        }
        if let open = dashboard.openReviews { data["reviews"] = .string(context.t("dashboard_reviews", ["count": format.number(open)])) }
        if let waiting = dashboard.waitingApplications {
            data["waitingApplications"] = .string(context.t("dashboard_waiting_applications", ["count": format.number(waiting)]))
        }
        if let pending = dashboard.pendingInitiatives {
            data["pendingInitiatives"] = .string(context.t("dashboard_pending_initiatives", ["count": format.number(pending)]))
        }
        if let users = dashboard.users { data["admin"] = .string(context.t("dashboard_users", ["count": format.number(users)])) }
        return try context.page("accounts/dashboard", title: context.t("dashboard_title"), data)
    }
}

