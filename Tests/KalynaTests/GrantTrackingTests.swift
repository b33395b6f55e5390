import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

@Suite struct GrantTrackingTests {
    /// The issue's path: approve → two tranches, the second tied to the interim
    /// report → pay the first → paying the second is refused → the interim report
    /// is returned, resubmitted, accepted → the second tranche is paid → the final
    /// report is accepted → completed, and disbursed = awarded.
    @Test func fromAwardToCompletion() throws {
        let test = try TestApp()
        let ours = try test.initiative("Сад надії")
        let call = try test.call()
        try test.user("po@x.org", .programmeOfficer)
        try test.user("fo@x.org", .financeOfficer)
        try test.user("coord@x.org", .coordinator, initiative: ours)
        let application = try test.application(call: call, initiative: ours, status: .submitted)
        let officer = try test.signedIn("po@x.org")
        let finance = try test.signedIn("fo@x.org")
        let coordinator = try test.signedIn("coord@x.org")

        #expect(try officer.post("/applications/\(application)/approve", [("amount", "2000")], from: "/applications/\(application)").status == 303)
        let grant = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM \"grant\"") })
        let page = "/grants/\(grant)"
        // The call's default: 70% and 30%, the second waiting for the interim report.
        let tranches = try test.app.database.pool.read { try Row.fetchAll($0, sql: "SELECT id, planned_amount, requires_report_id FROM tranche ORDER BY position") }
        #expect(tranches.map { $0["planned_amount"] as Int64 } == [140_000, 60_000])
        #expect((tranches[0]["requires_report_id"] as Int64?) == nil)
        #expect((tranches[1]["requires_report_id"] as Int64?) != nil)
        let reports = try test.app.database.pool.read { try Row.fetchAll($0, sql: "SELECT id, kind FROM report_requirement ORDER BY due_date") }
        let interim = try #require(reports.first { $0["kind"] as String == "interim" }?["id"] as Int64?)
        let final = try #require(reports.first { $0["kind"] as String == "final" }?["id"] as Int64?)

        // The first tranche: proposed by the programme officer, approved and paid by finance.
        #expect(try officer.post("\(page)/tranches/\(tranches[0]["id"] as Int64)/disbursements", [], from: page).status == 303)
        let first = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM disbursement") })
        // The programme officer cannot approve her own proposal; finance can.
        #expect(try officer.post("/disbursements/\(first)/approve", [], from: page).status == 403)
        #expect(try finance.post("/disbursements/\(first)/approve", [], from: page).status == 303)
        let paid = try finance.post(
            "/disbursements/\(first)/pay",
            [("paid_on", "2026-11-20"), ("reference", "BANK-1"), ("paid_currency", "UAH"), ("paid_amount", "61 600,00"), ("exchange_rate", "44,00"), ("bank_fee", "150")],
            from: page)
        #expect(paid.status == 303)
        let stored = try test.app.database.pool.read { try Row.fetchOne($0, sql: "SELECT status, paid_currency, paid_amount, exchange_rate, bank_fee FROM disbursement") }
        #expect(stored?["status"] as String? == "paid")
        #expect(stored?["paid_amount"] as Int64? == 6_160_000)
        #expect(stored?["exchange_rate"] as String? == "44.00")

        // The second tranche waits for the interim report.
        let refused = try officer.post("\(page)/tranches/\(tranches[1]["id"] as Int64)/disbursements", [], from: page)
        #expect(refused.status == 409)
        #expect(refused.text.contains("waits for its report to be accepted"))

        // The interim report: a half-filled draft, a refused submission, a submission, returned, resubmitted, accepted.
        let report = "/reports/\(interim)"
        let lineId = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM budget_line") })
        #expect(try coordinator.post(report, [("done", "Meetings held."), ("action", "save")], from: report).status == 303)
        #expect(try coordinator.get(report).text.contains("Meetings held."))
        let incomplete = try coordinator.post(report, [("done", "Meetings held."), ("action", "submit")], from: report)
        #expect(incomplete.status == 422)
        #expect(incomplete.text.contains("id=\"field-results-error\""))
        #expect(incomplete.text.contains("id=\"actual-\(lineId)-error\""))
        let complete: [(String, String)] = [("done", "Meetings held."), ("results", "120 women reached."), ("actual_\(lineId)", "1 450,00"), ("action", "submit")]
        #expect(try coordinator.post(report, complete, from: report).status == 303)
        let staffView = try officer.get(report)
        #expect(staffView.text.contains("EUR 1,450.00"))
        #expect(staffView.text.contains("EUR -550.00"))  // variance against the EUR 2,000 budget line
        #expect(try officer.post(report + "/return", [("comment", "")], from: report).status == 422)
        #expect(try officer.post(report + "/return", [("comment", "Please add the number of referrals.")], from: report).status == 303)
        let returned = try coordinator.get(report)
        #expect(returned.text.contains("Please add the number of referrals."))
        let resubmitted = complete.map { $0.0 == "results" ? ($0.0, "120 women reached, 45 referrals.") : $0 }
        #expect(try coordinator.post(report, resubmitted, from: report).status == 303)
        #expect(try officer.post(report + "/accept", [], from: report).status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM report_submission WHERE requirement_id = \(interim)") == 2)

        // Now the second tranche can be paid.
        #expect(try officer.post("\(page)/tranches/\(tranches[1]["id"] as Int64)/disbursements", [], from: page).status == 303)
        let second = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT MAX(id) FROM disbursement") })
        #expect(try finance.post("/disbursements/\(second)/approve", [], from: page).status == 303)
        #expect(try finance.post("/disbursements/\(second)/pay", [("paid_on", "2026-11-25"), ("reference", "BANK-2"), ("paid_currency", "")], from: page).status == 303)

        // The final report accepted: the grant is completed, everything paid.
        let finalReport = "/reports/\(final)"
        #expect(try coordinator.post(finalReport, complete, from: finalReport).status == 303)
        #expect(try officer.post(finalReport + "/accept", [], from: finalReport).status == 303)
        let done = try officer.get(page)
        #expect(done.text.contains("Completed"))
        let money = try test.app.database.pool.read { try Row.fetchOne($0, sql: "SELECT g.status, g.amount_awarded, (SELECT SUM(amount) FROM disbursement WHERE status = 'paid') AS paid FROM \"grant\" g") }
        #expect(money?["status"] as String? == "completed")
        #expect(money?["paid"] as Int64? == money?["amount_awarded"] as Int64?)
        // The initiative sees what it was paid.
        #expect(try coordinator.get("/dashboard").text.contains("EUR 2,000.00"))
    }

    /// Any sequence of propose / approve / pay / cancel keeps the money right:
    /// 0 ≤ paid ≤ approved-or-paid ≤ awarded. Sequences are drawn from a seeded
    /// generator, so a failure repeats.
    @Test(arguments: 0..<40)
    func anySequenceKeepsTheMoneyWithinTheAward(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed) &+ 7)
        let database = try DatabaseQueue()
        try Migrations.migrator.migrate(database)
        let awarded: Int64 = 500_000
        let grant = try database.write { db -> Int64 in
            try db.execute(sql: "INSERT INTO initiative (name, country, city, legal_form, status, created_at) VALUES ('A', 'UA', 'Odesa', 'informal', 'verified', CURRENT_TIMESTAMP)")
            try db.execute(sql: "INSERT INTO call (title, currency, total_budget, max_grant, opens_on, closes_on, status, created_at) VALUES ('C', 'EUR', 9000000, 9000000, '2020-01-01', '2099-01-01', 'open', CURRENT_TIMESTAMP)")
            try db.execute(sql: "INSERT INTO application (call_id, initiative_id, status, created_at, updated_at) VALUES (1, 1, 'approved', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
            try db.execute(sql: "INSERT INTO \"grant\" (application_id, public_id, amount_awarded, currency, award_date, created_at) VALUES (1, 'KLN-1', ?, 'EUR', '2026-01-01', CURRENT_TIMESTAMP)", arguments: [awarded])
            // Tranches that together promise more than the award, to tempt the rule.
            for (position, amount) in [200_000, 200_000, 150_000, 100_000].enumerated() {
                try db.execute(sql: "INSERT INTO tranche (grant_id, position, planned_amount, planned_date) VALUES (1, ?, ?, '2026-02-01')", arguments: [position, amount])
            }
            return 1
        }
        for _ in 0..<30 {
            try database.write { db in
                let disbursements = try Int64.fetchAll(db, sql: "SELECT id FROM disbursement")
                let pick = disbursements.isEmpty ? nil : disbursements[Int(random.next() % UInt64(disbursements.count))]
                do {
                    switch random.next() % 4 {
                    case 0: _ = try DisbursementStore.propose(db, tranche: Int64(random.next() % 4) + 1, by: nil, now: Date())
                    case 1: if let pick { _ = try DisbursementStore.approve(db, pick, by: nil, now: Date()) }
                    case 2: if let pick { _ = try DisbursementStore.pay(db, pick, Payment(paidOn: CalendarDate(year: 2026, month: 2, day: 2)!, reference: "R", foreign: nil)) }
                    default: if let pick { _ = try DisbursementStore.cancel(db, pick, now: Date()) }
                    }
                } catch is GrantActionError {
                    // A refused step changes nothing; the invariant below still holds.
                }
                let committed = try GrantStore.committed(db, grant: grant)
                let paid = try GrantStore.paid(db, grant: grant)
                #expect(0 <= paid && paid <= committed && committed <= awarded, "seed \(seed): paid \(paid), committed \(committed)")
                // What the grant list shows (kept by triggers) is what the payments say.
                let kept = try Row.fetchOne(db, sql: "SELECT paid, next_tranche FROM grant_progress WHERE grant_id = ?", arguments: [grant])
                let nextTranche = try String.fetchOne(db, sql: """
                    SELECT MIN(planned_date) FROM tranche t WHERE t.grant_id = ? AND NOT t.cancelled
                      AND NOT EXISTS (SELECT 1 FROM disbursement d WHERE d.tranche_id = t.id AND d.status = 'paid')
                    """, arguments: [grant])
                #expect(kept?[0] == paid && kept?[1] == nextTranche, "seed \(seed)")
            }
        }
    }

    @Test func parallelApprovalsCannotOverpay() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        let call = try test.call()
        let (grant, _, _, _) = try test.grant(call: call, initiative: ours, amount: 300_000)
        // Six proposals of EUR 1,000 on six tranches (the schedule allows proposing; approval is where the limit bites).
        let proposals = try test.app.database.pool.write { db -> [Int64] in
            try db.execute(sql: "UPDATE tranche SET requires_report_id = NULL")
            var ids = try Int64.fetchAll(db, sql: "SELECT id FROM disbursement")
            for position in 2..<7 {
                try db.execute(sql: "INSERT INTO tranche (grant_id, position, planned_amount, planned_date) VALUES (?, ?, 100000, '2026-02-01')", arguments: [grant, position])
                ids.append(try DisbursementStore.propose(db, tranche: db.lastInsertedRowID, by: nil, now: Date()).id ?? 0)
            }
            try db.execute(sql: "UPDATE disbursement SET amount = 100000")
            return ids
        }
        try test.user("fo@x.org", .financeOfficer)
        let finance = try test.signedIn("fo@x.org")
        let token = Browser.csrf(in: try finance.get("/grants/\(grant)").text) ?? ""
        let cookie = finance.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let client = test.client
        let statuses = UncheckedBox<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: proposals.count) { index in
            let status = (try? client.post("/disbursements/\(proposals[index])/approve", form: [("_csrf", token)], headers: [("Cookie", cookie)]).status) ?? 0
            statuses.mutate { $0.append(status) }
        }
        // EUR 3,000 awarded, EUR 1,000 each: exactly three approvals fit.
        #expect(statuses.value.filter { $0 == 303 }.count == 3)
        #expect(try test.app.database.pool.read { try GrantStore.committed($0, grant: grant) } == 300_000)
    }

    @Test func reportDocumentsAreTheInitiativesAndStaffsOnly() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        let theirs = try test.initiative("Theirs")
        let call = try test.call()
        let (_, _, _, report) = try test.grant(call: call, initiative: ours)
        try test.user("coord@x.org", .coordinator, initiative: ours)
        try test.user("other@x.org", .coordinator, initiative: theirs)
        try test.user("fo@x.org", .financeOfficer)
        let coordinator = try test.signedIn("coord@x.org")
        let page = "/reports/\(report)"
        let fake = try coordinator.upload(page + "/files", field: "file", filename: "receipt.pdf", contentType: "application/pdf", bytes: Array("not a pdf".utf8), from: page)
        #expect(fake.status == 422)
        #expect(fake.text.contains("not accepted"))
        #expect(try coordinator.upload(page + "/files", field: "file", filename: "receipt.pdf", contentType: "application/pdf", bytes: GrantCycleTests.pdf, from: page).status == 303)
        let file = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM report_file") })
        #expect(try coordinator.get(page).text.contains("receipt.pdf"))
        let download = try test.signedIn("fo@x.org").get("\(page)/files/\(file)")
        #expect(download.status == 200)
        #expect(download.body == GrantCycleTests.pdf)
        #expect(download.header("Content-Disposition")?.hasPrefix("attachment;") == true)
        #expect(try test.signedIn("other@x.org").get("\(page)/files/\(file)").status == 403)
        #expect(try coordinator.post("\(page)/files/\(file)/delete", [], from: page).status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM report_file") == 0)
    }

    @Test func exportsAreValidCSVAnd360Giving() throws {
        let test = try TestApp()
        let ours = try test.initiative("Сад надії", city: "Одеса")
        try test.app.database.pool.write {
            try $0.execute(sql: "UPDATE initiative SET public_listing = 'named', legal_form = 'registered', registration_number = '4455 6677' WHERE id = ?", arguments: [ours])
        }
        let call = try test.call()
        let (grant, _, disbursement, _) = try test.grant(call: call, initiative: ours)
        try test.app.database.pool.write { db in
            _ = try DisbursementStore.approve(db, disbursement, by: nil, now: Date())
            _ = try DisbursementStore.pay(db, disbursement, Payment(paidOn: CalendarDate(year: 2026, month: 11, day: 2)!, reference: "B-1", foreign: nil))
        }
        try test.user("fo@x.org", .financeOfficer)
        let finance = try test.signedIn("fo@x.org")
        let csv = try finance.get("/grants.csv")
        #expect(Array(csv.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(csv.text.contains("Сад надії"))
        #expect(csv.text.contains(",2000.00,1400.00,"))
        let json = try finance.get("/grants.json")
        #expect(json.status == 200)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.body)) as? [String: Any]
        let first = try #require((parsed?["grants"] as? [[String: Any]])?.first)
        #expect(first["id"] as? String == "360G-KLN-\(CalendarDate(Date()).year)-0001")
        #expect((first["amountAwarded"] as? NSNumber)?.doubleValue == 2000)
        #expect((first["amountDisbursed"] as? NSNumber)?.doubleValue == 1400)
        // What the Data Quality Tool asks of each grant: programme, place, last change, source, the registered number.
        let programme = try #require((first["grantProgramme"] as? [[String: Any]])?.first)
        #expect(programme["code"] as? String == "360G-KLN-CALL-\(call)")
        #expect((programme["title"] as? String)?.isEmpty == false)
        #expect(first["dataSource"] as? String == "http://127.0.0.1:8080/grants.json")
        #expect((first["dateModified"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) } != nil)
        let recipient = try #require((first["recipientOrganization"] as? [[String: Any]])?.first)
        #expect(recipient["addressLocality"] as? String == "Одеса")
        #expect(recipient["addressCountry"] as? String == "Ukraine")
        #expect(recipient["companyNumber"] as? String == "4455 6677")
        // A registered Ukrainian organisation is named by its EDRPOU code, as org-id.guide lists the register.
        #expect(recipient["id"] as? String == "UA-EDR-44556677")
        #expect(grant > 0)
        // The official schema, offline.
        let file = try temporaryDirectory() + "/grants.json"
        try Data(json.body).write(to: URL(fileURLWithPath: file))
        let validator = TestApp.repositoryRoot + "/Tests/KalynaTests/Resources/validate_360giving.py"
        let result = try Tool.run("python3", [validator, file])
        #expect(result.hasSuffix("valid\n"), "\(result)")
    }
}

