import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// Read-then-write races, fired in parallel: every check that guards a write
/// is made inside that write, so the data stays consistent whichever lands first.
@Suite struct RaceTests {
    /// Runs `a` and `b` at the same moment.
    static func together(_ a: @escaping @Sendable () -> Void, _ b: @escaping @Sendable () -> Void) {
        DispatchQueue.concurrentPerform(iterations: 2) { $0 == 0 ? a() : b() }
    }

    /// A schedule edit racing a payment proposal on the same tranche: afterwards
    /// every payment equals its tranche and the tranches still add up to the award.
    @Test func aScheduleEditNeverChangesATrancheAPaymentWasProposedFor() throws {
        let test = try TestApp()
        let initiative = try test.initiative("A")
        let call = try test.call(total: 100_000_000, max: 1_000_000)
        try test.user("po@x.org", .programmeOfficer)
        let editor = try test.signedIn("po@x.org")
        let proposer = try test.signedIn("po@x.org")
        var outcomes: Set<String> = []
        for _ in 0..<12 {
            let (grant, _, _, _) = try test.grant(call: call, initiative: initiative)
            let second = try #require(try test.app.database.pool.read { db in
                try GrantStore.tranches(db, grant: grant).filter { !$0.cancelled }.last?.id
            })
            // The second tranche waits for no report, so that it can be proposed at once.
            try test.app.database.pool.write { try $0.execute(sql: "UPDATE tranche SET requires_report_id = NULL WHERE id = ?", arguments: [second]) }
            let schedule = "/grants/\(grant)/schedule"
            let form: [(String, String)] = [
                ("tranche_id", String(second)), ("tranche_amount", "100"), ("tranche_date", "2030-06-01"), ("tranche_requires", ""),
                ("tranche_id", ""), ("tranche_amount", "500"), ("tranche_date", "2030-09-01"), ("tranche_requires", ""), ("action", "save"),
            ]
            let editToken = Browser.csrf(in: try editor.get(schedule).text)
            let proposeToken = Browser.csrf(in: try proposer.get("/grants/\(grant)").text)
            let statuses = UncheckedBox<[String: Int]>([:])
            // Each browser is used by one thread only.
            let (editor, proposer) = (UncheckedBox(editor), UncheckedBox(proposer))
            Self.together({
                let status = (try? editor.value.post(schedule, form, csrf: editToken).status) ?? 0
                statuses.mutate { $0["edit"] = status }
            }, {
                let status = (try? proposer.value.post("/grants/\(grant)/tranches/\(second)/disbursements", [], csrf: proposeToken).status) ?? 0
                statuses.mutate { $0["propose"] = status }
            })
            outcomes.insert("edit \(statuses.value["edit"] ?? 0), propose \(statuses.value["propose"] ?? 0)")
            try test.app.database.pool.read { db in
                let tranches = try GrantStore.tranches(db, grant: grant).filter { !$0.cancelled }
                #expect(tranches.map(\.plannedAmount).reduce(0, +) == 200_000)
                for payment in try GrantStore.disbursements(db, grant: grant) where payment.status != .cancelled {
                    let tranche = tranches.first { $0.id == payment.trancheId }
                    #expect(tranche != nil, "a payment on a cancelled tranche")
                    #expect(tranche?.plannedAmount == payment.amount, "payment \(payment.amount) on a tranche of \(tranche?.plannedAmount ?? -1)")
                }
            }
        }
        // Both orders were met, or at least one refusal was seen; never a 5xx.
        #expect(outcomes.allSatisfy { !$0.contains(" 5") && !$0.contains(" 0") }, "\(outcomes)")
    }

    /// Lowering a call's budget while an approval lands: the call never ends up
    /// having awarded more than its budget.
    @Test func aCallsBudgetNeverDropsBelowWhatItAwarded() throws {
        let test = try TestApp()
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")
        let other = try test.signedIn("po@x.org")
        for round in 0..<10 {
            let call = try test.call(total: 500_000, max: 300_000)
            let application = try test.application(call: call, initiative: try test.initiative("A\(round)"), status: .submitted)
            let edit = "/calls/\(call)/edit"
            let editToken = Browser.csrf(in: try officer.get(edit).text)
            let approveToken = Browser.csrf(in: try other.get("/applications/\(application)").text)
            let form: [(String, String)] = [
                ("title", "Small grants 2027"), ("description", "For local groups."), ("currency", "EUR"), ("total_budget", "1000"),
                ("max_grant", "1000"), ("opens_on", "2020-01-01"), ("closes_on", "2099-12-31"), ("eligibility", "Verified initiatives."),
                ("criterion_name", "Relevance"), ("criterion_weight", "60"), ("action", "save"),
            ]
            let (first, second) = (UncheckedBox(officer), UncheckedBox(other))
            Self.together({
                _ = try? first.value.post("/calls/\(call)", form, csrf: editToken)
            }, {
                _ = try? second.value.post("/applications/\(application)/approve", [("amount", "2000")], csrf: approveToken)
            })
            try test.app.database.pool.read { db in
                let stored = try #require(try CallStore.find(db, id: call))
                #expect(try CallStore.awarded(db, call: call) <= stored.totalBudget, "round \(round)")
            }
        }
        // Sequentially, the refusal says why and keeps what was typed.
        let call = try test.call(total: 500_000, max: 300_000)
        let application = try test.application(call: call, initiative: try test.initiative("B"), status: .submitted)
        #expect(try officer.post("/applications/\(application)/approve", [("amount", "2000")], from: "/applications/\(application)").status == 303)
        let refused = try officer.post("/calls/\(call)", [
            ("title", "Small grants 2027"), ("description", "For local groups."), ("currency", "EUR"), ("total_budget", "1000"),
            ("max_grant", "1000"), ("opens_on", "2020-01-01"), ("closes_on", "2099-12-31"), ("eligibility", "Verified initiatives."),
            ("criterion_name", "Relevance"), ("criterion_weight", "60"), ("action", "save"),
        ], from: "/calls/\(call)/edit")
        #expect(refused.status == 409)
        #expect(refused.text.contains("cannot be lower than what this call has already awarded"))
        #expect(refused.text.contains("value=\"1000\""))
    }

    /// A report saved after its grant ended early is refused, also when the two race.
    @Test func aReportCannotBeSavedOnceItsGrantEnded() throws {
        let test = try TestApp()
        let initiative = try test.initiative("A")
        let call = try test.call(total: 100_000_000, max: 1_000_000)
        try test.user("po@x.org", .programmeOfficer)
        try test.user("coord@x.org", .coordinator, initiative: initiative)
        let officer = try test.signedIn("po@x.org")
        let coordinator = try test.signedIn("coord@x.org")
        for round in 0..<8 {
            let (grant, _, _, report) = try test.grant(call: call, initiative: initiative)
            let reportToken = Browser.csrf(in: try coordinator.get("/reports/\(report)").text)
            let endToken = Browser.csrf(in: try officer.get("/grants/\(grant)").text)
            let saved = UncheckedBox(0)
            let (writer, ender) = (UncheckedBox(coordinator), UncheckedBox(officer))
            Self.together({
                let status = (try? writer.value.post("/reports/\(report)", [("done", "Written in round \(round)"), ("action", "save")], csrf: reportToken).status) ?? 0
                saved.mutate { $0 = status }
            }, {
                _ = try? ender.value.post("/grants/\(grant)/terminate", [("reason", "The group stopped its work.")], csrf: endToken)
            })
            #expect(saved.value == 303 || saved.value == 409, "round \(round): \(saved.value)")
            // Once ended, no further save is taken.
            let late = try coordinator.post("/reports/\(report)", [("done", "Too late"), ("action", "save")], csrf: reportToken)
            #expect(late.status == 409)
            #expect(try test.app.database.pool.read { try String.fetchOne($0, sql: "SELECT done FROM report_requirement WHERE id = ?", arguments: [report]) } != "Too late")
        }
    }
}
