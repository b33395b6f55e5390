import Foundation
import HTTPServer
import Templating

/// `GET /occasions/:id/list?sort=country|city|name` and `…/list.csv`: one row
/// per officer whose thanks were included, naming every initiative that thanked
/// her and why.
enum CertificateList {
    static func load(_ context: RequestContext) throws -> (Occasion, [CertificateEntry], String) {
        let id = try context.id()
        let sort = ["country", "city", "name"].contains(context.request.query["sort"] ?? "") ? context.request.query["sort"] ?? "name" : "name"
        return try context.read { db in
            guard let occasion = try OccasionStore.find(db, id: id) else { throw HTTPError.notFound }
            return (occasion, try OccasionStore.certificateList(db, occasion: id, sort: sort), sort)
        }
    }

    static func show(_ context: RequestContext) throws -> Response {
        let (occasion, entries, sort) = try load(context)
        return try context.page(CertificateListPage(occasion: occasion, entries: entries, sort: sort), title: context.t("certificate_list_title"))
    }

    /// The whole list (no pages), as CSV or .xlsx, headers in the page's language.
    static func sheet(_ context: RequestContext) throws -> (Sheet, String) {
        let (occasion, entries, _) = try load(context)
        let header = [
            context.t("field_officer_name"), context.t("field_rank"), context.t("field_unit"), context.t("field_city"),
            context.t("field_country"), context.t("certificate_initiatives"), context.t("field_recognition_reason"),
        ]
        let rows: [[Sheet.Cell]] = entries.map { entry in
            [
                .text(entry.officer.name), .text(entry.officer.rank), .text(entry.officer.unit), .text(entry.officer.city), .text(entry.officer.country),
                .text(entry.thanks.map(\.initiative).joined(separator: "; ")), .text(entry.thanks.map(\.reason).joined(separator: " | ")),
            ]
        }
        return (Sheet(name: occasion.title(context.lang), header: header, rows: rows), "certificates-\(occasion.date)")
    }

    static func csv(_ context: RequestContext) throws -> Response {
        let (sheet, name) = try sheet(context)
        return Download.csv(sheet, filename: name)
    }

    static func xlsx(_ context: RequestContext) throws -> Response {
        let (sheet, name) = try sheet(context)
        return try Download.xlsx(sheet, filename: name)
    }
}

/// The officers to thank on an occasion, a page at a time, sorted as asked,
/// with the exports and the printable certificates in each language.
struct CertificateListPage: PageModel {
    static let template = "occasions/certificate_list"
    let occasion: Occasion
    /// The whole list, sorted; the page shows the page of it the address asks for.
    let entries: [CertificateEntry]
    /// "name", "country" or "city".
    let sort: String

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let id = occasion.id ?? 0
        let (shown, pager) = Pager.slice(entries, context, path: "/occasions/\(id)/list", filters: [("sort", sort)])
        return [
            "occasion": OccasionView.summary(occasion, context),
            "pager": pager,
            "rows": .list(shown.map { entry in
                [
                    "name": .string(entry.officer.name), "rank": .string(entry.officer.rank), "unit": .string(entry.officer.unit),
                    "city": .string(entry.officer.city), "country": .string(context.t("country_\(entry.officer.country)")),
                    "thanks": .list(entry.thanks.map { ["initiative": .string($0.initiative), "reason": .string($0.reason)] }),
                ]
            }),
            "count": .int(entries.count),
            "sorts": .list(["name", "country", "city"].map { key in
                ["href": .string("/occasions/\(id)/list?sort=\(key)"), "label": .string(context.t("sort_\(key)")), "current": .bool(key == sort)]
            }),
            "csv": .string("/occasions/\(id)/list.csv?sort=\(sort)"),
            "xlsx": .string("/occasions/\(id)/list.xlsx?sort=\(sort)"),
            "print": .list(Language.supported.map { ["href": .string("/occasions/\(id)/certificates?lang=\($0)"), "label": .string(Language.ownNames[$0] ?? $0)] }),
        ]
    }
}
