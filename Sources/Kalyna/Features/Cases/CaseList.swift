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
        if CaseAccess.isStaff(context) {
            filter.initiative = query["initiative"].flatMap { Int64($0) }
        } else {
            filter.initiative = try CaseAccess.memberInitiative(context, db).id
        }
        filter.country = query["country"].flatMap { Countries.isKnown($0) ? $0 : nil }
        filter.city = query["city"].map(\.trimmed).flatMap { $0.isEmpty ? nil : String($0.prefix(100)) }
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
        let staff = CaseAccess.isStaff(context)
        let (rows, total, typology, initiatives, filter) = try context.app.database.pool.read { db -> ([Row], Int, [ViolenceType], [Initiative], CaseStore.Filter) in
            let filter = try CaseList.filter(context, db)
            let (rows, total) = try CaseStore.page(db, filter: filter, offset: pager.offset, limit: pager.perPage, totals: context.totals)
            // The initiative filter lists the chosen country's initiatives: a list
            // of thousands helps no one (and costs the page).
            let initiatives = staff && filter.country != nil
                ? try Initiative.filter(Column("country") == filter.country).order(Column("name")).fetchAll(db) : []
            return (rows, total, try CaseStore.typology(db), initiatives, filter)
        }
        pager = Pager(page: pager.page, perPage: pager.perPage, total: total)
        var names: [Int64: String] = [:]
        for term in typology { names[term.id ?? 0] = term.name(context.lang) }
        let filters = FilterOptions(context)
        return try context.page(
            "cases/list", title: context.t("cases_title"),
            [
                "staff": .bool(staff),
                "cases": .list(rows.map { listItem($0, names: names, context) }),
                "countries": filters.countries(selected: filter.country),
                "acts": filters.list(typology.map { (String($0.id ?? 0), $0.name(context.lang)) }, selected: filter.act.map(String.init)),
                "initiatives": filters.list(initiatives.map { (String($0.id ?? 0), $0.name) }, selected: filter.initiative.map(String.init)),
                "chooseInitiative": .bool(!initiatives.isEmpty),
                "initiativeId": TemplateValue(initiatives.isEmpty ? filter.initiative.map(String.init) : nil),
                "city": .string(filter.city ?? ""), "from": .string(filter.from ?? ""), "to": .string(filter.to ?? ""),
                "pager": pager.value(path: "/cases", filters: [
                    ("country", filter.country ?? ""), ("city", filter.city ?? ""), ("act", filter.act.map(String.init) ?? ""),
                    ("from", filter.from ?? ""), ("to", filter.to ?? ""), ("initiative", staff ? filter.initiative.map(String.init) ?? "" : ""),
                ], context: context),
            ])
    }

    static func listItem(_ row: Row, names: [Int64: String], _ context: RequestContext) -> TemplateValue {
        let id: Int64 = row["id"] ?? 0
        let actIds = (row["acts"] as String? ?? "").split(separator: ",").compactMap { Int64($0) }
        let acts: [String] = actIds.compactMap { names[$0] }
        let country: String = row["country"] ?? ""
        let city: String = row["city"] ?? ""
        let status: String = row["status"] ?? "open"
        let incident: String = row["incident_date"] ?? ""
        let initiative: String = row["initiative_name"] ?? ""
        return [
            "href": .string("/cases/\(id)"), "id": .int(Int(id)),
            "incident": .string(CaseView.incidentLabel(incident, context)),
            "place": .string(city + ", " + context.t("country_\(country)")),
            "acts": .string(acts.joined(separator: ", ")),
            "status": .string(context.t("case_status_\(status)")),
            "initiative": .string(initiative),
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
                    SELECT c.id, c.registered_on, c.incident_date, c.incident_precision, c.country, c.city, c.place_type, c.age_band,
                      c.police_unit, c.officers_count, c.consequences, c.complaint_filed, c.complaint_where, c.complaint_outcome, c.status,
                      c.consent_statistics, i.name AS initiative_name,
                      (SELECT GROUP_CONCAT(violence_type_id) FROM case_act a WHERE a.case_id = c.id) AS acts
                    FROM "case" c JOIN initiative i ON i.id = c.initiative_id WHERE \(condition) ORDER BY c.id
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
            var line: [String] = [text("registered_on"), text("incident_date"), text("incident_precision"), text("country"), text("city")]
            line += [text("place_type"), text("age_band"), acts, text("police_unit"), text("officers_count"), text("consequences")]
            line += [flag("complaint_filed"), text("complaint_where"), text("complaint_outcome"), text("status"), flag("consent_statistics")]
            line += [text("initiative_name"), String(id)]
            lines.append(line)
        }
        return Download.csv(lines, filename: "cases.csv")
    }
}

/// `GET /admin/typology`, `POST /admin/typology` (a new term),
/// `POST /admin/typology/:id` (rename in every language, deactivate or
/// reactivate). A term is never deleted: cases keep what they were recorded with.
enum TypologyAdmin {
    static func show(_ context: RequestContext) throws -> Response {
        try render(context, error: nil)
    }

    static func render(_ context: RequestContext, error: String?, status: Int = 200) throws -> Response {
        let terms = try context.app.database.pool.read { db in
            try CaseStore.typology(db).map { term -> TemplateValue in
                let used = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_act WHERE violence_type_id = ?", arguments: [term.id]) ?? 0
                return [
                    "id": .int(Int(term.id ?? 0)), "key": .string(term.key), "en": .string(term.nameEn), "ru": .string(term.nameRu),
                    "uk": .string(term.nameUk), "active": .bool(term.active), "used": .int(used),
                ]
            }
        }
        return try context.page("cases/typology", title: context.t("typology_title"), ["csrf": .string(context.csrfToken()), "terms": .list(terms), "error": TemplateValue(error)], status: status)
    }

    static func names(_ form: FormData) -> (String, String, String)? {
        let en = (form["name_en"] ?? "").trimmed, ru = (form["name_ru"] ?? "").trimmed, uk = (form["name_uk"] ?? "").trimmed
        guard !en.isEmpty, !ru.isEmpty, !uk.isEmpty, en.count <= 200, ru.count <= 200, uk.count <= 200 else { return nil }
        return (en, ru, uk)
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
        try context.app.database.pool.write { db in
            guard var term = try ViolenceType.fetchOne(db, key: id) else { throw HTTPError.notFound }
            if let active = form["active"] {
                term.active = active == "yes"
            } else if let (en, ru, uk) = names(form) {
                term.nameEn = en
                term.nameRu = ru
                term.nameUk = uk
            } else {
                throw HTTPError.badRequest
            }
            try term.update(db)
            try Audit.record(db, actor: context.user?.id, "typology.changed", "violence_type", id, at: now)
        }
        throw Redirect("/admin/typology?notice=saved")
    }
}
