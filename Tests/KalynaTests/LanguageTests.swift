import Testing

@testable import Kalyna

@Suite struct LanguageTests {
    @Test(arguments: [
        (nil, nil, "en"),
        ("uk", "ru", "uk"),
        ("fr", "ru", "ru"),
        (nil, "ru-RU,ru;q=0.9,en-US;q=0.8", "ru"),
        (nil, "en;q=0.3, uk;q=0.7", "uk"),
        (nil, "de, fr;q=0.9", "en"),
        (nil, "uk;q=0, ru;q=0.1", "ru"),
        (nil, "UK", "uk"),
        (nil, ",,;;q=", "en"),
    ] as [(String?, String?, String)])
    func negotiation(choice: String?, acceptLanguage: String?, expected: String) {
        #expect(Language.negotiate(choice: choice, acceptLanguage: acceptLanguage, fallback: "en") == expected)
    }

    @Test func fallbackIsTheConfiguredDefault() {
        #expect(Language.negotiate(choice: nil, acceptLanguage: "de", fallback: "ru") == "ru")
    }
}
