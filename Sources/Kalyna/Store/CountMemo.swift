import Foundation
import GRDB

/// Row counts of the long lists (applications, cases, grants), kept while the
/// tables they count are unchanged: counting 100,000 cases costs more than
/// rendering their page, and the total is the same for every page of the list
/// and every user who filters alike.
public final class CountMemo: Sendable {
    private let kept = KeptValues<Int>(capacity: 1_000)
    let tracker: ChangeTracker

    init(tracker: ChangeTracker) {
        self.tracker = tracker
    }

    /// `SELECT COUNT(*) …` over `tables` as of `generation`, which the caller
    /// read before its transaction began.
    func count(_ db: Database, sql: String, arguments: StatementArguments, tables: [String], generation: UInt64, now: Date) throws -> Int {
        try kept.value(sql + "\u{0}" + arguments.description, tables: tables, generation: generation, tracker: tracker, now: now) {
            try Int.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) ?? 0
        }
    }
}

/// A request's way to what the Store keeps between requests (list totals,
/// figures): the database, the generation read when the request began, and
/// its clock.
public struct KeptReads: Sendable {
    let database: AppDatabase
    let generation: UInt64
    let now: Date

    /// `tables`: every table the query reads, joins included.
    func count(_ db: Database, sql: String, arguments: StatementArguments = [], tables: [String]) throws -> Int {
        try database.counts.count(db, sql: sql, arguments: arguments, tables: tables, generation: generation, now: now)
    }

    /// A value computed from `tables`, kept in `values` under `key` while they are unchanged.
    func kept<V>(_ values: KeptValues<V>, _ key: String, tables: [String], compute: () throws -> V) throws -> V {
        try values.value(key, tables: tables, generation: generation, tracker: database.changes, now: now, compute: compute)
    }
}
