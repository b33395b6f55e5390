import Foundation
import Testing
import TestSupport

@testable import Kalyna

/// Lists that grow with the network come in pages of 50, with links that keep
/// the list's order; their exports hold what the list shows.
@Suite struct ListPagingTests {
    @Test func theCertificateListAndTheOccasionComeInPages() throws {
        let test = try TestApp()
        let ours = try test.initiative("Ours")
        try test.user("po@x.org", .programmeOfficer)
        let occasion = try test.occasion()
        for index in 1...60 {
            let officer = try test.officer(String(format: "Officer %03d", index))
            try test.recognition(occasion: occasion, officer: officer, initiative: ours, status: .included)
        }
        let staff = try test.signedIn("po@x.org")
        let first = try staff.get("/occasions/\(occasion)/list?sort=name").text
        #expect(first.matches(of: /<tr><td>Officer \d{3}<\/td>/).count == 50)
        #expect(first.contains("Officer 001") && !first.contains("Officer 051"))
        #expect(first.contains("href=\"/occasions/\(occasion)/list?sort=name&amp;page=2\""))
        let second = try staff.get("/occasions/\(occasion)/list?sort=name&page=2").text
        #expect(second.matches(of: /<tr><td>Officer \d{3}<\/td>/).count == 10)
        #expect(second.contains("Officer 060") && !second.contains("Officer 001<"))
        // The printed certificates, the CSV and the spreadsheet still hold everyone.
        #expect(try staff.get("/occasions/\(occasion)/list.csv").text.matches(of: /Officer \d{3}/).count == 60)
        let xlsx = try staff.get("/occasions/\(occasion)/list.xlsx")
        #expect(xlsx.status == 200 && xlsx.body.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(try staff.get("/occasions/\(occasion)/certificates?lang=en").text.matches(of: /Officer \d{3}/).count >= 60)
        let occasionPage = try staff.get("/occasions/\(occasion)").text
        #expect(occasionPage.matches(of: /<article class="card">/).count == 50)
        #expect(occasionPage.contains("href=\"/occasions/\(occasion)?page=2\""))
    }

    @Test func theRankingNumbersContinueOnTheNextPage() throws {
        let test = try TestApp()
        try test.user("po@x.org", .programmeOfficer)
        let call = try test.call()
        for index in 1...55 {
            _ = try test.application(call: call, initiative: try test.initiative("Initiative \(index)"), status: .submitted, title: "Plan \(index)")
        }
        let staff = try test.signedIn("po@x.org")
        let second = try staff.get("/calls/\(call)/ranking?page=2").text
        #expect(second.matches(of: /<tr><td>\d+<\/td>/).count == 5)
        #expect(second.contains("<tr><td>51</td>") && second.contains("<tr><td>55</td>"))
    }

    @Test func grantExportsHoldWhatTheFilteredListShows() throws {
        let test = try TestApp()
        try test.user("po@x.org", .programmeOfficer)
        let call = try test.call()
        _ = try test.grant(call: call, initiative: try test.initiative("Kyiv group", city: "Kyiv"))
        _ = try test.grant(call: call, initiative: try test.initiative("Chisinau group", country: "MD", city: "Chișinău"))
        let staff = try test.signedIn("po@x.org")
        let list = try staff.get("/grants?country=MD").text
        #expect(list.contains("href=\"/grants.csv?country=MD\""))
        #expect(list.contains("href=\"/grants.json?country=MD\""))
        let csv = try staff.get("/grants.csv?country=MD").text
        #expect(csv.contains("Chisinau group") && !csv.contains("Kyiv group"))
        #expect(try staff.get("/grants.csv").text.contains("Kyiv group"))
    }
}
