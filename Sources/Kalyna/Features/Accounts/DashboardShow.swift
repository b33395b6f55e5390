import HTTPServer
import Templating

/// `GET /dashboard`: where each user starts; what needs her attention.
enum DashboardShow {
    static func handle(_ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        let today = context.today
        let (dashboard, queues) = try context.read { db in
            (try DashboardStore.dashboard(db, for: user, kept: context.kept), try WorkQueueStore.queues(db, for: user, today: today, zone: context.app.timeZone))
        }
        return try context.page(DashboardPage(user: user, dashboard: dashboard, queues: queues, today: today), title: context.t("dashboard_title"))
    }
}

/// Where each user starts: her role's parts of the dashboard and her work queues.
struct DashboardPage: PageModel {
    static let template = "accounts/dashboard"
    let user: User
    let dashboard: Dashboard
    let queues: [WorkQueue]
    /// The network's today: a report due before it is overdue.
    let today: CalendarDate

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let format = context.format
        var data: [String: TemplateValue] = [
            "roleName": .string(context.t("role_\(user.role.rawValue)")),
            // Each role's parts, filled in below for the roles that have them.
            "initiative": .null, "showApplications": false, "waitingApplications": .null, "pendingInitiatives": .null,
            "reviews": .null, "admin": .null,
        ]
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
                    "call": .string(application.callTitle(context.lang)),
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
        data["queues"] = .list(queues.map { queue in
            [
                "id": .string("queue-\(queue.kind.rawValue)"),
                "heading": .string(context.t("queue_\(queue.kind.rawValue)")),
                "count": .string(format.number(queue.total)),
                "dayLabel": .string(context.t("queue_day_\(queue.kind.rawValue)")),
                "more": queue.total > queue.items.count
                    ? .string(context.t("queue_more", count: queue.total - queue.items.count)) : .null,
                "items": .list(queue.items.map { item in
                    [
                        "href": .string(item.href),
                        "title": .string((item.title.isEmpty ? context.t("application_untitled") : item.title)
                                         + (item.note.map { " · " + context.t($0) } ?? "")),
                        "detail": .string(item.detail),
                        "day": TemplateValue(item.day.map(format.date)),
                        "amount": TemplateValue(item.amount.map(format.money)),
                        "late": .bool(item.late),
                    ]
                }),
            ]
        })
        return data
    }
}
