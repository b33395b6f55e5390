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
}
