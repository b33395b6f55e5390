import Foundation
import GRDB
import HTTPServer
import Templating

/// `GET /cases?country=&city=&act=&from=&to=&initiative=&page=`: members see
/// their initiative's cases; programme staff see all, filtered and paged.
enum CaseList {
    static func filter(_ context: RequestContext, _ db: Database) throws -> CaseStore.Filter {
        let query = context.request.query
        var filter = CaseStore.Filter()
        if context.isProgrammeStaff {
            filter.initiative = query["initiative"].flatMap { Int64($0) }
        } else {
            filter.initiative = try CaseAccess.memberInitiative(try context.requireUser(), db).id
        }
        filter.country = query["country"].flatMap { Countries.isKnown($0) ? $0 : nil }
        filter.place = query["place"].flatMap(PlaceChoice.init)
        filter.act = query["act"].flatMap { Int64($0) }
        filter.from = query["from"].flatMap { CaseList.month($0) }
        filter.to = query["to"].flatMap { CaseList.month($0) }
        return filter
    }

    /// "2026-11" from a month input (or the first 7 characters of a date).
    static func month(_ text: String) -> String? {
        let value = String(text.prefix(7))
        let parts = value.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, Int(parts[0]) != nil, let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        return value
    }

    static func handle(_ context: RequestContext) throws -> Response {
        var pager = Pager(page: context.pageNumber)
        let staff = context.isProgrammeStaff
        let (rows, total, typology, initiatives, filter, places) = try context.read { db -> ([CaseStore.ListItem], Int, [ViolenceType], [Initiative], CaseStore.Filter, [Place]) in
            let filter = try CaseList.filter(context, db)
            let (rows, total) = try CaseStore.page(db, filter: filter, offset: pager.offset, limit: pager.perPage, totals: context.totals)
            // The initiative filter lists the chosen country's initiatives: a list
            // of thousands helps no one (and costs the page).
            let initiatives = staff && filter.country != nil
                ? try Initiative.filter(Column("country") == filter.country).order(Column("name")).fetchAll(db) : []
            return (rows, total, try CaseStore.typology(db), initiatives, filter, try CaseStore.places(db))
        }
        var placeNames: [Int64: String] = [:]
        for place in places { placeNames[place.id ?? 0] = place.name(context.lang) }
        pager = Pager(page: pager.page, perPage: pager.perPage, total: total)
        var names: [Int64: String] = [:]
        for term in typology { names[term.id ?? 0] = term.name(context.lang) }
        let filters = FilterOptions(context)
        return try context.page(
            "cases/list", title: context.t("cases_title"),
            [
                "staff": .bool(staff),
                "cases": .list(rows.map { listItem($0, names: names, places: placeNames, context) }),
                "places": filters.list(placeOptions(places, context), selected: filter.place?.key),
                // The export takes the list's filters.
                "query": .string(exportQuery(filter, staff: staff)),
                "countries": filters.countries(selected: filter.country),
                "acts": filters.list(typology.map { (String($0.id ?? 0), $0.name(context.lang)) }, selected: filter.act.map(String.init)),
                "initiatives": filters.list(initiatives.map { (String($0.id ?? 0), $0.name) }, selected: filter.initiative.map(String.init)),
                "chooseInitiative": .bool(!initiatives.isEmpty),
                "initiativeId": TemplateValue(initiatives.isEmpty ? filter.initiative.map(String.init) : nil),
                "from": .string(filter.from ?? ""), "to": .string(filter.to ?? ""),
                "pager": pager.value(path: "/cases", filters: [
                    ("country", filter.country ?? ""), ("place", filter.place?.key ?? ""), ("act", filter.act.map(String.init) ?? ""),
                    ("from", filter.from ?? ""), ("to", filter.to ?? ""), ("initiative", staff ? filter.initiative.map(String.init) ?? "" : ""),
                ], context: context),
            ])
    }

    static func exportQuery(_ filter: CaseStore.Filter, staff: Bool) -> String {
        let pairs = [
            ("country", filter.country ?? ""), ("place", filter.place?.key ?? ""), ("act", filter.act.map(String.init) ?? ""),
            ("from", filter.from ?? ""), ("to", filter.to ?? ""), ("initiative", staff ? filter.initiative.map(String.init) ?? "" : ""),
        ].filter { !$0.1.isEmpty }
        return pairs.isEmpty ? "" : "?" + pairs.map { "\($0.0)=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    /// The places of the list, then each of their countries' "another place".
    static func placeOptions(_ places: [Place], _ context: RequestContext) -> [(String, String)] {
        let countries = Array(Set(places.map(\.country))).sorted()
        return places.map { (PlaceChoice(country: $0.country, place: $0.id).key, "\($0.name(context.lang)), \(context.t("country_\($0.country)"))") }
            + countries.map { (PlaceChoice(country: $0, place: nil).key, context.t("place_other_in", ["country": context.t("country_\($0)")])) }
    }

    /// "Odesa, Ukraine" or "Another place in Ukraine", from the list.
    static func placeLabel(_ choice: PlaceChoice, names: [Int64: String], _ context: RequestContext) -> String {
        let country = context.t("country_\(choice.country)")
        guard let id = choice.place, let name = names[id] else { return context.t("place_other_in", ["country": country]) }
        return "\(name), \(country)"
    }

    static func listItem(_ item: CaseStore.ListItem, names: [Int64: String], places: [Int64: String], _ context: RequestContext) -> TemplateValue {
        [
            "href": .string("/cases/\(item.id)"), "id": .int(Int(item.id)),
            "incident": .string(CaseView.incidentLabel(item.incident, context)),
            "place": .string(placeLabel(item.place, names: places, context)),
            "acts": .string(item.acts.compactMap { names[$0] }.joined(separator: ", ")),
            "status": .string(context.t("case_status_\(item.status)")),
            "initiative": .string(item.initiative),
        ]
    }

    /// `GET /cases.csv`: programme staff's export, with the same filters, never
    /// with narratives.
    static func csv(_ context: RequestContext) throws -> Response {
        let (rows, typology) = try context.app.database.pool.read { db -> ([Row], [ViolenceType]) in
            let filter = try CaseList.filter(context, db)
            let (condition, arguments) = filter.sql
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.registered_on, c.incident_date, c.incident_precision, c.country, p.name_en AS place, c.place_type, c.age_band,
                      c.police_unit, c.officers_count, c.complaint_filed, cb.key AS complaint_body, co.key AS complaint_outcome, c.status,
                      c.consent_statistics, i.name AS initiative_name,
                      (SELECT GROUP_CONCAT(violence_type_id) FROM case_act a WHERE a.case_id = c.id) AS acts,
                      (SELECT GROUP_CONCAT(t.key, ';') FROM case_consequence cc JOIN case_term t ON t.id = cc.term_id WHERE cc.case_id = c.id) AS consequences
                    FROM "case" c JOIN initiative i ON i.id = c.initiative_id LEFT JOIN place p ON p.id = c.place_id
                      LEFT JOIN case_term cb ON cb.id = c.complaint_body_id LEFT JOIN case_term co ON co.id = c.complaint_outcome_id
                    WHERE \(condition) ORDER BY c.id
                    """,
                arguments: arguments)
            return (rows, try CaseStore.typology(db))
        }
        var keys: [Int64: String] = [:]
        for term in typology { keys[term.id ?? 0] = term.key }
        var lines = [CaseImport.columns + ["initiative", "id"]]
        for row in rows {
            let actIds = (row["acts"] as String? ?? "").split(separator: ",").compactMap { Int64($0) }
            let acts = actIds.compactMap { keys[$0] }.joined(separator: ";")
            func text(_ column: String) -> String { row[column] as String? ?? "" }
            func flag(_ column: String) -> String { (row[column] as Bool? ?? false) ? "yes" : "no" }
            let id: Int64 = row["id"] ?? 0
            // Every value is a key or a name from a list: the export holds no typed text.
            var line: [String] = [text("registered_on"), text("incident_date"), text("incident_precision"), text("country"), row["place"] ?? "other"]
            line += [text("place_type"), text("age_band"), acts, text("police_unit"), text("officers_count"), text("consequences")]
            line += [flag("complaint_filed"), text("complaint_body"), text("complaint_outcome"), text("status"), flag("consent_statistics")]
            line += [text("initiative_name"), String(id)]
            lines.append(line)
        }
        return Download.csv(lines, filename: "cases.csv")
    }
}

/// `GET /admin/typology`, `POST /admin/typology` (a new term),
/// `POST /admin/typology/:id` (rename in every language, deactivate or
/// reactivate). A term is never deleted: cases keep what they were recorded with.
/// The same page keeps the other case vocabularies (`CaseTermSave`).
enum TypologyAdmin {
    static func show(_ context: RequestContext) throws -> Response {
        try render(context, error: nil)
    }

    static func render(_ context: RequestContext, error: String?, status: Int = 200) throws -> Response {
        let vocabularies = try context.app.database.pool.read { db -> [TemplateValue] in
            let acts = try CaseStore.typology(db).map { term -> TemplateValue in
                let used = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_act WHERE violence_type_id = ?", arguments: [term.id]) ?? 0
                return [
                    "id": .int(Int(term.id ?? 0)), "en": .string(term.nameEn), "ru": .string(term.nameRu),
                    "uk": .string(term.nameUk), "active": .bool(term.active), "used": .int(used),
                ]
            }
            var sections: [TemplateValue] = [["heading": .string(context.t("typology_acts")), "prefix": "act", "action": "/admin/typology", "terms": .list(acts)]]
            let terms = try CaseStore.terms(db)
            for vocabulary in CaseTerms.vocabularies {
                let items = try terms.filter { $0.vocabulary == vocabulary }.map { term -> TemplateValue in
                    let used = try CaseStore.termUse(db, term)
                    return [
                        "id": .int(Int(term.id ?? 0)), "en": .string(term.nameEn), "ru": .string(term.nameRu),
                        "uk": .string(term.nameUk), "active": .bool(term.active), "used": .int(used),
                    ]
                }
                sections.append([
                    "heading": .string(context.t("typology_\(vocabulary)")), "prefix": .string(vocabulary), "action": "/admin/terms",
                    "vocabulary": .string(vocabulary), "terms": .list(items),
                ])
            }
            return sections
        }
        return try context.page("cases/typology", title: context.t("typology_title"), ["vocabularies": .list(vocabularies), "error": TemplateValue(error)], status: status)
    }

    static func names(_ form: FormData) -> (String, String, String)? {
        let en = (form["name_en"] ?? "").trimmed, ru = (form["name_ru"] ?? "").trimmed, uk = (form["name_uk"] ?? "").trimmed
        guard !en.isEmpty, !ru.isEmpty, !uk.isEmpty, en.count <= 200, ru.count <= 200, uk.count <= 200 else { return nil }
        return (en, ru, uk)
    }

    /// What a term's form asks: switch it on or off, or rename it in every language.
    enum Change {
        case active(Bool)
        case names(String, String, String)
    }

    static func change(_ form: FormData) -> Change? {
        if let active = form["active"] { return .active(active == "yes") }
        return names(form).map { .names($0.0, $0.1, $0.2) }
    }

    static func add(_ context: RequestContext) throws -> Response {
        guard let (en, ru, uk) = names(context.request.form) else { return try render(context, error: context.t("validation_typology_names"), status: 422) }
        let now = context.now
        try context.app.database.pool.write { db in
            let position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM violence_type") ?? 0) + 1
            var term = ViolenceType(id: nil, key: "custom_\(position)", nameEn: en, nameRu: ru, nameUk: uk, active: true, position: position)
            try term.insert(db)
            try Audit.record(db, actor: context.user?.id, "typology.added", "violence_type", term.id, at: now)
        }
        throw Redirect("/admin/typology?notice=saved")
    }

    static func update(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let form = context.request.form
        let now = context.now
        guard let change = change(form) else { throw HTTPError.badRequest }
        try context.app.database.pool.write { db in
            guard var term = try ViolenceType.fetchOne(db, key: id) else { throw HTTPError.notFound }
            switch change {
            case .active(let active): term.active = active
            case .names(let en, let ru, let uk): (term.nameEn, term.nameRu, term.nameUk) = (en, ru, uk)
            }
            try term.update(db)
            try Audit.record(db, actor: context.user?.id, "typology.changed", "violence_type", id, at: now)
        }
        throw Redirect("/admin/typology?notice=saved")
    }
}

/// `POST /admin/terms` and `POST /admin/terms/:id`: the vocabularies of what
/// followed, where complaints went and what came of them, kept like the
/// typology (three languages, deactivated but never deleted).
enum CaseTermSave {
    static func add(_ context: RequestContext) throws -> Response {
        let form = context.request.form
        guard let vocabulary = form["vocabulary"], CaseTerms.vocabularies.contains(vocabulary) else { throw HTTPError.badRequest }
        guard let (en, ru, uk) = TypologyAdmin.names(form) else {
            return try TypologyAdmin.render(context, error: context.t("validation_typology_names"), status: 422)
        }
        let now = context.now
        try context.app.database.pool.write { db in
            let position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM case_term") ?? 0) + 1
            var term = CaseTerm(id: nil, vocabulary: vocabulary, key: "custom_\(position)", nameEn: en, nameRu: ru, nameUk: uk, active: true, position: position)
            try term.insert(db)
            try Audit.record(db, actor: context.user?.id, "case_term.added", "case_term", term.id, at: now)
        }
        throw Redirect("/admin/typology?notice=saved")
    }

    static func update(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let form = context.request.form
        let now = context.now
        guard let change = TypologyAdmin.change(form) else { throw HTTPError.badRequest }
        try context.app.database.pool.write { db in
            guard var term = try CaseTerm.fetchOne(db, key: id) else { throw HTTPError.notFound }
            switch change {
            case .active(let active): term.active = active
            case .names(let en, let ru, let uk): (term.nameEn, term.nameRu, term.nameUk) = (en, ru, uk)
            }
            try term.update(db)
            try Audit.record(db, actor: context.user?.id, "case_term.changed", "case_term", id, at: now)
        }
        throw Redirect("/admin/typology?notice=saved")
    }
}
