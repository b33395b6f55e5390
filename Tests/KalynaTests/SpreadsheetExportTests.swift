import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// The .xlsx exports opened by a real spreadsheet program, LibreOffice
/// headless, as the network's donors and accountants open them: amounts are
/// numbers that add up, dates are dates, headers are in the page's language.
/// One LibreOffice at a time: two first launches at once crashed it once on a fresh machine.
@Suite(.serialized) struct SpreadsheetExportTests {
    /// The cells of the first sheet as LibreOffice reads `xlsx`: converted to
    /// flat ODS, each cell's type and value as it holds them.
    static func cells(_ xlsx: [UInt8]) throws -> [[(type: String, value: String)]] {
        let directory = try temporaryDirectory()
        let file = directory + "/export.xlsx"
        try Data(xlsx).write(to: URL(fileURLWithPath: file))
        let output = try Tool.run("soffice", [
            "-env:UserInstallation=file://\(directory)/profile", "--headless", "--convert-to", "fods", "--outdir", directory, file,
        ])
        let converted = directory + "/export.fods"
        guard let data = FileManager.default.contents(atPath: converted) else { throw TestClientError.badResponse("LibreOffice: \(output)") }
        let xml = String(decoding: data, as: UTF8.self)
        var rows: [[(type: String, value: String)]] = []
        for row in xml.matches(of: /<table:table-row[^>]*>([\s\S]*?)<\/table:table-row>/) {
            var cells: [(type: String, value: String)] = []
            for cell in row.1.matches(of: /<table:table-cell([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/) {
                let attributes = String(cell.1)
                let type = attributes.firstMatch(of: /office:value-type="([a-z]+)"/).map { String($0.1) } ?? ""
                let value = attributes.firstMatch(of: /office:(?:date-)?value="([^"]+)"/).map { String($0.1) }
                    ?? (cell.2.map { String($0) }?.replacing(/<[^>]+>/, with: "").trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
                        .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
                let repeated = attributes.firstMatch(of: /table:number-columns-repeated="(\d+)"/).flatMap { Int($0.1) } ?? 1
                for _ in 0..<min(repeated, 50) { cells.append((type, value)) }
            }
            rows.append(cells)
        }
        return rows
    }

    @Test func grantAmountsAreNumbersThatAddUpAndDatesAreDates() throws {
        let test = try TestApp()
        let call = try test.call()
        _ = try test.grant(call: call, initiative: try test.initiative("Сад надії"), amount: 200_050)
        _ = try test.grant(call: call, initiative: try test.initiative("Kyiv Women", city: "Kyiv"), amount: 150_000)
        try test.user("fo@x.org", .financeOfficer)
        let finance = try test.signedIn("fo@x.org")
        _ = try finance.get("/language/ru?next=/grants")
        let list = try finance.get("/grants").text
        #expect(list.contains("href=\"/grants.xlsx\""))
        let export = try finance.get("/grants.xlsx")
        #expect(export.status == 200)
        #expect(export.header("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        let rows = try Self.cells(export.body).filter { !$0.allSatisfy { $0.value.isEmpty } }
        let header = try #require(rows.first).map(\.value)
        #expect(header.starts(with: ["Грант", "Название", "Инициатива", "Страна"]))
        let awarded = try #require(header.firstIndex(of: "Присуждено"))
        let awardDate = try #require(header.firstIndex(of: "Дата решения"))
        let grants = rows.dropFirst()
        #expect(grants.count == 2)
        #expect(grants.allSatisfy { $0[awarded].type == "float" })
        #expect(grants.allSatisfy { $0[awardDate].type == "date" })
        // They sum to what was awarded: 2,000.50 and 1,500.00.
        let total = grants.compactMap { Double($0[awarded].value) }.reduce(0, +)
        #expect(abs(total - 3500.50) < 0.001)
        #expect(grants.contains { $0[2].value == "Сад надії" })
    }

    @Test func figuresOpenAsNumbersWithTheHiddenOnesMarked() throws {
        let test = try TestApp()
        let ua = try test.initiative("Ours")
        let md = try test.initiative("Theirs", country: "MD", city: "Chișinău")
        for _ in 0..<7 { try test.caseRecord(initiative: ua, country: "UA", city: "Odesa", month: "2026-10") }
        for _ in 0..<2 { try test.caseRecord(initiative: md, country: "MD", city: "Chișinău", month: "2026-10") }
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")

        // Staff's picture: every count a number, the countries adding up to the total row.
        // The workbook link keeps the picture's period, as the CSV link does (24 months unless chosen).
        #expect(try officer.get("/picture").text.contains("href=\"/picture.xlsx?months=24&amp;table=country\""))
        #expect(try officer.get("/picture?months=all").text.contains("href=\"/picture.xlsx?months=all&amp;table=country\""))
        let picture = try Self.cells(try officer.get("/picture.xlsx?months=24&table=country").body).filter { !$0.allSatisfy { $0.value.isEmpty } }
        let body = picture.dropFirst()
        let countries = body.dropLast()
        #expect(countries.allSatisfy { $0[1].type == "float" })
        #expect(countries.compactMap { Double($0[1].value) }.reduce(0, +) == Double(try #require(body.last)[1].value))
        #expect(Double(try #require(body.last)[1].value) == 9)

        // The published figures: the count shown is a number, the one under the threshold stays "<5" as text.
        let release = try PublicFiguresTests.publish(officer, cutoff: CalendarDate(Date()).iso)
        let visitor = Browser(test)
        #expect(try visitor.get("/statistics?release=\(release)").text.contains("/statistics.xlsx?release=\(release)&amp;table=country"))
        let published = try visitor.get("/statistics.xlsx?release=\(release)&table=country")
        #expect(published.status == 200)
        let rows = try Self.cells(published.body)
        let ukraine = try #require(rows.first { $0.first?.value == "Ukraine" })
        #expect(ukraine[1].type == "float" && ukraine[1].value == "7")
        let moldova = try #require(rows.first { $0.first?.value == "Moldova" })
        #expect(moldova[1].type == "string" && moldova[1].value == "<5")
        // What the figures are travels with them: the cut-off date and the marks' meaning.
        #expect(rows.contains { $0.first?.value.contains(CalendarDate(Date()).iso) == true })
    }

    @Test func aCallsApplicationsExportCarriesTheAnswersAndTargets() throws {
        let test = try TestApp()
        let ours = try test.initiative("Сад надії")
        try test.user("po@x.org", .programmeOfficer)
        let call = try test.call()
        let (question, indicator) = try test.app.database.pool.write { db -> (Int64, Int64) in
            try QuestionStore.add(db, CallQuestion(callId: call, position: 0, kind: .number, label: "Women you reach", required: true), by: nil, now: Date())
            try IndicatorStore.add(db, CallIndicator(callId: call, position: 0, name: "Cases documented", source: .cases), by: nil, now: Date())
            let question = try Int64.fetchOne(db, sql: "SELECT id FROM call_question") ?? 0
            let indicator = try Int64.fetchOne(db, sql: "SELECT id FROM call_indicator") ?? 0
            return (question, indicator)
        }
        let submitted = try test.application(call: call, initiative: ours, status: .submitted)
        try test.app.database.pool.write { db in
            try db.execute(sql: "UPDATE application SET question_version = 1 WHERE id = ?", arguments: [submitted])
            try QuestionStore.saveAnswers(db, application: submitted, call: call, [question: ["120"]])
            try IndicatorStore.saveTargets(db, application: submitted, call: call, [indicator: "40"])
        }
        let officer = try test.signedIn("po@x.org")
        #expect(try officer.get("/calls/\(call)").text.contains("/calls/\(call)/applications.xlsx"))
        let csv = try officer.get("/calls/\(call)/applications.csv").text
        #expect(csv.contains("Women you reach") && csv.contains("Target: Cases documented") && csv.contains(",120,40"))
        let rows = try Self.cells(try officer.get("/calls/\(call)/applications.xlsx").body).filter { !$0.allSatisfy { $0.value.isEmpty } }
        let header = try #require(rows.first).map(\.value)
        let answer = try #require(header.firstIndex(of: "Women you reach"))
        let target = try #require(header.firstIndex(of: "Target: Cases documented"))
        let line = try #require(rows.dropFirst().first)
        #expect(line[answer].type == "float" && line[answer].value == "120")
        #expect(line[target].type == "float" && line[target].value == "40")
        #expect(line.contains { $0.value == "Сад надії" })
    }

    @Test func casesExportInThePageLanguageAndImportBack() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.caseRecord(initiative: ours)
        try test.user("po@x.org", .programmeOfficer)
        let staff = try test.signedIn("po@x.org")
        _ = try staff.get("/language/uk?next=/cases")
        let rows = try Self.cells(try staff.get("/cases.xlsx").body).filter { !$0.allSatisfy { $0.value.isEmpty } }
        let header = try #require(rows.first).map(\.value)
        #expect(header.starts(with: ["Дата реєстрації", "Дата випадку"]))
        let first = try #require(rows.dropFirst().first)
        #expect(first[0].type == "date")
        #expect(first[1].type == "string" && first[1].value == "2026-10")
        #expect(first.contains { $0.value == "Вулиця" })
    }

    /// A workbook LibreOffice made from a Russian CSV (its dates read as date
    /// cells under the Russian locale, "1" as a number) imports as typed.
    @Test func aWorkbookSavedByLibreOfficeIsImported() throws {
        let test = try TestApp()
        try test.user("coord@x.org", .coordinator, initiative: try test.initiative("A"))
        let coordinator = try test.signedIn("coord@x.org")
        let header = CaseImport.columns.map { test.app.catalogs.text("import_column_\($0)", "ru") }.joined(separator: ";")
        let row = "01.11.2026;15.10.2026;;Украина;Харків;\(test.app.catalogs.text("place_street", "ru"));\(test.app.catalogs.text("age_25_34", "ru"));physical;"
            + "\(test.app.catalogs.text("unit_patrol", "ru"));1;;нет;;;;да"
        let directory = try temporaryDirectory()
        try Data(([header] + Array(repeating: row, count: 3)).joined(separator: "\r\n").utf8).write(to: URL(fileURLWithPath: directory + "/cases.csv"))
        let output = try Tool.run("soffice", [
            "-env:UserInstallation=file://\(directory)/profile", "--headless", "--infilter=CSV:59,34,76,1,,1049", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
            "--outdir", directory, directory + "/cases.csv",
        ])
        guard let workbook = FileManager.default.contents(atPath: directory + "/cases.xlsx") else { throw TestClientError.badResponse("LibreOffice: \(output)") }
        // LibreOffice stored the dates as dates: the import reads them from the cells' format.
        #expect(try Self.cells(Array(workbook))[1][0].type == "date")
        let preview = try coordinator.upload("/cases/import", field: "file", filename: "cases.xlsx", contentType: "application/octet-stream",
                                             bytes: Array(workbook), from: "/cases/import")
        #expect(preview.status == 200, "\(preview.text.firstMatch(of: /<td data-label="Problems">(.*?)<\/td>/)?.1 ?? "")")
        let content = try #require(Browser.hiddenValue("content", in: preview.text))
        #expect(try coordinator.post("/cases/import/commit", [("content", content)], from: "/cases/import").status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM \"case\" WHERE incident_date = '2026-10-15' AND registered_on = '2026-11-01' AND consent_statistics = 1") == 3)
    }
}
