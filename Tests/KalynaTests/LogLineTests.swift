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
}
