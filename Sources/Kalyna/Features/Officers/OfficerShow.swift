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
        var data: [String: TemplateValue] = ["staff": .bool(staff), "error": TemplateValue(error)]
        let title = try context.read { db -> String in
            let officer = try OfficerAccess.load(try context.requireUser(), db, id: id)
            if let target = officer.mergedInto { throw Redirect("/officers/\(target)") }
            data["officer"] = OfficerView.row(officer, context)
            let own = staff ? nil : context.user?.initiativeId
            data["recognitions"] = .list(try OccasionStore.forOfficer(db, id, initiative: own).map { thanks -> TemplateValue in
                [
                    "occasion": .string(thanks.occasion),
                    "date": .string(CalendarDate(iso: thanks.date).map(context.format.date) ?? thanks.date),
                    "initiative": .string(thanks.initiative),
                    "reason": .string(thanks.reason),
                    "status": .string(context.t("recognition_status_\(thanks.status.rawValue)")),
                ]
            })
            if staff {
                let duplicates = try OfficerStore.likelyDuplicates(db, name: officer.name, city: officer.city, unit: officer.unit, excluding: id)
                let options: [TemplateValue] = duplicates.map { other in
                    let label = other.name + " · " + other.unit + " · " + other.city
                    return ["value": .int(Int(other.id ?? 0)), "label": .string(label)]
                }
                data["mergeOptions"] = .list(options)
            }
            return officer.name
        }
        return try context.page("officers/show", title: title, data, status: status)
    }
}
