/// Reads CSV as RFC 4180 describes it: fields split by commas (or semicolons,
/// as spreadsheets in many locales save them, or tabs), quotes around fields that hold
/// separators, line breaks or doubled quotes. Small enough to keep here rather
/// than add a dependency for it.
enum CSVReader {
    static func rows(_ text: String) -> [[String]] {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        // Whichever of comma, semicolon (Excel in Cyrillic locales) and tab ("Unicode text") the header uses most.
        let counts: [(Character, Int)] = [",", ";", "\t"].map { mark in (mark, firstLine.filter { $0 == mark }.count) }
        let separator = counts.reduce(counts[0]) { $1.1 > $0.1 ? $1 : $0 }.0
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let char = next() {
            if quoted {
                if char == "\"" {
                    if let following = next() {
                        if following == "\"" { field.append("\"") } else { quoted = false; pending = following }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(char)
                }
            } else if char == "\"" && field.isEmpty {
                quoted = true
            } else if char == separator {
                row.append(field)
                field = ""
            } else if char == "\n" || char == "\r\n" || char == "\r" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(char)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
