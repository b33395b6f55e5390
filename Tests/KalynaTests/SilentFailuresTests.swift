import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// Every refusal says why, and nothing is reported saved that was not.
@Suite struct SilentFailuresTests {
    @Test func aConflictDeclarationWithNothingChosenSaysSo() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        let reviewer = try test.user("rev@x.org", .reviewer)
        let application = try test.application(call: try test.call(), initiative: ours, status: .underReview)
        let review = try test.review(application: application, reviewer: reviewer, conflict: nil)
        let browser = try test.signedIn("rev@x.org")
        let refused = try browser.post("/reviews/\(review)/declaration", [], from: "/reviews/\(review)")
        #expect(refused.status == 422)
        #expect(refused.text.contains("Choose one answer"))
        #expect(refused.text.contains("aria-describedby=\"conflict-error\""))
        #expect(try test.count("SELECT COUNT(*) FROM review WHERE conflict IS NOT NULL") == 0)
    }

    @Test func returningAReportWithoutACommentSaysWhatIsMissing() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        let (_, _, _, report) = try test.grant(call: try test.call(), initiative: ours)
        try test.app.database.pool.write { try $0.execute(sql: "UPDATE report_requirement SET status = 'submitted' WHERE id = ?", arguments: [report]) }
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")
        let refused = try officer.post("/reports/\(report)/return", [("comment", "  ")], from: "/reports/\(report)")
        #expect(refused.status == 422)
        #expect(refused.text.contains("Write what the initiative should change"))
        #expect(refused.text.contains("aria-describedby=\"return-comment-error\""))
        #expect(try test.count("SELECT COUNT(*) FROM report_requirement WHERE status = 'submitted'") == 1)
    }

    static func callForm(title: String, weights: (String, String)) -> [(String, String)] {
        [
            ("title", title), ("description", "For local groups."), ("eligibility", "Verified initiatives."), ("currency", "EUR"),
            ("total_budget", "10000"), ("max_grant", "3000"), ("opens_on", "2020-01-01"), ("closes_on", "2099-12-31"), ("tranche_split", "70,30"),
            ("criterion_name", "Relevance"), ("criterion_weight", weights.0), ("criterion_name", "Feasibility"), ("criterion_weight", weights.1),
        ]
    }

    @Test func criteriaScoredByReviewersAreNotChangedAndTheFormSaysSo() throws {
        let test = try TestApp()
        let call = try test.call()
        let ours = try test.initiative("Ours")
        let reviewer = try test.user("rev@x.org", .reviewer)
        let application = try test.application(call: call, initiative: ours, status: .underReview)
        let review = try test.review(application: application, reviewer: reviewer, conflict: false)
        try test.app.database.pool.write { db in
            try db.execute(sql: "INSERT INTO review_score (review_id, criterion_id, score) SELECT ?, id, 4 FROM call_criterion WHERE call_id = ?", arguments: [review, call])
        }
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")
        let edit = "/calls/\(call)/edit"
        let refused = try officer.post("/calls/\(call)", Self.callForm(title: "Renamed call", weights: ("50", "50")), from: edit)
        #expect(refused.status == 409)
        #expect(refused.text.contains("cannot change now. Nothing was saved."))
        #expect(refused.text.contains("Renamed call"), "the form comes back as typed")
        #expect(try test.count("SELECT COUNT(*) FROM call WHERE title = 'Renamed call'") == 0)
        #expect(try test.count("SELECT SUM(weight) FROM call_criterion WHERE call_id = \(call) AND weight = 60") == 60)
        // The same criteria with another title: saved, and said so.
        let saved = try officer.post("/calls/\(call)", Self.callForm(title: "Renamed call", weights: ("60", "40")), from: edit)
        #expect(saved.status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM call WHERE title = 'Renamed call'") == 1)
        #expect(try test.count("SELECT COUNT(*) FROM review_score") == 2)
    }

    @Test func anImpossibleDateComesBackAsTypedAndIsNotStored() throws {
        let test = try TestApp()
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")
        var form = Self.callForm(title: "New call", weights: ("60", "40"))
        form[6] = ("opens_on", "2026-13-45")
        form[7] = ("closes_on", "0000-00-00")
        let refused = try officer.post("/calls", form, from: "/calls/new")
        #expect(refused.status == 422)
        #expect(refused.text.contains("type=\"text\" value=\"2026-13-45\""))
        #expect(!refused.text.contains("type=\"date\" value=\"2026-13-45\""))
        #expect(!refused.text.contains("type=\"date\" value=\"0000-00-00\""))
        #expect(try test.count("SELECT COUNT(*) FROM call") == 0)
    }
}
