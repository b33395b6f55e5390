import Foundation
import HTTPServer
import Templating

/// `GET /officers/new`, `POST /officers`, `GET /officers/:id/edit`,
/// `POST /officers/:id`: staff keep the registry. A new officer whose name is
/// like one already in the same city or unit is shown those records first.
enum OfficerForm {
    static func new(_ context: RequestContext) throws -> Response {
        try render(context, id: nil, values: ["consent_public": "no"])
    }

    static func edit(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let officer = try context.read { try OfficerAccess.load(try context.requireUser(), $0, id: id) }
        let values = [
            "officer_name": officer.name, "rank": officer.rank, "unit": officer.unit, "city": officer.city,
            "country": officer.country, "consent_public": officer.consentPublic ? "yes" : "no",
        ]
        return try render(context, id: id, values: values)
    }

    static func render(
        _ context: RequestContext, id: Int64?, values: [String: String], errors: FormErrors = FormErrors(), duplicates: [Officer] = [], status: Int = 200
    ) throws -> Response {
        try context.page(
            OfficerFormPage(id: id, values: values, errors: errors, duplicates: duplicates),
            title: context.t(id == nil ? "officer_new_title" : "officer_edit_title"), status: status)
    }

    static func save(_ context: RequestContext) throws -> Response {
        let id = context.parameters["id"].flatMap { Int64($0) }
        let form = context.request.form
        var errors = FormErrors()
        let fields = OfficerView.read(form, country: nil, into: &errors)
        var values: [String: String] = [:]
        for pair in form.pairs where pair.name != "_csrf" { values[pair.name] = pair.value }
        guard errors.isEmpty else {
            return try render(context, id: id, values: values, errors: errors, status: 422)
        }
        if id == nil && form["confirm_new"] != "yes" {
            let duplicates = try context.read { try OfficerStore.likelyDuplicates($0, name: fields.name, city: fields.city, unit: fields.unit) }
            if !duplicates.isEmpty {
                return try render(context, id: nil, values: values, duplicates: duplicates, status: 409)
            }
        }
        let now = context.now
        let user = try context.requireUser()
        let details = OfficerStore.Details(
            name: fields.name, rank: fields.rank, unit: fields.unit, city: fields.city, country: fields.country, consent: fields.consent)
        let saved = try context.write { db in try OfficerStore.save(db, id: id, details, by: user, now: now) }
        throw Redirect("/officers/\(saved)?notice=saved")
    }
}

/// An officer's record, new or edit: what was typed, a message per field, and
/// for a new one the records already there that look like the same person.
struct OfficerFormPage: PageModel {
    static let template = "officers/form"
    /// nil for a new officer.
    let id: Int64?
    let values: [String: String]
    let errors: FormErrors
    let duplicates: [Officer]

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let form = FormView(context, values: values, errors: errors)
        return [
            "action": .string(id.map { "/officers/\($0)" } ?? "/officers"),
            "summary": form.summary,
            "fields": .list(OfficerView.fields(form, context, withCountry: true)),
            "duplicates": .list(duplicates.map { OfficerView.row($0, context) }),
            "hasDuplicates": .bool(!duplicates.isEmpty),
        ]
    }
}
