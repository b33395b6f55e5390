import HTTPServer
import Templating

/// `GET /occasions/:id`: for staff every proposal, to include or exclude; for a
/// coordinator her initiative's proposals and, while the occasion is open, the
/// form to thank an officer (one already known in her country, or a new one).
enum OccasionShow {
    static func handle(_ context: RequestContext) throws -> Response {
        try render(context, id: try context.id())
    }

    static func render(_ context: RequestContext, id: Int64, form: FormView? = nil, duplicates: [Officer] = [], status: Int = 200) throws -> Response {
        let staff = context.isProgrammeStaff
        var data: [String: TemplateValue] = ["staff": .bool(staff), "propose": .null]
        let title = try context.read { db -> String in
            guard let occasion = try OccasionStore.find(db, id: id) else { throw HTTPError.notFound }
            let initiative = staff ? nil : try OfficerAccess.coordinatorInitiative(try context.requireUser(), db)
            if !staff && !occasion.open { throw HTTPError.notFound }
            data["occasion"] = OccasionView.summary(occasion, context)
            let (shown, pager) = Pager.slice(try OccasionStore.recognitions(db, occasion: id, initiative: initiative?.id), context, path: "/occasions/\(id)")
            data["pager"] = pager
            data["recognitions"] = .list(shown.map { line -> TemplateValue in
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
            })
            if let initiative, occasion.open {
                let known = try OfficerStore.list(db, country: initiative.country, search: nil, offset: 0, limit: 500).officers
                let view = form ?? FormView(context, values: ["consent_public": "no", "city": initiative.city])
                data["propose"] = [
                    "summary": view.summary,
                    "known": .list([["value": "", "label": .string(context.t("officer_new_option")), "selected": .bool((view.values["officer_id"] ?? "").isEmpty)]]
                        + known.map { officer -> TemplateValue in
                            let label = officer.name + " · " + officer.unit + " · " + officer.city
                            return ["value": .int(Int(officer.id ?? 0)), "label": .string(label), "selected": .bool(view.values["officer_id"] == String(officer.id ?? 0))]
                        }),
                    "fields": .list(OfficerView.fields(view, context, withCountry: false)),
                    "reason": view.textarea("reason", label: context.t("field_recognition_reason"), required: true, hint: context.t("hint_recognition_reason"), maxLength: 1000),
                    "duplicates": .list(duplicates.map { OfficerView.row($0, context) }),
                    "hasDuplicates": .bool(!duplicates.isEmpty),
                ]
            }
            return occasion.title(context.lang)
        }
        return try context.page("occasions/show", title: title, data, status: status)
    }
}
