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
        // Only signed-in users get forms here; a visitor's page stays free of a token (and kept for all).
        var data: [String: TemplateValue] = ["staff": .bool(staff), "error": TemplateValue(error), "applicant": .null]
        let title = try context.read { db -> String in
            guard let call = try CallStore.find(db, id: id), call.status != .draft || staff else { throw HTTPError.notFound }
            let awarded = try CallStore.awarded(db, call: id)
            data["call"] = CallView.summary(call, awarded: awarded, context)
            data["criteria"] = .list(try CallStore.criteria(db, call: id).map { ["name": .string($0.name(context.lang)), "weight": .int($0.weight)] })
            if staff {
                let (counts, requested) = try CallStore.overview(db, call: id)
                data["overview"] = [
                    "statuses": .list(ApplicationStatus.allCases.map { status in
                        ["label": .string(context.t("application_status_\(status.rawValue)")), "count": .int(counts[status.rawValue] ?? 0),
                         "href": .string("/applications?call=\(id)&status=\(status.rawValue)")]
                    }),
                    "requested": .string(context.format.money(Money(minorUnits: requested, currency: call.money))),
                    "awarded": .string(context.format.money(Money(minorUnits: awarded, currency: call.money))),
                ]
                data["canOpen"] = .bool(call.status == .draft)
                data["canClose"] = .bool(call.status == .open)
                data["canEdit"] = .bool(call.status != .closed)
            }
            if let user, user.role == .coordinator, let initiative = user.initiativeId,
                let group = try InitiativeStore.find(db, id: initiative)
            {
                let existing = try ApplicationStore.forCall(db, call: id, initiative: initiative)
                data["applicant"] = [
                    "verified": .bool(group.status == .verified),
                    "applications": .list(existing.map { ["href": .string("/applications/\($0.id ?? 0)"), "title": .string($0.title.isEmpty ? context.t("application_untitled") : $0.title),
                                                          "status": .string(context.t("application_status_\($0.status.rawValue)"))] }),
                    "canStart": .bool(group.status == .verified && call.acceptsSubmissions(on: context.today)),
                ]
            }
            return call.title(context.lang)
        }
        return try context.page("calls/show", title: title, data, status: status)
    }
}
