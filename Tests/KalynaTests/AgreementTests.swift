import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// The grant agreement: written per call in three languages, read with the
/// grant's own figures, accepted by the coordinator before money moves, and
/// asked for again when the terms change.
@Suite(.serialized) struct AgreementTests {
    @Test func placeholdersAreFilledAndTermsTellChanges() throws {
        #expect(GrantAgreement.fill("{initiative} receives {amount} ({unknown}).", ["initiative": "Ours", "amount": "EUR 10.00"]) == "Ours receives EUR 10.00 ({unknown}).")
        #expect(GrantAgreement.text(en: "", ru: "Русский", uk: "", lang: "uk", fallback: "ru") == "Русский")
        #expect(GrantAgreement.text(en: " ", ru: "", uk: "", lang: "uk", fallback: "en") == nil)
        #expect(GrantAgreement.standing(callHasText: false, acceptedTerms: nil, currentTerms: "a") == .notRequired)
        #expect(GrantAgreement.standing(callHasText: true, acceptedTerms: nil, currentTerms: "a") == .awaiting(changedSinceAcceptance: false))
        #expect(GrantAgreement.standing(callHasText: true, acceptedTerms: "a", currentTerms: "a") == .accepted)
        #expect(GrantAgreement.standing(callHasText: true, acceptedTerms: "a", currentTerms: "b") == .awaiting(changedSinceAcceptance: true))
        #expect(!GrantAgreement.allowsPayment(.awaiting(changedSinceAcceptance: true)))
    }

    @Test func noTrancheIsApprovedBeforeTheCoordinatorAcceptsTheAgreement() throws {
        let test = try TestApp()
        let ours = try test.initiative("Сад надії")
        try test.user("po@x.org", .programmeOfficer)
        try test.user("fo@x.org", .financeOfficer)
        try test.setLanguage(try test.user("coord@x.org", .coordinator, initiative: ours, name: "Olena"), "uk")
        try test.user("other@x.org", .coordinator, initiative: try test.initiative("Theirs"))
        let officer = try test.signedIn("po@x.org")

        // The officer writes the call with its agreement in three languages.
        let texts = [
            ("agreement_en", "Grant {grant} to {initiative}: {amount} for {period_start} to {period_end}.\nTranches: {tranches}.\nReports: {reports}."),
            ("agreement_ru", "Грант {grant} инициативе {initiative}: {amount}."),
            ("agreement_uk", "Грант {grant} ініціативі «{initiative}»: {amount}, з {period_start} по {period_end}.\nТранші: {tranches}.\nЗвіти: {reports}."),
        ]
        let created = try officer.post("/calls", [
            ("title", "Small grants 2027"), ("description", "For local groups."), ("currency", "EUR"), ("total_budget", "10000"), ("max_grant", "3000"),
            ("opens_on", "2020-01-01"), ("closes_on", "2099-12-31"), ("eligibility", "Verified initiatives."), ("tranche_split", "70,30"),
            ("criterion_name", "Relevance"), ("criterion_weight", "100"),
        ] + texts, from: "/calls/new")
        #expect(created.status == 303)
        let call = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM call") })
        #expect(try officer.get("/calls/\(call)/edit").text.contains("Грант {grant} ініціативі «{initiative}»"))
        let (grant, _, disbursement, _) = try test.grant(call: call, initiative: ours)

        // Finance cannot approve the first payment yet; the grant page says why.
        let finance = try test.signedIn("fo@x.org")
        let refused = try finance.post("/disbursements/\(disbursement)/approve", [], from: "/grants/\(grant)")
        #expect(refused.status == 409)
        #expect(refused.text.contains("has not accepted the grant agreement"))
        let coordinator = try test.signedIn("coord@x.org")
        #expect(try coordinator.get("/grants/\(grant)").text.contains("Будь ласка, прочитайте й прийміть грантову угоду"))

        // She reads it in Ukrainian with the grant's figures, and accepts it after one refusal.
        let path = "/grants/\(grant)/agreement"
        let page = try coordinator.get(path)
        #expect(page.status == 200)
        // Amounts are grouped with a non-breaking space, as Ukrainian writes them.
        let shown = page.text.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
        let publicId = try #require(try test.app.database.pool.read { try String.fetchOne($0, sql: "SELECT public_id FROM \"grant\"") })
        #expect(shown.contains("Грант \(publicId) ініціативі «Сад надії»: 2 000,00 EUR"))
        #expect(!page.text.contains("{amount}") && !page.text.contains("{tranches}"))
        #expect(shown.contains("<p>Транші: 1 400,00 EUR до "))
        let missing = try coordinator.post(path, [("name", ""), ("terms", "x")], from: path)
        #expect(missing.status == 422)
        #expect(missing.text.contains("id=\"field-name-error\"") && missing.text.contains("id=\"field-confirm-error\""))
        // Another initiative's coordinator may not accept it.
        #expect(try test.signedIn("other@x.org").post(path, [("name", "Oksana"), ("confirm", "yes")], from: "/dashboard").status == 403)
        let token = try #require(page.text.firstMatch(of: /name="terms" value="([0-9a-f]+)"/).map { String($0.1) })
        #expect(try coordinator.post(path, [("name", "Олена Коваленко"), ("confirm", "yes"), ("terms", token)], from: path).status == 303)
        let acceptance = try #require(try test.app.database.pool.read { try Row.fetchOne($0, sql: "SELECT * FROM grant_acceptance") })
        #expect(acceptance["name"] == "Олена Коваленко")
        #expect(acceptance["language"] == "uk")
        #expect(acceptance["address"] == "127.0.0.1")
        #expect((acceptance["text"] as String?)?.contains("Грант \(publicId) ініціативі") == true)
        #expect(try test.count("SELECT COUNT(*) FROM audit_event WHERE action = 'agreement.accepted'") == 1)
        #expect(try officer.get("/grants/\(grant)").text.contains("Accepted by Олена Коваленко"))
        #expect(try finance.post("/disbursements/\(disbursement)/approve", [], from: "/grants/\(grant)").status == 303)

        // The schedule changes: she is asked again, and the old page's acceptance is refused.
        try test.app.database.pool.write { try $0.execute(sql: "UPDATE tranche SET planned_date = '2030-09-01' WHERE grant_id = ? AND position = 1", arguments: [grant]) }
        #expect(try coordinator.get("/grants/\(grant)").text.contains("Умови гранту змінилися"))
        #expect(try coordinator.post(path, [("name", "Олена Коваленко"), ("confirm", "yes"), ("terms", token)], from: path).status == 409)
        #expect(throws: GrantActionError.agreementNotAccepted) {
            try test.app.database.pool.read { db in
                guard let record = try GrantStore.find(db, id: grant) else { return }
                try AgreementStore.requirePaymentAllowed(db, grant: record)
            }
        }
        let again = try coordinator.get(path)
        #expect(again.text.contains("Попередні умови прийнято: Олена Коваленко"))
        let fresh = try #require(again.text.firstMatch(of: /name="terms" value="([0-9a-f]+)"/).map { String($0.1) })
        #expect(try coordinator.post(path, [("name", "Олена Коваленко"), ("confirm", "yes"), ("terms", fresh)], from: path).status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM grant_acceptance") == 2)
        #expect(!(try coordinator.get(path).text.contains("name=\"terms\"")))
    }

    @Test func aCallWithoutAnAgreementAsksForNone() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("fo@x.org", .financeOfficer)
        try test.user("coord@x.org", .coordinator, initiative: ours)
        let (grant, _, disbursement, _) = try test.grant(call: try test.call(), initiative: ours)
        #expect(try test.signedIn("coord@x.org").get("/grants/\(grant)/agreement").status == 404)
        #expect(try test.signedIn("fo@x.org").post("/disbursements/\(disbursement)/approve", [], from: "/grants/\(grant)").status == 303)
    }
}
