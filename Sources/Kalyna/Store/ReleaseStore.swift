import Foundation
import GRDB

/// A public release of figures: a period of incident months, a cut-off (cases
/// entered in Kalyna up to and including that day), the threshold it used, and
/// its cells. Drafts can be prepared again or deleted; a published release never
/// changes, and it is all the public ever sees.
public struct Release: Sendable, Equatable, Identifiable {
    public enum Status: String, Sendable { case draft, published }
    public var id: Int64
    public var scope: Disclosure.Scope
    public var threshold: Int
    public var status: Status
    public var createdAt: Date
    public var publishedAt: Date?
}

/// One cell as stored: its true count (staff only) and how it is shown.
public struct ReleaseCell: Sendable, Equatable {
    public var cell: Disclosure.Cell
    public var value: Int
    public var mark: Disclosure.Mark
}

enum ReleaseStore {
    enum Refusal: Error, Equatable {
        /// The period partly overlaps a published release's without one lying
        /// within the other: their figures could not be audited together.
        case overlaps(Release)
        /// No choice of hidden cells protects every count (or the audit could not run).
        case unsafe(String)
        case notDraft
    }

    /// The cases a release counts: consent to statistics, entered by the end
    /// of the cut-off day (UTC), incident within the period. Cases known only by
    /// year count when the period covers the whole year.
    static func facts(_ db: Database, scope: Disclosure.Scope) throws -> [ReleaseFigures.Facts] {
        guard let cutoff = CalendarDate(iso: scope.cutoff) else { return [] }
        let end = cutoff.adding(days: 1).startOfDayUTC
        let fromYear = String(scope.from.prefix(4)), toYear = String(scope.to.prefix(4))
        let firstWholeYear = scope.from.hasSuffix("-01") ? fromYear : String((Int(fromYear) ?? 0) + 1)
        let lastWholeYear = scope.to.hasSuffix("-12") ? toYear : String((Int(toYear) ?? 0) - 1)
        var referrals: [Int64: [(service: String, status: String)]] = [:]
        var acts: [Int64: [Int64]] = [:]
        let window = """
            c.consent_statistics = 1 AND c.created_at < :end AND (
              (c.incident_precision != 'year' AND substr(c.incident_date, 1, 7) BETWEEN :from AND :to)
              OR (c.incident_precision = 'year' AND c.incident_date BETWEEN :firstYear AND :lastYear))
            """
        let arguments: StatementArguments = ["end": end, "from": scope.from, "to": scope.to, "firstYear": firstWholeYear, "lastYear": lastWholeYear]
        let actRows = try Row.fetchCursor(db, sql: "SELECT a.case_id, a.violence_type_id FROM case_act a JOIN \"case\" c ON c.id = a.case_id WHERE \(window)", arguments: arguments)
        while let row = try actRows.next() { acts[row[0], default: []].append(row[1]) }
        let referralRows = try Row.fetchCursor(db, sql: "SELECT r.case_id, r.service, r.status FROM referral r JOIN \"case\" c ON c.id = r.case_id WHERE \(window)", arguments: arguments)
        while let row = try referralRows.next() { referrals[row[0], default: []].append((row[1], row[2])) }
        var facts: [ReleaseFigures.Facts] = []
        let caseRows = try Row.fetchCursor(db, sql: "SELECT c.id, c.country, c.place_id, c.incident_precision, c.incident_date FROM \"case\" c WHERE \(window)", arguments: arguments)
        while let row = try caseRows.next() {
            let id: Int64 = row[0]
            let precision: String = row[3], date: String = row[4]
            facts.append(ReleaseFigures.Facts(
                country: row[1], place: row[2], month: precision == "year" ? nil : String(date.prefix(7)),
                acts: acts[id] ?? [], referrals: referrals[id] ?? []))
        }
        return facts
    }

    /// The rows every table of a release has, whatever the cases (see `ReleaseFigures.Rows`).
    static func rows(_ db: Database, scope: Disclosure.Scope) throws -> ReleaseFigures.Rows {
        var places: [String: [Int64]] = [:]
        // Retired places too: a row that appeared only while it had cases would say it has some.
        for place in try CaseStore.places(db) { places[place.country, default: []].append(place.id ?? 0) }
        let acts = try CaseStore.typology(db).compactMap(\.id)
        var months: [String] = []
        var month = scope.from
        while month <= scope.to, months.count < 1200 {
            months.append(month)
            guard let date = CalendarDate(iso: month + "-01") else { break }
            month = String(date.adding(months: 1).iso.prefix(7))
        }
        return ReleaseFigures.Rows(places: places, acts: acts, months: months)
    }

    static func all(_ db: Database) throws -> [Release] {
        try Row.fetchAll(db, sql: "SELECT id, period_from, period_to, cutoff, threshold, status, created_at, published_at FROM release ORDER BY id DESC")
            .compactMap(release)
    }

    static func find(_ db: Database, id: Int64) throws -> Release? {
        try Row.fetchOne(db, sql: "SELECT id, period_from, period_to, cutoff, threshold, status, created_at, published_at FROM release WHERE id = ?", arguments: [id])
            .flatMap(release)
    }

    private static func release(_ row: Row) -> Release? {
        guard let status = Release.Status(rawValue: row[5]) else { return nil }
        return Release(id: row[0], scope: Disclosure.Scope(from: row[1], to: row[2], cutoff: row[3]), threshold: row[4], status: status,
                       createdAt: row[6], publishedAt: row[7])
    }

    /// The newest published release (by publication), and every published one.
    static func published(_ db: Database) throws -> [Release] {
        try all(db).filter { $0.status == .published }.sorted { ($0.publishedAt ?? .distantPast, $0.id) > ($1.publishedAt ?? .distantPast, $1.id) }
    }

    static func cells(_ db: Database, release id: Int64) throws -> [ReleaseCell] {
        try Row.fetchAll(db, sql: "SELECT table_key, row_key, column_key, value, mark FROM release_cell WHERE release_id = ?", arguments: [id]).compactMap { row in
            guard let mark = Disclosure.Mark(rawValue: row[4]) else { return nil }
            return ReleaseCell(cell: Disclosure.Cell(row[0], row[1], row[2]), value: row[3], mark: mark)
        }
    }

    /// A stored release as the audit takes it.
    static func auditable(_ db: Database, _ release: Release) throws -> Disclosure.Release {
        var values: [Disclosure.Cell: Int] = [:], marks: [Disclosure.Cell: Disclosure.Mark] = [:]
        for cell in try cells(db, release: release.id) {
            values[cell.cell] = cell.value
            marks[cell.cell] = cell.mark
        }
        return Disclosure.Release(scope: release.scope, threshold: release.threshold, values: values, marks: marks)
    }

    /// The published releases as the audit takes them, oldest first.
    static func auditInput(_ db: Database, excluding: Int64? = nil) throws -> [Disclosure.Release] {
        try published(db).reversed().filter { $0.id != excluding }.map { try auditable(db, $0) }
    }

    /// Counts and protects the figures of `scope` against every published release.
    static func compute(_ db: Database, scope: Disclosure.Scope, threshold: Int, excluding: Int64? = nil) throws -> Result<[ReleaseCell], Refusal> {
        if let clash = try published(db).first(where: { $0.id != excluding && $0.scope.clashes(with: scope) }) { return .failure(.overlaps(clash)) }
        let values = ReleaseFigures.count(try facts(db, scope: scope), rows: try rows(db, scope: scope))
        switch Disclosure.protect(candidate: values, scope: scope, threshold: threshold, published: try auditInput(db, excluding: excluding)) {
        case .safe(let marks):
            return .success(values.sorted { $0.key < $1.key }.map { ReleaseCell(cell: $0.key, value: $0.value, mark: marks[$0.key] ?? .shown) })
        case .refused(let result):
            return .failure(.unsafe("\(result)"))
        }
    }

    /// A new draft, or `id`'s cells counted again.
    static func prepare(_ db: Database, id: Int64?, scope: Disclosure.Scope, threshold: Int, by actor: Int64?, now: Date) throws -> Result<Int64, Refusal> {
        if let id, try find(db, id: id)?.status != .draft { return .failure(.notDraft) }
        let cells: [ReleaseCell]
        switch try compute(db, scope: scope, threshold: threshold, excluding: id) {
        case .success(let computed): cells = computed
        case .failure(let refusal): return .failure(refusal)
        }
        let releaseId: Int64
        if let id {
            try db.execute(
                sql: "UPDATE release SET period_from = ?, period_to = ?, cutoff = ?, threshold = ?, created_by = ?, created_at = ? WHERE id = ?",
                arguments: [scope.from, scope.to, scope.cutoff, threshold, actor, now, id])
            try db.execute(sql: "DELETE FROM release_cell WHERE release_id = ?", arguments: [id])
            releaseId = id
        } else {
            try db.execute(
                sql: "INSERT INTO release (period_from, period_to, cutoff, threshold, status, created_by, created_at) VALUES (?, ?, ?, ?, 'draft', ?, ?)",
                arguments: [scope.from, scope.to, scope.cutoff, threshold, actor, now])
            releaseId = db.lastInsertedRowID
        }
        let insert = try db.makeStatement(sql: "INSERT INTO release_cell (release_id, table_key, row_key, column_key, value, mark) VALUES (?, ?, ?, ?, ?, ?)")
        for cell in cells {
            try insert.execute(arguments: [releaseId, cell.cell.table, cell.cell.row, cell.cell.column, cell.value, cell.mark.rawValue])
        }
        try Audit.record(db, actor: actor, id == nil ? "release.prepared" : "release.prepared_again", "release", releaseId, at: now)
        return .success(releaseId)
    }

    /// Publishes the draft exactly as staff saw it, after auditing it once more
    /// against everything published meanwhile, in the same transaction.
    static func publish(_ db: Database, id: Int64, by actor: Int64?, now: Date) throws -> Result<Void, Refusal> {
        guard let release = try find(db, id: id), release.status == .draft else { return .failure(.notDraft) }
        if let clash = try published(db).first(where: { $0.scope.clashes(with: release.scope) }) { return .failure(.overlaps(clash)) }
        let all = try auditInput(db) + [try auditable(db, release)]
        let result = Disclosure.audit(all, around: all.count - 1)
        guard result == .safe else { return .failure(.unsafe("\(result)")) }
        try db.execute(sql: "UPDATE release SET status = 'published', published_by = ?, published_at = ? WHERE id = ?", arguments: [actor, now, id])
        try Audit.record(db, actor: actor, "release.published", "release", id, at: now)
        return .success(())
    }

    static func deleteDraft(_ db: Database, id: Int64, by actor: Int64?, now: Date) throws -> Bool {
        guard try find(db, id: id)?.status == .draft else { return false }
        try db.execute(sql: "DELETE FROM release WHERE id = ?", arguments: [id])
        try Audit.record(db, actor: actor, "release.deleted", "release", id, at: now)
        return true
    }
}
