import Foundation
import HTTPServer
import Templating
import Testing
import TestSupport

@testable import Kalyna

/// Pages that keep the programme's settings, rendered strictly from their models.
extension PageModelTests {
    @Test func theVocabulariesShowEachTermInThreeLanguagesWithItsUse() throws {
        let test = try TestApp()
        let admin = User(id: 9, email: "root@x.org", name: "Root", passwordHash: "", role: .admin, initiativeId: nil, language: "en", active: true, createdAt: Self.when)
        let act = ViolenceType(id: 1, key: "threats", nameEn: "Threats <and> intimidation", nameRu: "Угрозы", nameUk: "Погрози", active: false, position: 1)
        let term = CaseTerm(id: 21, vocabulary: "consequence", key: "injury", nameEn: "Injury", nameRu: "Травма", nameUk: "Травма", active: true, position: 1)
        for lang in Language.supported {
            let html = try Self.render(
                test, TypologyPage.template, path: "/admin/typology", lang: lang, as: admin,
                TypologyPage(acts: [(act, 17)], terms: [(term, 4)], error: test.app.catalogs.text("validation_typology_names", lang)).values)
            #expect(html.contains("Threats &lt;and&gt; intimidation") && html.contains("Погрози") && html.contains("Угрозы"))
            #expect(html.contains(test.app.catalogs.text("typology_acts", lang)) && html.contains(test.app.catalogs.text("typology_consequence", lang)))
            #expect(html.contains("action=\"/admin/typology/1\"") && html.contains("action=\"/admin/terms/21\""))
            #expect(html.contains(test.app.catalogs.text("validation_typology_names", lang)))
        }
    }

    @Test func theScheduleComesBackAsTypedWithTheTotalItMustReach() throws {
        let test = try TestApp()
        let grant = Grant(
            id: 7, applicationId: 12, publicId: "KLN-2027-0007", amountAwarded: 300_000, currency: .euro, awardDate: "2027-03-01", createdAt: Self.when,
            title: "Safe spaces", periodStart: "2027-03-01", periodEnd: "2028-02-28", status: .active, terminationReason: nil, closedAt: nil)
        let rows = [
            GrantScheduleEdit.Row(id: 1, amount: "2100", date: "2027-03-10", requires: "", locked: true),
            GrantScheduleEdit.Row(id: nil, amount: "9x", date: "2027-09-01", requires: "r5", locked: false),
        ]
        let reports = [GrantScheduleEdit.ReportRow(key: "r5", kind: .final, due: "2028-03-31", editable: true, removable: false)]
        var errors = FormErrors()
        errors.add("tranche_1_amount", "validation_amount")
        errors.add("total", "validation_tranches_total")
        for lang in Language.supported {
            let html = try Self.render(
                test, SchedulePage.template, path: "/grants/7/schedule", lang: lang, as: Self.officer,
                SchedulePage(grant: grant, currency: .euro, rows: rows, reports: reports, errors: errors).values)
            #expect(html.contains("KLN-2027-0007") && html.contains("value=\"9x\"") && html.contains("value=\"2028-03-31\""))
            #expect(html.contains("<option value=\"r5\" selected>" + test.app.catalogs.text("report_kind_final", lang)), "\(lang)")
            let awarded = lang == "en" ? "EUR 3,000.00" : "3\u{00A0}000,00\u{00A0}EUR"
            #expect(html.contains(test.app.catalogs.text("validation_tranches_total", lang, ["awarded": awarded])), "\(lang)")
            #expect(html.contains(test.app.catalogs.text("validation_amount", lang)))
        }
    }
}
