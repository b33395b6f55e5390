import Foundation
import GRDB
import Testing
import TestSupport

@testable import Kalyna

@Suite struct CertificatesTests {
    /// Two initiatives thank the same officer for 8 March: one row naming both,
    /// one certificate naming both.
    @Test func oneOfficerThankedTwiceGetsOneCertificate() throws {
        let test = try TestApp()
        let odesa = try test.initiative("Сад надії", city: "Odesa")
        let kyiv = try test.initiative("Kyiv Women", city: "Kyiv")
        try test.user("po@x.org", .programmeOfficer)
        try test.user("odesa@x.org", .coordinator, initiative: odesa)
        try test.user("kyiv@x.org", .coordinator, initiative: kyiv)
        let occasion = try test.occasion("8 March 2027")

        // Odesa describes a new officer; Kyiv then types the same name and is shown the record.
        let first = try test.signedIn("odesa@x.org")
        let proposal: [(String, String)] = [
            ("officer_id", ""), ("officer_name", "Ivanenko Olha"), ("rank", "Captain"), ("unit", "Patrol police"), ("city", "Odesa"),
            ("consent_public", "yes"), ("reason", "Took women to the clinic instead of the station."),
        ]
        #expect(try first.post("/occasions/\(occasion)/recognitions", proposal, from: "/occasions/\(occasion)").status == 303)
        let second = try test.signedIn("kyiv@x.org")
        let similar = proposal.map { $0.0 == "officer_name" ? ($0.0, "Olha Ivanenko") : $0.0 == "reason" ? ($0.0, "Stopped an unlawful search.") : $0 }
        let suggestion = try second.post("/occasions/\(occasion)/recognitions", similar, from: "/occasions/\(occasion)")
        #expect(suggestion.status == 409)
        #expect(suggestion.text.contains("There may be this officer already"))
        #expect(suggestion.text.contains("Ivanenko Olha"))
        let officer = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM officer") })
        let chosen = similar.map { $0.0 == "officer_id" ? ($0.0, String(officer)) : $0 }
        #expect(try second.post("/occasions/\(occasion)/recognitions", chosen, from: "/occasions/\(occasion)").status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM officer") == 1)

        let officerPage = try test.signedIn("po@x.org")
        let recognitions = try test.app.database.pool.read { try Int64.fetchAll($0, sql: "SELECT id FROM recognition ORDER BY id") }
        for id in recognitions {
            #expect(try officerPage.post("/recognitions/\(id)/include", [], from: "/occasions/\(occasion)").status == 303)
        }
        let list = try officerPage.get("/occasions/\(occasion)/list?sort=city")
        #expect(list.text.matches(of: /<td>Ivanenko Olha<\/td>/).count == 1)
        #expect(list.text.contains("Сад надії"))
        #expect(list.text.contains("Kyiv Women"))
        let csv = try officerPage.get("/occasions/\(occasion)/list.csv")
        #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(Array(csv.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lines = csv.text.dropFirst().components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 2)
        #expect(lines[1].contains("Kyiv Women; Сад надії"))
        let certificates = try officerPage.get("/occasions/\(occasion)/certificates?lang=uk")
        #expect(certificates.text.matches(of: /class="certificate"/).count == 1)
        #expect(certificates.text.contains("Дякують: Kyiv Women, Сад надії"))
        #expect(certificates.text.contains("<html lang=\"uk\">"))
        // Both initiatives' pages show the officer they thanked.
        #expect(try first.get("/initiatives/\(odesa)").text.contains("Ivanenko Olha"))
        #expect(try second.get("/initiatives/\(kyiv)").text.contains("Ivanenko Olha"))
    }

    /// A Russian or Ukrainian certificate prints the occasion, the signatory's
    /// title and the organisation in that language, and English where none was given.
    @Test func certificatesPrintTheOccasionAndTitlesInTheirLanguage() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("po@x.org", .programmeOfficer)
        let staff = try test.signedIn("po@x.org")
        let form: [(String, String)] = [
            ("title", "8 March 2027"), ("title_ru", "8 марта 2027"), ("title_uk", "8 березня 2027"), ("date", "2027-03-08"),
            ("signatory_name", "Natalia K."), ("signatory_title", "Director of the network"), ("signatory_title_ru", "Директор сети"),
            ("signatory_title_uk", ""), ("wording_en", "With gratitude."), ("wording_ru", "С благодарностью."), ("wording_uk", "З вдячністю."),
            ("open", "yes"),
        ]
        #expect(try staff.post("/occasions", form, from: "/occasions/new").status == 303)
        let occasion = try #require(try test.app.database.pool.read { try Int64.fetchOne($0, sql: "SELECT id FROM occasion") })
        let officer = try test.officer("Ivanenko Olha", consent: true)
        try test.recognition(occasion: occasion, officer: officer, initiative: ours, status: .included)
        let ru = try staff.get("/occasions/\(occasion)/certificates?lang=ru").text
        #expect(ru.contains("8 марта 2027") && ru.contains("Директор сети") && ru.contains("Сеть «Калина»"))
        #expect(!ru.contains("8 March 2027") && !ru.contains("Director of the network") && !ru.contains("Kalyna network"))
        let uk = try staff.get("/occasions/\(occasion)/certificates?lang=uk").text
        #expect(uk.contains("8 березня 2027") && uk.contains("Мережа «Калина»"))
        // No Ukrainian title given: the one typed first.
        #expect(uk.contains("Director of the network"))
        let en = try staff.get("/occasions/\(occasion)/certificates?lang=en").text
        #expect(en.contains("8 March 2027") && en.contains("Kalyna network"))
    }

    @Test func officersWhoDidNotConsentNeverAppearInPublic() throws {
        let test = try TestApp { $0.publicThanks = true }
        let initiative = try test.initiative("Ours")
        let occasion = try test.occasion()
        let named = try test.officer("Consenting Officer", consent: true)
        let unnamed = try test.officer("Private Officer", consent: false)
        try test.recognition(occasion: occasion, officer: named, initiative: initiative, status: .included)
        try test.recognition(occasion: occasion, officer: unnamed, initiative: initiative, status: .included)
        let proposedOnly = try test.officer("Proposed Officer", consent: true)
        try test.recognition(occasion: occasion, officer: proposedOnly, initiative: initiative, status: .proposed)
        let visitor = Browser(test)
        let thanks = try visitor.get("/thanks")
        #expect(thanks.status == 200)
        #expect(thanks.text.contains("Consenting Officer"))
        #expect(!thanks.text.contains("Private Officer"))
        #expect(!thanks.text.contains("Proposed Officer"))
        for path in ["/", "/calls", "/sign-in", "/register"] {
            #expect(!(try visitor.get(path).text.contains("Private Officer")), "\(path)")
        }
        // Switched off, the page does not exist.
        let closed = try TestApp()
        #expect(try closed.client.get("/thanks").status == 404)
    }

    @Test func mergingKeepsEveryRecognition() throws {
        let test = try TestApp()
        let a = try test.initiative("A")
        let b = try test.initiative("B")
        try test.user("po@x.org", .programmeOfficer)
        let occasion = try test.occasion()
        let earlier = try test.occasion("8 March 2026")
        let kept = try test.officer("Petrenko Anna", unit: "District 3")
        let duplicate = try test.officer("Petrenko Ana", unit: "District 3")
        try test.recognition(occasion: occasion, officer: kept, initiative: a, reason: "First reason.")
        try test.recognition(occasion: occasion, officer: duplicate, initiative: a, reason: "Second reason.")
        try test.recognition(occasion: earlier, officer: duplicate, initiative: b)
        let staff = try test.signedIn("po@x.org")
        let page = try staff.get("/officers/\(duplicate)")
        #expect(page.text.contains("<option value=\"\(kept)\">Petrenko Anna"))
        #expect(try staff.post("/officers/\(duplicate)/merge", [("target", String(kept))], from: "/officers/\(duplicate)").status == 303)
        let rows = try test.app.database.pool.read { try Row.fetchAll($0, sql: "SELECT officer_id, occasion_id, reason FROM recognition ORDER BY id") }
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0["officer_id"] as Int64 == kept })
        #expect(rows.contains { ($0["reason"] as String).contains("First reason.") && ($0["reason"] as String).contains("Second reason.") })
        // The retired record sends visitors to the one kept, and is no longer listed.
        #expect(try staff.get("/officers/\(duplicate)").header("Location") == "/officers/\(kept)")
        #expect(!(try staff.get("/officers").text.contains("Petrenko Ana<")))
    }

    @Test func staffAddAnOfficerAfterSeeingLikelyDuplicates() throws {
        let test = try TestApp()
        try test.user("po@x.org", .programmeOfficer)
        try test.officer("Kovalenko Iryna", unit: "Unit 7", city: "Lviv")
        let staff = try test.signedIn("po@x.org")
        let fields: [(String, String)] = [
            ("officer_name", "Kovalenko Irina"), ("rank", "Lieutenant"), ("unit", "Unit 7"), ("city", "Lviv"), ("country", "UA"),
            ("consent_public", "no"),
        ]
        let shown = try staff.post("/officers", fields, from: "/officers/new")
        #expect(shown.status == 409)
        #expect(shown.text.contains("Kovalenko Iryna"))
        #expect(shown.text.contains("value=\"Kovalenko Irina\""))
        #expect(try staff.post("/officers", fields + [("confirm_new", "yes")], from: "/officers/new").status == 303)
        #expect(try test.count("SELECT COUNT(*) FROM officer") == 2)
    }

    @Test func similarNames() {
        #expect(OfficerNames.similar("Ivanenko Olha", "Olha Ivanenko"))
        #expect(OfficerNames.similar("Петренко Анна", "Петренко Ана"))
        #expect(OfficerNames.similar("Королёва", "Королева Мария"))
        #expect(!OfficerNames.similar("Ivanenko Olha", "Shevchenko Taras"))
        // The same officer in Cyrillic and in Latin letters.
        #expect(OfficerNames.similar("Олена Коваленко", "Olena Kovalenko"))
        #expect(OfficerNames.similar("Иваненко Ольга", "Olha Ivanenko"))
        #expect(OfficerNames.similar("Харченко Ігор", "Kharchenko Ihor"))
        #expect(!OfficerNames.similar("Олена Коваленко", "Olena Shevchenko"))
    }

    /// Staff adding an officer in Latin letters are shown the one already kept in Cyrillic.
    @Test func anOfficerInAnotherScriptIsSuggestedAsTheSamePerson() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("coord@x.org", .coordinator, initiative: ours)
        _ = try test.officer("Олена Коваленко")
        let occasion = try test.occasion()
        let coordinator = try test.signedIn("coord@x.org")
        let proposal: [(String, String)] = [
            ("officer_id", ""), ("officer_name", "Olena Kovalenko"), ("rank", "Captain"), ("unit", "Patrol police"), ("city", "Odesa"),
            ("consent_public", "yes"), ("reason", "Took a woman to the clinic."),
        ]
        let suggestion = try coordinator.post("/occasions/\(occasion)/recognitions", proposal, from: "/occasions/\(occasion)")
        #expect(suggestion.status == 409)
        #expect(suggestion.text.contains("There may be this officer already"))
        #expect(suggestion.text.contains("Олена Коваленко"))
    }

    /// Printing the certificates page gives exactly one A4 landscape sheet per
    /// certificate, checked with headless Chromium and pdfinfo.
    @Test func printingGivesOnePagePerCertificate() throws {
        let test = try TestApp()
        let initiative = try test.initiative("Ours")
        try test.user("po@x.org", .programmeOfficer)
        let occasion = try test.occasion()
        let names = ["Short Name", "A Very Long Name That Might Wrap Across Two Lines On The Certificate Sheet", "Третій Офіцер"]
        for name in names {
            try test.recognition(occasion: occasion, officer: try test.officer(name), initiative: initiative, status: .included,
                                 reason: String(repeating: "A long reason. ", count: 20))
        }
        let staff = try test.signedIn("po@x.org")
        let page = try staff.get("/occasions/\(occasion)/certificates?lang=ru")
        #expect(page.status == 200)
        // The page as served, loaded from a file with the server as its base, so
        // the stylesheet is the real one.
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let html = page.text.replacingOccurrences(of: "<head>", with: "<head><base href=\"http://127.0.0.1:\(test.server.port)/\">")
        try html.write(toFile: directory + "/certificates.html", atomically: true, encoding: .utf8)
        let pdf = directory + "/certificates.pdf"
        let chromium = try Tool.run("chromium", [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-pdf-header-footer",
            "--user-data-dir=\(directory)/profile", "--print-to-pdf=\(pdf)", "file://\(directory)/certificates.html",
        ])
        #expect(FileManager.default.fileExists(atPath: pdf), "chromium: \(chromium)")
        let info = try Tool.run("pdfinfo", [pdf])
        let pages = info.firstMatch(of: /Pages:\s+(\d+)/).flatMap { Int($0.1) }
        #expect(pages == names.count, "\(info)")
        // A4 landscape: about 842 × 595 points.
        let size = info.firstMatch(of: /Page size:\s+([\d.]+) x ([\d.]+) pts/)
        let width = size.flatMap { Double($0.1) } ?? 0, height = size.flatMap { Double($0.2) } ?? 0
        #expect(abs(width - 842) < 2 && abs(height - 595) < 2, "\(info)")
    }
}

/// An installed command-line program, run to completion.
enum Tool {
    static func run(_ name: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}
