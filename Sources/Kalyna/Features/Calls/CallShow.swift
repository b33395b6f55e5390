import HTTPServer
import Templating

/// `GET /calls/:id`: the call, its criteria and the money still available;
/// for a verified initiative's coordinator the way to apply; for programme
/// staff the overview of applications.
enum CallShow {
    static func handle(_ context: RequestContext) throws -> Response {
        try render(context, id: try context.id())
    }

    /// Also the page again after a refused change, with the reason on top.
    static func render(_ context: RequestContext, id: Int64, error: String? = nil, status: Int = 200) throws -> Response {
        let user = context.user
        let staff = user?.role.isProgrammeStaff ?? false
        let page = try context.read { db -> CallPage in
            guard let call = try CallStore.find(db, id: id), call.status != .draft || staff else { throw HTTPError.notFound }
            var applicant: CallPage.Applicant?
            if let user, user.role == .coordinator, let initiative = user.initiativeId, let group = try InitiativeStore.find(db, id: initiative) {
                applicant = CallPage.Applicant(initiative: group, applications: try ApplicationStore.forCall(db, call: id, initiative: initiative))
            }
            return CallPage(
                staff: staff, call: call, awarded: try CallStore.awarded(db, call: id), criteria: try CallStore.criteria(db, call: id),
                overview: staff ? try CallStore.overview(db, call: id) : nil, applicant: applicant, error: error)
        }
        return try context.page(page, title: page.call.title(context.lang), status: status)
    }
}

/// A call as its reader may see it. Only signed-in users get forms here: a
/// visitor's page stays free of a token (and is kept for all visitors).
struct CallPage: PageModel {
    static let template = "calls/show"
    let staff: Bool
    let call: Call
    /// Awarded so far, in minor units of the call's currency.
    let awarded: Int64
    let criteria: [Criterion]
    /// For staff: applications by status, and what they ask for in all.
    let overview: (counts: [String: Int], requested: Int64)?
    /// For a coordinator: her initiative and its applications to this call.
    let applicant: Applicant?
    /// Why the last change was refused.
    let error: String?

    struct Applicant {
        let initiative: Initiative
        let applications: [Application]
    }

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let id = call.id ?? 0
        var values: [String: TemplateValue] = [
            "staff": .bool(staff),
            "error": TemplateValue(error),
            "call": CallView.summary(call, awarded: awarded, context),
            "criteria": .list(criteria.map { ["name": .string($0.name(context.lang)), "weight": .int($0.weight)] }),
            "applicant": .null,
        ]
        if let overview {
            values["overview"] = [
                "statuses": .list(ApplicationStatus.allCases.map { status in
                    ["label": .string(context.t("application_status_\(status.rawValue)")), "count": .int(overview.counts[status.rawValue] ?? 0),
                     "href": .string("/applications?call=\(id)&status=\(status.rawValue)")]
                }),
                "requested": .string(context.format.money(Money(minorUnits: overview.requested, currency: call.currency))),
                "awarded": .string(context.format.money(Money(minorUnits: awarded, currency: call.currency))),
            ]
            values["canOpen"] = .bool(call.status == .draft)
            values["canClose"] = .bool(call.status == .open)
            values["canEdit"] = .bool(call.status != .closed)
        }
        if let applicant {
            let verified = applicant.initiative.status == .verified
            values["applicant"] = [
                "verified": .bool(verified),
                "applications": .list(applicant.applications.map { application in
                    ["href": .string("/applications/\(application.id ?? 0)"),
                     "title": .string(application.title.isEmpty ? context.t("application_untitled") : application.title),
                     "status": .string(context.t("application_status_\(application.status.rawValue)"))]
                }),
                "canStart": .bool(verified && call.acceptsSubmissions(on: context.today)),
            ]
        }
        return values
    }
}
