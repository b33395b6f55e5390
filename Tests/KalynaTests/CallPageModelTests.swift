import Foundation
import HTTPServer
import Templating
import Testing
import TestSupport

@testable import Kalyna

/// A call's ranking and questions, and an occasion's printed certificates,
/// rendered strictly from their models.
extension PageModelTests {
    static let call = Call(
        id: 4, title: "Small grants 2027", description: "", currency: .euro, totalBudget: 1_000_000, maxGrant: 300_000, opensOn: "2027-01-10",
        closesOn: "2027-02-10", eligibility: "", status: .open, createdAt: when, titleRu: "Малые гранты 2027", titleUk: "Малі гранти 2027")

    static func application(_ id: Int64, title: String) -> Application {
        Application(
            id: id, callId: 4, initiativeId: 5, title: title, summary: "", objectives: "", activities: "", targetGroup: "",
            plannedStart: "", plannedEnd: "", amountRequested: 100_000, status: .submitted, decisionReason: nil, amountAwarded: nil,
            createdAt: when, updatedAt: when, submittedAt: when, decidedAt: nil)
    }

    @Test func theRankingPutsTheBestScoreFirstAndTheUnscoredLast() throws {
        let test = try TestApp()
        let rows = RankingPage.ranked([
            RankingPage.Ranked(application: Self.application(1, title: "Unscored"), initiative: "A", score: nil, reviews: 0),
            RankingPage.Ranked(application: Self.application(2, title: "Good"), initiative: "B", score: 3.5, reviews: 2),
            RankingPage.Ranked(application: Self.application(3, title: "Best <one>"), initiative: "C", score: 4.75, reviews: 3),
            RankingPage.Ranked(application: Self.application(4, title: "Good too"), initiative: "D", score: 3.5, reviews: 1),
        ])
        #expect(rows.map { $0.application.id } == [3, 2, 4, 1])
        for lang in Language.supported {
            let html = try Self.render(test, RankingPage.template, path: "/calls/4/ranking", lang: lang, as: Self.officer, RankingPage(call: Self.call, ranked: rows, page: 1).values)
            let order = ["Best &lt;one&gt;", "Good", "Good too", "Unscored"].compactMap { html.range(of: ">\($0)<")?.lowerBound }
            #expect(order.count == 4 && order == order.sorted(), "\(lang)")
            #expect(html.contains(lang == "en" ? "4.75" : "4,75"))
        }
        // Fifty to a page: the second page starts at the fifty-first.
        let many = (1...51).map { RankingPage.Ranked(application: Self.application(Int64($0), title: "Application \($0)"), initiative: "X", score: Double(60 - $0), reviews: 1) }
        let second = try Self.render(test, RankingPage.template, path: "/calls/4/ranking", lang: "en", as: Self.officer, RankingPage(call: Self.call, ranked: many, page: 2).values)
        #expect(second.contains(">Application 51<") && !second.contains(">Application 50<"))
        #expect(second.contains("href=\"/calls/4/ranking?page=1\""))
    }

    @Test func theQuestionsPageKeepsBothFormsAsTypedAndSaysWhenFrozen() throws {
        let test = try TestApp()
        var question = CallQuestion(id: 7, callId: 4, position: 1, kind: .singleChoice, label: "Who <do> you reach?", required: true)
        question.labelRu = "Кого вы охватываете?"
        let indicator = CallIndicator(id: 3, callId: 4, position: 1, name: "Women reached", source: .cases)
        var errors = FormErrors()
        errors.add("label", "validation_required")
        for lang in Language.supported {
            let html = try Self.render(
                test, QuestionsPage.template, path: "/calls/4/questions", lang: lang, as: Self.officer,
                QuestionsPage(
                    call: Self.call, questions: [question], indicators: [indicator], frozen: false, version: 2, indicatorsFrozen: false,
                    form: TypedForm(values: ["kind": "long_text", "help": "typed <help>"], errors: errors), indicatorForm: TypedForm(values: ["source": "none"]),
                    message: nil).values)
            #expect(html.contains(lang == "ru" ? "Кого вы охватываете?" : "Who &lt;do&gt; you reach?"), "\(lang)")
            #expect(html.contains("<option value=\"long_text\" selected>") && html.contains("typed &lt;help&gt;"))
            #expect(html.contains(test.app.catalogs.text("validation_required", lang)))
            #expect(html.contains(test.app.catalogs.text("questions_version", lang, ["version": "2", "previous": "1"])))
            #expect(html.contains("Women reached") && html.contains(test.app.catalogs.text("indicator_source_cases", lang)))
        }
    }

    @Test func certificatesArePrintedInTheLanguageChosenWhateverThePageLanguage() throws {
        let test = try TestApp()
        let occasion = Occasion(
            id: 2, title: "8 March 2027", date: "2027-03-08", signatoryName: "N. Petrova", signatoryTitle: "Chair",
            wordingEn: "With gratitude", wordingRu: "С благодарностью", wordingUk: "З вдячністю", open: true, createdAt: Self.when,
            titleRu: "8 марта 2027", titleUk: "8 березня 2027")
        let officer = Officer(id: 3, name: "Ivanova <O.>", rank: "Captain", unit: "District 4", city: "Kharkiv", country: "UA", consentPublic: false, createdAt: Self.when)
        let entry = CertificateEntry(officer: officer, thanks: [(initiative: "Light", reason: ""), (initiative: "Dawn", reason: "")])
        let context = RequestContext(request: Request(method: "GET", path: "/occasions/2/certificates"), parameters: [:], app: test.app, lang: "en", signedIn: nil, generation: 0)
        for lang in Language.supported {
            let page = CertificatesPage(occasion: occasion, entries: [entry], lang: lang)
            let rendered = try #require(test.app.templates.renderChecked(CertificatesPage.template, .object(page.values(context))))
            #expect(rendered.missing.isEmpty, "\(rendered.missing)")
            let html = String(decoding: rendered.output, as: UTF8.self)
            #expect(html.contains("lang=\"\(lang)\""))
            #expect(html.contains(["en": "With gratitude", "ru": "С благодарностью", "uk": "З вдячністю"][lang] ?? "-"))
            #expect(html.contains(["en": "8 March 2027", "ru": "8 марта 2027", "uk": "8 березня 2027"][lang] ?? "-"))
            #expect(html.contains("Ivanova &lt;O.&gt;") && html.contains("Light, Dawn"))
            #expect(html.contains(test.app.catalogs.text("certificate_heading", lang)))
        }
    }
}
