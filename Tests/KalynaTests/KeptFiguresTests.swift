import Foundation
import GRDB
import Testing

@testable import Kalyna

/// A queue whose writes the tracker watches, as the pool's writer is watched in the app.
private func trackedQueue(_ tracker: ChangeTracker) throws -> DatabaseQueue {
    let queue = try DatabaseQueue()
    queue.add(transactionObserver: tracker, extent: .observerLifetime)
    try queue.write { try $0.execute(sql: "CREATE TABLE a (x); CREATE TABLE b (x); CREATE TABLE session (x)") }
    return queue
}

@Suite struct ChangeTrackerTests {
    @Test func remembersWhichTablesEachCommitChanged() throws {
        let tracker = ChangeTracker()
        let queue = try trackedQueue(tracker)
        let start = tracker.dataGeneration
        try queue.write { try $0.execute(sql: "INSERT INTO a VALUES (1)") }
        #expect(tracker.dataGeneration == start + 1)
        #expect(tracker.changed(["a"], since: start))
        #expect(!tracker.changed(["b"], since: start))
        #expect(!tracker.changed(["a"], since: start + 1))
        // A rolled-back write changes nothing.
        try? queue.write { db in
            try db.execute(sql: "INSERT INTO b VALUES (1)")
            throw DatabaseError(message: "refused")
        }
        #expect(!tracker.changed(["b"], since: start))
        #expect(tracker.dataGeneration == start + 1)
    }

    @Test func sessionsMoveOnlyTheAuthenticationCounter() throws {
        let tracker = ChangeTracker()
        let queue = try trackedQueue(tracker)
        let (data, auth) = (tracker.dataGeneration, tracker.authGeneration)
        try queue.write { try $0.execute(sql: "INSERT INTO session VALUES (1)") }
        #expect(tracker.dataGeneration == data)
        #expect(tracker.authGeneration == auth + 1)
    }
}

@Suite struct KeptValuesTests {
    @Test func computesAgainOnlyWhenItsTablesChanged() throws {
        let tracker = ChangeTracker()
        let queue = try trackedQueue(tracker)
        let kept = KeptValues<Int>()
        let now = Date()
        var computations = 0
        func value(_ result: Int, at time: Date = now) -> Int {
            kept.value("k", tables: ["a"], generation: tracker.dataGeneration, tracker: tracker, now: time) {
                computations += 1
                return result
            }
        }
        #expect(value(10) == 10)
        #expect(value(11) == 10)
        // A write elsewhere: kept.
        try queue.write { try $0.execute(sql: "INSERT INTO b VALUES (1)") }
        #expect(value(12) == 10)
        #expect(computations == 1)
        // A write to its table: computed again.
        try queue.write { try $0.execute(sql: "INSERT INTO a VALUES (1)") }
        #expect(value(13) == 13)
        #expect(computations == 2)
        // Never kept longer than the freshness bound (another process may have written).
        #expect(value(14, at: now.addingTimeInterval(Freshness.lifetime + 1)) == 14)
        // Nor across a clock moved backwards.
        #expect(value(15, at: now.addingTimeInterval(-60)) == 15)
    }

    @Test func anOlderReadNeverReplacesANewerOne() throws {
        let tracker = ChangeTracker()
        let queue = try trackedQueue(tracker)
        let kept = KeptValues<Int>()
        let now = Date()
        let before = tracker.dataGeneration
        try queue.write { try $0.execute(sql: "INSERT INTO a VALUES (1)") }
        let after = tracker.dataGeneration
        #expect(kept.value("k", tables: ["a"], generation: after, tracker: tracker, now: now) { 2 } == 2)
        // A request that began before the write and computed from its older data…
        _ = kept.value("k", tables: ["a"], generation: before, tracker: tracker, now: now) { 1 }
        // …leaves the newer value in place.
        #expect(kept.value("k", tables: ["a"], generation: after, tracker: tracker, now: now) { 3 } == 2)
    }
}

@Suite struct CountMemoTests {
    @Test func countsAreKeptWhileTheirTablesAreUnchanged() throws {
        let tracker = ChangeTracker()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("memo-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let queue = try DatabaseQueue(path: path)
        queue.add(transactionObserver: tracker, extent: .observerLifetime)
        try queue.write { try $0.execute(sql: "CREATE TABLE a (x); CREATE TABLE b (x); INSERT INTO a VALUES (1), (2)") }
        // Writes the tracker does not see, as by another process: they show only
        // when a count is taken again, so they tell whether it was.
        let unseen = try DatabaseQueue(path: path)
        let memo = CountMemo(tracker: tracker)
        let now = Date()
        func count() throws -> Int {
            let generation = tracker.dataGeneration
            return try queue.read { try memo.count($0, sql: "SELECT COUNT(*) FROM a", arguments: [], tables: ["a"], generation: generation, now: now) }
        }
        #expect(try count() == 2)
        try unseen.write { try $0.execute(sql: "INSERT INTO a VALUES (3)") }
        try queue.write { try $0.execute(sql: "INSERT INTO b VALUES (1)") }
        // Another table changed: the kept count answers, without counting.
        #expect(try count() == 2)
        try queue.write { try $0.execute(sql: "INSERT INTO a VALUES (4)") }
        #expect(try count() == 4)
    }
}

@Suite struct TalliesTests {
    /// Whatever is written to cases, acts and referrals, in whatever order, the
    /// tallies the picture reads equal the counts of the cases themselves.
    @Test func talliesAlwaysEqualTheCases() throws {
        let test = try TestApp()
        let a = try test.initiative("Light")
        var random = SeededRandom(seed: 7)
        var cases: [Int64] = []
        for step in 0..<120 {
            switch random.next() % 6 {
            case 0, 1, 2:
                let city = ["Odesa", "Kyiv", "Nowhere"][Int(random.next() % 3)]
                let month = ["2026-10", "2026-11", "2026"][Int(random.next() % 3)]
                let acts = [Int64(1 + random.next() % 4), Int64(1 + random.next() % 4)]
                cases.append(try test.caseRecord(initiative: a, country: ["UA", "MD"][Int(random.next() % 2)], city: city, month: month, acts: acts).0)
            case 3 where !cases.isEmpty:
                let id = cases[Int(random.next() % UInt64(cases.count))]
                try test.app.database.pool.write { db in
                    try db.execute(sql: "UPDATE \"case\" SET country = 'MD', place_id = NULL, incident_date = '2025', incident_precision = 'year' WHERE id = ?", arguments: [id])
                    try CaseStore.setActs(db, case: id, [Int64(1 + step % 4)])
                    try db.execute(sql: "UPDATE referral SET status = 'provided', service = 'hiv' WHERE case_id = ?", arguments: [id])
                }
            case 4 where !cases.isEmpty:
                let id = cases.remove(at: Int(random.next() % UInt64(cases.count)))
                try test.app.database.pool.write { try $0.execute(sql: "DELETE FROM \"case\" WHERE id = ?", arguments: [id]) }
            default:
                continue
            }
            let (kept, counted) = try test.app.database.pool.read { (try PictureStore.tallies($0), try PictureStore.countedTallies($0)) }
            #expect(kept == counted, "after step \(step)")
        }
    }
}

@Suite struct UnreadCountTests {
    /// Notices of every kind written, read one by one or all at once, moved to
    /// another person or deleted: the count every page's header shows equals the
    /// inbox's own count of unread notices, for each person.
    @Test func theKeptCountEqualsTheInbox() throws {
        let test = try TestApp()
        let people = [try test.user("a@x.org", .programmeOfficer), try test.user("b@x.org", .financeOfficer)]
        var random = SeededRandom(seed: 11)
        var notices: [Int64] = []
        for step in 0..<150 {
            let person = people[Int(random.next() % 2)]
            try test.app.database.pool.write { db in
                switch random.next() % 6 {
                case 0, 1, 2:
                    // Every kind, those the inbox never shows (one-time links) among them.
                    let kind = NoticeKind.allCases[Int(random.next() % UInt64(NoticeKind.allCases.count))]
                    var notice = Notice(
                        id: nil, userId: person, email: "x@x.org", language: "en", kind: kind.rawValue, params: "{}", link: "",
                        sealedLink: nil, key: "test-\(step)", createdAt: Date(), readAt: nil, mail: .none, attempts: 0,
                        nextAttemptAt: nil, sentAt: nil, lastError: nil)
                    try notice.insert(db)
                    notices.append(try #require(notice.id))
                case 3 where !notices.isEmpty:
                    _ = try NoticeStore.markRead(db, id: notices[Int(random.next() % UInt64(notices.count))], user: person, now: Date())
                case 4 where !notices.isEmpty:
                    let id = notices[Int(random.next() % UInt64(notices.count))]
                    try db.execute(sql: "UPDATE notice SET user_id = ? WHERE id = ?", arguments: [people[Int(random.next() % 2)], id])
                case 5 where !notices.isEmpty:
                    if random.next() % 4 == 0 {
                        try NoticeStore.markAllRead(db, user: person, now: Date())
                    } else {
                        let id = notices.remove(at: Int(random.next() % UInt64(notices.count)))
                        try db.execute(sql: "DELETE FROM notice WHERE id = ?", arguments: [id])
                    }
                default:
                    break
                }
            }
            for person in people {
                let (kept, counted) = try test.app.database.pool.read { (try NoticeStore.unreadCount($0, user: person), try NoticeStore.recountUnread($0, user: person)) }
                #expect(kept == counted, "after step \(step)")
            }
        }
        // The test saw unread notices on both sides, not only zeros.
        #expect(try test.app.database.pool.read { try NoticeStore.unreadCount($0, user: people[0]) } > 0)
    }
}
