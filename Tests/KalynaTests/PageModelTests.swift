import Foundation
import HTTPServer
import Templating
import Testing
import TestSupport

@testable import Kalyna

/// Pages rendered from their typed models alone, strictly (a name the template
/// asks for and the model does not give fails), in every language.
@Suite struct PageModelTests {
    @Test func theGrantListRendersEveryRowAndMark() throws {
        let test = try TestApp()
        let euro = Currency.euro
        let today = try #require(CalendarDate(iso: "2027-06-01"))
        let page = GrantListPage(
            filter: GrantFilter(call: nil, country: "UA", status: .active),
            grants: [
                GrantListItem(
                    id: 7, publicId: "KLN-2027-0007", title: "Safe spaces", initiative: "Light <Odesa>",
                    awarded: Money(minorUnits: 200_000, currency: euro), paid: Money(minorUnits: 140_000, currency: euro),
                    nextDue: CalendarDate(iso: "2027-05-01"), nextTranche: nil, status: .active),
                GrantListItem(
                    id: 8, publicId: "KLN-2027-0008", title: "", initiative: "Dawn",
                    awarded: Money(minorUnits: 50_000, currency: euro), paid: Money(minorUnits: 0, currency: euro),
                    nextDue: nil, nextTranche: CalendarDate(iso: "2027-07-01"), status: .completed),
            ],
            pager: Pager(page: 1, perPage: 50, total: 2), calls: [("3", "Call 2027")], today: today)
        for lang in Language.supported {
            let context = RequestContext(
                request: Request(method: "GET", path: "/grants"), parameters: [:], app: test.app, lang: lang, signedIn: nil, generation: 0)
            let response = try context.page(GrantListPage.template, title: "grants", page.values(context))
            #expect(response.status == 200)
            guard case .bytes(let body) = response.body else { Issue.record("no body"); continue }
            let html = String(decoding: body, as: UTF8.self)
            #expect(html.contains("KLN-2027-0007") && html.contains("KLN-2027-0008"))
            #expect(html.contains("Light &lt;Odesa&gt;"))
            // The first grant's report is overdue on this day; the completed one has none due.
            #expect(html.components(separatedBy: "class=\"overdue\"").count == 2, "\(lang)")
            #expect(html.contains(lang == "en" ? "EUR 2,000.00" : "2\u{00A0}000,00\u{00A0}EUR"))
        }
    }
}

extension PageModelTests {
    static func render(_ test: TestApp, _ template: String, path: String, lang: String, _ values: (RequestContext) -> [String: TemplateValue]) throws -> String {
        let context = RequestContext(request: Request(method: "GET", path: path), parameters: [:], app: test.app, lang: lang, signedIn: nil, generation: 0)
        let response = try context.page(template, title: "page", values(context))
        guard case .bytes(let body) = response.body else { throw TestClientError.badResponse("no body") }
        return String(decoding: body, as: UTF8.self)
    }

    @Test func theCaseListRendersEveryRowWithItsLabels() throws {
        let test = try TestApp()
        let odesa = Place(id: 4, country: "UA", nameEn: "Odesa", nameRu: "Одесса", nameUk: "Одеса", active: true, position: 1)
        let acts = [
            ViolenceType(id: 1, key: "physical", nameEn: "Physical violence", nameRu: "Физическое насилие", nameUk: "Фізичне насильство", active: true, position: 1),
            ViolenceType(id: 2, key: "threats", nameEn: "Threats <and> intimidation", nameRu: "Угрозы", nameUk: "Погрози", active: true, position: 2),
        ]
        let page = CaseListPage(
            staff: true, filter: CaseStore.Filter(country: "UA"),
            cases: [
                CaseStore.ListItem(id: 11, incident: "2026-10", place: PlaceChoice(country: "UA", place: 4), status: "open", initiative: "Light", acts: [1, 2]),
                CaseStore.ListItem(id: 12, incident: "2026-10-03", place: PlaceChoice(country: "UA", place: nil), status: "closed", initiative: "Dawn", acts: []),
            ],
            pager: Pager(page: 1, perPage: 50, total: 2), typology: acts, places: [odesa], initiatives: [(7, "Light"), (8, "Dawn")])
        for lang in Language.supported {
            let html = try Self.render(test, CaseListPage.template, path: "/cases", lang: lang, page.values)
            #expect(html.contains("href=\"/cases/11\"") && html.contains("href=\"/cases/12\""))
            #expect(html.contains(lang == "en" ? "Threats &lt;and&gt; intimidation" : lang == "ru" ? "Физическое насилие, Угрозы" : "Фізичне насильство, Погрози"))
            // A month-precise incident by its month's name; a day by the language's date.
            #expect(html.contains(test.app.catalogs.text("month_name_10", lang) + " 2026"), "\(lang)")
            #expect(html.contains(test.app.formats[lang]?.date(try #require(CalendarDate(iso: "2026-10-03"))) ?? "-"), "\(lang)")
            #expect(html.contains(test.app.catalogs.text("place_other_in", lang, ["country": test.app.catalogs.text("country_UA", lang)])))
            // The export keeps the list's filter; the initiative filter lists the country's initiatives.
            #expect(html.contains("/cases.csv?country=UA"))
            #expect(html.contains("<option value=\"8\">Dawn</option>"))
        }
    }

    @Test func theApplicationListRendersEveryRow() throws {
        let test = try TestApp()
        let page = ApplicationListPage(
            filter: ApplicationStore.Filter(call: 3, status: .submitted, country: nil),
            applications: [
                ApplicationStore.ListItem(
                    id: 21, title: "", status: .submitted, requested: Money(minorUnits: 350_000, currency: .euro), callTitle: "Call 2027",
                    initiativeName: "Сад надії", country: "UA", city: "Odesa"),
            ],
            pager: Pager(page: 1, perPage: 50, total: 1), calls: [("3", "Call 2027")])
        for lang in Language.supported {
            let html = try Self.render(test, ApplicationListPage.template, path: "/applications", lang: lang, page.values)
            #expect(html.contains("href=\"/applications/21\"") && html.contains("Сад надії"))
            #expect(html.contains(test.app.catalogs.text("application_untitled", lang)))
            #expect(html.contains(lang == "en" ? "EUR 3,500.00" : "3\u{00A0}500,00\u{00A0}EUR"))
            #expect(html.contains("Odesa, " + test.app.catalogs.text("country_UA", lang)))
            #expect(html.contains("<option value=\"3\" selected>Call 2027</option>"))
        }
    }
}
