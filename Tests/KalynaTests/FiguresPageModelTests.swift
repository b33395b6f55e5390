import Foundation
import HTTPServer
import Templating
import Testing
import TestSupport

@testable import Kalyna

/// The pages of figures, rendered strictly from their models: a count below
/// the threshold or hidden to protect it reads as its mark, and its true value
/// appears nowhere in the page, table or chart.
extension PageModelTests {
    typealias Figure = RegionalPicture.Figure

    /// A one-column table by country: Ukraine shown, Moldova small (3), Georgia
    /// hidden to protect it (4321 cannot be a real count; it is there to be looked for).
    static func countries(_ context: RequestContext) -> RegionalPicture.Table {
        RegionalPicture.Table(
            key: "country", title: "By country", labels: ["Ukraine", "Moldova", "Georgia"], columns: ["Cases"],
            cells: [[.shown(40)], [Figure(value: 3, mark: .small)], [Figure(value: 4321, mark: .protected)]],
            rowTotals: [.shown(40), Figure(value: 3, mark: .small), Figure(value: 4321, mark: .protected)],
            columnTotals: [.shown(4364)], grandTotal: .shown(4364))
    }

    static func context(_ test: TestApp, _ lang: String) -> RequestContext {
        RequestContext(request: Request(method: "GET", path: "/statistics"), parameters: [:], app: test.app, lang: lang, signedIn: nil, generation: 0)
    }

    /// `text` as the page escapes it.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    static func expectHidden(_ html: String, _ lang: String) {
        #expect(html.contains(">&lt;5<") && html.contains(">×<"), "\(lang)")
        for value in [">3<", "4321", "4,321", "4\u{00A0}321"] { #expect(!html.contains(value), "\(value) in \(lang)") }
    }

    @Test func thePublicStatisticsShowMarksNeverTheHiddenCounts() throws {
        let test = try TestApp()
        let scope = Disclosure.Scope(from: "2026-01", to: "2026-12", cutoff: "2027-01-15")
        let newest = Release(id: 3, scope: scope, threshold: 5, status: .published, createdAt: Self.when, publishedAt: Self.when)
        var older = newest
        older.id = 2
        for lang in Language.supported {
            let page = StatisticsPage(releases: [newest, older], chosen: newest, tables: [Self.countries(Self.context(test, lang))], configuredThreshold: 5)
            let html = try Self.render(test, StatisticsPage.template, path: "/statistics", lang: lang, page.values)
            Self.expectHidden(html, lang)
            #expect(html.contains("/statistics.csv?release=3&amp;table=country"))
            #expect(html.contains(Self.escaped(test.app.catalogs.text("statistics_protection", lang, ["threshold": "5"]))))
            let summary = try Self.render(test, SummaryPage.template, path: "/statistics/summary", lang: lang, SummaryPage(release: newest, tables: [Self.countries(Self.context(test, lang))]).values)
            Self.expectHidden(summary, lang)
            #expect(summary.contains("/statistics?release=3"))
            let nothing = try Self.render(
                test, StatisticsPage.template, path: "/statistics", lang: lang, StatisticsPage(releases: [], chosen: nil, tables: [], configuredThreshold: 5).values)
            #expect(!nothing.contains("/statistics.csv?release="))
        }
    }

    @Test func theStaffPictureShowsTablesGrantsAndIndicators() throws {
        let test = try TestApp()
        let grants = [GrantsByCountry(country: "UA", count: 4, awarded: Money(minorUnits: 1_200_000, currency: .euro), paid: Money(minorUnits: 300_000, currency: .euro))]
        let indicator = CallIndicator(id: 3, callId: 4, position: 1, name: "Women reached", source: .none)
        let total = IndicatorTotal(callTitle: "Small grants", callTitleRu: "Малые гранты", callTitleUk: "Малі гранти", indicator: indicator, country: "UA", target: 120, reported: 97)
        for lang in Language.supported {
            let page = PicturePage(tables: [Self.countries(Self.context(test, lang))], window: .last12, threshold: 5, grants: grants, indicators: [total])
            let html = try Self.render(test, PicturePage.template, path: "/picture", lang: lang, as: Self.officer, page.values)
            Self.expectHidden(html, lang)
            #expect(html.contains("/picture.csv?months=12&amp;table=country"))
            #expect(html.contains(lang == "en" ? "EUR 12,000.00" : "12\u{00A0}000,00\u{00A0}EUR"), "\(lang)")
            #expect(html.contains(["en": "Small grants", "ru": "Малые гранты", "uk": "Малі гранти"][lang] ?? "-") && html.contains(">97<"))
        }
    }
}
