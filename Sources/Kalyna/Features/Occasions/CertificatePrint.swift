import HTTPServer
import Templating

/// `GET /occasions/:id/certificates?lang=uk`: every certificate of the occasion,
/// one A4 landscape sheet per officer, in the language chosen. An officer thanked
/// by several initiatives gets one certificate naming them all.
enum CertificatePrint {
    static func handle(_ context: RequestContext) throws -> Response {
        let (occasion, entries, _) = try CertificateList.load(context)
        let chosen = context.request.query["lang"] ?? ""
        let page = CertificatesPage(occasion: occasion, entries: entries, lang: Language.supported.contains(chosen) ? chosen : context.lang)
        // Sheets to print, not a page of the site: no layout around them.
        guard let html = context.app.templates.render(CertificatesPage.template, .object(page.values(context))) else {
            throw ViewError.unknownTemplate(CertificatesPage.template)
        }
        return Response(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: .bytes(html))
    }
}

/// The certificates of an occasion, one sheet per officer, all in `lang`
/// (which may differ from the page language she reads Kalyna in).
struct CertificatesPage: PageModel {
    static let template = "occasions/certificates"
    let occasion: Occasion
    let entries: [CertificateEntry]
    let lang: String

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let catalog = context.app.catalogs
        let format = context.app.formats[lang] ?? context.format
        let certificates: [TemplateValue] = entries.map { entry in
            [
                "name": .string(entry.officer.name),
                "rank": .string(entry.officer.rank),
                "unit": .string(entry.officer.unit),
                "city": .string(entry.officer.city),
                "initiatives": .string(entry.thanks.map(\.initiative).joined(separator: ", ")),
            ]
        }
        return [
            "lang": .string(lang),
            "t": context.app.catalogValues[lang] ?? .null,
            "stylesheet": .string(context.app.assets.url("certificates.css")),
            "organisation": .string(context.app.config.organisationName(lang)),
            "occasion": .string(occasion.title(lang)),
            "date": .string(CalendarDate(iso: occasion.date).map(format.date) ?? occasion.date),
            "wording": .string(occasion.wording(lang)),
            "signatory": .string(occasion.signatoryName),
            "signatoryTitle": .string(occasion.signatoryTitle(lang)),
            "heading": .string(catalog.text("certificate_heading", lang)),
            "thankedBy": .string(catalog.text("certificate_thanked_by", lang)),
            "certificates": .list(certificates),
            "empty": .bool(certificates.isEmpty),
        ]
    }
}
