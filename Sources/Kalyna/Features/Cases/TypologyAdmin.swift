import HTTPServer
import Templating

/// `GET /admin/typology`, `POST /admin/typology` (a new term),
/// `POST /admin/typology/:id` (rename in every language, deactivate or
/// reactivate). A term is never deleted: cases keep what they were recorded with.
/// The same page keeps the other case vocabularies (`CaseTermSave`).
enum TypologyAdmin {
    static func show(_ context: RequestContext) throws -> Response {
        try render(context, error: nil)
    }

    static func render(_ context: RequestContext, error: String?, status: Int = 200) throws -> Response {
        let page = try context.read { db in
            TypologyPage(
                acts: try CaseStore.typology(db).map { ($0, try CaseStore.actUse(db, $0)) },
                terms: try CaseStore.terms(db).map { ($0, try CaseStore.termUse(db, $0)) }, error: error)
        }
        return try context.page(page, title: context.t("typology_title"), status: status)
    }

    static func names(_ form: FormData) -> (String, String, String)? {
        let en = (form["name_en"] ?? "").trimmed, ru = (form["name_ru"] ?? "").trimmed, uk = (form["name_uk"] ?? "").trimmed
        guard !en.isEmpty, !ru.isEmpty, !uk.isEmpty, en.count <= 200, ru.count <= 200, uk.count <= 200 else { return nil }
        return (en, ru, uk)
    }

    /// What a term's form asks.
    static func change(_ form: FormData) -> CaseStore.TermChange? {
        if let active = form["active"] { return .active(active == "yes") }
        return names(form).map { .names($0.0, $0.1, $0.2) }
    }

    static func add(_ context: RequestContext) throws -> Response {
        guard let (en, ru, uk) = names(context.request.form) else { return try render(context, error: context.t("validation_typology_names"), status: 422) }
        let now = context.now
        try context.write { db in try CaseStore.addAct(db, names: (en, ru, uk), by: context.user?.id, now: now) }
        throw Redirect("/admin/typology?notice=saved")
    }

    static func update(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let form = context.request.form
        let now = context.now
        guard let change = change(form) else { throw HTTPError.badRequest }
        try context.write { db in try CaseStore.changeAct(db, id: id, change, by: context.user?.id, now: now) }
        throw Redirect("/admin/typology?notice=saved")
    }
}

/// The case vocabularies for the administrator: each term in the three
/// languages, whether it is offered, and how many cases use it.
struct TypologyPage: PageModel {
    static let template = "cases/typology"
    let acts: [(term: ViolenceType, used: Int)]
    let terms: [(term: CaseTerm, used: Int)]
    /// Why the last change was refused, in her language.
    let error: String?

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        func item(_ term: some TranslatedName, id: Int64?, active: Bool, used: Int) -> TemplateValue {
            [
                "id": .int(Int(id ?? 0)), "en": .string(term.nameEn), "ru": .string(term.nameRu),
                "uk": .string(term.nameUk), "active": .bool(active), "used": .int(used),
            ]
        }
        var sections: [TemplateValue] = [[
            "heading": .string(context.t("typology_acts")), "prefix": "act", "action": "/admin/typology", "vocabulary": .null,
            "terms": .list(acts.map { item($0.term, id: $0.term.id, active: $0.term.active, used: $0.used) }),
        ]]
        for vocabulary in CaseTerms.vocabularies {
            sections.append([
                "heading": .string(context.t("typology_\(vocabulary)")), "prefix": .string(vocabulary), "action": "/admin/terms",
                "vocabulary": .string(vocabulary),
                "terms": .list(terms.filter { $0.term.vocabulary == vocabulary }.map { item($0.term, id: $0.term.id, active: $0.term.active, used: $0.used) }),
            ])
        }
        return ["vocabularies": .list(sections), "error": TemplateValue(error)]
    }
}
