import Foundation
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
        let (initiative, members, invitations, officers, caseCounts) = try context.read { db in
            let initiative = try InitiativeAccess.load(try context.requireUser(), db, id: id)
            return (initiative, try UserStore.members(db, initiative: id), try InvitationStore.pending(db, initiative: id, now: now),
                    try OccasionStore.forInitiative(db, id), try CaseStore.initiativeCounts(db, initiative: id))
        }
        let page = InitiativePage(
            viewer: try context.requireUser(), initiative: initiative, members: members, invitations: invitations, officers: officers,
            caseCounts: caseCounts, declineForm: declineForm.map { ($0.values, $0.errors) }, inviteForm: inviteForm.map { ($0.values, $0.errors) },
            newLink: newLink)
        return try context.page(page, title: initiative.name, status: status)
    }
}

/// An initiative as its reader may see it, with what she may do there.
struct InitiativePage: PageModel {
    static let template = "initiatives/show"
    let viewer: User
    let initiative: Initiative
    let members: [User]
    /// Invitations sent and not yet accepted.
    let invitations: [Invitation]
    /// The officers the initiative has thanked.
    let officers: [OccasionStore.InitiativeThanks]
    let caseCounts: CaseStore.InitiativeCounts
    /// A decline or an invitation sent back refused: what was typed, and what is wrong.
    let declineForm: (values: [String: String], errors: FormErrors)?
    let inviteForm: (values: [String: String], errors: FormErrors)?
    /// A one-time invitation link to copy when no e-mail is sent.
    let newLink: String?

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let id = initiative.id ?? 0
        let user = viewer
        let staff = user.role.isProgrammeStaff
        let coordinator = InitiativeAccess.isCoordinator(viewer, of: initiative)
        var data: [String: TemplateValue] = [
            "decide": .null, "invite": .null,
            "initiative": InitiativeView.summary(initiative, context),
            "members": .list(members.map { member in
                [
                    "name": .string(member.name), "email": .string(member.email),
                    "role": .string(context.t("role_\(member.role.rawValue)")), "inactive": .bool(!member.active),
                ]
            }),
        ]
        let canOpenOfficers = staff || user.role == .coordinator
        data["officers"] = .list(officers.map { thanks -> TemplateValue in
            [
                "name": .string(thanks.name), "rank": .string(thanks.rank), "city": .string(thanks.city),
                "occasion": .string(thanks.occasion), "status": .string(context.t("recognition_status_\(thanks.status.rawValue)")),
                "href": canOpenOfficers ? .string("/officers/\(thanks.officerId)") : .null,
            ]
        })
        var actNames: [Int64: String] = [:]
        for term in caseCounts.typology { actNames[term.id ?? 0] = term.name(context.lang) }
        data["cases"] = [
            "total": .int(caseCounts.total),
            "byAct": .list(caseCounts.byAct.map { ["label": .string(actNames[$0.key] ?? "?"), "count": .int($0.count)] }),
            "byYear": .list(caseCounts.byYear.map { ["label": .string($0.key), "count": .int($0.count)] }),
        ]
        data["editHref"] = coordinator ? .string("/initiatives/\(id)/edit") : .null
        // The earlier reason, while a corrected registration waits for staff again.
        data["earlierDecline"] = initiative.status == .pending ? TemplateValue(initiative.declineReason) : .null
        data["payee"] = staff ? .bool(true) : .null
        data["casesHref"] = .string(staff ? "/cases?initiative=\(id)" : "/cases")
        if staff && (initiative.status == .pending || initiative.changedSinceVerification) {
            let form = FormView(context, values: declineForm?.values ?? [:], errors: declineForm?.errors ?? FormErrors())
            data["decide"] = ["reason": form.textarea("reason", label: context.t("field_decline_reason"), required: true, maxLength: 2000)]
        }
        if coordinator && initiative.status == .verified {
            let form = FormView(context, values: inviteForm?.values ?? [:], errors: inviteForm?.errors ?? FormErrors())
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
        return data
    }
}
