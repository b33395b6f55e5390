import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// Conversations between an initiative and the programme staff on its
/// applications, grants and reports: who reads them, who is told, and that
/// what was written stays as written.
@Suite(.serialized) struct ConversationTests {
    static let pdf = Array("%PDF-1.4\n1 0 obj << >> endobj\n".utf8)

    @Test func theCoordinatorAndTheOfficerTalkAboutAnApplicationAndEachSideIsTold() throws {
        let smtp = try SMTPServer()
        let test = try TestApp.mailing(to: smtp)
        let ours = try test.initiative("Сад надії")
        try test.user("po@x.org", .programmeOfficer, name: "Petra")
        let coordinator = try test.user("coord@x.org", .coordinator, initiative: ours, name: "Olena")
        let reviewer = try test.user("rev@x.org", .reviewer, name: "Roza")
        try test.user("fo@x.org", .financeOfficer, name: "Fatima")
        try test.user("other@x.org", .coordinator, initiative: try test.initiative("Theirs"), name: "Oksana")
        try test.setLanguage(coordinator, "uk")
        let application = try test.application(call: try test.call(), initiative: ours, status: .submitted, title: "Безпечні місця")
        try test.review(application: application, reviewer: reviewer, conflict: false)
        let path = "/applications/\(application)/messages"
        let applicant = try test.signedIn("coord@x.org")
        let officer = try test.signedIn("po@x.org")

        // The application's page leads to it; the conversation starts empty.
        #expect(try applicant.get("/applications/\(application)").text.contains("href=\"\(path)\""))
        #expect(try applicant.get(path).text.contains("Повідомлень поки немає."))
        // The header's count is kept between pages; a new notice must still show at once.
        #expect(try officer.get("/dashboard").text.contains("href=\"/inbox\">Inbox</a>"))

        // She asks, with a document; the officer is told, by e-mail and in the inbox, without the text itself.
        let sent = try applicant.multipart(path, [("body", "Можна перенести зустрічі на травень?\r\nДякуємо.")], file: ("план.pdf", Self.pdf), from: path)
        #expect(sent.status == 303)
        #expect(sent.header("Location") == path + "?notice=message_sent")
        #expect(eventually(within: 20) { smtp.messages(to: "po@x.org").count == 1 })
        let toOfficer = try #require(smtp.messages(to: "po@x.org").first)
        #expect(toOfficer.subject == "New message on the application “Безпечні місця”")
        #expect(toOfficer.text.contains("Olena (Сад надії)"))
        #expect(toOfficer.text.contains(test.app.config.publicBaseURL + path))
        #expect(!toOfficer.text.contains("травень"))
        #expect(try officer.get("/inbox").text.contains("New message on the application “Безпечні місця”"))
        // Every page's header counts it until she has read it.
        #expect(try officer.get("/dashboard").text.contains("<span class=\"count\" aria-label=\"1 unread\">1</span>"))
        #expect(try officer.post("/inbox/read-all", [], from: "/inbox").status == 303)
        #expect(try officer.get("/dashboard").text.contains("href=\"/inbox\">Inbox</a>"))

        // The officer reads it, with the file, and answers.
        let page = try officer.get(path)
        #expect(page.text.contains("<p>Можна перенести зустрічі на травень?</p><p>Дякуємо.</p>"))
        #expect(page.text.contains("план.pdf"))
        let file = try #require(page.text.firstMatch(of: /href="(\/messages\/\d+\/file)"/).map { String($0.1) })
        let download = try officer.get(file)
        #expect(download.status == 200)
        #expect(download.body == Self.pdf)
        #expect(try officer.multipart(path, [("body", "Так, можна.")], file: ("", []), from: path).status == 303)
        #expect(eventually(within: 20) { smtp.messages(to: "coord@x.org").count == 1 })
        let toApplicant = try #require(smtp.messages(to: "coord@x.org").first)
        #expect(toApplicant.subject == "Нове повідомлення щодо заявки «Безпечні місця»")
        #expect(toApplicant.content_language == "uk")
        let thread = try applicant.get(path).text
        #expect(thread.contains("Так, можна."))
        // Newest first.
        #expect(thread.range(of: "Так, можна.")?.lowerBound ?? thread.endIndex < thread.range(of: "Дякуємо.")?.lowerBound ?? thread.startIndex)
        #expect(try applicant.get("/applications/\(application)").text.contains("2 повідомлення"))

        // Neither the reviewer, nor finance, nor another initiative sees any of it, or its file.
        for email in ["rev@x.org", "fo@x.org", "other@x.org"] {
            let stranger = try test.signedIn(email)
            let refused = try stranger.get(path)
            #expect(refused.status == 403, "\(email)")
            #expect(!refused.text.contains("травень"))
            #expect(try stranger.get(file).status == 403, "\(email)")
            #expect(try stranger.multipart(path, [("body", "Hi")], file: ("", []), from: "/profile").status == 403, "\(email)")
        }
        // The reviewer's view of the application offers no way to it.
        #expect(!(try test.signedIn("rev@x.org").get("/applications/\(application)").text.contains(path)))

        // Each message is in the audit, its text sealed at rest, and never changed.
        #expect(try test.count("SELECT COUNT(*) FROM audit_event WHERE action = 'message.posted' AND record_type = 'message'") == 2)
        try test.app.database.pool.read { db in
            let stored = try [UInt8](Data.fetchAll(db, sql: "SELECT body FROM message").reduce(Data(), +))
            #expect(!String(decoding: stored, as: UTF8.self).contains("травень"))
            #expect(stored.count > 0)
        }
        #expect(throws: DatabaseError.self) {
            try test.app.database.pool.write { try $0.execute(sql: "UPDATE message SET body = x'00'") }
        }
        #expect(throws: DatabaseError.self) {
            try test.app.database.pool.write { try $0.execute(sql: "DELETE FROM message") }
        }
        #expect(try test.count("SELECT COUNT(*) FROM message") == 2)

        // After the decision the conversation stays and goes on.
        #expect(try officer.post("/applications/\(application)/reject", [("reason", "Not this round.")], from: "/applications/\(application)").status == 303)
        #expect(try applicant.get(path).text.contains("Так, можна."))
        #expect(try applicant.multipart(path, [("body", "Чому?")], file: ("", []), from: path).status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM message") == 3)
    }

    @Test func aRefusedMessageComesBackAsTypedAndNothingIsStored() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        let application = try test.application(call: try test.call(), initiative: ours, status: .submitted)
        let path = "/applications/\(application)/messages"
        let applicant = try test.signedIn("coord@x.org")

        let empty = try applicant.multipart(path, [("body", "   ")], file: ("", []), from: path)
        #expect(empty.status == 422)
        #expect(empty.text.contains("Please fill this in."))
        #expect(empty.text.contains("href=\"#field-body\""))

        let long = String(repeating: "a", count: ConversationRules.maxLength + 1)
        let tooLong = try applicant.multipart(path, [("body", long)], file: ("", []), from: path)
        #expect(tooLong.status == 422)
        #expect(tooLong.text.contains(">\(long)</textarea>"))

        // A file that is not what its name says: refused, the text kept.
        let badFile = try applicant.multipart(path, [("body", "See the plan.")], file: ("plan.pdf", Array("MZ\u{90}\u{0}".utf8)), from: path)
        #expect(badFile.status == 422)
        #expect(badFile.text.contains(">See the plan.</textarea>"))
        #expect(badFile.text.contains("This file type is not accepted"))
        #expect(try test.count("SELECT COUNT(*) FROM message") == 0)
        #expect(try test.count("SELECT COUNT(*) FROM notice") == 0)
    }

    @Test func draftsHaveNoConversationAndGrantsAndReportsDo() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("po@x.org", .programmeOfficer, name: "Petra")
        try test.user("fo@x.org", .financeOfficer)
        try test.user("coord@x.org", .coordinator, initiative: ours, name: "Olena")
        let call = try test.call()
        let draft = try test.application(call: call, initiative: ours)
        let applicant = try test.signedIn("coord@x.org")
        #expect(try applicant.get("/applications/\(draft)/messages").status == 409)
        #expect(!(try applicant.get("/applications/\(draft)").text.contains("/messages")))

        let (grant, _, _, report) = try test.grant(call: call, initiative: ours)
        let officer = try test.signedIn("po@x.org")
        #expect(try officer.multipart("/grants/\(grant)/messages", [("body", "The first tranche is on its way.")], file: ("", []), from: "/grants/\(grant)/messages").status == 303)
        #expect(try applicant.get("/grants/\(grant)").text.contains("1 message"))
        #expect(try applicant.get("/grants/\(grant)/messages").text.contains("The first tranche is on its way."))
        #expect(try applicant.multipart("/reports/\(report)/messages", [("body", "May we send the report a week late?")], file: ("", []), from: "/reports/\(report)/messages").status == 303)
        #expect(try officer.get("/reports/\(report)").text.contains("/reports/\(report)/messages"))
        #expect(try officer.get("/reports/\(report)/messages").text.contains("May we send the report a week late?"))
        // Each conversation holds its own messages only.
        #expect(!(try officer.get("/grants/\(grant)/messages").text.contains("a week late")))
        // The officer is told of the report's message, named by its grant and due date.
        let subjects = try test.app.database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT params FROM notice n JOIN user u ON u.id = n.user_id WHERE u.email = 'po@x.org' AND n.kind = 'message_received'")
        }
        #expect(subjects.count == 1)
        #expect(subjects.first?.contains("\"variant\":\"report\"") == true)
        // Finance follows the grant's money, not its conversations.
        let finance = try test.signedIn("fo@x.org")
        #expect(try finance.get("/grants/\(grant)").status == 200)
        #expect(!(try finance.get("/grants/\(grant)").text.contains("/messages")))
        #expect(try finance.get("/grants/\(grant)/messages").status == 403)
    }
}
