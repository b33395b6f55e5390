import GRDB
import Testing

@testable import Kalyna

@Suite struct CountMemoTests {
    @Test func countsAreKeptForTheirGenerationOnly() throws {
        let queue = try DatabaseQueue()
        try queue.write { try $0.execute(sql: "CREATE TABLE t (x); INSERT INTO t VALUES (1), (2)") }
        let memo = CountMemo()
        func count(_ generation: UInt64) throws -> Int {
            try queue.read { try memo.count($0, sql: "SELECT COUNT(*) FROM t", arguments: [], generation: generation) }
        }
        #expect(try count(1) == 2)
        // A write the tracker did not see: the kept count still answers for generation 1…
        try queue.write { try $0.execute(sql: "INSERT INTO t VALUES (3)") }
        #expect(try count(1) == 2)
        // …and the next generation counts afresh.
        #expect(try count(2) == 3)
        // A request that began before the write must not replace the newer count.
        try queue.write { try $0.execute(sql: "INSERT INTO t VALUES (4)") }
        #expect(try count(1) == 4)
        #expect(try count(2) == 3)
    }
}

@Suite struct DerivedCacheTests {
    @Test func computesAgainOnlyWhenItsPartOfTheDataChanged() throws {
        let cache = DerivedCache<Int>()
        var fingerprints = 0, computations = 0
        func value(_ generation: UInt64, _ print: String, _ result: Int) throws -> Int {
            try cache.value(
                "k", generation: generation,
                fingerprint: { fingerprints += 1; return print },
                compute: { computations += 1; return result })
        }
        #expect(try value(1, "a", 10) == 10)
        // Nothing written since: neither the fingerprint nor the figures are read.
        #expect(try value(1, "a", 11) == 10)
        #expect(fingerprints == 1 && computations == 1)
        // A write elsewhere: the fingerprint is read, the figures kept.
        #expect(try value(2, "a", 12) == 10)
        #expect(try value(2, "a", 12) == 10)
        #expect(fingerprints == 2 && computations == 1)
        // A write to this part: computed again.
        #expect(try value(3, "b", 13) == 13)
        #expect(fingerprints == 3 && computations == 2)
    }
}
