import Foundation
import Testing

@testable import Kalyna

/// Every user-visible string goes through the catalogs: they must hold the same
/// keys, and every key a template or handler uses must exist.
@Suite struct CatalogTests {
    static let templates = TestApp.repositoryRoot + "/templates"
    static let sources = TestApp.repositoryRoot + "/Sources/Kalyna"

    static func files(under root: String, ending suffix: String) -> [String] {
        let walker = FileManager.default.enumerator(atPath: root)
        return (walker?.allObjects as? [String] ?? []).filter { $0.hasSuffix(suffix) }.map { root + "/" + $0 }
    }

    @Test func catalogsHaveTheSameKeys() throws {
        let catalogs = try Catalogs.load(directory: Self.templates + "/i18n")
        // Plural forms differ by language (countedEntriesHaveEveryPluralForm): compared by the entry.
        func entries(_ keys: Dictionary<String, String>.Keys) -> Set<String> { Set(keys.map { String($0.split(separator: "#")[0]) }) }
        let english = entries(catalogs.catalog("en").keys)
        #expect(english.count > 40)
        for lang in Language.supported {
            let keys = entries(catalogs.catalog(lang).keys)
            #expect(english.subtracting(keys).isEmpty, "\(lang) lacks \(english.subtracting(keys).sorted())")
            #expect(keys.subtracting(english).isEmpty, "\(lang) has extra \(keys.subtracting(english).sorted())")
            for (key, text) in catalogs.catalog(lang) {
                #expect(!text.trimmingCharacters(in: .whitespaces).isEmpty, "\(lang).\(key) is empty")
            }
        }
    }

    @Test func everyKeyUsedInTemplatesExists() throws {
        let english = try Catalogs.load(directory: Self.templates + "/i18n").catalog("en")
        var used = Set<String>()
        for file in Self.files(under: Self.templates, ending: ".mustache") {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for match in text.matches(of: /\{\{[{&]?\s*t\.([A-Za-z0-9_]+)/) { used.insert(String(match.1)) }
        }
        #expect(used.count > 20)
        #expect(used.subtracting(english.keys).isEmpty, "missing: \(used.subtracting(english.keys).sorted())")
    }

    @Test func everyLiteralKeyUsedInCodeExists() throws {
        let english = try Catalogs.load(directory: Self.templates + "/i18n").catalog("en")
        var used = Set<String>()
        for file in Self.files(under: Self.sources, ending: ".swift") {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for match in text.matches(of: /[^A-Za-z0-9_]t\("([a-z0-9_]+)"(, count:)?/) {
                // A counted entry exists as its plural forms.
                used.insert(match.2 == nil ? String(match.1) : "\(match.1)#other")
            }
        }
        #expect(!used.isEmpty)
        #expect(used.subtracting(english.keys).isEmpty, "missing: \(used.subtracting(english.keys).sorted())")
    }

    /// Every counted entry has each plural form its language needs (CLDR),
    /// and the forms are chosen by the rules: 1, 21 one; 2–4, 22 few; 5, 11–14, 25 many.
    @Test func countedEntriesHaveEveryPluralForm() throws {
        let catalogs = try Catalogs.load(directory: Self.templates + "/i18n")
        let counted = Set(catalogs.catalog("en").keys.filter { $0.contains("#") }.map { String($0.split(separator: "#")[0]) })
        #expect(counted.contains("form_error_summary"))
        for lang in Language.supported {
            let keys = catalogs.catalog(lang)
            for base in counted {
                for category in PluralRule.categories(lang) { #expect(keys["\(base)#\(category.rawValue)"] != nil, "\(lang): \(base)#\(category.rawValue)") }
            }
        }
        let ru: [(Int, PluralRule.Category)] = [(1, .one), (21, .one), (101, .one), (2, .few), (4, .few), (22, .few), (5, .many), (11, .many), (12, .many),
                                                 (14, .many), (25, .many), (111, .many), (0, .many)]
        for (count, category) in ru {
            #expect(PluralRule.category(count, "ru") == category, "ru \(count)")
            #expect(PluralRule.category(count, "uk") == category, "uk \(count)")
        }
        #expect(PluralRule.category(1, "en") == .one && PluralRule.category(21, "en") == .other && PluralRule.category(0, "en") == .other)
        #expect(catalogs.plural("form_error_summary", count: 3, "ru", formatted: "3") == "Исправьте 3 отмеченных поля ниже.")
        #expect(catalogs.plural("form_error_summary", count: 5, "uk", formatted: "5") == "Виправте 5 позначених полів нижче.")
        #expect(catalogs.plural("form_error_summary", count: 1, "en", formatted: "1") == "Please correct the marked field below.")
    }

    /// Ukrainian writes its apostrophe as ʼ, not the typewriter one.
    @Test func ukrainianUsesItsOwnApostrophe() throws {
        let uk = try Catalogs.load(directory: Self.templates + "/i18n").catalog("uk")
        let ascii = uk.filter { $0.value.contains(where: { $0 == "'" }) }.map(\.key)
        #expect(ascii.isEmpty, "\(ascii.sorted())")
    }

    /// Keys the code builds from parts, which the literal scan above cannot see.
    @Test func keysBuiltInCodeExist() throws {
        let english = try Catalogs.load(directory: Self.templates + "/i18n").catalog("en")
        let built = [400, 403, 404, 405, 409, 413, 429, 500].flatMap { ["error_\($0)_title", "error_\($0)_text"] }
            + (1...12).map { "month_\($0)" }
            + Role.allCases.map { "role_\($0.rawValue)" }
            + InitiativeStatus.allCases.map { "initiative_status_\($0.rawValue)" }
            + LegalForm.allCases.map { "legal_form_\($0.rawValue)" }
            + Countries.codes.map { "country_\($0)" }
            + CallStatus.allCases.map { "call_status_\($0.rawValue)" }
            + ApplicationStatus.allCases.map { "application_status_\($0.rawValue)" }
            + ApplicationInput.categories.map { "budget_category_\($0)" }
            + Recognition.Status.allCases.map { "recognition_status_\($0.rawValue)" }
            + ["name", "country", "city"].map { "sort_\($0)" }
            + GrantStatus.allCases.map { "grant_status_\($0.rawValue)" }
            + ReportKind.allCases.map { "report_kind_\($0.rawValue)" }
            + ReportStatus.allCases.map { "report_status_\($0.rawValue)" }
            + ["pending", "accepted", "returned"].map { "report_outcome_\($0)" }
            + DisbursementStatus.allCases.map { "disbursement_status_\($0.rawValue)" }
            + CaseVocabulary.placeTypes.map { "place_\($0)" } + CaseVocabulary.ageBands.map { "age_\($0)" }
            + CaseVocabulary.policeUnits.map { "unit_\($0)" } + ["officers_1", "officers_2_3", "officers_4_plus", "officers_unknown"]
            + CaseVocabulary.statuses.map { "case_status_\($0)" } + CaseVocabulary.precisions.map { "precision_\($0)" }
            + CaseVocabulary.services.map { "service_\($0)" } + CaseVocabulary.referralStatuses.map { "referral_\($0)" }
            + (1...12).map { "month_name_\($0)" }
            + ["report_not_accepted", "over_award", "tranche_taken", "wrong_state", "grant_closed"].map { "grant_error_\($0)" }
            + ["draft", "published"].map { "release_status_\($0)" } + CaseTerms.vocabularies.map { "typology_\($0)" }
            + ["city", "consequences", "complaint_where", "complaint_outcome"].map { "legacy_\($0)" }
        #expect(Set(built).subtracting(english.keys).isEmpty, "\(Set(built).subtracting(english.keys).sorted())")
        // What notices and conversations say, built from their kinds.
        var notices: [String] = NoticeKind.allCases.filter(\.mayBeSwitchedOff).map { "notice_kind_\($0.rawValue)" }
        for kind in NoticeKind.allCases where kind != .messageReceived && kind != .reportDue {
            notices += ["notice_\(kind.rawValue)_subject", "notice_\(kind.rawValue)_body"]
        }
        notices += ["notice_report_due_subject#one", "notice_report_due_body"]
        for topic in ConversationTopic.allCases {
            notices += ["notice_message_received_\(topic.rawValue)_subject", "notice_message_received_\(topic.rawValue)_body", "conversation_back_\(topic.rawValue)"]
        }
        notices += ["conversation_link_staff", "conversation_link_initiative"]
        #expect(Set(notices).subtracting(english.keys).isEmpty, "\(Set(notices).subtracting(english.keys).sorted())")
    }

    @Test func placeholdersMatchAcrossLanguages() throws {
        let catalogs = try Catalogs.load(directory: Self.templates + "/i18n")
        func placeholders(_ text: String) -> Set<String> { Set(text.matches(of: /\{[a-z_]+\}/).map { String($0.0) }) }
        for (key, text) in catalogs.catalog("en") where !key.contains("#") {
            for lang in Language.supported {
                #expect(placeholders(catalogs.text(key, lang)) == placeholders(text), "\(lang).\(key)")
            }
        }
        // A plural form may leave out {count} ("the marked field"), and nothing else.
        func base(_ key: String) -> String { String(key.split(separator: "#")[0]) }
        let counted = Set(catalogs.catalog("en").keys.filter { $0.contains("#") }.map(base))
        for key in counted {
            let forms = Language.supported.flatMap { lang in catalogs.catalog(lang).filter { base($0.key) == key }.map(\.value) }
            let names = Set(forms.map { placeholders($0).subtracting(["{count}"]) })
            #expect(names.count == 1, "\(key): \(names)")
        }
    }

    @Test func textFillsPlaceholders() {
        let catalogs = Catalogs(messages: ["en": ["hello": "Hello, {name}!"], "ru": [:], "uk": [:]])
        #expect(catalogs.text("hello", "en", ["name": "Olena"]) == "Hello, Olena!")
        // A key missing in one language falls back to English, then to the key.
        #expect(catalogs.text("hello", "ru", ["name": "Olena"]) == "Hello, Olena!")
        #expect(catalogs.text("nope", "ru") == "nope")
    }

    /// One pass: a value is put in as it is, even when it holds another
    /// placeholder's name; unknown and unclosed braces stay as written.
    @Test func placeholdersAreFilledOnceFromTheTextAlone() {
        #expect(Catalogs.fill("{a} and {b}", ["a": "{b}", "b": "B"]) == "{b} and B")
        #expect(Catalogs.fill("{a}{a}, {unknown} {", ["a": "Одеса"]) == "ОдесаОдеса, {unknown} {")
        #expect(Catalogs.fill("Про {name}: «{count}»", ["name": "Олена", "count": "21"]) == "Про Олена: «21»")
        #expect(Catalogs.fill("no braces", ["a": "x"]) == "no braces")
    }
}
