import Foundation
import HTTPServer
import Testing

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
