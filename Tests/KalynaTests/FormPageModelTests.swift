import Foundation
import HTTPServer
import Templating
import Testing
import TestSupport

@testable import Kalyna

/// The forms' page models, rendered strictly from a model alone in every
/// language: what was typed comes back with a message per field, and what a
/// role may not see is not there.
extension PageModelTests {
    static let documenter = User(
        id: 2, email: "d@x.org", name: "Dana", passwordHash: "", role: .documenter, initiativeId: 5, language: "en", active: true, createdAt: when)

    @Test func theCaseFormComesBackWithWhatWasTypedAndAMessagePerField() throws {
        let test = try TestApp()
        let odesa = Place(id: 4, country: "UA", nameEn: "Odesa", nameRu: "Одесса", nameUk: "Одеса", active: true, position: 1)
        let retired = Place(id: 9, country: "UA", nameEn: "Old Town", nameRu: "Старый город", nameUk: "Старе місто", active: false, position: 2)
        let acts = [ViolenceType(id: 1, key: "physical", nameEn: "Physical <violence>", nameRu: "Физическое насилие", nameUk: "Фізичне насильство", active: true, position: 1)]
        let terms = [
            CaseTerm(id: 21, vocabulary: "consequence", key: "injury", nameEn: "Injury", nameRu: "Травма", nameUk: "Травма", active: true, position: 1),
            CaseTerm(id: 22, vocabulary: "consequence", key: "retired", nameEn: "Retired term", nameRu: "Старое", nameUk: "Старе", active: false, position: 2),
            CaseTerm(id: 31, vocabulary: "complaint_body", key: "prosecutor", nameEn: "Prosecutor", nameRu: "Прокуратура", nameUk: "Прокуратура", active: true, position: 1),
        ]
        var input = CaseInput()
        input.registeredOn = "2099-01-01"
        input.precision = "day"
        input.incidentDate = "2026-10-03"
        input.place = PlaceChoice(country: "UA", place: 4).key
        input.acts = [1]
        input.consequences = [21]
        input.narrative = "She said <b>this</b>"
        var errors = FormErrors()
        errors.add("registered_on", "validation_future")
        errors.add("consent_record", "validation_consent_record")
        let refused = CaseFormPage(
            id: nil, input: input, errors: errors, typology: acts, places: [odesa, retired], terms: terms,
            mayReadNarrative: true, hadNarrative: false, keeping: nil)
        for lang in Language.supported {
            let html = try Self.render(test, CaseFormPage.template, path: "/cases/new", lang: lang, as: Self.member, refused.values)
            #expect(html.contains("action=\"/cases\""))
            #expect(html.contains("value=\"2099-01-01\"") && html.contains("value=\"2026-10-03\""))
            #expect(html.contains(test.app.catalogs.text("validation_future", lang)), "\(lang)")
            #expect(html.contains(test.app.catalogs.text("validation_consent_record", lang)), "\(lang)")
            #expect(html.contains("She said &lt;b&gt;this&lt;/b&gt;"))
            #expect(html.contains(lang == "en" ? "Physical &lt;violence&gt;" : lang == "ru" ? "Физическое насилие" : "Фізичне насильство"))
            #expect(html.contains("<option value=\"\(PlaceChoice(country: "UA", place: 4).key)\" selected>"))
            // A retired place or term is offered only to a case that has it.
            #expect(!html.contains(lang == "en" ? "Old Town" : lang == "ru" ? "Старый город" : "Старе місто"))
            #expect(!html.contains(lang == "en" ? "Retired term" : lang == "ru" ? "Старое" : "Старе"))
        }
        // A documenter editing a case with a narrative: no field to read it back, and a word that it is kept.
        var stored = CaseRecord.blank(initiative: 5, by: 2, now: Self.when)
        stored.id = 12
        stored.placeId = 9
        stored.country = "UA"
        stored.narrative = Data([1, 2, 3])
        var kept = input
        kept.narrative = ""
        kept.consequences = [22]
        kept.place = PlaceChoice(country: "UA", place: 9).key
        let editing = CaseFormPage(
            id: 12, input: kept, errors: FormErrors(), typology: acts, places: [odesa, retired], terms: terms,
            mayReadNarrative: false, hadNarrative: true, keeping: stored)
        for lang in Language.supported {
            let html = try Self.render(test, CaseFormPage.template, path: "/cases/12/edit", lang: lang, as: Self.documenter, editing.values)
            #expect(html.contains("action=\"/cases/12\""))
            #expect(!html.contains("name=\"narrative\""))
            #expect(html.contains(test.app.catalogs.text("narrative_kept", lang)))
            #expect(html.contains(lang == "en" ? "Old Town" : lang == "ru" ? "Старый город" : "Старе місто"))
            #expect(html.contains(lang == "en" ? "Retired term" : lang == "ru" ? "Старое" : "Старе"))
        }
    }

    @Test func theApplicationDraftComesBackWithEveryLineQuestionAndMessage() throws {
        let test = try TestApp()
        let call = Call(
            id: 4, title: "Small grants 2027", description: "", currency: .euro, totalBudget: 1_000_000, maxGrant: 300_000, opensOn: "2027-01-10",
            closesOn: "2027-02-10", eligibility: "", status: .open, createdAt: Self.when, titleRu: "Малые гранты 2027", titleUk: "Малі гранти 2027")
        var input = ApplicationInput()
        input.title = "Safe <spaces>"
        input.lines = [
            BudgetLineInput(category: "staff", description: "Peer worker", amount: "1200,50"),
            BudgetLineInput(category: "", description: "", amount: "abc"),
        ]
        var errors = FormErrors()
        errors.add("summary", "validation_required")
        errors.add("line_1_amount", "validation_amount")
        errors.add("q_7", "validation_required")
        let question = CallQuestion(id: 7, callId: 4, position: 1, kind: .shortText, label: "Who do you reach?", required: true)
        let indicator = CallIndicator(id: 3, callId: 4, position: 1, name: "Women reached", source: .none)
        let page = ApplicationFormPage(
            call: call, applicationId: 12, input: input, errors: errors, message: "The call no longer accepts submissions.",
            questions: [question], answers: [7: ["Street <outreach>"]], indicators: [indicator], targets: [3: "40"],
            attachments: [Attachment(id: 5, applicationId: 12, filename: "budget <v2>.pdf", contentType: "application/pdf", size: 10, uploadedBy: 1, uploadedAt: Self.when)],
            revises: (id: 9, reason: "Budget <too> high"))
        for lang in Language.supported {
            let html = try Self.render(test, ApplicationFormPage.template, path: "/applications/12/edit", lang: lang, as: Self.member, page.values)
            #expect(html.contains("action=\"/applications/12\""))
            #expect(html.contains(["en": "Small grants 2027", "ru": "Малые гранты 2027", "uk": "Малі гранти 2027"][lang] ?? "-"), "\(lang)")
            #expect(html.contains("value=\"Safe &lt;spaces&gt;\""))
            #expect(html.contains("value=\"Peer worker\"") && html.contains("value=\"1200,50\"") && html.contains("value=\"abc\""))
            #expect(html.contains("<option value=\"staff\" selected>"))
            // The message per field: the summary, the second line's amount, the call's question.
            #expect(html.contains("id=\"line-amount-1-error\""))
            // Each twice: beside its field and in the summary at the top.
            #expect(html.components(separatedBy: test.app.catalogs.text("validation_required", lang)).count == 5, "\(lang)")
            #expect(html.contains("href=\"#field-summary\"") && html.contains("href=\"#q-7\""), "\(lang)")
            #expect(html.contains(test.app.catalogs.text("validation_amount", lang)))
            #expect(html.contains("The call no longer accepts submissions."))
            #expect(html.contains("Street &lt;outreach&gt;") && html.contains("value=\"40\""))
            #expect(html.contains("budget &lt;v2&gt;.pdf") && html.contains("Budget &lt;too&gt; high"))
            #expect(html.contains("href=\"/applications/9\""))
            // Only the line that parses counts toward the total.
            #expect(html.contains(lang == "en" ? "EUR 1,200.50" : "1\u{00A0}200,50\u{00A0}EUR"), "\(lang)")
        }
    }

    @Test func theCallFormComesBackWithWhatWasTypedAndEachCriterion() throws {
        let test = try TestApp()
        var errors = FormErrors()
        errors.add("closes_on", "validation_date")
        errors.add("criterion_1_weight", "validation_weight")
        let page = CallFormPage(
            id: 4, values: ["title": "Small <grants>", "currency": "UAH", "closes_on": "2027-02-30", "tranche_split": "70,30"], errors: errors,
            criteria: [CriterionRow(name: "Relevance", weight: "60"), CriterionRow(name: "Budget", weight: "many", nameRu: "Бюджет", nameUk: "Бюджет")])
        for lang in Language.supported {
            let html = try Self.render(test, CallFormPage.template, path: "/calls/4/edit", lang: lang, as: Self.member, page.values)
            #expect(html.contains("action=\"/calls/4\""))
            #expect(html.contains("value=\"Small &lt;grants&gt;\"") && html.contains("value=\"2027-02-30\"") && html.contains("value=\"many\""))
            #expect(html.contains("<option value=\"UAH\" selected>"))
            #expect(html.contains(test.app.catalogs.text("validation_date", lang)) && html.contains(test.app.catalogs.text("validation_weight", lang)))
            #expect(html.contains(test.app.catalogs.text("field_agreement_uk", lang)))
        }
        let new = CallFormPage(id: nil, values: [:], errors: FormErrors(), criteria: [CriterionRow()])
        #expect(try Self.render(test, CallFormPage.template, path: "/calls/new", lang: "ru", as: Self.member, new.values).contains("action=\"/calls\""))
    }

    @Test func theOfficerFormShowsLikelyDuplicatesBeforeANewRecord() throws {
        let test = try TestApp()
        let likely = Officer(id: 3, name: "Ivanova O.", rank: "Captain", unit: "District 4", city: "Kharkiv", country: "UA", consentPublic: false, createdAt: Self.when)
        var errors = FormErrors()
        errors.add("rank", "validation_required")
        let typed = ["officer_name": "Іванова <О.>", "city": "Kharkiv", "country": "UA", "consent_public": "no"]
        for lang in Language.supported {
            let refused = try Self.render(
                test, OfficerFormPage.template, path: "/officers/new", lang: lang, as: Self.member,
                OfficerFormPage(id: nil, values: typed, errors: errors, duplicates: []).values)
            #expect(refused.contains("action=\"/officers\"") && refused.contains("value=\"Іванова &lt;О.&gt;\""))
            #expect(refused.contains(test.app.catalogs.text("validation_required", lang)))
            #expect(!refused.contains("href=\"/officers/3\""))
            let duplicates = try Self.render(
                test, OfficerFormPage.template, path: "/officers/new", lang: lang, as: Self.member,
                OfficerFormPage(id: nil, values: typed, errors: FormErrors(), duplicates: [likely]).values)
            #expect(duplicates.contains("href=\"/officers/3\"") && duplicates.contains("Ivanova O."))
            #expect(duplicates.contains("name=\"confirm_new\""))
        }
    }

    @Test func theOccasionFormStartsFromEachLanguagesWording() throws {
        let test = try TestApp()
        var values = ["open": "yes", "date": "2027-02-30"]
        for lang in Language.supported { values["wording_\(lang)"] = test.app.catalogs.text("occasion_default_wording", lang) }
        var errors = FormErrors()
        errors.add("date", "validation_date")
        let page = OccasionFormPage(id: 2, values: values, errors: errors)
        for lang in Language.supported {
            let html = try Self.render(test, OccasionFormPage.template, path: "/occasions/2/edit", lang: lang, as: Self.member, page.values)
            #expect(html.contains("action=\"/occasions/2\""))
            #expect(html.contains("З вдячністю за захист") && html.contains("С благодарностью за защиту") && html.contains("With gratitude for protecting"))
            #expect(html.contains("value=\"2027-02-30\"") && html.contains(test.app.catalogs.text("validation_date", lang)))
        }
    }
}
