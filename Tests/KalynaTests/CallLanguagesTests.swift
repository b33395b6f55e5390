import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// A call written once and translated: each reader sees her language, or the
/// text as first written where no translation was given.
@Suite struct CallLanguagesTests {
    @Test func theCallItsCriteriaAndTheDashboardSpeakTheReadersLanguage() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("po@x.org", .programmeOfficer)
        try test.setLanguage(try test.user("coord@x.org", .coordinator, initiative: ours), "uk")
        let reviewer = try test.user("rev@x.org", .reviewer)
        try test.setLanguage(reviewer, "ru")
        let officer = try test.signedIn("po@x.org")
        let created = try officer.post("/calls", [
            ("title", "Small grants 2027"), ("title_ru", "Малые гранты 2027"), ("title_uk", "Малі гранти 2027"),
            ("description", "For local groups."), ("description_uk", "Для місцевих груп."), ("currency", "EUR"), ("total_budget", "10000"),
            ("max_grant", "3000"), ("opens_on", "2020-01-01"), ("closes_on", "2099-12-31"), ("eligibility", "Verified initiatives."),
            ("eligibility_ru", "Проверенные инициативы."), ("tranche_split", "100"),
            ("criterion_name", "Relevance"), ("criterion_name_ru", "Актуальность"), ("criterion_name_uk", "Актуальність"), ("criterion_weight", "100"),
        ], from: "/calls/new")
        #expect(created.status == 303)
        let call = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM call") })
        #expect(try officer.post("/calls/\(call)/open", [], from: "/calls/\(call)").status == 303)

        // Ukrainian: title, description and criterion translated; eligibility as first written.
        let ukrainian = try Browser(test, language: "uk").get("/calls/\(call)").text
        #expect(ukrainian.contains("Малі гранти 2027") && ukrainian.contains("Для місцевих груп.") && ukrainian.contains("Актуальність"))
        #expect(ukrainian.contains("Verified initiatives."))
        let russian = try Browser(test, language: "ru").get("/calls").text
        #expect(russian.contains("Малые гранты 2027"))
        let english = try Browser(test, language: "en").get("/calls/\(call)").text
        #expect(english.contains("Small grants 2027") && english.contains("Relevance") && !english.contains("Малі"))

        // Her dashboard names her application's call in Ukrainian.
        let application = try test.application(call: call, initiative: ours, status: .submitted)
        #expect(try test.signedIn("coord@x.org").get("/dashboard").text.contains("Малі гранти 2027"))

        // The reviewer scores under the Russian name; afterwards the names are frozen but translations may change.
        let review = try test.review(application: application, reviewer: reviewer, conflict: false)
        let scorer = try test.signedIn("rev@x.org")
        let form = try scorer.get("/reviews/\(review)").text
        #expect(form.contains("Актуальность"))
        let criterion = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM call_criterion") })
        #expect(try scorer.post("/reviews/\(review)", [("score_\(criterion)", "4"), ("comment", "Good.")], from: "/reviews/\(review)").status == 303)
        let edit: [(String, String)] = [
            ("title", "Small grants 2027"), ("description", "For local groups."), ("currency", "EUR"), ("total_budget", "10000"), ("max_grant", "3000"),
            ("opens_on", "2020-01-01"), ("closes_on", "2099-12-31"), ("eligibility", "Verified initiatives."), ("tranche_split", "100"),
            ("criterion_weight", "100"), ("criterion_name_ru", "Значимость"), ("criterion_name_uk", "Значущість"),
        ]
        #expect(try officer.post("/calls/\(call)", edit + [("criterion_name", "Relevance")], from: "/calls/\(call)/edit").status == 303)
        #expect(try test.app.database.pool.read { try String.fetchOne($0, sql: "SELECT name_uk FROM call_criterion") } == "Значущість")
        #expect(try officer.post("/calls/\(call)", edit + [("criterion_name", "Importance")], from: "/calls/\(call)/edit").status == 409)
        #expect(try test.app.database.pool.read { try String.fetchOne($0, sql: "SELECT name FROM call_criterion") } == "Relevance")
    }
}
