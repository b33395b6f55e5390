import Foundation

/// Telling whether two officers' names are likely the same person's: the same
/// letters once script, case, punctuation and word order are set aside, or at
/// most two letters apart (a typo, a missing patronymic letter, Olha/Olga).
/// Cyrillic and Latin spellings are compared in Latin letters, through ICU's
/// transliteration ("Олена Коваленко" and "Olena Kovalenko" are one name).
public enum OfficerNames {
    public static func normalized(_ name: String) -> String {
        let lowered = name.lowercased().replacingAll(of: "ё", with: "е")
        let latin = lowered.applyingTransform(.toLatin, reverse: false) ?? lowered
        let plain = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        // Spaces and punctuation part words; marks left by transliteration (Olʹga) go.
        let letters = plain.lowercased().compactMap { char -> Character? in
            ("a"..."z").contains(char) ? char : char.isWhitespace || "-.,".contains(char) ? " " : nil
        }
        return String(letters).split(separator: " ").sorted().joined(separator: " ")
    }

    public static func similar(_ a: String, _ b: String) -> Bool {
        let x = normalized(a), y = normalized(b)
        if x.isEmpty || y.isEmpty { return false }
        if x == y { return true }
        // One name inside the other: "Ivanova" and "Olena Ivanova".
        let wordsX = Set(x.split(separator: " ")), wordsY = Set(y.split(separator: " "))
        if wordsX.isSubset(of: wordsY) || wordsY.isSubset(of: wordsX) { return true }
        if distance(Array(x), Array(y)) <= 2 { return true }
        // Word by word, each close to one of the other's, as spellings of one
        // name in two transliterations are (Harčenko Igor, Kharchenko Ihor).
        let (fewer, more) = wordsX.count <= wordsY.count ? (wordsX, wordsY) : (wordsY, wordsX)
        return fewer.allSatisfy { word in
            more.contains { other in distance(Array(word), Array(other)) <= max(1, max(word.count, other.count) / 4) }
        }
    }

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension String {
    func replacingAll(of target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
