import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// A call's own questions: written by staff, answered in the application
/// form (drafts keep anything, submission checks each), shown to staff and
/// reviewers, frozen once an application is submitted.
@Suite struct QuestionsTests {
    @Test func answersAreCheckedOnSubmissionOnly() {
        var count = CallQuestion(callId: 1, position: 0, kind: .number, label: "Women reached", required: true)
        (count.minimum, count.maximum) = (1, 500)
        #expect(QuestionRules.problem(count, []) == "validation_required")
        #expect(QuestionRules.problem(count, ["many"]) == "question_number")
        #expect(QuestionRules.problem(count, ["900"]) == "question_out_of_range")
        #expect(QuestionRules.problem(count, ["120"]) == nil)
        var choice = CallQuestion(callId: 1, position: 0, kind: .singleChoice, label: "Region", required: false)
        choice.options = ["North", "South"]
        #expect(QuestionRules.problem(choice, []) == nil)
        #expect(QuestionRules.problem(choice, ["0", "1"]) == "validation_choose")
        #expect(QuestionRules.problem(choice, ["7"]) == "validation_choose")
        choice.kind = .multipleChoice
        #expect(QuestionRules.problem(choice, ["0", "1"]) == nil)
        #expect(QuestionRules.definitionErrors(CallQuestion(callId: 1, position: 0, kind: .singleChoice, label: "Only one", required: true))["options"] == "question_options_needed")
    }

    @Test func aCallAsksItsOwnQuestionsAndFreezesThemOnceAnswered() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("po@x.org", .programmeOfficer)
        try test.setLanguage(try test.user("coord@x.org", .coordinator, initiative: ours), "uk")
        let reviewer = try test.user("rev@x.org", .reviewer)
        let call = try test.call()
        let officer = try test.signedIn("po@x.org")
        let page = "/calls/\(call)/questions"

        // One question of each kind; a choice without choices is refused, with what was typed kept.
        let refused = try officer.post(page, [("kind", "single_choice"), ("label", "Region"), ("options", "North")], from: page)
        #expect(refused.status == 422)
        #expect(refused.text.contains("id=\"field-options-error\"") && refused.text.contains(">North</textarea>"))
        let questions: [[(String, String)]] = [
            [("kind", "short_text"), ("label", "Name of your group's leader"), ("label_uk", "Імʼя лідерки групи"), ("required", "yes")],
            [("kind", "long_text"), ("label", "What changed last year?"), ("minimum", "10")],
            [("kind", "number"), ("label", "Women you reach"), ("minimum", "1"), ("maximum", "500"), ("required", "yes")],
            [("kind", "date"), ("label", "Founded on")],
            [("kind", "single_choice"), ("label", "Region"), ("options", "North\nSouth"), ("options_uk", "Північ\nПівдень"), ("required", "yes")],
            [("kind", "multiple_choice"), ("label", "Services"), ("options", "Medical\nLegal\nSocial")],
            [("kind", "yes_no"), ("label", "Registered?"), ("required", "yes")],
        ]
        for question in questions { #expect(try officer.post(page, question, from: page).status == 303) }
        let ids = try test.app.database.pool.read { try Int64.fetchAll($0, sql: "SELECT id FROM call_question ORDER BY position") }
        #expect(ids.count == 7)
        // The date moves up above the number; the long text goes.
        #expect(try officer.post("\(page)/\(ids[3])/up", [], from: page).status == 303)
        #expect(try officer.post("\(page)/\(ids[1])/delete", [], from: page).status == 303)
        let order = try test.app.database.pool.read { try String.fetchAll($0, sql: "SELECT kind FROM call_question ORDER BY position") }
        #expect(order == ["short_text", "date", "number", "single_choice", "multiple_choice", "yes_no"])

        // The applicant sees them in Ukrainian where translated; a draft keeps a wrong answer as typed.
        let application = try test.application(call: call, initiative: ours)
        let applicant = try test.signedIn("coord@x.org")
        let edit = "/applications/\(application)/edit"
        let form = try applicant.get(edit).text
        #expect(form.contains("Імʼя лідерки групи") && form.contains("Північ") && form.contains("Women you reach"))
        let base: [(String, String)] = [
            ("title", "Safe spaces"), ("summary", "Peer support."), ("objectives", "Reach 200 women."), ("activities", "Weekly meetings."),
            ("target_group", "Women who use drugs."), ("planned_start", "2030-01-01"), ("planned_end", "2030-12-31"),
            ("line_category", "activities"), ("line_description", "Meetings"), ("line_amount", "2000"),
        ]
        let (leader, founded, reach, region, services, registered) = (ids[0], ids[3], ids[2], ids[4], ids[5], ids[6])
        let wrong = base + [("q_\(leader)", "Оксана"), ("q_\(reach)", "багато"), ("q_\(founded)", "01.02.2020"), ("q_\(services)", "0"), ("q_\(services)", "2")]
        #expect(try applicant.post("/applications/\(application)", wrong + [("action", "save")], from: edit).status == 303)
        let kept = try applicant.get(edit).text
        #expect(kept.contains("value=\"багато\"") && kept.contains("value=\"01.02.2020\""))
        #expect(kept.contains("id=\"q-\(services)-0\" name=\"q_\(services)\" value=\"0\" checked"))
        // Submitting checks each, beside its field; nothing is submitted.
        let checked = try applicant.post("/applications/\(application)", wrong + [("action", "submit")], from: edit)
        #expect(checked.status == 422)
        for id in [reach, founded, region, registered] { #expect(checked.text.contains("id=\"q-\(id)-error\""), "q-\(id)") }
        #expect(!checked.text.contains("id=\"q-\(leader)-error\""))
        #expect(checked.text.contains("href=\"#q-\(reach)\""))
        #expect(try test.count("SELECT COUNT(*) FROM application WHERE status = 'submitted'") == 0)
        // Corrected, it goes.
        let right = base + [("q_\(leader)", "Оксана"), ("q_\(reach)", "120"), ("q_\(founded)", "2020-02-01"), ("q_\(region)", "1"),
                            ("q_\(services)", "0"), ("q_\(services)", "2"), ("q_\(registered)", "no")]
        #expect(try applicant.post("/applications/\(application)", right + [("action", "submit")], from: edit).status == 303)

        // Staff and the reviewer read the answers.
        let shown = try officer.get("/applications/\(application)").text
        #expect(shown.contains("Women you reach</dt><dd class=\"prose\">120</dd>"))
        #expect(shown.contains("Services</dt><dd class=\"prose\">Medical; Social</dd>"))
        #expect(shown.contains("Region</dt><dd class=\"prose\">South</dd>"))
        #expect(shown.contains("Registered?</dt><dd class=\"prose\">No</dd>"))
        let review = try test.review(application: application, reviewer: reviewer, conflict: false)
        #expect(try test.signedIn("rev@x.org").get("/reviews/\(review)").text.contains("Medical; Social"))

        // Now the questions are frozen under the answers.
        let late = try officer.post(page, [("kind", "short_text"), ("label", "One more")], from: page)
        #expect(late.status == 409)
        #expect(try officer.post("\(page)/\(ids[0])/delete", [], from: page).status == 409)
        #expect(try officer.post("\(page)/\(ids[2])/up", [], from: page).status == 409)
        #expect(try test.count("SELECT COUNT(*) FROM call_question") == 6)
        #expect(try test.count("SELECT COUNT(*) FROM application_answer") == 6)
        #expect(!(try officer.get(page).text.contains("/delete\"")))

        // A new version to change them: the submitted application keeps the questions it answered; a new draft answers the new ones.
        #expect(try officer.post("\(page)/version", [], from: page).status == 303)
        #expect(try officer.post(page, [("kind", "short_text"), ("label", "Who leads the work now?")], from: page).status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM call_question WHERE version = 2") == 7)
        #expect(try test.count("SELECT COUNT(*) FROM call_question WHERE version = 1") == 6)
        let answered = try officer.get("/applications/\(application)").text
        #expect(answered.contains("Medical; Social") && !answered.contains("Who leads the work now?"))
        let draft = try test.application(call: call, initiative: ours, title: "Second")
        #expect(try applicant.get("/applications/\(draft)/edit").text.contains("Who leads the work now?"))
        // An answered question cannot be removed through the new version's page.
        #expect(try officer.post("\(page)/\(ids[0])/delete", [], from: page).status == 404)

        // Declined and revised: the new draft starts from the same answers.
        #expect(try officer.post("/applications/\(application)/reject", [("reason", "Not this round.")], from: "/applications/\(application)").status == 303)
        #expect(try applicant.post("/applications/\(application)/resubmit", [], from: "/applications/\(application)").status == 303)
        #expect(try test.count("""
            SELECT COUNT(*) FROM application_answer a JOIN application p ON p.id = a.application_id JOIN call_question q ON q.id = a.question_id
            WHERE p.resubmission_of = \(application) AND q.version = 2
            """) == 6)
    }

    @Test func aFileQuestionIsAnsweredWithADocumentCheckedAsEveryAttachment() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("po@x.org", .programmeOfficer)
        try test.user("coord@x.org", .coordinator, initiative: ours)
        let call = try test.call()
        let officer = try test.signedIn("po@x.org")
        #expect(try officer.post("/calls/\(call)/questions", [("kind", "file"), ("label", "Your statute"), ("required", "yes")], from: "/calls/\(call)/questions").status == 303)
        let question = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM call_question") })
        let application = try test.application(call: call, initiative: ours)
        let applicant = try test.signedIn("coord@x.org")
        let edit = "/applications/\(application)/edit"
        #expect(try applicant.get(edit).text.contains("name=\"q_\(question)\" type=\"file\""))
        let base: [(String, String)] = [
            ("title", "Safe spaces"), ("summary", "Peer support."), ("objectives", "Reach 200 women."), ("activities", "Weekly meetings."),
            ("target_group", "Women who use drugs."), ("planned_start", "2030-01-01"), ("planned_end", "2030-12-31"),
            ("line_category", "activities"), ("line_description", "Meetings"), ("line_amount", "2000"),
        ]
        // Without the document the submission is refused beside the question.
        let missing = try applicant.post("/applications/\(application)", base + [("action", "submit")], from: edit)
        #expect(missing.status == 422 && missing.text.contains("id=\"q-\(question)-error\""))
        // A file that is not what its name says is refused, and the text is kept.
        let bad = try applicant.multipart("/applications/\(application)", base + [("action", "save")], file: ("statute.pdf", Array("MZ\u{90}".utf8)), field: "q_\(question)", from: edit)
        #expect(bad.status == 422 && bad.text.contains("This file type is not accepted"))
        #expect(try test.count("SELECT COUNT(*) FROM attachment") == 0)
        // A real PDF is taken, named on the form, kept through a later save, and the application goes.
        let pdf = Array("%PDF-1.4\n1 0 obj << >> endobj\n".utf8)
        #expect(try applicant.multipart("/applications/\(application)", base + [("action", "save")], file: ("statute.pdf", pdf), field: "q_\(question)", from: edit).status == 303)
        let kept = try applicant.get(edit).text
        #expect(kept.contains("<strong>statute.pdf</strong>"))
        let attachment = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM attachment") })
        #expect(try applicant.post("/applications/\(application)", base + [("q_\(question)", String(attachment)), ("action", "submit")], from: edit).status == 303)
        #expect(try officer.get("/applications/\(application)").text.contains("Your statute</dt><dd class=\"prose\">statute.pdf</dd>"))
        // Another application's document cannot be given as the answer.
        let other = try test.application(call: call, initiative: ours, title: "Second")
        #expect(try applicant.post("/applications/\(other)", base + [("q_\(question)", String(attachment)), ("action", "save")], from: "/applications/\(other)/edit").status == 303)
        #expect(try test.app.database.pool.read { try QuestionStore.answers($0, application: other) }[question] == [])
    }
}
