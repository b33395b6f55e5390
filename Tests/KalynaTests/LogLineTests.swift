import Foundation
import Testing

@testable import Kalyna

/// The log's timestamps, worked out by hand without a lock, against Foundation's.
@Suite struct LogLineTests {
    static func foundation(_ seconds: Int) -> String {
        Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
    }

    @Test(arguments: [
        0, 59, 86_399, 86_400, 951_782_400 /* 2000-02-29 */, 951_868_799, 1_709_164_800 /* 2024-02-29 */, 4_107_542_400 /* 2100-03-01 */,
        1_796_000_000, 253_402_300_799 /* 9999-12-31T23:59:59 */, -1, -86_400, -2_208_988_800 /* 1900-01-01 */,
    ])
    func aTimestampReadsAsFoundationWritesIt(_ seconds: Int) {
        #expect(LineLogHandler.utc(seconds) == Self.foundation(seconds))
    }

    @Test func everyDayOfFourCenturiesReadsAsFoundationWritesIt() {
        // Noon of each day from 1970 to 2370, stepping 7 days and 13 seconds to reach every weekday and time.
        var seconds = 43_200
        while seconds < 12_622_780_800 {
            let expected = Self.foundation(seconds)
            if LineLogHandler.utc(seconds) != expected {
                Issue.record("\(seconds): \(LineLogHandler.utc(seconds)) ≠ \(expected)")
                return
            }
            seconds += 7 * 86_400 + 13
        }
    }

    @Test func anAccessLineSaysWhoAskedForWhatAndHowItWent() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("access-\(UUID().uuidString).log").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        defer {
            close(descriptor)
            unlink(path)
        }
        let log = LineAccessLog(sink: LogSink(descriptor: descriptor))
        let before = Int(time(nil))
        log.record(client: "10.0.0.7", method: "GET", path: "/grants/12", status: 200, microseconds: 85)
        log.record(client: "::1", method: "POST", path: "/cases/новий", status: 303, microseconds: 1_234_567)
        log.record(client: "127.0.0.1", method: "GET", path: "/", status: 404, microseconds: 0)
        log.sink.flush()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines.last == "")
        let expected = [
            " info access: 10.0.0.7 GET /grants/12 200 85us", " info access: ::1 POST /cases/новий 303 1234567us",
            " info access: 127.0.0.1 GET / 404 0us",
        ]
        for (line, rest) in zip(lines, expected) {
            let stamp = String(line.prefix(20))
            #expect([LineLogHandler.utc(before), LineLogHandler.utc(before + 1)].contains(stamp), "\(line)")
            #expect(line.dropFirst(20) == rest[...])
        }
    }
}
