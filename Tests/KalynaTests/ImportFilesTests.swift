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

    /// An Excel workbook as a coordinator fills in the Russian template: dates
    /// as date cells and as text, a number cell, yes/no words; 500 rows, three bad.
    @Test func anExcelWorkbookIsReadFromItsFirstSheetAndItsBadRowsNamed() throws {
        let (test, coordinator) = try setup()
        let labels = (place: test.app.catalogs.text("place_street", "ru"), age: test.app.catalogs.text("age_25_34", "ru"),
                      unit: test.app.catalogs.text("unit_patrol", "ru"))
        let registered = try #require(CalendarDate(iso: "2026-11-01")), incidentDay = try #require(CalendarDate(iso: "2026-10-15"))
        func workbook(bad: Bool) throws -> [UInt8] {
            let rows: [[Sheet.Cell]] = (1...500).map { index in
                let consent = bad && index == 4 ? "может быть" : index % 2 == 0 ? "да" : "1"
                let incident: Sheet.Cell = bad && index == 17 ? .text("31.02.2026") : index % 3 == 0 ? .text("15.10.2026") : .date(incidentDay)
                let city = bad && index == 233 ? "Атлантида" : "Одеса"
                return [.date(registered), incident, .empty, .text("Украина"), .text(city), .text(labels.place), .text(labels.age), .text("physical"),
                        .text(labels.unit), .number(1, decimals: 0), .empty, .text("нет"), .empty, .empty, .empty, .text(consent)]
            }
            return try XLSX.document(Sheet(name: "Случаи", header: CaseImport.columns.map { test.app.catalogs.text("import_column_\($0)", "ru") }, rows: rows))
        }
        let refused = try coordinator.upload(
            "/cases/import", field: "file", filename: "случаи.xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            bytes: try workbook(bad: true), from: "/cases/import")
        #expect(refused.status == 422)
        #expect(refused.text.contains("The first sheet of the Excel workbook was read."))
        #expect(refused.text.contains("3 of 500 rows have errors."))
        for number in [5, 18, 234] { #expect(refused.text.contains("<a href=\"#row-\(number)\">\(number)</a>"), "row \(number)") }
        #expect(refused.text.contains("Согласие на статистику: write yes or no"))
        #expect(try test.count("SELECT COUNT(*) FROM \"case\"") == 0)

        let preview = try coordinator.upload(
            "/cases/import", field: "file", filename: "случаи.xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            bytes: try workbook(bad: false), from: "/cases/import")
        #expect(preview.status == 200)
        let content = try #require(Browser.hiddenValue("content", in: preview.text))
        #expect(try coordinator.post("/cases/import/commit", [("content", content)], from: "/cases/import").status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM \"case\" WHERE incident_date = '2026-10-15' AND incident_precision = 'day' AND registered_on = '2026-11-01'") == 500)
        #expect(try test.count("SELECT COUNT(*) FROM \"case\" WHERE consent_statistics = 1") == 500)
    }

    @Test func workbookCellsReadAsAPersonSeesThem() {
        #expect(ImportWorkbook.date(serial: 46_310, date1904: false) == "2026-10-15")
        #expect(ImportWorkbook.date(serial: 61, date1904: false) == "1900-03-01")
        #expect(ImportWorkbook.date(serial: 44_848, date1904: true) == "2026-10-15")
        #expect(ImportWorkbook.date(serial: 60, date1904: false) == nil)  // Excel's 29 February 1900
        #expect(ImportWorkbook.isDateFormat(id: 14, code: nil))
        #expect(ImportWorkbook.isDateFormat(id: 164, code: "dd.mm.yyyy"))
        #expect(ImportWorkbook.isDateFormat(id: 165, code: "[$-419]d mmmm yyyy"))
        #expect(!ImportWorkbook.isDateFormat(id: 166, code: "0.00\" шт\""))
        #expect(!ImportWorkbook.isDateFormat(id: 0, code: nil))
        #expect(ImportWorkbook.column("A1") == 0 && ImportWorkbook.column("AB12") == 27)
        #expect(ImportWorkbook.csv([["a,b", "c\"d"], ["", "e"]]) == "\"a,b\",\"c\"\"d\"\r\n,e\r\n")
    }

    @Test func aFileThatCannotBeReadIsRefusedWithAMessage() throws {
        let (test, coordinator) = try setup()
        // "Café Müller" saved in Latin-1.
        let latin1: [UInt8] = Array("country,place\r\nUA,Caf".utf8) + [0xE9] + Array(" M".utf8) + [0xFC] + Array("ller\r\n".utf8)
        let refused = try coordinator.upload("/cases/import", field: "file", filename: "cases.csv", contentType: "text/csv", bytes: latin1, from: "/cases/import")
        #expect(refused.status == 422)
        #expect(refused.text.contains("We could not tell how this file’s text is encoded"))
        // A broken workbook is refused, an .xls (which we cannot read) is named.
        let xlsx = try coordinator.upload(
            "/cases/import", field: "file", filename: "cases.xlsx", contentType: "application/octet-stream", bytes: [0x50, 0x4B, 0x03, 0x04, 1, 2, 3],
            from: "/cases/import")
        #expect(xlsx.status == 422)
        #expect(xlsx.text.contains("We could not read this workbook, so nothing was taken from it."))
        let xls = try coordinator.upload(
            "/cases/import", field: "file", filename: "cases.xls", contentType: "application/vnd.ms-excel",
            bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], from: "/cases/import")
        #expect(xls.status == 422)
        #expect(xls.text.contains("This is an .xls or .ods spreadsheet, which we cannot read."))
        // A workbook of a header only reads as that header, and is refused as empty of cases.
        let headerOnly = try XLSX.document(Sheet(name: "x", header: ["Страна"], rows: []))
        #expect(try ImportWorkbook.rows(headerOnly).get() == [["Страна"]])
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
