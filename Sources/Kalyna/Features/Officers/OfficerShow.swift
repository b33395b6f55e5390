import HTTPServer
import Templating

/// `GET /officers/:id`: the officer and her recognitions across years and
/// initiatives (a coordinator sees her own initiative's); staff can merge a
/// duplicate into another record.
enum OfficerShow {
    static func handle(_ context: RequestContext) throws -> Response {
        try render(context, id: try context.id())
    }

    static func render(_ context: RequestContext, id: Int64, error: String? = nil, status: Int = 200) throws -> Response {
        let staff = context.isProgrammeStaff
        let page = try context.read { db -> OfficerPage in
            let officer = try OfficerAccess.load(try context.requireUser(), db, id: id)
            if let target = officer.mergedInto { throw Redirect("/officers/\(target)") }
            let own = staff ? nil : context.user?.initiativeId
            return OfficerPage(
                staff: staff, officer: officer, recognitions: try OccasionStore.forOfficer(db, id, initiative: own),
                mergeCandidates: staff
                    ? try OfficerStore.likelyDuplicates(db, name: officer.name, city: officer.city, unit: officer.unit, excluding: id) : [],
                error: error)
        }
        return try context.page(page, title: page.officer.name, status: status)
    }
}

/// An officer's record and the thanks she has had.
struct OfficerPage: PageModel {
    static let template = "officers/show"
    let staff: Bool
    let officer: Officer
    /// Her recognitions that this reader may see (a coordinator: her own initiative's).
    let recognitions: [OccasionStore.OfficerThanks]
    /// Records that may be the same officer, for staff to merge; empty for others.
    let mergeCandidates: [Officer]
    /// Why the last merge was refused.
    let error: String?

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        [
            "staff": .bool(staff),
            "error": TemplateValue(error),
            "officer": OfficerView.row(officer, context),
            "recognitions": .list(recognitions.map { thanks in
                [
                    "occasion": .string(thanks.occasion),
                    "date": .string(CalendarDate(iso: thanks.date).map(context.format.date) ?? thanks.date),
                    "initiative": .string(thanks.initiative),
                    "reason": .string(thanks.reason),
                    "status": .string(context.t("recognition_status_\(thanks.status.rawValue)")),
                ]
            }),
            "mergeOptions": .list(mergeCandidates.map { other in
                ["value": .int(Int(other.id ?? 0)), "label": .string(other.name + " · " + other.unit + " · " + other.city)]
            }),
        ]
    }
}
