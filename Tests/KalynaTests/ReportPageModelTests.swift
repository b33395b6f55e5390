import Foundation
import HTTPServer
import Templating
import Testing
import TestSupport

@testable import Kalyna

/// A grant's report and a submitted version of it, rendered strictly from their models.
extension PageModelTests {
    static func loadedGrant(holder: Bool, staff: Bool, award: Int64) -> GrantAccess.Loaded {
        let grant = Grant(
            id: 7, applicationId: 12, publicId: "KLN-2027-0007", amountAwarded: award, currency: .euro, awardDate: "2027-03-01", createdAt: when,
            title: "Safe spaces", periodStart: "2027-03-01", periodEnd: "2028-02-28", status: .active, terminationReason: nil, closedAt: nil)
        let initiative = Initiative(
            id: 5, name: "Light <Odesa>", country: "UA", city: "Odesa", legalForm: .informal, description: "", contact: "",
            status: .verified, declineReason: nil, createdAt: when, decidedAt: when)
        return GrantAccess.Loaded(
            grant: grant, application: application(12, title: "Safe spaces"), initiative: initiative, call: call, isStaff: staff, isFinance: false, isHolder: holder)
    }

    static let lines = [
        BudgetLine(id: 1, applicationId: 12, position: 0, category: "staff", description: "Peer worker", amountText: "3000", amount: 300_000),
        BudgetLine(id: 2, applicationId: 12, position: 1, category: "travel", description: "Bus <fares>", amountText: "1000", amount: 100_000),
    ]

    @Test func theHolderWritesHerReportAgainstTheAwardAndStaffDecide() throws {
        let test = try TestApp()
        let report = ReportRequirement(
            id: 40, grantId: 7, kind: .final, dueDate: "2028-03-31", status: .draft, done: "We <met> weekly", results: "", challenges: "", nextSteps: "",
            spending: #"{"1":"1500","2":"abc"}"#, staffComment: nil, acceptedAt: nil)
        let indicator = CallIndicator(id: 3, callId: 4, position: 1, name: "Cases documented", source: .cases)
        var picture = ReportStore.PeriodPicture()
        picture.cases = 12
        let period = try #require(CalendarDate(iso: "2027-03-01"))...(try #require(CalendarDate(iso: "2028-02-28")))
        var errors = FormErrors()
        errors.add("actual_2", "validation_amount")
        errors.add("results", "validation_required")
        func page(holder: Bool, staff: Bool, requirement: ReportRequirement, errors: FormErrors) -> ReportShowPage {
            // Awarded 2,000 of the 4,000 asked for: each line's budget is halved.
            ReportShowPage(
                id: 40, requirement: requirement, loaded: Self.loadedGrant(holder: holder, staff: staff, award: 200_000), currency: .euro, messages: 0,
                lines: Self.lines, siblings: [requirement], files: [], history: [], known: (picture, period), indicators: [indicator], actuals: [:],
                targets: [3: "20"], errors: errors, message: nil)
        }
        for lang in Language.supported {
            let hers = try Self.render(test, ReportShowPage.template, path: "/reports/40", lang: lang, as: Self.member, page(holder: true, staff: false, requirement: report, errors: errors).values)
            #expect(hers.contains("We &lt;met&gt; weekly") && hers.contains("value=\"abc\"") && hers.contains("Bus &lt;fares&gt;"))
            #expect(hers.contains(test.app.catalogs.text("validation_amount", lang)) && hers.contains(test.app.catalogs.text("validation_required", lang)))
            let euros = { (units: String) in lang == "en" ? "EUR \(units)" : units.replacingOccurrences(of: ",", with: "\u{00A0}").replacingOccurrences(of: ".", with: ",") + "\u{00A0}EUR" }
            #expect(hers.contains(test.app.catalogs.text("report_budget_revised", lang, ["awarded": euros("2,000.00"), "requested": euros("4,000.00")])), "\(lang)")
            // The first line's budget after the cut is 1,500, spent 1,500.
            #expect(hers.contains(euros("1,500.00")))
            // Kalyna's own count starts the indicator, beside the target.
            #expect(hers.contains("name=\"indicator_3\"") && hers.contains("value=\"12\"") && hers.contains(test.app.catalogs.text("indicator_counted", lang, ["count": "12"]).replacingOccurrences(of: "'", with: "&#39;")))
            #expect(!hers.contains("name=\"comment\""))
            var submitted = report
            submitted.status = .submitted
            var refused = FormErrors()
            refused.add("comment", "validation_required")
            let staff = try Self.render(test, ReportShowPage.template, path: "/reports/40", lang: lang, as: Self.officer, page(holder: false, staff: true, requirement: submitted, errors: refused).values)
            #expect(staff.contains("name=\"comment\"") && staff.contains(test.app.catalogs.text("validation_return_comment", lang)))
            #expect(!staff.contains("name=\"done\""))
        }
    }

    @Test func aVersionShowsTheReportAsItWasSent() throws {
        let test = try TestApp()
        let report = ReportRequirement(
            id: 40, grantId: 7, kind: .interim, dueDate: "2027-09-30", status: .returned, done: "later text", results: "", challenges: "", nextSteps: "",
            spending: "{}", staffComment: "More <detail>", acceptedAt: nil)
        let version = ReportStore.Version(
            number: 1, count: 2, at: Self.when, outcome: "returned", comment: "More <detail>", decidedAt: Self.when,
            text: ["done": "first <text>", "results": ""], spending: ["1": "1200,5", "2": "n/a"])
        for lang in Language.supported {
            let html = try Self.render(
                test, ReportVersionPage.template, path: "/reports/40/versions/1", lang: lang, as: Self.member,
                ReportVersionPage(id: 40, requirement: report, loaded: Self.loadedGrant(holder: true, staff: false, award: 400_000), currency: .euro,
                                  version: version, lines: Self.lines, siblings: [report]).values)
            #expect(html.contains("first &lt;text&gt;") && !html.contains("later text"))
            #expect(html.contains("More &lt;detail&gt;") && html.contains(test.app.catalogs.text("report_outcome_returned", lang)))
            #expect(html.contains(test.app.catalogs.text("report_version_of", lang, ["number": "1", "count": "2"])))
            #expect(html.contains(lang == "en" ? "EUR 1,200.50" : "1\u{00A0}200,50\u{00A0}EUR") && html.contains("n/a"), "\(lang)")
        }
    }
}
