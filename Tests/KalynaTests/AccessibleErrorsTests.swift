import Foundation
import Testing
import TestSupport

@testable import Kalyna

/// A refused form says so in its title, lists each error with a link to its
/// field, and ties errors about a group of choices to that group.
@Suite struct AccessibleErrorsTests {
    @Test func aRefusedCaseFormLinksEachErrorToItsField() throws {
        let test = try TestApp()
        try test.user("coord@x.org", .coordinator, initiative: try test.initiative("Ours"))
        let coordinator = try test.signedIn("coord@x.org")
        let form = CasesTests.form(place: try test.placeChoice("UA", "Odesa")).filter { $0.0 != "acts" && $0.0 != "consent_record" }
        let refused = try coordinator.post("/cases", form, from: "/cases/new")
        #expect(refused.status == 422)
        #expect(refused.text.contains("<title>Error: "))
        #expect(refused.text.contains("<a href=\"#field-acts\">Choose at least one kind of violence.</a>"))
        #expect(refused.text.contains("<a href=\"#field-consent_record\">"))
        // The group of checkboxes carries the error, and the link lands on it.
        #expect(refused.text.contains("<fieldset id=\"field-acts\" class=\"has-error\" aria-describedby=\"field-acts-error\">"))
        #expect(refused.text.contains("id=\"field-acts-error\""))
        // Every summary link has its target on the page.
        for link in refused.text.matches(of: /<li><a href="#([^"]+)">/) {
            #expect(refused.text.contains("id=\"\(link.1)\""), "no element for #\(link.1)")
        }
    }

    @Test func rowErrorsLinkToTheirRowsControl() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        let application = try test.application(call: try test.call(), initiative: ours)
        let coordinator = try test.signedIn("coord@x.org")
        let refused = try coordinator.post(
            "/applications/\(application)", [("title", "Safe spaces"), ("line_category", "activities"), ("line_description", "Meetings"),
                                             ("line_amount", "lots"), ("action", "submit")], from: "/applications/\(application)/edit")
        #expect(refused.status == 422)
        #expect(refused.text.contains("<title>Error: "))
        #expect(refused.text.contains("<a href=\"#line-amount-0\">"))
        for link in refused.text.matches(of: /<li><a href="#([^"]+)">/) {
            #expect(refused.text.contains("id=\"\(link.1)\""), "no element for #\(link.1)")
        }
        #expect(FormView.anchor("actual_12") == "actual-12")
        #expect(FormView.anchor("report_1_due") == "report-due-1")
        #expect(FormView.anchor("title") == "field-title")
    }
}
