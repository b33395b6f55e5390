import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// The coordinator keeps her initiative's details: a declined registration is
/// corrected and sent again, a change to what staff verified goes back to them,
/// payee details reach finance with every opening audited, and the published
/// file shows each initiative only as it chose.
@Suite struct InitiativeDetailsTests {
    static func form(name: String, city: String = "Odesa", listing: String = "hidden", bank: String = "") -> [(String, String)] {
        [
            ("initiative_name", name), ("country", "UA"), ("city", city), ("legal_form", "informal"),
            ("description", "Peer support for women"), ("contact", "+380 00 000 00 00"), ("public_listing", listing),
            ("legal_name", ""), ("registration_number", ""), ("bank_details", bank),
        ]
    }

    @Test func aDeclinedRegistrationIsCorrectedAndSentAgainWithTheReasonKept() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours", status: .pending)
        try test.user("coord@x.org", .coordinator, initiative: ours)
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")
        #expect(try officer.post("/initiatives/\(ours)/decline", [("reason", "Please name your city in full.")], from: "/initiatives/\(ours)").status == 303)

        let coordinator = try test.signedIn("coord@x.org")
        let dashboard = try coordinator.get("/dashboard").text
        #expect(dashboard.contains("Please name your city in full."))
        #expect(dashboard.contains("/initiatives/\(ours)/edit"))
        let edit = try coordinator.get("/initiatives/\(ours)/edit")
        #expect(edit.status == 200)
        #expect(edit.text.contains("Please name your city in full."))
        #expect(edit.text.contains("Send for verification again"))

        // A mistake comes back with what was typed and a message beside the field.
        var bad = Self.form(name: "Ours", city: "")
        bad[3] = ("legal_form", "corporation")
        let refused = try coordinator.post("/initiatives/\(ours)", bad, from: "/initiatives/\(ours)/edit")
        #expect(refused.status == 422)
        #expect(refused.text.contains("Peer support for women"))
        #expect(refused.text.contains("id=\"field-city-error\""))
        #expect(refused.text.contains("id=\"field-legal_form-error\""))
        #expect(try test.count("SELECT COUNT(*) FROM initiative WHERE status = 'declined'") == 1)

        let sent = try coordinator.post("/initiatives/\(ours)", Self.form(name: "Ours", city: "Odesa-Peresyp"), from: "/initiatives/\(ours)/edit")
        #expect(sent.status == 303)
        #expect(sent.header("Location") == "/initiatives/\(ours)?notice=initiative_resubmitted")
        #expect(try test.count("SELECT COUNT(*) FROM initiative WHERE status = 'pending' AND city = 'Odesa-Peresyp'") == 1)
        // Staff see the corrected registration with the reason it was declined for.
        let page = try officer.get("/initiatives/\(ours)").text
        #expect(page.contains("Please name your city in full."))
        #expect(page.contains("/initiatives/\(ours)/verify"))
        #expect(try test.count("SELECT COUNT(*) FROM audit_event WHERE action = 'initiative.resubmitted'") == 1)
    }

    @Test func changingWhatStaffVerifiedSendsItBackToThemAndTheInitiativeKeepsWorking() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        try test.user("po@x.org", .programmeOfficer)
        let coordinator = try test.signedIn("coord@x.org")
        // A new phone number is not what staff verified.
        var form = Self.form(name: "Ours")
        form[5] = ("contact", "+380 11 111 11 11")
        #expect(try coordinator.post("/initiatives/\(ours)", form, from: "/initiatives/\(ours)/edit").header("Location") == "/initiatives/\(ours)?notice=saved")
        #expect(try test.count("SELECT COUNT(*) FROM initiative WHERE changed_since_verification") == 0)
        // A new name is.
        let renamed = try coordinator.post("/initiatives/\(ours)", Self.form(name: "Ours Renamed"), from: "/initiatives/\(ours)/edit")
        #expect(renamed.header("Location") == "/initiatives/\(ours)?notice=initiative_to_reverify")
        #expect(try test.count("SELECT COUNT(*) FROM initiative WHERE status = 'verified' AND changed_since_verification") == 1)
        // Cases can still be registered meanwhile.
        #expect(try coordinator.get("/cases/new").status == 200)

        let officer = try test.signedIn("po@x.org")
        #expect(try officer.get("/initiatives?status=pending").text.contains("Ours Renamed"))
        #expect(try officer.get("/dashboard").text.contains("1"))
        let show = try officer.get("/initiatives/\(ours)").text
        #expect(show.contains("Details changed since verification"))
        #expect(try officer.post("/initiatives/\(ours)/verify", [], from: "/initiatives/\(ours)").status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM initiative WHERE status = 'verified' AND NOT changed_since_verification") == 1)
        // Verified again: nothing more to decide.
        #expect(try officer.post("/initiatives/\(ours)/verify", [], from: "/initiatives/\(ours)").status == 409)
    }

    @Test func financeOpensPayeeDetailsAndEachOpeningIsAudited() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        try test.user("doc@x.org", .documenter, initiative: ours)
        try test.user("fo@x.org", .financeOfficer)
        let coordinator = try test.signedIn("coord@x.org")
        let iban = "UA21 3223 1300 0002 6007 2335 6600 1"
        #expect(try coordinator.post("/initiatives/\(ours)", Self.form(name: "Ours", bank: iban), from: "/initiatives/\(ours)/edit").status == 303)
        // The documenter's view of the initiative carries no bank details.
        #expect(!(try test.signedIn("doc@x.org").get("/initiatives/\(ours)").text.contains(iban)))

        let finance = try test.signedIn("fo@x.org")
        // Finance reaches it from the grant it pays.
        let (grant, _, _, _) = try test.grant(call: try test.call(), initiative: ours)
        let grantPage = try finance.get("/grants/\(grant)").text
        #expect(grantPage.contains("action=\"/initiatives/\(ours)/payee\""))
        let token = Browser.csrf(in: grantPage)
        let payee = try finance.post("/initiatives/\(ours)/payee", [], csrf: token)
        #expect(payee.status == 200)
        #expect(payee.text.contains(iban))
        #expect(try test.count("SELECT COUNT(*) FROM audit_event WHERE action = 'initiative.payee_read' AND record_id = \(ours)") == 1)
        _ = try finance.post("/initiatives/\(ours)/payee", [], csrf: token)
        #expect(try test.count("SELECT COUNT(*) FROM audit_event WHERE action = 'initiative.payee_read'") == 2)
    }

    @Test func thePublishedFileShowsEachInitiativeOnlyAsItChose() throws {
        let test = try TestApp()
        let named = try test.initiative("Named Group", city: "Kharkiv")
        let anonymous = try test.initiative("Secret Sisters", city: "Poltava")
        let hidden = try test.initiative("Hidden Circle", city: "Lutsk")
        try test.app.database.pool.write { db in
            try db.execute(sql: "UPDATE initiative SET public_listing = 'named' WHERE id = ?", arguments: [named])
            try db.execute(sql: "UPDATE initiative SET public_listing = 'anonymous' WHERE id = ?", arguments: [anonymous])
        }
        let call = try test.call()
        for initiative in [named, anonymous, hidden] { _ = try test.grant(call: call, initiative: initiative) }
        // The application's own words can name a place; an anonymous grant publishes none of them.
        try test.app.database.pool.write { db in
            try db.execute(sql: "UPDATE application SET title = 'Safe spaces in Poltava', summary = 'Secret Sisters of Poltava' WHERE initiative_id = ?", arguments: [anonymous])
        }
        try test.user("fo@x.org", .financeOfficer)
        let json = try test.signedIn("fo@x.org").get("/grants.json")
        let text = json.text
        #expect(text.contains("Named Group"))
        for secret in ["Secret Sisters", "Poltava", "Hidden Circle", "Lutsk"] { #expect(!text.contains(secret), "\(secret) is in the published file") }
        let parsed = try JSONSerialization.jsonObject(with: Data(json.body)) as? [String: Any]
        let grants = try #require(parsed?["grants"] as? [[String: Any]])
        #expect(grants.count == 2)
        let names = grants.compactMap { (($0["recipientOrganization"] as? [[String: Any]])?.first?["name"]) as? String }
        #expect(names.sorted() == ["A community initiative in Ukraine", "Named Group"])
        // Anonymous recipients are not one identifier across grants.
        let ids = grants.compactMap { (($0["recipientOrganization"] as? [[String: Any]])?.first?["id"]) as? String }
        #expect(ids.contains { $0.contains("-ANON-") })
        #expect(!ids.contains { $0.hasSuffix("-ORG-\(anonymous)") })
        // Still a valid 360Giving package.
        let file = try temporaryDirectory() + "/grants.json"
        try Data(json.body).write(to: URL(fileURLWithPath: file))
        let result = try Tool.run("python3", [TestApp.repositoryRoot + "/Tests/KalynaTests/Resources/validate_360giving.py", file])
        #expect(result.hasSuffix("valid\n"), "\(result)")
        // Staff's own spreadsheet keeps every grant, with each one's choice.
        let csv = try test.signedIn("fo@x.org").get("/grants.csv").text
        #expect(csv.contains("Hidden Circle") && csv.contains(",hidden"))
    }

    @Test func theChoiceOfListingIsARuleWithoutInputOrOutput() {
        #expect(PublishedRecipient.of(.hidden, name: "A", city: "B", country: "UA") == nil)
        #expect(PublishedRecipient.of(.anonymous, name: "A", city: "B", country: "UA") == .anonymous(country: "UA"))
        let old = InitiativeDetails(
            name: "A", country: "UA", city: "Odesa", legalForm: .informal, description: "", contact: "", publicListing: .hidden,
            legalName: "", registrationNumber: "", bankDetails: "")
        var moved = old
        moved.city = "Kyiv"
        #expect(moved.effect(replacing: old, status: .verified) == .saved)
        var renamed = old
        renamed.registrationNumber = "123"
        #expect(renamed.effect(replacing: old, status: .verified) == .toReverify)
        #expect(moved.effect(replacing: old, status: .declined) == .resubmitted)
        #expect(renamed.effect(replacing: old, status: .pending) == .saved)
    }
}
