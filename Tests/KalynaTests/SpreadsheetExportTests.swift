import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

/// The .xlsx exports opened by a real spreadsheet program, LibreOffice
/// headless, as the network's donors and accountants open them: amounts are
/// numbers that add up, dates are dates, headers are in the page's language.
@Suite struct SpreadsheetExportTests {
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
}
