import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// Money as finance expects it: a foreign payment checked against the rate,
/// corrections that keep what they replace, spending against the award, an
/// early end that gives the rest back to the call, amounts as the page writes them.
@Suite struct MoneyRulesTests {
    /// A grant of `amount` (EUR minor units) with its first tranche approved, and finance signed in.
    static func approvedTranche(_ test: TestApp, amount: Int64 = 200_000) throws -> (grant: Int64, disbursement: Int64, finance: Browser) {
        let ours = try test.initiative("Ours")
        let call = try test.call()
        let (grant, _, disbursement, _) = try test.grant(call: call, initiative: ours, amount: amount)
        try test.app.database.pool.write { db in _ = try DisbursementStore.approve(db, disbursement, by: nil, now: Date()) }
        try test.user("fo@x.org", .financeOfficer)
        return (grant, disbursement, try test.signedIn("fo@x.org"))
    }

    @Test func aForeignAmountThatDoesNotMatchTheRateIsRefusedWithTheFormKept() throws {
        let test = try TestApp()
        // 800 EUR: the first tranche (70%) is 560 EUR, which at 520 KZT is 291,200 KZT.
        let (grant, disbursement, finance) = try Self.approvedTranche(test, amount: 80_000)
        let page = "/grants/\(grant)"
        let wrong = try finance.post(
            "/disbursements/\(disbursement)/pay",
            [("form", "pay"), ("paid_on", "2026-11-20"), ("reference", "KZ-77"), ("paid_currency", "KZT"), ("paid_amount", "280 000"),
             ("exchange_rate", "520"), ("bank_fee", "")],
            from: page)
        #expect(wrong.status == 409)
        #expect(wrong.text.contains("does not match the grant amount at this rate"))
        #expect(wrong.text.contains("value=\"280 000\""))
        #expect(wrong.text.contains("value=\"KZ-77\""))
        #expect(wrong.text.contains("<option value=\"KZT\" selected>"))
        #expect(try test.count("SELECT COUNT(*) FROM disbursement WHERE status = 'paid'") == 0)
        // Within the stated tolerance (a bank's rounding) it is recorded.
        let right = try finance.post(
            "/disbursements/\(disbursement)/pay",
            [("form", "pay"), ("paid_on", "2026-11-20"), ("reference", "KZ-77"), ("paid_currency", "KZT"), ("paid_amount", "291,000.00"),
             ("exchange_rate", "520"), ("bank_fee", "")],
            from: page)
        #expect(right.status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM disbursement WHERE status = 'paid' AND paid_amount = 29100000") == 1)
    }

    @Test func aCorrectionKeepsWhatWasRecordedBefore() throws {
        let test = try TestApp()
        let (grant, disbursement, finance) = try Self.approvedTranche(test)
        let page = "/grants/\(grant)"
        #expect(try finance.post("/disbursements/\(disbursement)/pay", [("paid_on", "2026-11-02"), ("reference", "BANK-1")], from: page).status == 303)
        #expect(try finance.get(page).text.contains("Correct this payment"))
        // Without a reason: refused, the typed correction kept, nothing changed.
        let refused = try finance.post(
            "/disbursements/\(disbursement)/correct", [("form", "correct"), ("paid_on", "2026-11-03"), ("reference", "BANK-2"), ("reason", "")],
            from: page)
        #expect(refused.status == 422)
        #expect(refused.text.contains("Say why the payment is corrected."))
        #expect(refused.text.contains("value=\"BANK-2\""))
        #expect(try test.count("SELECT COUNT(*) FROM payment_correction") == 0)

        let corrected = try finance.post(
            "/disbursements/\(disbursement)/correct",
            [("form", "correct"), ("paid_on", "2026-11-03"), ("reference", "BANK-2"), ("reason", "The bank statement shows the 3rd")],
            from: page)
        #expect(corrected.status == 303)
        let now = try test.app.database.pool.read { try Row.fetchOne($0, sql: "SELECT paid_on, bank_reference, amount FROM disbursement") }
        #expect(now?["paid_on"] as String? == "2026-11-03")
        #expect(now?["bank_reference"] as String? == "BANK-2")
        #expect(now?["amount"] as Int64? == 140_000)
        let kept = try test.app.database.pool.read { try Row.fetchOne($0, sql: "SELECT old_paid_on, old_bank_reference, reason FROM payment_correction") }
        #expect(kept?["old_paid_on"] as String? == "2026-11-02")
        #expect(kept?["old_bank_reference"] as String? == "BANK-1")
        let shown = try finance.get(page).text
        #expect(shown.contains("The bank statement shows the 3rd"))
        #expect(shown.contains("BANK-1"))
        #expect(try test.count("SELECT COUNT(*) FROM audit_event WHERE action = 'disbursement.corrected'") == 1)
        // History cannot be rewritten.
        #expect(throws: (any Error).self) {
            try test.app.database.pool.write { try $0.execute(sql: "UPDATE payment_correction SET old_bank_reference = 'X'") }
        }
    }

    @Test func spendingIsReportedAgainstTheAwardNotTheRequest() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        let call = try test.call()
        try test.user("coord@x.org", .coordinator, initiative: ours)
        // Requested 2,000 + 1,000; awarded 1,500.
        let (_, _, _, report) = try test.grant(call: call, initiative: ours, amount: 150_000)
        try test.app.database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO budget_line (application_id, position, category, description, amount_text, amount)
                SELECT id, 1, 'travel', 'Trips', '1000', 100000 FROM application
                """)
        }
        let text = try test.signedIn("coord@x.org").get("/reports/\(report)").text
        #expect(text.contains("Budget (revised to the award)"))
        #expect(text.contains("EUR 1,000.00") || text.contains("€1,000.00"), "the 2,000 line cut to 1,000")
        #expect(text.contains("EUR 500.00") || text.contains("€500.00"), "the 1,000 line cut to 500")
        #expect(text.contains("The award (") && text.contains("is lower than the request"))
        #expect(!text.contains("Total requested"))
    }

    @Test func anEarlyEndGivesTheUnpaidRestBackToTheCall() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.app.database.pool.write { try $0.execute(sql: "UPDATE initiative SET public_listing = 'named'") }
        let call = try test.call()
        let (grant, _, disbursement, _) = try test.grant(call: call, initiative: ours, amount: 200_000)
        try test.app.database.pool.write { db in
            _ = try DisbursementStore.approve(db, disbursement, by: nil, now: Date())
            _ = try DisbursementStore.pay(db, disbursement, Payment(paidOn: CalendarDate(year: 2026, month: 11, day: 2)!, reference: "B-1", foreign: nil))
        }
        func committed() throws -> Int64 { try test.app.database.pool.read { try CallStore.awarded($0, call: call) } }
        #expect(try committed() == 200_000)
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")
        #expect(try officer.post("/grants/\(grant)/terminate", [("reason", "The group stopped its work.")], from: "/grants/\(grant)").status == 303)
        // The call has the 600 not paid to award again.
        #expect(try committed() == 140_000)
        let page = try officer.get("/grants/\(grant)").text
        #expect(page.contains("Returned to the call (not paid)"))
        // The exports say what the grant finally gave.
        let json = try officer.get("/grants.json")
        let parsed = try JSONSerialization.jsonObject(with: Data(json.body)) as? [String: Any]
        let first = try #require((parsed?["grants"] as? [[String: Any]])?.first)
        #expect((first["amountAwarded"] as? NSNumber)?.doubleValue == 1400)
        #expect(try officer.get("/grants.csv").text.contains(",1400.00,1400.00,"))
    }

    @Test func amountsAreReadAsThePageWritesThem() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        let call = try test.call()
        let application = try test.application(call: call, initiative: ours, status: .submitted)
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")
        let approved = try officer.post("/applications/\(application)/approve", [("amount", "1,500.50")], from: "/applications/\(application)")
        #expect(approved.status == 303)
        #expect(try test.count("SELECT amount_awarded FROM \"grant\"") == 150_050)
    }

    @Test func theRulesHoldWithoutInputOrOutput() throws {
        let eur = try #require(Currency(code: "EUR"))
        let kzt = try #require(Currency(code: "KZT"))
        let jpy = try #require(Currency(code: "JPY"))
        #expect(ForeignPayment.expected(Money(minorUnits: 80_000, currency: eur), rate: "520", in: kzt) == 41_600_000)
        #expect(ForeignPayment.expected(Money(minorUnits: 10_000, currency: eur), rate: "161.25", in: jpy) == 16_125)
        #expect(!ForeignPayment.fits(Money(minorUnits: 80_000, currency: eur), paid: Money(minorUnits: 40_000_000, currency: kzt), rate: "520"))
        #expect(ForeignPayment.fits(Money(minorUnits: 80_000, currency: eur), paid: Money(minorUnits: 41_300_000, currency: kzt), rate: "520"))
        #expect(RevisedBudget.lines([200_000, 100_000], award: 150_000) == [100_000, 50_000])
        #expect(RevisedBudget.lines([100, 100, 100], award: 200).reduce(0, +) == 200)
        #expect(RevisedBudget.lines([100, 200], award: 500) == [100, 200])
        #expect(RevisedBudget.lines([9_000_000_000_000, 1], award: 5_000_000_000_000).reduce(0, +) == 5_000_000_000_000)
        #expect(GrantCommitment.amount(awarded: 200, paid: 140, status: .terminated) == 140)
        #expect(GrantCommitment.amount(awarded: 200, paid: 140, status: .active) == 200)
    }
}
