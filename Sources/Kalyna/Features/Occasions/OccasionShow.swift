import HTTPServer
import Templating

/// `GET /occasions/:id`: for staff every proposal, to include or exclude; for a
/// coordinator her initiative's proposals and, while the occasion is open, the
/// form to thank an officer (one already known in her country, or a new one).
enum OccasionShow {
    static func handle(_ context: RequestContext) throws -> Response {
        try render(context, id: try context.id())
    }

    /// `form` and `duplicates`: a proposal sent back (refused, or naming an officer who may already be listed).
    static func render(_ context: RequestContext, id: Int64, form: FormView? = nil, duplicates: [Officer] = [], status: Int = 200) throws -> Response {
        let staff = context.isProgrammeStaff
        let page = try context.read { db -> OccasionPage in
            guard let occasion = try OccasionStore.find(db, id: id) else { throw HTTPError.notFound }
            let initiative = staff ? nil : try OfficerAccess.coordinatorInitiative(try context.requireUser(), db)
            if !staff && !occasion.open { throw HTTPError.notFound }
            var proposal: OccasionPage.Proposal?
            if let initiative, occasion.open {
                proposal = OccasionPage.Proposal(
                    known: try OfficerStore.list(db, country: initiative.country, search: nil, offset: 0, limit: 500).officers,
                    values: form?.values ?? ["consent_public": "no", "city": initiative.city], errors: form?.errors ?? FormErrors(), duplicates: duplicates)
            }
            return OccasionPage(
                staff: staff, occasion: occasion, recognitions: try OccasionStore.recognitions(db, occasion: id, initiative: initiative?.id), proposal: proposal)
        }
        return try context.page(page, title: page.occasion.title(context.lang), status: status)
    }
}

/// An occasion's proposals and, for a coordinator while it is open, the form to propose one.
struct OccasionPage: PageModel {
    static let template = "occasions/show"
    let staff: Bool
    let occasion: Occasion
    /// Every proposal this reader may see (a coordinator: her initiative's); the page shows one page of them.
    let recognitions: [OccasionStore.RecognitionLine]
    /// The form to thank an officer; nil for staff and once the occasion is closed.
    let proposal: Proposal?

    struct Proposal {
        /// The officers already known in her country, to choose from.
        let known: [Officer]
        /// What the form holds (as typed, when sent back) and what is wrong with it.
        let values: [String: String]
        let errors: FormErrors
        /// Records that may be the officer she named.
        let duplicates: [Officer]
    }

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let id = occasion.id ?? 0
        let (shown, pager) = Pager.slice(recognitions, context, path: "/occasions/\(id)")
        return [
            "staff": .bool(staff),
            "occasion": OccasionView.summary(occasion, context),
            "pager": pager,
            "recognitions": .list(shown.map { line in
                let status = line.status.rawValue
                return [
                    "id": .int(Int(line.id)),
                    "officer": .string(line.name),
                    "officerHref": .string("/officers/\(line.officerId)"),
                    "rank": .string(line.rank),
                    "unit": .string(line.unit),
                    "city": .string(line.city),
                    "initiative": .string(line.initiative),
                    "reason": .string(line.reason),
                    "status": .string(status),
                    "statusLabel": .string(context.t("recognition_status_\(status)")),
                    "canInclude": .bool(staff && line.status != .included),
                    "canExclude": .bool(staff && line.status != .excluded),
                ]
            }),
            "propose": proposal.map { proposal in
                let view = FormView(context, values: proposal.values, errors: proposal.errors)
                let chosen = view.values["officer_id"] ?? ""
                return [
                    "summary": view.summary,
                    "known": .list([["value": "", "label": .string(context.t("officer_new_option")), "selected": .bool(chosen.isEmpty)]]
                        + proposal.known.map { officer -> TemplateValue in
                            let label = officer.name + " · " + officer.unit + " · " + officer.city
                            return ["value": .int(Int(officer.id ?? 0)), "label": .string(label), "selected": .bool(chosen == String(officer.id ?? 0))]
                        }),
                    "fields": .list(OfficerView.fields(view, context, withCountry: false)),
                    "reason": view.textarea("reason", label: context.t("field_recognition_reason"), required: true, hint: context.t("hint_recognition_reason"), maxLength: 1000),
                    "duplicates": .list(proposal.duplicates.map { OfficerView.row($0, context) }),
                    "hasDuplicates": .bool(!proposal.duplicates.isEmpty),
                ]
            } ?? .null,
        ]
    }
}
