import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// What the applicant is shown: a receipt for what she sent, a withdrawal
/// that asks first, and the grant an approved application became.
@Suite struct ApplicantSideTests {
    @Test func aSubmittedApplicationShowsItsReceipt() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        let application = try test.application(call: try test.call(), initiative: ours, status: .submitted, title: "Safe spaces")
        _ = try test.attachment(application: application)
        let page = try test.signedIn("coord@x.org").get("/applications/\(application)").text
        #expect(page.contains("Receipt"))
        #expect(page.contains(ApplicationReceipt.number(application)))
        #expect(page.contains("(Europe/Kyiv)"))
        #expect(page.contains("documents: 1"))
        #expect(ApplicationReceipt.number(42) == "A-000042")
    }

    @Test func withdrawingAsksOnAPageOfItsOwn() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        let application = try test.application(call: try test.call(), initiative: ours, status: .submitted)
        let coordinator = try test.signedIn("coord@x.org")
        let show = "/applications/\(application)"
        #expect(try coordinator.get(show).text.contains("href=\"\(show)/withdraw\""))
        // A post without the confirmation only asks.
        let unconfirmed = try coordinator.post("\(show)/withdraw", [], from: show)
        #expect(unconfirmed.status == 303)
        #expect(unconfirmed.header("Location") == "\(show)/withdraw")
        #expect(try test.count("SELECT COUNT(*) FROM application WHERE status = 'withdrawn'") == 0)
        let ask = try coordinator.get("\(show)/withdraw")
        #expect(ask.status == 200)
        #expect(ask.text.contains("cannot be submitted again"))
        #expect(try coordinator.post("\(show)/withdraw", [("confirm", "yes")], from: "\(show)/withdraw").header("Location") == "\(show)?notice=withdrawn")
        #expect(try test.count("SELECT COUNT(*) FROM application WHERE status = 'withdrawn'") == 1)
        #expect(try coordinator.get("\(show)/withdraw").status == 409)
    }

    @Test func pdfsAndImagesArePreviewedInThePageOtherFilesOnlyDownloaded() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        try test.user("other@x.org", .coordinator, initiative: try test.initiative("Theirs"))
        let application = try test.application(call: try test.call(), initiative: ours, status: .submitted)
        let pdf = try test.attachment(application: application)
        let docx = try test.app.database.pool.write { db -> Int64 in
            var file = Attachment(
                id: nil, applicationId: application, filename: "budget.docx",
                contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", size: 4, uploadedBy: nil, uploadedAt: Date())
            try AttachmentStore.add(db, &file, bytes: [0x50, 0x4B, 0x03, 0x04])
            return file.id ?? 0
        }
        let coordinator = try test.signedIn("coord@x.org")
        let base = "/applications/\(application)/attachments"
        let page = try coordinator.get("/applications/\(application)")
        // The PDF is loaded into its frame only when asked for: the frame starts empty.
        let frame = "preview-applications-\(application)-attachments-\(pdf)"
        #expect(page.text.contains("<a href=\"\(base)/\(pdf)?view=inline\" target=\"\(frame)\">Show the PDF here</a><iframe name=\"\(frame)\" title=\"plan.pdf\"></iframe>"))
        #expect(!page.text.contains("<iframe src="))
        #expect(!page.text.contains("\(base)/\(docx)?view=inline"))
        // Our pages may frame previews, and nothing else.
        #expect(page.header("Content-Security-Policy")?.contains("frame-src 'self'") == true)
        #expect(page.header("X-Frame-Options") == "DENY")
        let shown = try coordinator.get("\(base)/\(pdf)?view=inline")
        #expect(shown.status == 200)
        #expect(shown.header("Content-Type") == "application/pdf")
        #expect(shown.header("Content-Disposition")?.hasPrefix("inline;") == true)
        #expect(shown.header("Content-Security-Policy") == "default-src 'none'; img-src 'self'; frame-ancestors 'self'")
        #expect(shown.header("X-Frame-Options") == "SAMEORIGIN")
        #expect(shown.header("X-Content-Type-Options") == "nosniff")
        // A document that is not a PDF or an image is downloaded, whatever is asked.
        #expect(try coordinator.get("\(base)/\(docx)?view=inline").header("Content-Disposition")?.hasPrefix("attachment;") == true)
        #expect(try coordinator.get("\(base)/\(pdf)").header("Content-Disposition")?.hasPrefix("attachment;") == true)
        let other = try test.signedIn("other@x.org").get("\(base)/\(pdf)?view=inline")
        #expect(other.status == 403 || other.status == 404)
    }

    @Test func aDeclinedApplicationIsRevisedAndSubmittedAgainWithTheReasonKept() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        try test.user("po@x.org", .programmeOfficer)
        try test.user("other@x.org", .coordinator, initiative: try test.initiative("Theirs"))
        let application = try test.application(call: try test.call(), initiative: ours, status: .submitted, title: "Safe spaces")
        _ = try test.attachment(application: application)
        let show = "/applications/\(application)"
        let officer = try test.signedIn("po@x.org")
        #expect(try officer.post("\(show)/reject", [("reason", "The budget has no line for outreach.")], from: show).status == 303)

        let coordinator = try test.signedIn("coord@x.org")
        let declined = try coordinator.get(show).text
        #expect(declined.contains("Reason for the decision"))
        #expect(declined.contains("The budget has no line for outreach."))
        #expect(declined.contains("action=\"\(show)/resubmit\""))
        // Someone else's declined application is not hers to revise.
        let theirs = try test.signedIn("other@x.org").post("\(show)/resubmit", [], from: "/dashboard").status
        #expect(theirs == 403 || theirs == 404)

        let revised = try coordinator.post("\(show)/resubmit", [], from: show)
        #expect(revised.status == 303)
        let draftId = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM application WHERE resubmission_of = ?", arguments: [application]) })
        #expect(revised.header("Location") == "/applications/\(draftId)/edit?notice=revising")
        // Asked twice, the same draft.
        #expect(try coordinator.post("\(show)/resubmit", [], from: show).header("Location") == "/applications/\(draftId)/edit?notice=revising")
        #expect(try test.count("SELECT COUNT(*) FROM application") == 2)
        let edit = try coordinator.get("/applications/\(draftId)/edit?notice=revising").text
        #expect(edit.contains("value=\"Safe spaces\""))
        #expect(edit.contains("The budget has no line for outreach."))
        #expect(edit.contains("href=\"\(show)\""))
        #expect(edit.contains("plan.pdf"))
        #expect(try test.count("SELECT COUNT(*) FROM budget_line WHERE application_id = \(draftId)") == (try test.count("SELECT COUNT(*) FROM budget_line WHERE application_id = \(application)")))
        // The decline stays as it was, and points to the revision.
        #expect(try test.count("SELECT COUNT(*) FROM application WHERE id = \(application) AND status = 'rejected'") == 1)
        #expect(try coordinator.get(show).text.contains("href=\"/applications/\(draftId)\""))
        // Submitted again, staff see what it revises and why that was declined.
        let submitted = try coordinator.post(
            "/applications/\(draftId)",
            [("title", "Safe spaces"), ("summary", "Peer support."), ("objectives", "Reach 200 women."), ("activities", "Outreach."),
             ("target_group", "Women who use drugs."), ("planned_start", "2030-01-01"), ("planned_end", "2030-12-31"),
             ("line_category", "activities"), ("line_description", "Outreach"), ("line_amount", "1500"), ("action", "submit")],
            from: "/applications/\(draftId)/edit")
        #expect(submitted.status == 303)
        let staffPage = try officer.get("/applications/\(draftId)").text
        #expect(staffPage.contains("This application revises the declined application"))
        #expect(staffPage.contains("The budget has no line for outreach."))
    }

    @Test func aDeclinedApplicationCannotBeRevisedAfterItsCallClosed() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        let application = try test.application(call: try test.call(closes: "2021-01-01"), initiative: ours, status: .rejected)
        let coordinator = try test.signedIn("coord@x.org")
        let show = "/applications/\(application)"
        let page = try coordinator.get(show).text
        #expect(!page.contains("action=\"\(show)/resubmit\""))
        #expect(page.contains("The call has closed"))
        #expect(try coordinator.post("\(show)/resubmit", [], from: show).status == 409)
        #expect(try test.count("SELECT COUNT(*) FROM application") == 1)
    }

    @Test func anApprovedApplicationLinksToItsGrant() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        let (grant, _, _, _) = try test.grant(call: try test.call(), initiative: ours)
        let application = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT application_id FROM \"grant\"") })
        #expect(try test.signedIn("coord@x.org").get("/applications/\(application)").text.contains("href=\"/grants/\(grant)\""))
    }

    @Test func anOverSizeUploadComesBackAsTheFormWithTheLimit() throws {
        let test = try TestApp { $0.bodyLimitBytes = 1024 * 1024 }
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        try test.user("other@x.org", .coordinator, initiative: try test.initiative("Theirs"))
        let application = try test.application(call: try test.call(), initiative: ours, title: "Kept title")
        let edit = "/applications/\(application)/edit"
        let coordinator = try test.signedIn("coord@x.org")
        #expect(try coordinator.get(edit).text.contains("Up to 1 MB a file."))
        let photo = [UInt8](repeating: 0xFF, count: 1_500_000)
        let refused = try coordinator.upload("/applications/\(application)/attachments", field: "file", filename: "photo.jpg", contentType: "image/jpeg", bytes: photo, from: edit)
        #expect(refused.status == 413)
        #expect(refused.text.contains("The file is larger than 1 MB, so it was not added."))
        #expect(refused.text.contains("value=\"Kept title\""))
        #expect(try test.count("SELECT COUNT(*) FROM attachment") == 0)
        // Someone else's draft gets no form, only the refusal.
        let stranger = try test.signedIn("other@x.org")
        let foreign = try stranger.upload("/applications/\(application)/attachments", field: "file", filename: "photo.jpg", contentType: "image/jpeg", bytes: photo, from: "/dashboard")
        #expect(foreign.status == 403)
        #expect(!foreign.text.contains("Kept title"))
    }

    @Test func aDocumentAddedFromTheFormKeepsEverythingTyped() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        let application = try test.application(call: try test.call(), initiative: ours, title: "Old title")
        let edit = "/applications/\(application)/edit"
        let coordinator = try test.signedIn("coord@x.org")
        let typed: [(String, String)] = [
            ("title", "Безпечний простір"), ("summary", "Що ми зробимо за рік"), ("objectives", "Цілі"), ("activities", "Зустрічі"),
            ("target_group", "Жінки"), ("planned_start", "2030-01-01"), ("planned_end", "2030-06-30"),
            ("line_category", "travel"), ("line_description", "Поїздки"), ("line_amount", "1 200,50"), ("action", "upload"),
        ]
        func post(_ file: (name: String, bytes: [UInt8])) throws -> TestResponse {
            try coordinator.multipart("/applications/\(application)", typed, file: file, from: edit)
        }
        let added = try post(("plan.pdf", Array("%PDF-1.4\n%%EOF\n".utf8)))
        #expect(added.status == 303)
        #expect(added.header("Location") == "\(edit)?notice=attachment_added")
        let page = try coordinator.get(edit).text
        for value in ["Безпечний простір", "Що ми зробимо за рік", "2030-06-30", "Поїздки", "1 200,50", "plan.pdf"] {
            #expect(page.contains(value), "\(value) is still there")
        }
        // A file we cannot take: the text is saved all the same, and the page says why.
        let refused = try post(("run.exe", Array("MZ\u{0090}\u{0000}".utf8)))
        #expect(refused.status == 422)
        #expect(refused.text.contains("Безпечний простір"))
        #expect(try test.count("SELECT COUNT(*) FROM attachment") == 1)
        #expect(try test.count("SELECT COUNT(*) FROM application WHERE title = 'Безпечний простір'") == 1)
    }

    @Test func aReportDocumentIsAddedWithTheReportText() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        let (_, _, _, report) = try test.grant(call: try test.call(), initiative: ours)
        let page = "/reports/\(report)"
        let coordinator = try test.signedIn("coord@x.org")
        let added = try coordinator.multipart(
            page, [("done", "Двадцять зустрічей"), ("results", ""), ("action", "upload")], file: ("receipt.pdf", Array("%PDF-1.4\n%%EOF\n".utf8)), from: page)
        #expect(added.status == 303)
        #expect(added.header("Location") == "\(page)?notice=attachment_added")
        let shown = try coordinator.get(page).text
        #expect(shown.contains("Двадцять зустрічей"))
        #expect(shown.contains("receipt.pdf"))
        #expect(try test.count("SELECT COUNT(*) FROM report_requirement WHERE status = 'draft'") == 1)
    }
}
