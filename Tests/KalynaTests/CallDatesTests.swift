import Foundation
import Testing
import TestSupport

@testable import Kalyna

/// A call opens and closes by its dates, in the network's time zone, and says which.
@Suite struct CallDatesTests {
    /// 21:30 UTC on 5 March 2027: still the 5th in Kyiv (23:30), already the 6th in Almaty (02:30).
    static let evening = Date(timeIntervalSince1970: 1_804_282_200)

    static func app(zone: String) throws -> TestApp {
        let test = try TestApp { $0.timeZone = zone }
        test.app.clock.advance(by: evening.timeIntervalSince(Date()))
        return test
    }

    @Test func theClosingDayEndsInTheNetworksTimeZone() throws {
        #expect(CalendarDate(Self.evening).iso == "2027-03-05")
        for (zone, open) in [("Europe/Kyiv", true), ("Asia/Almaty", false)] {
            let test = try Self.app(zone: zone)
            let call = try test.call(opens: "2027-02-01", closes: "2027-03-05")
            let ours = try test.initiative("Ours")
            try test.user("coord@x.org", .coordinator, initiative: ours)
            let page = try test.signedIn("coord@x.org").get("/calls/\(call)").text
            #expect(page.contains("23:59 (\(zone) time)"), "the page names the time zone")
            #expect(page.contains(open ? ">Open<" : ">Closed<"), "\(zone)")
            let started = try test.signedIn("coord@x.org").post("/calls/\(call)/applications", [], from: "/calls/\(call)")
            #expect(started.status == (open ? 303 : 409), "\(zone): \(started.status)")
        }
    }

    @Test func aCallOutsideItsDatesCannotBeOpenedAndSaysWhy() throws {
        let test = try Self.app(zone: "Europe/Kyiv")
        try test.user("po@x.org", .programmeOfficer)
        let officer = try test.signedIn("po@x.org")
        let past = try test.call(status: .draft, opens: "2027-01-01", closes: "2027-03-04")
        let refused = try officer.post("/calls/\(past)/open", [], from: "/calls/\(past)")
        #expect(refused.status == 409)
        #expect(refused.text.contains("closing date of this call has passed"))
        let future = try test.call(status: .draft, opens: "2027-04-01", closes: "2027-05-01")
        #expect(try officer.post("/calls/\(future)/open", [], from: "/calls/\(future)").text.contains("opening date has not come yet"))
        #expect(try test.count("SELECT COUNT(*) FROM call WHERE status = 'open'") == 0)
        let now = try test.call(status: .draft, opens: "2027-03-01", closes: "2027-03-31")
        #expect(try officer.post("/calls/\(now)/open", [], from: "/calls/\(now)").status == 303)
        // An opened call whose closing day has passed shows as closed.
        let lapsed = try test.call(status: .open, opens: "2027-01-01", closes: "2027-03-04")
        #expect(try officer.get("/calls/\(lapsed)").text.contains(">Closed<"))
    }

    @Test func thePhaseIsARuleWithoutInputOrOutput() throws {
        let day = try #require(CalendarDate(iso: "2027-03-05"))
        let opens = CalendarDate(iso: "2027-03-01"), closes = CalendarDate(iso: "2027-03-05")
        #expect(CallPhase.of(status: .open, opens: opens, closes: closes, today: day) == .open)
        #expect(CallPhase.of(status: .open, opens: opens, closes: closes, today: day.adding(days: 1)) == .closed)
        #expect(CallPhase.of(status: .open, opens: opens, closes: closes, today: day.adding(days: -5)) == .upcoming)
        #expect(CallPhase.openingProblem(opens: opens, closes: closes, today: day) == nil)
        #expect(CalendarDate(Self.evening, in: try #require(TimeZone(identifier: "Asia/Almaty"))).iso == "2027-03-06")
        #expect(throws: ConfigError.self) { try Config.parse(Data(#"{"time_zone": "Mars/Olympus"}"#.utf8)) }
    }
}
