import Foundation
import HTTPServer
import Templating

/// `GET /cases?country=&city=&act=&from=&to=&initiative=&page=`: members see
/// their initiative's cases; programme staff see all, filtered and paged.
enum CaseList {
    /// The list's filters from the address; a member's list is her own
    /// initiative's (`member`, from `CaseAccess.memberInitiative`), whatever the address says.
    static func filter(_ context: RequestContext, member: Int64?) -> CaseStore.Filter {
        let query = context.request.query
        var filter = CaseStore.Filter()
        filter.initiative = context.isProgrammeStaff ? query["initiative"].flatMap { Int64($0) } : member
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
        let pager = Pager(page: context.pageNumber)
        let staff = context.isProgrammeStaff
        let page = try context.read { db -> CaseListPage in
            let member = staff ? nil : try CaseAccess.memberInitiative(try context.requireUser(), db).id
            let filter = CaseList.filter(context, member: member)
            let (rows, total) = try CaseStore.page(db, filter: filter, offset: pager.offset, limit: pager.perPage, kept: context.kept)
            // The initiative filter lists the chosen country's initiatives: a list
            // of thousands helps no one (and costs the page).
            let initiatives = staff && filter.country != nil
                ? try CaseStore.initiatives(db, country: filter.country ?? "") : []
            let vocabulary = try CaseStore.vocabulary(db, kept: context.kept)
            return CaseListPage(
                staff: staff, filter: filter, cases: rows, pager: pager.counting(total),
                typology: vocabulary.typology, places: vocabulary.places, initiatives: initiatives.map { ($0.id ?? 0, $0.name) })
        }
        return try context.page(page, title: context.t("cases_title"))
    }

    /// The filters as the address carries them (a member's initiative is hers, never in the address).
    static func filterPairs(_ filter: CaseStore.Filter, staff: Bool) -> [(String, String)] {
        [
            ("country", filter.country ?? ""), ("place", filter.place?.key ?? ""), ("act", filter.act.map(String.init) ?? ""),
            ("from", filter.from ?? ""), ("to", filter.to ?? ""), ("initiative", staff ? filter.initiative.map(String.init) ?? "" : ""),
        ]
    }

    /// The places of the list, then each of their countries' "another place".
    static func placeOptions(_ places: [Place], _ context: RequestContext) -> [(String, String)] {
        let countries = Array(Set(places.map(\.country))).sorted()
        let format = context.format
        return places.map { (PlaceChoice(country: $0.country, place: $0.id).key, "\($0.name(context.lang)), \(format.country($0.country))") }
            + countries.map { (PlaceChoice(country: $0, place: nil).key, context.t("place_other_in", ["country": format.country($0)])) }
    }

    /// "Odesa, Ukraine" or "Another place in Ukraine", from the list.
    static func placeLabel(_ choice: PlaceChoice, names: [Int64: String], _ context: RequestContext) -> String {
        let country = context.format.country(choice.country)
        guard let id = choice.place, let name = names[id] else { return context.t("place_other_in", ["country": country]) }
        return "\(name), \(country)"
    }

    /// `labels[key]`, made and remembered on first use.
    private static func remembered<Key: Hashable>(_ labels: inout [Key: String], _ key: Key, make: () -> String) -> String {
        if let label = labels[key] { return label }
        let label = make()
        labels[key] = label
        return label
    }

    /// The rows of a page; labels that repeat from row to row (a place, a
    /// status, a month) are made once.
    static func listItems(_ items: [CaseStore.ListItem], names: [Int64: String], places: [Int64: String], _ context: RequestContext) -> [TemplateValue] {
        var placeLabels: [PlaceChoice: String] = [:]
        var statusLabels: [String: String] = [:]
        var incidentLabels: [String: String] = [:]
        return items.map { item in
            let incident = remembered(&incidentLabels, item.incident) { CaseView.incidentLabel(item.incident, context) }
            let place = remembered(&placeLabels, item.place) { placeLabel(item.place, names: places, context) }
            let status = remembered(&statusLabels, item.status) { context.t("case_status_\(item.status)") }
            return [
                "href": .string("/cases/\(item.id)"), "id": .int(Int(item.id)),
                "incident": .string(incident),
                "place": .string(place),
                // Not remembered: most rows have their own set of acts, and hashing the set cost more than joining.
                "acts": .string(actNames(item.acts, names)),
                "status": .string(status),
                "initiative": .string(item.initiative),
            ]
        }
    }

    /// A row's acts by name, in the order given, joined with commas.
    private static func actNames(_ acts: [Int64], _ names: [Int64: String]) -> String {
        var text = ""
        for act in acts {
            guard let name = names[act] else { continue }
            if !text.isEmpty { text += ", " }
            text += name
        }
        return text
    }

    /// `GET /cases.csv` and `GET /cases.xlsx`: programme staff's export, with
    /// the list's filters, never with narratives. The CSV has the columns' keys
    /// and values as keys; the .xlsx the names in the page's language and the
    /// registration day as a date. Both import back as they are.
    static func sheet(_ context: RequestContext, localized: Bool) throws -> Sheet {
        let staff = context.isProgrammeStaff
        let (rows, typology) = try context.read { db in
            let member = staff ? nil : try CaseAccess.memberInitiative(try context.requireUser(), db).id
            return (try CaseStore.export(db, filter: CaseList.filter(context, member: member)), try CaseStore.typology(db))
        }
        var keys: [Int64: String] = [:]
        for term in typology { keys[term.id ?? 0] = localized ? term.name(context.lang) : term.key }
        func choice(_ value: String, _ prefix: String) -> Sheet.Cell {
            .text(localized && !value.isEmpty ? CaseImport.label(value, prefix: prefix, context.lang, context) : value)
        }
        func flag(_ value: Bool) -> Sheet.Cell { .text(localized ? context.t(value ? "yes" : "no") : value ? "yes" : "no") }
        var lines: [[Sheet.Cell]] = []
        for row in rows {
            // Every value is a key or a name from a list: the export holds no typed text.
            // The incident date stays text: it is a day, a month or a year.
            var line: [Sheet.Cell] = [Sheet.day(row.registeredOn), .text(row.incidentDate), choice(row.incidentPrecision, "precision")]
            line += [.text(localized ? context.t("country_\(row.country)") : row.country), .text(row.place ?? "other")]
            line += [choice(row.placeType, "place"), choice(row.ageBand, "age"), .text(row.acts.compactMap { keys[$0] }.joined(separator: "; "))]
            line += [choice(row.policeUnit, "unit"), choice(row.officersCount, "officers"), .text(row.consequences)]
            line += [flag(row.complaintFiled), .text(row.complaintBody ?? ""), .text(row.complaintOutcome ?? ""), choice(row.status, "case_status")]
            line += [flag(row.consentStatistics), .text(row.initiative), .number(Double(row.id), decimals: 0)]
            lines.append(line)
        }
        let columns = CaseImport.columns + ["initiative", "id"]
        let header = localized ? columns.map { CaseImport.columns.contains($0) ? CaseImport.header($0, context.lang, context) : context.t("export_case_\($0)") } : columns
        return Sheet(name: context.t("cases_title"), header: header, rows: lines)
    }

    static func csv(_ context: RequestContext) throws -> Response {
        Download.csv(try sheet(context, localized: false), filename: "cases")
    }

    static func xlsx(_ context: RequestContext) throws -> Response {
        try Download.xlsx(try sheet(context, localized: true), filename: "cases")
    }
}

/// What the case list shows, typed; `values` is the one place it becomes
/// template values (`PageModelTests` renders it strictly).
struct CaseListPage: PageModel {
    static let template = "cases/list"
    let staff: Bool
    let filter: CaseStore.Filter
    let cases: [CaseStore.ListItem]
    let pager: Pager
    let typology: [ViolenceType]
    let places: [Place]
    /// The chosen country's initiatives, for staff's filter; empty otherwise.
    let initiatives: [(id: Int64, name: String)]

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        var placeNames: [Int64: String] = [:]
        for place in places { placeNames[place.id ?? 0] = place.name(context.lang) }
        var names: [Int64: String] = [:]
        for term in typology { names[term.id ?? 0] = term.name(context.lang) }
        let filters = FilterOptions(context)
        return [
            "staff": .bool(staff),
            "cases": .list(CaseList.listItems(cases, names: names, places: placeNames, context)),
            "places": filters.list(
                context.keptChoices("cases.places", tables: ["place"]) { CaseList.placeOptions(places, context) }, selected: filter.place?.key),
            // The export takes the list's filters.
            "query": .string(Pager.query(CaseList.filterPairs(filter, staff: staff))),
            "countries": filters.countries(selected: filter.country),
            "acts": filters.list(typology.map { (String($0.id ?? 0), $0.name(context.lang)) }, selected: filter.act.map(String.init)),
            "initiatives": filters.list(initiatives.map { (String($0.id), $0.name) }, selected: filter.initiative.map(String.init)),
            "chooseInitiative": .bool(!initiatives.isEmpty),
            "initiativeId": TemplateValue(initiatives.isEmpty ? filter.initiative.map(String.init) : nil),
            "from": .string(filter.from ?? ""), "to": .string(filter.to ?? ""),
            "pager": pager.value(path: "/cases", filters: CaseList.filterPairs(filter, staff: staff), context: context),
        ]
    }
}
