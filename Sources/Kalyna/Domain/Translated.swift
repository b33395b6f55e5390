/// Content written once and translated where staff chose to: the reader's
/// language when it has a text, else the text as first written.
public enum Translated {
    public static func pick(_ base: String, ru: String, uk: String, lang: String) -> String {
        let translated = lang == "ru" ? ru : lang == "uk" ? uk : ""
        return translated.trimmed.isEmpty ? base : translated
    }
}
