import Foundation

/// The languages Kalyna speaks, in the order the switcher shows them.
public enum Language {
    public static let supported = ["en", "ru", "uk"]
    /// Each language's name in itself, for the switcher.
    static let ownNames = ["en": "English", "ru": "Русский", "uk": "Українська"]

    /// Picks the language: the user's choice (cookie) first, then the browser's
    /// `Accept-Language` in order of preference, then the configured default.
    public static func negotiate(choice: String?, acceptLanguage: String?, fallback: String) -> String {
        if let choice, supported.contains(choice) { return choice }
        if let acceptLanguage {
            let ranked = acceptLanguage.split(separator: ",").enumerated().compactMap { index, item -> (String, Double, Int)? in
                let fields = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                guard let tag = fields.first, !tag.isEmpty else { return nil }
                let primary = tag.split(separator: "-").first.map { $0.lowercased() } ?? ""
                var quality = 1.0
                for field in fields.dropFirst() where field.hasPrefix("q=") {
                    quality = Double(field.dropFirst(2)) ?? 0
                }
                return (primary, quality, index)
            }
            let best = ranked.filter { $0.1 > 0 && supported.contains($0.0) }
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 }
            if let first = best.first { return first.0 }
        }
        return fallback
    }
}

/// The message catalogs `templates/i18n/<lang>.json`: flat maps from a key to
/// the text in that language.
public struct Catalogs: Sendable {
    public let messages: [String: [String: String]]

    public init(messages: [String: [String: String]]) {
        self.messages = messages
    }

    public static func load(directory: String) throws -> Catalogs {
        var messages: [String: [String: String]] = [:]
        for lang in Language.supported {
            let path = "\(directory)/\(lang).json"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ViewError.missingFile(path)
            }
            do {
                messages[lang] = try JSONDecoder().decode([String: String].self, from: data)
            } catch {
                throw ViewError.invalidCatalog(path, "\(error)")
            }
        }
        return Catalogs(messages: messages)
    }

    public func catalog(_ lang: String) -> [String: String] {
        messages[lang] ?? messages["en"] ?? [:]
    }

    /// The text of `key`, with `{name}` placeholders filled in. A missing key
    /// shows as the key itself, which the catalog tests keep from happening.
    public func text(_ key: String, _ lang: String, _ arguments: [String: String] = [:]) -> String {
        Self.fill(catalog(lang)[key] ?? messages["en"]?[key] ?? key, arguments)
    }

    /// `{name}` placeholders replaced in one pass over the text: what a value
    /// brings in (a name someone typed with braces in it) is never read as a
    /// placeholder itself. An unknown or unclosed `{…}` stays as written.
    static func fill(_ text: String, _ arguments: [String: String]) -> String {
        guard !arguments.isEmpty, text.utf8.contains(UInt8(ascii: "{")) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 32)
        var rest = Substring(text)
        while let open = rest.utf8.firstIndex(of: UInt8(ascii: "{")),
            let close = rest.utf8[open...].firstIndex(of: UInt8(ascii: "}"))
        {
            result += rest[..<open]
            let name = String(rest[rest.utf8.index(after: open)..<close])
            if let value = arguments[name] { result += value } else { result += rest[open...close] }
            rest = rest[rest.utf8.index(after: close)...]
        }
        result += rest
        return result
    }
}

/// CLDR's plural categories for whole numbers in Kalyna's languages: English
/// has one and other; Russian and Ukrainian one (1, 21, 101…), few (2–4,
/// 22–24…) and many (5–20, 25–30…, and 11–14). A catalog entry that depends
/// on a count has a key per category: `key#one`, `key#few`, `key#many`, `key#other`.
public enum PluralRule {
    public enum Category: String, Sendable, CaseIterable {
        case one, few, many, other
    }

    public static func category(_ count: Int, _ lang: String) -> Category {
        let n = abs(count)
        switch lang {
        case "ru", "uk":
            if n % 10 == 1 && n % 100 != 11 { return .one }
            if (2...4).contains(n % 10) && !(12...14).contains(n % 100) { return .few }
            return .many
        default:
            return n == 1 ? .one : .other
        }
    }

    /// The categories a language's catalog must give for every counted entry.
    public static func categories(_ lang: String) -> [Category] {
        lang == "ru" || lang == "uk" ? [.one, .few, .many] : [.one, .other]
    }
}

extension Catalogs {
    /// The text of `key` for `count` things (its plural form in `lang`), with
    /// `{count}` and the other placeholders filled in.
    public func plural(_ key: String, count: Int, _ lang: String, formatted: String, _ arguments: [String: String] = [:]) -> String {
        let category = PluralRule.category(count, lang)
        let chosen = catalog(lang)["\(key)#\(category.rawValue)"] != nil ? "\(key)#\(category.rawValue)" : "\(key)#other"
        return text(chosen, lang, arguments.merging(["count": formatted]) { $1 })
    }
}

public enum ViewError: Error, CustomStringConvertible {
    case missingFile(String)
    case invalidCatalog(String, String)
    case unknownTemplate(String)
    case missingValues(String, [String])

    public var description: String {
        switch self {
        case .missingFile(let path): "missing file \(path)"
        case .invalidCatalog(let path, let why): "message catalog \(path) is not a flat JSON object of strings: \(why)"
        case .unknownTemplate(let name): "no template named \(name)"
        case .missingValues(let name, let names): "template \(name) asks for what the page does not give: \(Set(names).sorted().joined(separator: ", "))"
        }
    }
}
