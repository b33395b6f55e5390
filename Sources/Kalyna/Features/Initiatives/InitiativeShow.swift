import Foundation
import GRDB
import HTTPServer
import Templating

/// `GET /initiatives/:id`: the initiative, its members, and what the viewer may
/// do: staff verify or decline; the coordinator invites documenters.
enum InitiativeShow {
    static func handle(_ context: RequestContext) throws -> Response {
        try render(context, id: try context.id())
    }

    /// Also used to show the page again with a form's errors or a new link.
    static func render(
        _ context: RequestContext, id: Int64, declineForm: FormView? = nil, inviteForm: FormView? = nil,
        newLink: String? = nil, status: Int = 200
    ) throws -> Response {
        let now = context.now
        let (initiative, members, invitations, officers, caseCounts) = try context.app.database.pool.read { db in
            let initiative = try InitiativeAccess.load(try context.requireUser(), db, id: id)
            return (initiative, try UserStore.members(db, initiative: id), try InvitationStore.pending(db, initiative: id, now: now),
                    try OccasionStore.forInitiative(db, id), try InitiativeCases.counts(db, initiative: id, context))
        }
        let user = try context.requireUser()
        let staff = user.role.isProgrammeStaff
        let coordinator = InitiativeAccess.isCoordinator(try context.requireUser(), of: initiative)
        var data: [String: TemplateValue] = [
            "initiative": InitiativeView.summary(initiative, context),
            "csrf": .string(context.csrfToken()),
            "members": .list(members.map { member in
                [
                    "name": .string(member.name), "email": .string(member.email),
                    "role": .string(context.t("role_\(member.role.rawValue)")), "inactive": .bool(!member.active),
                ]
            }),
        ]
        let canOpenOfficers = staff || user.role == .coordinator
        data["officers"] = .list(officers.map { row -> TemplateValue in
            let status: String = row["status"] ?? "proposed"
            return [
                "name": .string(row["name"] ?? ""), "rank": .string(row["rank"] ?? ""), "city": .string(row["city"] ?? ""),
                "occasion": .string(row["occasion"] ?? ""), "status": .string(context.t("recognition_status_\(status)")),
                "href": canOpenOfficers ? .string("/officers/\(row["id"] as Int64? ?? 0)") : .null,
            ]
        })
        data["cases"] = caseCounts
        data["casesHref"] = .string(staff ? "/cases?initiative=\(id)" : "/cases")
        if staff && initiative.status == .pending {
            let form = declineForm ?? FormView(context)
            data["decide"] = ["reason": form.textarea("reason", label: context.t("field_decline_reason"), required: true, maxLength: 2000)]
        }
        if coordinator && initiative.status == .verified {
            let form = inviteForm ?? FormView(context)
            data["invite"] = [
                "summary": form.summary,
                "fields": .list([
                    form.field("name", label: context.t("field_person_name")),
                    form.field("email", label: context.t("field_email"), type: "email"),
                ]),
                "invitations": .list(invitations.map { invitation in
                    [
                        "name": .string(invitation.name), "email": .string(invitation.email),
                        "expires": .string(context.format.date(CalendarDate(invitation.expiresAt))),
                    ]
                }),
                "newLink": TemplateValue(newLink),
            ]
        }
        return try context.page("initiatives/show", title: initiative.name, data, status: status)
    }
}

/// The cases an initiative registered, counted by act and by year, for its page.
enum InitiativeCases {
    static func counts(_ db: Database, initiative: Int64, _ context: RequestContext) throws -> TemplateValue {
        let filter = CaseStore.Filter(initiative: initiative)
        var names: [Int64: String] = [:]
        for term in try CaseStore.typology(db) { names[term.id ?? 0] = term.name(context.lang) }
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"case\" WHERE initiative_id = ?", arguments: [initiative]) ?? 0
        return [
            "total": .int(total),
            "byAct": .list(try CaseStore.actCounts(db, filter: filter).map { ["label": .string(names[$0.key] ?? "?"), "count": .int($0.count)] }),
            "byYear": .list(try CaseStore.counts(db, by: "substr(c.incident_date, 1, 4)", filter: filter).sorted { $0.key > $1.key }
                .map { ["label": .string($0.key), "count": .int($0.count)] }),
        ]
    }
}
