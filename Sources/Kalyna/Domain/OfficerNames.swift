/// Telling whether two officers' names are likely the same person's: the same
/// letters once case, punctuation and word order are set aside, or at most two
/// letters apart (a typo, a missing patronymic letter).
public enum OfficerNames {
    public static func normalized(_ name: String) -> String {
        name.lowercased()
            .replacingAll(of: "ё", with: "е")
            .split(whereSeparator: { !$0.isLetter })
            .sorted()
            .joined(separator: " ")
    }

    public static func similar(_ a: String, _ b: String) -> Bool {
        let x = normalized(a), y = normalized(b)
        if x.isEmpty || y.isEmpty { return false }
        if x == y { return true }
        // One name inside the other: "Ivanova" and "Olena Ivanova".
        let wordsX = Set(x.split(separator: " ")), wordsY = Set(y.split(separator: " "))
        if wordsX.isSubset(of: wordsY) || wordsY.isSubset(of: wordsX) { return true }
        return distance(Array(x), Array(y)) <= 2
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
