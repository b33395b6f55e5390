import Foundation
import HTTPServer
import Templating

/// `GET /occasions/new`, `POST /occasions`, `GET /occasions/:id/edit`,
/// `POST /occasions/:id`: staff describe a ceremony and the certificate's words.
enum OccasionForm {
    static func new(_ context: RequestContext) throws -> Response {
        // The certificate is printed in each language: each wording starts from that language's catalog.
        var values = ["open": "yes"]
        for lang in Language.supported { values["wording_\(lang)"] = context.app.catalogs.text("occasion_default_wording", lang) }
        return try render(context, id: nil, values: values)
    }

    static func edit(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        guard let occasion = try context.read({ try OccasionStore.find($0, id: id) }) else { throw HTTPError.notFound }
        let values = [
            "title": occasion.title, "date": occasion.date, "signatory_name": occasion.signatoryName,
            "signatory_title": occasion.signatoryTitle, "title_ru": occasion.titleRu, "title_uk": occasion.titleUk,
            "signatory_title_ru": occasion.signatoryTitleRu, "signatory_title_uk": occasion.signatoryTitleUk, "wording_en": occasion.wordingEn, "wording_ru": occasion.wordingRu,
            "wording_uk": occasion.wordingUk, "open": occasion.open ? "yes" : "no",
        ]
        return try render(context, id: id, values: values)
    }

    static func render(_ context: RequestContext, id: Int64?, values: [String: String], errors: FormErrors = FormErrors(), status: Int = 200) throws -> Response {
        try context.page(
            OccasionFormPage(id: id, values: values, errors: errors), title: context.t(id == nil ? "occasion_new_title" : "occasion_edit_title"), status: status)
    }

    static func save(_ context: RequestContext) throws -> Response {
        let id = context.parameters["id"].flatMap { Int64($0) }
        let form = context.request.form
        var errors = FormErrors()
        let title = Validate.text(form["title"], field: "title", into: &errors)
        let date = CalendarDate(iso: form["date"] ?? "")
        if date == nil { errors.add("date", "validation_date") }
        let signatory = Validate.text(form["signatory_name"], field: "signatory_name", into: &errors)
        let signatoryTitle = Validate.text(form["signatory_title"], field: "signatory_title", into: &errors)
        let wordings = ["wording_en", "wording_ru", "wording_uk"].map { Validate.text(form[$0], field: $0, max: 1000, into: &errors) }
        let translations = ["title_ru", "title_uk", "signatory_title_ru", "signatory_title_uk"].map { field -> String in
            let typed = (form[field] ?? "").trimmed
            return typed.isEmpty ? "" : Validate.text(typed, field: field, into: &errors)
        }
        var values: [String: String] = [:]
        for pair in form.pairs where pair.name != "_csrf" { values[pair.name] = pair.value }
        guard errors.isEmpty, let date else {
            return try render(context, id: id, values: values, errors: errors, status: 422)
        }
        let now = context.now
        let user = try context.requireUser()
        let details = OccasionStore.Details(
            title: title, date: date, signatoryName: signatory, signatoryTitle: signatoryTitle, wordings: (wordings[0], wordings[1], wordings[2]),
            titleRu: translations[0], titleUk: translations[1], signatoryTitleRu: translations[2], signatoryTitleUk: translations[3],
            open: form["open"] != "no")
        let saved = try context.write { db in try OccasionStore.save(db, id: id, details, by: user, now: now) }
        throw Redirect("/occasions/\(saved)?notice=saved")
    }
}

/// A ceremony and its certificate's words, new or edit: what was typed and a
/// message per field.
struct OccasionFormPage: PageModel {
    static let template = "occasions/form"
    /// nil for a new occasion.
    let id: Int64?
    let values: [String: String]
    let errors: FormErrors

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let form = FormView(context, values: values, errors: errors)
        return [
            "action": .string(id.map { "/occasions/\($0)" } ?? "/occasions"),
            "summary": form.summary,
            "fields": .list([
                form.field("title", label: context.t("field_occasion_title")),
                form.field("title_ru", label: context.t("field_occasion_title_ru"), required: false, hint: context.t("hint_translation_optional")),
                form.field("title_uk", label: context.t("field_occasion_title_uk"), required: false, hint: context.t("hint_translation_optional")),
                form.field("date", label: context.t("field_occasion_date"), type: "date"),
                form.field("signatory_name", label: context.t("field_signatory_name")),
                form.field("signatory_title", label: context.t("field_signatory_title")),
                form.field("signatory_title_ru", label: context.t("field_signatory_title_ru"), required: false, hint: context.t("hint_translation_optional")),
                form.field("signatory_title_uk", label: context.t("field_signatory_title_uk"), required: false, hint: context.t("hint_translation_optional")),
                form.textarea("wording_en", label: context.t("field_wording_en"), required: true, maxLength: 1000),
                form.textarea("wording_ru", label: context.t("field_wording_ru"), required: true, maxLength: 1000),
                form.textarea("wording_uk", label: context.t("field_wording_uk"), required: true, maxLength: 1000),
                form.select("open", label: context.t("field_occasion_open"), options: [("yes", context.t("occasion_open")), ("no", context.t("occasion_closed"))]),
            ]),
        ]
    }
}
