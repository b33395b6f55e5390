import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// The path: open a call → draft → save → submit with a missing field
/// → fix → submit → two reviewers, one with a conflict → score → approve →
/// the applicant sees "approved" and the amount.
@Suite struct GrantCycleTests {
    static let pdf = Array("%PDF-1.4\n1 0 obj << >> endobj\n".utf8)

    @Test func fromCallToApproval() throws {
        let test = try TestApp()
        let ours = try test.initiative("Сад надії")
        try test.user("po@x.org", .programmeOfficer, name: "Petra")
        try test.user("coord@x.org", .coordinator, initiative: ours, name: "Olena")
        let conflicted = try test.user("rev1@x.org", .reviewer, name: "Rita")
        let fair = try test.user("rev2@x.org", .reviewer, name: "Roza")

        // The programme officer writes the call (a criterion row added without script) and opens it.
        let officer = try test.signedIn("po@x.org")
        let base: [(String, String)] = [
            ("title", "Small grants 2027"), ("description", "For local groups."), ("currency", "EUR"), ("total_budget", "10 000"),
            ("max_grant", "3000"), ("opens_on", "2020-01-01"), ("closes_on", "2099-12-31"), ("eligibility", "Verified initiatives."),
            ("criterion_name", "Relevance"), ("criterion_weight", "60"),
        ]
        let withRow = try officer.post("/calls", base + [("action", "add_criterion")], from: "/calls/new")
        #expect(withRow.status == 200)
        #expect(withRow.text.matches(of: /name="criterion_name"/).count == 2)
        #expect(withRow.text.contains("value=\"Relevance\""))
        let created = try officer.post("/calls", base + [("criterion_name", "Feasibility"), ("criterion_weight", "40"), ("action", "save")], from: "/calls/new")
        #expect(created.status == 303)
        let callPath = try #require(created.header("Location")?.split(separator: "?").first.map(String.init))
        #expect(try officer.post(callPath + "/open", [], from: callPath).status == 303)
        #expect(try Browser(test).get("/calls").text.contains("Small grants 2027"))

        // The coordinator starts a draft and saves it half-filled: nothing typed is lost.
        let applicant = try test.signedIn("coord@x.org")
        let started = try applicant.post(callPath + "/applications", [], from: callPath)
        #expect(started.status == 303)
        let edit = try #require(started.header("Location"))
        let applicationPath = String(edit.dropLast("/edit".count))
        let half: [(String, String)] = [
            ("title", "Safe spaces"), ("summary", ""), ("objectives", ""), ("activities", ""), ("target_group", ""),
            ("planned_start", "2030-01-01"), ("planned_end", ""),
            ("line_category", "activities"), ("line_description", "Peer meetings"), ("line_amount", "12,x"),
        ]
        #expect(try applicant.post(applicationPath, half + [("action", "save")], from: edit).status == 303)
        let reloaded = try applicant.get(edit)
        #expect(reloaded.text.contains("value=\"Safe spaces\""))
        #expect(reloaded.text.contains("value=\"12,x\""))

        // Submitting it shows each error beside its field, with everything kept.
        let refused = try applicant.post(applicationPath, half + [("action", "submit")], from: edit)
        #expect(refused.status == 422)
        for field in ["summary", "objectives", "activities", "target_group", "planned_end"] {
            #expect(refused.text.contains("id=\"field-\(field)-error\""), "no error for \(field)")
        }
        #expect(refused.text.contains("id=\"line-amount-0-error\""))
        #expect(refused.text.contains("value=\"12,x\""))
        #expect(try test.app.database.pool.read { try String.fetchOne($0, sql: "SELECT status FROM application") } == "draft")

        // A document: a real PDF is taken, a fake one is refused by its content.
        #expect(try applicant.upload(applicationPath + "/attachments", field: "file", filename: "budget.pdf", contentType: "application/pdf", bytes: Self.pdf, from: edit).status == 303)
        let fake = try applicant.upload(applicationPath + "/attachments", field: "file", filename: "evil.pdf", contentType: "application/pdf", bytes: Array("<script>alert(1)</script>".utf8), from: edit)
        #expect(fake.status == 422)
        #expect(fake.text.contains("not accepted"))

        let complete: [(String, String)] = [
            ("title", "Safe spaces"), ("summary", "Peer support."), ("objectives", "Reach 200 women."), ("activities", "Weekly meetings."),
            ("target_group", "Women who use drugs in Odesa."), ("planned_start", "2030-01-01"), ("planned_end", "2030-12-31"),
            ("line_category", "activities"), ("line_description", "Peer meetings"), ("line_amount", "1 500,50"),
            ("line_category", "travel"), ("line_description", "Outreach"), ("line_amount", "1000"),
        ]
        let submitted = try applicant.post(applicationPath, complete + [("action", "submit")], from: edit)
        #expect(submitted.status == 303)
        #expect(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT amount_requested FROM application") } == 250_050)
        // Read-only for the applicant from now on.
        #expect(try applicant.get(edit).status == 409)
        #expect(try applicant.post(applicationPath, complete + [("action", "save")], from: applicationPath).status == 409)

        // Two reviewers: one declares a conflict, the other scores.
        #expect(try officer.post(applicationPath + "/reviewers", [("reviewer", String(conflicted))], from: applicationPath).status == 303)
        #expect(try officer.post(applicationPath + "/reviewers", [("reviewer", String(fair))], from: applicationPath).status == 303)
        let reviewIds = try test.app.database.pool.read { try Int64.fetchAll($0, sql: "SELECT id FROM review ORDER BY reviewer_id") }
        let rita = try test.signedIn("rev1@x.org")
        let before = try rita.get("/reviews/\(reviewIds[0])")
        #expect(before.text.contains("Safe spaces"))
        #expect(!before.text.contains("Reach 200 women."))  // nothing beyond title and initiative
        #expect(try rita.get(applicationPath).status == 403)
        #expect(try rita.post("/reviews/\(reviewIds[0])/declaration", [("conflict", "yes")], from: "/reviews/\(reviewIds[0])").status == 303)
        let ended = try rita.get("/reviews/\(reviewIds[0])")
        #expect(ended.text.contains("assignment has ended"))
        #expect(!ended.text.contains("Reach 200 women."))
        #expect(try rita.get(applicationPath).status == 403)

        let roza = try test.signedIn("rev2@x.org")
        let review = "/reviews/\(reviewIds[1])"
        #expect(try roza.post(review + "/declaration", [("conflict", "no")], from: review).status == 303)
        let reading = try roza.get(review)
        #expect(reading.text.contains("Reach 200 women."))
        let criteria = try test.app.database.pool.read { try Int64.fetchAll($0, sql: "SELECT id FROM call_criterion ORDER BY position") }
        let missing = try roza.post(review, [("score_\(criteria[0])", "5"), ("comment", "Strong.")], from: review)
        #expect(missing.status == 422)
        #expect(missing.text.contains("Choose a score from 1 to 5."))
        #expect(try roza.post(review, [("score_\(criteria[0])", "5"), ("score_\(criteria[1])", "3"), ("comment", "Strong.")], from: review).status == 303)

        // Staff see the weighted average: (5·60 + 3·40) / 100 = 4.20.
        let staffView = try officer.get(applicationPath)
        #expect(staffView.text.contains("4.20"))
        #expect(try officer.get(callPath + "/ranking").text.contains("4.20"))

        // Approving above the request is refused; a right amount creates the grant.
        let tooMuch = try officer.post(applicationPath + "/approve", [("amount", "2600")], from: applicationPath)
        #expect(tooMuch.status == 422)
        #expect(tooMuch.text.contains("cannot be more than the amount requested"))
        #expect(try officer.post(applicationPath + "/approve", [("amount", "2400")], from: applicationPath).status == 303)
        let grant = try test.app.database.pool.read { try Row.fetchOne($0, sql: "SELECT public_id, amount_awarded FROM \"grant\"") }
        #expect((grant?["public_id"] as String?)?.hasPrefix("KLN-") == true)
        #expect(grant?["amount_awarded"] as Int64? == 240_000)

        // The applicant sees "approved" and the amount.
        let dashboard = try applicant.get("/dashboard")
        #expect(dashboard.text.contains("Approved"))
        #expect(dashboard.text.contains("EUR 2,400.00"))
        #expect(try applicant.get(applicationPath).text.contains("EUR 2,400.00"))
    }

    @Test func awardsCannotExceedWhatTheCallHasLeft() throws {
        let test = try TestApp()
        let call = try test.call(total: 300_000, max: 300_000)
        try test.user("po@x.org", .programmeOfficer)
        let first = try test.application(call: call, initiative: try test.initiative("A"), status: .submitted)
        let second = try test.application(call: call, initiative: try test.initiative("B"), status: .submitted)
        let officer = try test.signedIn("po@x.org")
        #expect(try officer.post("/applications/\(first)/approve", [("amount", "2000")], from: "/applications/\(first)").status == 303)
        let over = try officer.post("/applications/\(second)/approve", [("amount", "1500")], from: "/applications/\(second)")
        #expect(over.status == 422)
        #expect(over.text.contains("more than the call has left"))
        #expect(over.text.contains("EUR 1,000.00"))  // the page shows what is left
    }

    @Test func parallelApprovalsCannotOverspendACall() throws {
        let test = try TestApp()
        let call = try test.call(total: 500_000, max: 300_000)
        try test.user("po@x.org", .programmeOfficer)
        var applications: [Int64] = []
        for index in 0..<6 {
            applications.append(try test.application(call: call, initiative: try test.initiative("Group \(index)"), status: .submitted))
        }
        let officer = try test.signedIn("po@x.org")
        let token = Browser.csrf(in: try officer.get("/applications/\(applications[0])").text) ?? ""
        let cookie = officer.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let client = test.client
        let targets = applications
        let statuses = UncheckedBox<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: targets.count) { index in
            let status = (try? client.post(
                "/applications/\(targets[index])/approve", form: [("amount", "2000"), ("_csrf", token)],
                headers: [("Cookie", cookie)]).status) ?? 0
            statuses.mutate { $0.append(status) }
        }
        // EUR 5,000 in the call, EUR 2,000 an award: exactly two fit.
        #expect(statuses.value.filter { $0 == 303 }.count == 2)
        #expect(statuses.value.filter { $0 == 422 }.count == 4)
        let awarded = try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT SUM(amount_awarded) FROM application WHERE status = 'approved'") }
        #expect(awarded == 400_000)
        #expect(try test.count("SELECT COUNT(*) FROM \"grant\"") == 2)
    }

    @Test func othersCannotReadAnApplicationOrItsFiles() throws {
        let test = try TestApp()
        let call = try test.call()
        let ours = try test.initiative("Ours")
        let theirs = try test.initiative("Theirs")
        let application = try test.application(call: call, initiative: ours, status: .submitted)
        let file = try test.attachment(application: application)
        try test.user("coord@x.org", .coordinator, initiative: ours)
        try test.user("other@x.org", .coordinator, initiative: theirs)
        try test.user("doc@x.org", .documenter, initiative: ours)
        let assigned = try test.user("assigned@x.org", .reviewer)
        try test.user("unassigned@x.org", .reviewer)
        try test.user("fo@x.org", .financeOfficer)
        try test.review(application: application, reviewer: assigned, conflict: false)
        let page = "/applications/\(application)"
        let download = "\(page)/attachments/\(file)"

        let owner = try test.signedIn("coord@x.org")
        let file1 = try owner.get(download)
        #expect(file1.status == 200)
        #expect(file1.header("Content-Disposition")?.hasPrefix("attachment;") == true)
        #expect(file1.body == Array("%PDF-1.4\n".utf8))
        #expect(try test.signedIn("assigned@x.org").get(download).status == 200)
        for email in ["other@x.org", "unassigned@x.org", "doc@x.org", "fo@x.org"] {
            let browser = try test.signedIn(email)
            #expect(try browser.get(page).status == 403, "\(email) read the application")
            #expect(try browser.get(download).status == 403, "\(email) downloaded the file")
        }
        // A file id of another application does not leak through this one.
        let elsewhere = try test.attachment(application: try test.application(call: call, initiative: theirs, status: .submitted))
        #expect(try owner.get("\(page)/attachments/\(elsewhere)").status == 404)
    }

    @Test func afterTheCallClosesNothingMoreIsSubmittedButDraftsRemain() throws {
        let test = try TestApp()
        let call = try test.call(closes: "2099-12-31")
        let ours = try test.initiative("Ours")
        let draft = try test.application(call: call, initiative: ours, status: .draft)
        try test.user("coord@x.org", .coordinator, initiative: ours)
        try test.app.database.pool.write { try $0.execute(sql: "UPDATE call SET status = 'closed' WHERE id = ?", arguments: [call]) }
        let applicant = try test.signedIn("coord@x.org")
        let fields: [(String, String)] = [
            ("title", "Kept"), ("summary", "S"), ("objectives", "O"), ("activities", "A"), ("target_group", "T"),
            ("planned_start", "2030-01-01"), ("planned_end", "2030-06-30"),
            ("line_category", "other"), ("line_description", "D"), ("line_amount", "100"), ("action", "submit"),
        ]
        let response = try applicant.post("/applications/\(draft)", fields, from: "/applications/\(draft)/edit")
        #expect(response.status == 422)
        #expect(response.text.contains("no longer accepts submissions"))
        let row = try test.app.database.pool.read { try Row.fetchOne($0, sql: "SELECT status, title FROM application") }
        #expect(row?["status"] as String? == "draft")
        #expect(row?["title"] as String? == "Kept")
        #expect(try applicant.post("/calls/\(call)/applications", [], from: "/dashboard").status == 409)
    }
}

/// A value shared between test threads.
final class UncheckedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) {
        stored = value
    }

    var value: Value { lock.withLock { stored } }

    func mutate(_ change: (inout Value) -> Void) {
        lock.withLock { change(&stored) }
    }
}
