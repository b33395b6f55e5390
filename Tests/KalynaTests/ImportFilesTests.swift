import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

#if canImport(Glibc)
    import Glibc
#endif

/// Text as Excel in a Cyrillic locale saves CSV, through iconv as the reader uses it.
func windows1251(_ text: String) -> [UInt8] {
    let converter = iconv_open("WINDOWS-1251", "UTF-8")
    defer { iconv_close(converter) }
    var input = Array(text.utf8)
    var output = [UInt8](repeating: 0, count: input.count + 4)
    var inputLeft = input.count, outputLeft = output.count
    _ = input.withUnsafeMutableBytes { inBuffer in
        output.withUnsafeMutableBytes { outBuffer in
            var inPointer = inBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
            var outPointer = outBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
            return iconv(converter, &inPointer, &inputLeft, &outPointer, &outputLeft)
        }
    }
    return Array(output[0..<(output.count - outputLeft)])
}

/// Spreadsheet files as the network's people have them: the encodings,
/// separators, dates, languages and yes/no words they use.
@Suite struct ImportFilesTests {
    @Test func textIsReadInTheEncodingItWasSavedInOrRefused() throws {
        let cyrillic = "Страна;Населённый пункт\r\nUA;Харків\r\n"
        let read1251 = try ImportText.decode(windows1251(cyrillic)).get()
        #expect(read1251.encoding == .windows1251 && read1251.text == cyrillic)
        let bom = try ImportText.decode([0xEF, 0xBB, 0xBF] + Array(cyrillic.utf8)).get()
        #expect(bom.encoding == .utf8BOM && bom.text == cyrillic)
        #expect(try ImportText.decode(Array(cyrillic.utf8)).get().encoding == .utf8)
        let utf16 = try ImportText.decode([0xFF, 0xFE] + Array(cyrillic.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).get()
        #expect(utf16.encoding == .utf16 && utf16.text == cyrillic)
        // Latin-1 accents are neither UTF-8 nor Cyrillic text: refused, not read as garbage.
        #expect(throws: ImportText.Refusal.undecidable) { try ImportText.decode([0x43, 0x61, 0x66, 0xE9, 0x3B, 0xE0, 0xE8, 0xFC, 0xE7]).get() }
        #expect(throws: ImportText.Refusal.binary) { try ImportText.decode([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]).get() }
    }

    @Test func valuesAreReadInEveryLanguageAndNothingIsGuessed() {
        for yes in ["yes", "Да", "так", "1", "TRUE", "ИСТИНА"] { #expect(ImportValues.boolean(yes) == true, "\(yes)") }
        for no in ["no", "нет", "Ні", "0", "FALSE", "ложь"] { #expect(ImportValues.boolean(no) == false, "\(no)") }
        for other in ["", "может быть", "2", "y es"] { #expect(ImportValues.boolean(other) == nil, "\(other)") }
        #expect(ImportValues.date("31.12.2025")! == ("2025-12-31", "day"))
        #expect(ImportValues.date("5.3.2026")! == ("2026-03-05", "day"))
        #expect(ImportValues.date("03.2026")! == ("2026-03", "month"))
        #expect(ImportValues.date("2026")! == ("2026", "year"))
        #expect(ImportValues.date("2026-03")! == ("2026-03", "month"))
        #expect(ImportValues.date("2026-03-05")! == ("2026-03-05", "day"))
        for bad in ["31.02.2026", "13.2026", "2026-13", "12/31/2026", "26", "0000-00-00"] { #expect(ImportValues.date(bad) == nil, "\(bad)") }
        let options = [(key: "street", labels: ["Street", "Улица", "Вулиця"]), (key: "home", labels: ["Home", "Дом", "Дім"])]
        #expect(ImportValues.choice(" улица ", options) == "street")
        #expect(ImportValues.choice("ВУЛИЦЯ", options) == "street")
        #expect(ImportValues.choice("home", options) == "home")
        #expect(ImportValues.choice("двор", options) == nil)
    }

    /// A row of the Russian template as a coordinator would fill it in.
    static func russianRow(date: String = "15.10.2026", place: String = "Харків", consent: String = "да") -> String {
        "01.11.2026;\(date);;Украина;\(place);Улица;25–34;physical;Патрульная полиция;1;;нет;;;;\(consent)"
    }

    func setup() throws -> (TestApp, Browser) {
        let test = try TestApp()
        try test.user("coord@x.org", .coordinator, initiative: try test.initiative("A"))
        return (test, try test.signedIn("coord@x.org"))
    }

    func russianHeader(_ test: TestApp) -> String {
        CaseImport.columns.map { test.app.catalogs.text("import_column_\($0)", "ru") }.joined(separator: ";")
    }

    @Test func aWindows1251FileWithSemicolonsRussianHeadersAndDottedDatesIsImported() throws {
        let (test, coordinator) = try setup()
        let labels = (place: test.app.catalogs.text("place_street", "ru"), age: test.app.catalogs.text("age_25_34", "ru"),
                      unit: test.app.catalogs.text("unit_patrol", "ru"))
        let row = { (city: String, consent: String) in
            "01.11.2026;15.10.2026;;Украина;\(city);\(labels.place);\(labels.age);physical;\(labels.unit);1;;нет;;;;\(consent)"
        }
        let file = windows1251([russianHeader(test), row("Харків", "да"), row("Одесса", "1"), row("Київ", "TRUE")].joined(separator: "\r\n") + "\r\n")
        let preview = try coordinator.upload("/cases/import", field: "file", filename: "случаи.csv", contentType: "text/csv", bytes: file, from: "/cases/import")
        #expect(preview.status == 200, "\(preview.text.firstMatch(of: /<td data-label="Problems">(.*?)<\/td>/)?.1 ?? "")")
        #expect(preview.text.contains("The file was read as Windows-1251."))
        #expect(preview.text.contains("Kharkiv, Ukraine"))
        let unescaped = try #require(Browser.hiddenValue("content", in: preview.text))
        #expect(try coordinator.post("/cases/import/commit", [("content", unescaped)], from: "/cases/import").status == 303)
        // Three cities, three places; every consent read as given; the day the file gave.
        #expect(try test.count("SELECT COUNT(DISTINCT place_id) FROM \"case\"") == 3)
        #expect(try test.count("SELECT COUNT(*) FROM \"case\" c JOIN place p ON p.id = c.place_id WHERE p.name_en IN ('Kharkiv', 'Odesa', 'Kyiv')") == 3)
        #expect(try test.count("SELECT COUNT(*) FROM \"case\" WHERE consent_statistics = 1") == 3)
        #expect(try test.count("SELECT COUNT(*) FROM \"case\" WHERE incident_date = '2026-10-15' AND incident_precision = 'day' AND registered_on = '2026-11-01'") == 3)
    }

    @Test func fiveHundredRowsWithThreeBadOnesStoreNothingAndNameTheThree() throws {
        let (test, coordinator) = try setup()
        let labels = (place: test.app.catalogs.text("place_street", "ru"), age: test.app.catalogs.text("age_25_34", "ru"),
                      unit: test.app.catalogs.text("unit_patrol", "ru"))
        var rows = [russianHeader(test)]
        for index in 1...500 {
            let consent = index == 4 ? "может быть" : "да"
            let date = index == 17 ? "31.02.2026" : "10.2026"
            let city = index == 233 ? "Атлантида" : "Одеса"
            rows.append("01.11.2026;\(date);;UA;\(city);\(labels.place);\(labels.age);physical;\(labels.unit);1;;нет;;;;\(consent)")
        }
        let preview = try coordinator.upload(
            "/cases/import", field: "file", filename: "cases.csv", contentType: "text/csv",
            bytes: [0xEF, 0xBB, 0xBF] + Array(rows.joined(separator: "\n").utf8), from: "/cases/import")
        #expect(preview.status == 422)
        #expect(preview.text.contains("3 of 500 rows have errors."))
        for number in [5, 18, 234] { #expect(preview.text.contains("<a href=\"#row-\(number)\">\(number)</a>"), "row \(number)") }
        // Each message names the column as the file does.
        #expect(preview.text.contains("Согласие на статистику: write yes or no"))
        #expect(preview.text.contains("Дата случая: not a date we can read"))
        #expect(preview.text.contains("Населённый пункт: not on the list of places"))
        #expect(preview.text.contains("<title>Error: "))
        #expect(!preview.text.contains("/cases/import/commit"))
        #expect(try test.count("SELECT COUNT(*) FROM \"case\"") == 0)
    }

    @Test func aFileThatCannotBeReadIsRefusedWithAMessage() throws {
        let (test, coordinator) = try setup()
        // "Café Müller" saved in Latin-1.
        let latin1: [UInt8] = Array("country,place\r\nUA,Caf".utf8) + [0xE9] + Array(" M".utf8) + [0xFC] + Array("ller\r\n".utf8)
        let refused = try coordinator.upload("/cases/import", field: "file", filename: "cases.csv", contentType: "text/csv", bytes: latin1, from: "/cases/import")
        #expect(refused.status == 422)
        #expect(refused.text.contains("We could not tell how this file’s text is encoded"))
        let xlsx = try coordinator.upload(
            "/cases/import", field: "file", filename: "cases.xlsx", contentType: "application/octet-stream", bytes: [0x50, 0x4B, 0x03, 0x04, 1, 2, 3],
            from: "/cases/import")
        #expect(xlsx.status == 422)
        #expect(xlsx.text.contains("This is a spreadsheet file, not CSV."))
        // A header without some columns names them.
        let missing = try coordinator.upload(
            "/cases/import", field: "file", filename: "cases.csv", contentType: "text/csv", bytes: Array("Страна;Возраст\nUA;25–34\n".utf8), from: "/cases/import")
        #expect(missing.status == 422)
        #expect(missing.text.contains("The first row lacks these columns: Registered on, Incident date"))
        #expect(try test.count("SELECT COUNT(*) FROM \"case\"") == 0)
    }

    @Test func theTemplateHasTheColumnsInThePageLanguage() throws {
        let (test, coordinator) = try setup()
        defer { withExtendedLifetime(test) {} }
        let page = try coordinator.get("/cases/import").text
        #expect(page.contains("href=\"/cases/import/template\""))
        #expect(page.contains("Yes or no: yes/no, да/нет"))
        _ = try coordinator.get("/language/ru?next=/cases/import")
        let template = try coordinator.get("/cases/import/template")
        #expect(template.status == 200)
        #expect(template.header("Content-Disposition")?.contains("cases-import-ru.csv") == true)
        let bytes = template.body
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("Дата регистрации;Дата случая;Точность даты;Страна;"))
        #expect(text.components(separatedBy: "\r\n") .count == 2 && text.hasSuffix("\r\n"))
    }
}
