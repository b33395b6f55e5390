import Foundation
import HTTPServer
import Templating
import Testing
import TestSupport

@testable import Kalyna

/// Record pages rendered strictly from their models alone, in every language.
extension PageModelTests {
    static let officer = User(
        id: 3, email: "po@x.org", name: "Petra", passwordHash: "", role: .programmeOfficer, initiativeId: nil, language: "en", active: true, createdAt: when)

    @Test func theCasePageSaysWhatHappenedAndOnlyAMemberChangesReferrals() throws {
        let test = try TestApp()
        let odesa = Place(id: 4, country: "UA", nameEn: "Odesa", nameRu: "Одесса", nameUk: "Одеса", active: true, position: 1)
        let injury = CaseTerm(id: 21, vocabulary: "consequence", key: "injury", nameEn: "Injury", nameRu: "Травма", nameUk: "Травма", active: true, position: 1)
        let acts = [ViolenceType(id: 1, key: "threats", nameEn: "Threats <and> intimidation", nameRu: "Угрозы", nameUk: "Погрози", active: true, position: 1)]
        var record = CaseRecord.blank(initiative: 5, by: 1, now: Self.when)
        record.id = 12
        record.incidentDate = "2026-10"
        record.registeredOn = "2026-11-02"
        record.country = "UA"
        record.placeId = 4
        record.placeType = "street"
        record.ageBand = "25-34"
        record.policeUnit = "patrol"
        record.narrative = Data("sealed words".utf8)
        let referral = Referral(id: 8, caseId: 12, service: "legal", referredOn: "2026-11-03", status: "referred", updatedAt: Self.when)
        let names = CaseStore.Names(place: odesa, consequences: [21], terms: [injury])
        for lang in Language.supported {
            let member = try Self.render(
                test, CasePage.template, path: "/cases/12", lang: lang, as: Self.member,
                CasePage(record: record, acts: acts, names: names, referrals: [referral], member: true, narrativeLink: true, today: try #require(CalendarDate(iso: "2026-12-07"))).values)
            #expect(member.contains(test.app.catalogs.text("month_name_10", lang) + " 2026"), "\(lang)")
            #expect(member.contains(["en": "Odesa", "ru": "Одесса", "uk": "Одеса"][lang] ?? "-"))
            #expect(member.contains(lang == "en" ? "Threats &lt;and&gt; intimidation" : lang == "ru" ? "Угрозы" : "Погрози"))
            #expect(member.contains(["en": "Injury", "ru": "Травма", "uk": "Травма"][lang] ?? "-"))
            #expect(member.contains("href=\"/cases/12/narrative\"") && member.contains("href=\"/cases/12/edit\""))
            #expect(member.contains("action=\"/referrals/8\"") && member.contains("action=\"/cases/12/referrals\""))
            #expect(member.contains(test.app.catalogs.text("service_legal", lang)))
            #expect(!member.contains("sealed words"))
            let staff = try Self.render(
                test, CasePage.template, path: "/cases/12", lang: lang, as: Self.officer,
                CasePage(record: record, acts: acts, names: names, referrals: [referral], member: false, narrativeLink: false, today: try #require(CalendarDate(iso: "2026-12-07"))).values)
            #expect(!staff.contains("href=\"/cases/12/narrative\"") && !staff.contains("href=\"/cases/12/edit\""))
            #expect(!staff.contains("action=\"/referrals/8\"") && !staff.contains("action=\"/cases/12/referrals\""))
            #expect(staff.contains(test.app.catalogs.text("service_legal", lang)))
        }
    }

    @Test func theApplicationPageGivesTheApplicantHerReceiptAndStaffTheReviews() throws {
        let test = try TestApp()
        let call = Call(
            id: 4, title: "Small grants 2027", description: "", currency: .euro, totalBudget: 1_000_000, maxGrant: 300_000, opensOn: "2027-01-10",
            closesOn: "2027-02-10", eligibility: "", status: .open, createdAt: Self.when)
        let initiative = Initiative(
            id: 5, name: "Light <Odesa>", country: "UA", city: "Odesa", legalForm: .informal, description: "", contact: "",
            status: .verified, declineReason: nil, createdAt: Self.when, decidedAt: Self.when)
        let application = Application(
            id: 12, callId: 4, initiativeId: 5, title: "Safe <spaces>", summary: "Peer support", objectives: "", activities: "", targetGroup: "",
            plannedStart: "", plannedEnd: "", amountRequested: 250_000, status: .submitted, decisionReason: nil, amountAwarded: nil,
            createdAt: Self.when, updatedAt: Self.when, submittedAt: Self.when, decidedAt: nil)
        let line = BudgetLine(id: 1, applicationId: 12, position: 0, category: "staff", description: "Peer worker", amountText: "2500", amount: 250_000)
        let review = Review(id: 30, applicationId: 12, reviewerId: 7, assignedAt: Self.when, conflict: false, declaredAt: Self.when, comment: "Strong <plan>", submittedAt: Self.when)
        let reviewer = User(id: 8, email: "r@x.org", name: "Rita", passwordHash: "", role: .reviewer, initiativeId: nil, language: "en", active: true, createdAt: Self.when)
        let panel = ReviewStore.Panel(reviews: [review], averages: [30: 4.25], candidates: [reviewer], names: [7: "Vera"], awarded: 900_000)
        let today = try #require(CalendarDate(iso: "2027-01-20"))
        func page(applicant: Bool, decision: (values: [String: String], errors: FormErrors)? = nil) -> ApplicationPage {
            ApplicationPage(
                loaded: ApplicationAccess.Loaded(application: application, call: call, initiative: initiative, isStaff: !applicant, isApplicant: applicant),
                lines: [line], files: [], questions: [], answers: [:], messages: 2, grant: nil, revision: nil, revises: nil,
                panel: applicant ? nil : panel, decision: decision, today: today)
        }
        var errors = FormErrors()
        errors.add("amount", "validation_amount")
        for lang in Language.supported {
            let hers = try Self.render(test, ApplicationPage.template, path: "/applications/12", lang: lang, as: Self.member, page(applicant: true).values)
            #expect(hers.contains(ApplicationReceipt.number(12)))
            #expect(hers.contains("Safe &lt;spaces&gt;") && hers.contains("Peer worker"))
            #expect(hers.contains(test.app.catalogs.text("application_withdraw_button", lang)))
            #expect(!hers.contains("Strong &lt;plan&gt;") && !hers.contains("name=\"reviewer\""))
            let staff = try Self.render(
                test, ApplicationPage.template, path: "/applications/12", lang: lang, as: Self.officer,
                page(applicant: false, decision: (["amount": "lots"], errors)).values)
            #expect(!staff.contains(ApplicationReceipt.number(12)))
            #expect(staff.contains("Vera") && staff.contains("Strong &lt;plan&gt;") && staff.contains("Rita"))
            #expect(staff.contains(lang == "en" ? "4.25" : "4,25"), "\(lang)")
            // The decision comes back as typed, with its message; what is left of the budget beside it.
            #expect(staff.contains("value=\"lots\"") && staff.contains(test.app.catalogs.text("validation_amount", lang)))
            #expect(staff.contains(lang == "en" ? "EUR 1,000.00" : "1\u{00A0}000,00\u{00A0}EUR"), "\(lang)")
        }
    }

    @Test func theNarrativePageShowsTheWordsOrSaysTheyCannotBeRead() throws {
        let test = try TestApp()
        for lang in Language.supported {
            let open = try Self.render(
                test, NarrativePage.template, path: "/cases/12/narrative", lang: lang, as: Self.member,
                NarrativePage(caseId: 12, text: "She said <no>", unreadable: false).values)
            #expect(open.contains("She said &lt;no&gt;") && !open.contains(test.app.catalogs.text("narrative_unreadable", lang)))
            let sealed = try Self.render(
                test, NarrativePage.template, path: "/cases/12/narrative", lang: lang, as: Self.member, NarrativePage(caseId: 12, text: nil, unreadable: true).values)
            #expect(sealed.contains(test.app.catalogs.text("narrative_unreadable", lang)))
        }
    }

    @Test func thePublicThanksAndTheOutboxRenderInEveryLanguage() throws {
        let test = try TestApp()
        let admin = User(id: 9, email: "root@x.org", name: "Root", passwordHash: "", role: .admin, initiativeId: nil, language: "en", active: true, createdAt: Self.when)
        let failed = Notice(
            id: 31, userId: 1, email: "a@x.org", language: "en", kind: NoticeKind.initiativeVerified.rawValue, params: "{}",
            link: "", sealedLink: nil, key: "k", createdAt: Self.when, readAt: nil, mail: .failed, attempts: 12, nextAttemptAt: nil,
            sentAt: nil, lastError: "550 <mailbox> unavailable")
        for lang in Language.supported {
            let thanks = try Self.render(
                test, PublicThanksPage.template, path: "/thanks", lang: lang,
                PublicThanksPage(officers: [OccasionStore.NamedOfficer(name: "Ivanova <O.>", rank: "Captain", city: "Kharkiv", country: "UA", occasions: ["8 March 2027"])]).values)
            #expect(thanks.contains("Ivanova &lt;O.&gt;") && thanks.contains("8 March 2027") && thanks.contains(test.app.catalogs.text("country_UA", lang)))
            let outbox = try Self.render(
                test, OutboxPage.template, path: "/admin/outbox", lang: lang, as: admin,
                OutboxPage(notices: [failed], counts: [.sent: 40, .failed: 1], pager: Pager(page: 1, perPage: 50, total: 1), sendsMail: true, server: "smtp://mail.test:25").values)
            #expect(outbox.contains("a@x.org") && outbox.contains("550 &lt;mailbox&gt; unavailable") && outbox.contains("smtp://mail.test:25"))
            #expect(outbox.contains(test.app.catalogs.text("notice_kind_initiative_verified", lang)))
            #expect(outbox.contains(test.app.catalogs.text("outbox_count_sent", lang)) && outbox.contains(">40<"))
        }
    }

    @Test func theImportPageGuidesThenPreviewsEveryRowWithItsErrors() throws {
        let test = try TestApp()
        let acts = [ViolenceType(id: 1, key: "threats", nameEn: "Threats", nameRu: "Угрозы", nameUk: "Погрози", active: true, position: 1)]
        var parsed = CaseImport.Parsed()
        var first = CaseInput()
        first.incidentDate = "2026-10"
        var second = CaseInput()
        second.incidentDate = "2026-13"
        parsed.inputs = [first, second]
        parsed.places = ["Odesa", "Nowhere <town>"]
        parsed.acts = ["Threats", ""]
        parsed.consent = [true, nil]
        parsed.rowErrors = [[], ["The month <13> is not a month."]]
        for lang in Language.supported {
            let guide = try Self.render(test, CaseImportPage.template, path: "/cases/import", lang: lang, as: Self.member,
                                        CaseImportPage(typology: acts, terms: [], outcome: .guide).values)
            #expect(guide.contains("href=\"/cases/import/template\"") && guide.contains(test.app.catalogs.text("import_column_police_unit", lang)))
            #expect(guide.contains(["en": "Threats", "ru": "Угрозы", "uk": "Погрози"][lang] ?? "-"))
            let page = CaseImportPage(typology: acts, terms: [], outcome: .previewed(parsed, text: "a;b\n1;2", readAs: "read as UTF-8"))
            #expect(page.status == 422)
            let preview = try Self.render(test, CaseImportPage.template, path: "/cases/import", lang: lang, as: Self.member, page.values)
            #expect(preview.contains("Nowhere &lt;town&gt;") && preview.contains("The month &lt;13&gt; is not a month."))
            #expect(preview.contains(test.app.catalogs.text("import_bad_rows", lang, ["bad": "1", "count": "2"])), "\(lang)")
            #expect(preview.contains("read as UTF-8"))
            let refusedPage = CaseImportPage(typology: acts, terms: [], outcome: .refused(test.app.catalogs.text("import_binary", lang)))
            #expect(refusedPage.status == 422)
            let refused = try Self.render(test, CaseImportPage.template, path: "/cases/import", lang: lang, as: Self.member, refusedPage.values)
            #expect(refused.contains(test.app.catalogs.text("import_binary", lang)) && !refused.contains("Nowhere"))
        }
    }

    @Test func errorPagesHaveWordsForEveryStatusTheyAnswer() throws {
        let test = try TestApp()
        for lang in Language.supported {
            for status in ErrorPage.worded + [418] {
                let html = try Self.render(test, ErrorPage.template, path: "/x", lang: lang, ErrorPage(status: status).values)
                let words = test.app.catalogs.text(ErrorPage(status: status).key + "_text", lang).replacingOccurrences(of: "'", with: "&#39;")
                #expect(html.contains(words), "\(status) \(lang)")
            }
            #expect(ErrorPage(status: 418).key == "error_500")
        }
    }

    @Test func aConversationShowsEachMessageAndSaysWhenOneCannotBeRead() throws {
        let test = try TestApp()
        let initiative = Initiative(
            id: 5, name: "Light <Odesa>", country: "UA", city: "Odesa", legalForm: .informal, description: "", contact: "",
            status: .verified, declineReason: nil, createdAt: Self.when, decidedAt: Self.when)
        let loaded = ConversationAccess.Loaded(topic: .grant, id: 7, initiative: initiative, side: .initiative, title: "KLN-2027-0007", due: nil)
        let entries = [
            ConversationEntry(id: 1, side: .staff, authorName: "Petra", sealedBody: test.app.narratives.seal("First line\r\nsecond <line>"), createdAt: Self.when,
                              file: MessageFileInfo(filename: "budget.pdf", size: 4096)),
            ConversationEntry(id: 2, side: .initiative, authorName: "", sealedBody: [1, 2, 3], createdAt: Self.when, file: nil),
        ]
        var errors = FormErrors()
        errors.add("body", "validation_required")
        for lang in Language.supported {
            let html = try Self.render(
                test, ConversationPage.template, path: "/grants/7/messages", lang: lang, as: Self.member,
                ConversationPage(loaded: loaded, entries: entries, pager: Pager(page: 1, perPage: 30, total: 2), form: TypedForm(values: ["body": "half <typed>"], errors: errors), message: nil).values)
            #expect(html.contains(">First line<") && html.contains(">second &lt;line&gt;<"))
            #expect(html.contains(Self.escaped(test.app.catalogs.text("conversation_unreadable", lang))), "\(lang)")
            #expect(html.contains("href=\"/messages/1/file\"") && html.contains("budget.pdf"))
            #expect(html.contains("half &lt;typed&gt;") && html.contains(test.app.catalogs.text("validation_required", lang)))
            #expect(html.contains("action=\"/grants/7/messages\""))
        }
    }

    @Test func anAgreementAwaitingHerAgainSaysWhatChangedAndOffersTheForm() throws {
        let test = try TestApp()
        let before = AgreementAcceptance(name: "Anna <K.>", language: "uk", text: "", terms: "t", address: "192.0.2.7", acceptedAt: Self.when)
        var errors = FormErrors()
        errors.add("name", "validation_required")
        for lang in Language.supported {
            let awaiting = try Self.render(
                test, AgreementPage.template, path: "/grants/7/agreement", lang: lang, as: Self.member,
                AgreementPage(loaded: Self.loadedGrant(holder: true, staff: false, award: 300_000), text: "Article 1\nThe <grantee> agrees", standing: .awaiting(changedSinceAcceptance: true),
                              termsHash: "hash-1", last: before, form: TypedForm(values: ["name": ""], errors: errors)).values)
            #expect(awaiting.contains(Self.escaped(test.app.catalogs.text("agreement_changed", lang))), "\(lang)")
            #expect(awaiting.contains("Anna &lt;K.&gt;") && awaiting.contains("192.0.2.7"))
            #expect(awaiting.contains("The &lt;grantee&gt; agrees") && awaiting.contains("value=\"hash-1\""))
            #expect(awaiting.contains("action=\"/grants/7/agreement\"") && awaiting.contains(test.app.catalogs.text("validation_required", lang)))
            let accepted = try Self.render(
                test, AgreementPage.template, path: "/grants/7/agreement", lang: lang, as: Self.officer,
                AgreementPage(loaded: Self.loadedGrant(holder: false, staff: true, award: 300_000), text: "Article 1", standing: .accepted,
                              termsHash: "hash-1", last: before, form: TypedForm()).values)
            #expect(!accepted.contains("action=\"/grants/7/agreement\"") && accepted.contains("Anna &lt;K.&gt;"))
        }
    }
}
