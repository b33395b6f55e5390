import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The first sheet of an Excel workbook (`.xlsx`) as rows of text, for the
/// import: the zip through ZIPFoundation, its XML through Foundation's parser
/// (libxml2). Cells read as a person sees them: shared and inline strings as
/// typed, cells formatted as dates as `yyyy-mm-dd` (the workbook's 1900 or
/// 1904 calendar), whole numbers without ".0", TRUE/FALSE as 1/0. A file that is
/// not a workbook we can read is refused, never read half-way.
public enum ImportWorkbook {
    public enum Refusal: Error, Equatable {
        /// Not a zip, or a zip without a workbook's parts (an `.ods`, a `.docx`).
        case notAWorkbook
        /// A part larger than we unpack (a zip bomb, or a workbook far beyond the import's row limit).
        case tooLarge
        /// XML that does not parse.
        case damaged
    }

    /// No part of a workbook of 5,000 case rows comes near this.
    static let largestPart: UInt64 = 32 << 20

    public static func isZip(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    public static func rows(_ bytes: [UInt8]) -> Result<[[String]], Refusal> {
        let archive: Archive
        do { archive = try Archive(data: Data(bytes), accessMode: .read) } catch { return .failure(.notAWorkbook) }
        func part(_ path: String) -> Result<Data?, Refusal> {
            guard let entry = archive[path] else { return .success(nil) }
            guard entry.uncompressedSize <= largestPart else { return .failure(.tooLarge) }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    data.append(chunk)
                    if data.count > Int(largestPart) { throw Refusal.tooLarge }
                }
            } catch let refusal as Refusal {
                return .failure(refusal)
            } catch {
                return .failure(.damaged)
            }
            return .success(data)
        }
        do {
            guard let workbook = try part("xl/workbook.xml").get() else { return .failure(.notAWorkbook) }
            let book = try parse(workbook, WorkbookReader())
            let relations = try part("xl/_rels/workbook.xml.rels").get().map { try parse($0, RelationsReader()).targets } ?? [:]
            // The first sheet in the workbook's order; its part from the relations, else the usual name.
            var sheetPath = "xl/worksheets/sheet1.xml"
            if let first = book.sheetRelations.first, let target = relations[first] {
                sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
            guard let sheet = try part(sheetPath).get() else { return .failure(.notAWorkbook) }
            let strings = try part("xl/sharedStrings.xml").get().map { try parse($0, SharedStringsReader()).strings } ?? []
            let dateStyles = try part("xl/styles.xml").get().map { try parse($0, StylesReader()).dateStyles } ?? []
            let reader = SheetReader(strings: strings, dateStyles: dateStyles, date1904: book.date1904)
            return .success(try parse(sheet, reader).rows)
        } catch let refusal as Refusal {
            return .failure(refusal)
        } catch {
            return .failure(.damaged)
        }
    }

    /// Rows as CSV text (commas, quotes doubled), so the preview's text box and
    /// the commit read a workbook exactly as they read a CSV file.
    public static func csv(_ rows: [[String]]) -> String {
        rows.map { row in
            row.map { field in
                field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",")
        }.joined(separator: "\r\n") + "\r\n"
    }

    private static func parse<Reader: XMLParserDelegate>(_ data: Data, _ reader: Reader) throws -> Reader {
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        guard parser.parse() else { throw Refusal.damaged }
        return reader
    }

    /// A serial day number of the 1900 calendar (day 60 is Excel's phantom
    /// 29 February 1900) or the 1904 one, as `yyyy-mm-dd`.
    static func date(serial: Double, date1904: Bool) -> String? {
        // Before 1 March 1900 the 1900 calendar is off by its phantom leap day: not read.
        guard serial.isFinite, serial >= (date1904 ? 0 : 61), serial < 2_958_466 else { return nil }
        let day = Int(serial.rounded(.down))
        // Days from 1970-01-01: the 1900 calendar counts from 1899-12-30 (phantom day included).
        let fromEpoch = date1904 ? day - 24_107 : day - 25_569
        let (y, m, d) = civil(fromEpoch)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// Howard Hinnant's days-to-civil conversion (proleptic Gregorian).
    static func civil(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Whether a number format shows a date: the built-in date formats, or a
    /// custom one with day, month or year codes outside quotes and brackets.
    static func isDateFormat(id: Int, code: String?) -> Bool {
        if (14...22).contains(id) || (45...47).contains(id) || (27...36).contains(id) || (50...58).contains(id) { return true }
        guard let code else { return false }
        var inQuotes = false, inBrackets = false, escaped = false
        for character in code.lowercased() {
            if escaped { escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "\"": inQuotes.toggle()
            case "[" where !inQuotes: inBrackets = true
            case "]" where !inQuotes: inBrackets = false
            default: if !inQuotes && !inBrackets && "dmy".contains(character) { return true }
            }
        }
        return false
    }

    /// "AB12" → 27 (zero-based column).
    static func column(_ reference: String) -> Int? {
        var index = 0, letters = 0
        for scalar in reference.unicodeScalars {
            guard (65...90).contains(scalar.value) else { break }
            index = index * 26 + Int(scalar.value - 64)
            letters += 1
        }
        return letters == 0 || index > 16_384 ? nil : index - 1
    }
}

private final class WorkbookReader: NSObject, XMLParserDelegate {
    var sheetRelations: [String] = []
    var date1904 = false

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch local(element) {
        case "sheet":
            if let id = attributes.first(where: { $0.key == "r:id" || $0.key.hasSuffix(":id") })?.value { sheetRelations.append(id) }
        case "workbookPr":
            date1904 = ["1", "true"].contains(attributes["date1904"]?.lowercased() ?? "")
        default: break
        }
    }
}

private final class RelationsReader: NSObject, XMLParserDelegate {
    var targets: [String: String] = [:]

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if local(element) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
    }
}

/// `<si>` items: the text of their `<t>` runs, phonetic guides (`<rPh>`) left out.
private final class SharedStringsReader: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current = "", inText = false, inPhonetic = false

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch local(element) {
        case "si": current = ""
        case "rPh": inPhonetic = true
        case "t": inText = !inPhonetic
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        switch local(element) {
        case "si": strings.append(current)
        case "rPh": inPhonetic = false
        case "t": inText = false
        default: break
        }
    }
}

/// Which cell styles (`<cellXfs>` positions) show dates.
private final class StylesReader: NSObject, XMLParserDelegate {
    private var formats: [Int: String] = [:]
    private var styles: [Int] = []
    private var inCellStyles = false

    var dateStyles: Set<Int> {
        Set(styles.enumerated().filter { ImportWorkbook.isDateFormat(id: $0.element, code: formats[$0.element]) }.map(\.offset))
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch local(element) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { formats[id] = code }
        case "cellXfs": inCellStyles = true
        case "xf" where inCellStyles: styles.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        if local(element) == "cellXfs" { inCellStyles = false }
    }
}

private final class SheetReader: NSObject, XMLParserDelegate {
    let strings: [String]
    let dateStyles: Set<Int>
    let date1904: Bool
    var rows: [[String]] = []
    private var row: [Int: String] = [:]
    private var cellColumn = 0, nextColumn = 0, cellType = "n", cellStyle = 0
    private var text = "", collecting = false

    init(strings: [String], dateStyles: Set<Int>, date1904: Bool) {
        self.strings = strings
        self.dateStyles = dateStyles
        self.date1904 = date1904
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch local(element) {
        case "row":
            // Rows the file skips (empty) stay empty lines, so row numbers in messages match the sheet.
            if let number = attributes["r"].flatMap(Int.init) { while rows.count < number - 1 { rows.append([]) } }
            row = [:]
            nextColumn = 0
        case "c":
            cellColumn = attributes["r"].flatMap(ImportWorkbook.column) ?? nextColumn
            nextColumn = cellColumn + 1
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init) ?? 0
            text = ""
        case "v", "t":
            collecting = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if collecting { text += string } }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        switch local(element) {
        case "v", "t": collecting = false
        case "c":
            guard let value = value() else {
                parser.abortParsing()
                return
            }
            if !value.isEmpty { row[cellColumn] = value }
        case "row":
            let width = (row.keys.max() ?? -1) + 1
            rows.append((0..<width).map { row[$0] ?? "" })
        default: break
        }
    }

    /// The cell as the person sees it, or nil for a reference that does not exist.
    private func value() -> String? {
        switch cellType {
        case "s":
            guard let index = Int(text), strings.indices.contains(index) else { return nil }
            return strings[index]
        case "b": return text == "1" ? "1" : "0"
        case "str", "inlineStr", "e": return text
        default:
            guard !text.isEmpty else { return "" }
            guard let number = Double(text) else { return text }
            if dateStyles.contains(cellStyle) { return ImportWorkbook.date(serial: number, date1904: date1904) ?? text }
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return text
        }
    }
}

/// An element's name without its namespace prefix.
private func local(_ name: String) -> Substring {
    name.split(separator: ":").last ?? Substring(name)
}
