import Foundation
import GRDB

/// A call's outcome indicators, the targets applications set and the actuals reports give.
enum IndicatorStore {
    static func list(_ db: Database, call: Int64) throws -> [CallIndicator] {
        try Row.fetchAll(db, sql: "SELECT id, call_id, position, name, name_ru, name_uk, unit, source FROM call_indicator WHERE call_id = ? ORDER BY position, id", arguments: [call]).map { row in
            var indicator = CallIndicator(
                id: try row.value(0, "id"), callId: try row.value(1, "call_id"), position: try row.value(2, "position"), name: try row.value(3, "name"),
                source: try row.choice(7, "source"))
            (indicator.nameRu, indicator.nameUk, indicator.unit) = (try row.value(4, "name_ru"), try row.value(5, "name_uk"), try row.value(6, "unit"))
            return indicator
        }
    }

    /// Frozen once an application of the call was submitted: targets refer to them.
    static func add(_ db: Database, _ indicator: CallIndicator, by user: Int64?, now: Date) throws {
        guard try !QuestionStore.hasSubmissions(db, call: indicator.callId) else { throw QuestionStore.Frozen() }
        let position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM call_indicator WHERE call_id = ?", arguments: [indicator.callId]) ?? -1) + 1
        try db.execute(
            sql: "INSERT INTO call_indicator (call_id, position, name, name_ru, name_uk, unit, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [indicator.callId, position, indicator.name, indicator.nameRu, indicator.nameUk, indicator.unit, indicator.source.rawValue])
        try Audit.record(db, actor: user, "indicator.added", "call", indicator.callId, detail: "indicator #\(db.lastInsertedRowID)", at: now)
    }

    static func remove(_ db: Database, call: Int64, indicator: Int64, by user: Int64?, now: Date) throws {
        guard try !QuestionStore.hasSubmissions(db, call: call) else { throw QuestionStore.Frozen() }
        try db.execute(sql: "DELETE FROM application_target WHERE indicator_id = ?", arguments: [indicator])
        try db.execute(sql: "DELETE FROM call_indicator WHERE id = ? AND call_id = ?", arguments: [indicator, call])
        guard db.changesCount > 0 else { throw RecordRefusal.missing }
        try Audit.record(db, actor: user, "indicator.removed", "call", call, detail: "indicator #\(indicator)", at: now)
    }

    static func targets(_ db: Database, application: Int64) throws -> [Int64: String] {
        var targets: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT indicator_id, value FROM application_target WHERE application_id = ?", arguments: [application]) {
            targets[try row.value(0, "indicator_id")] = try row.value(1, "value")
        }
        return targets
    }

    static func saveTargets(_ db: Database, application: Int64, call: Int64, _ targets: [Int64: String]) throws {
        let known = Set(try list(db, call: call).compactMap(\.id))
        for (indicator, value) in targets where known.contains(indicator) {
            try db.execute(
                sql: "INSERT INTO application_target (application_id, indicator_id, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value",
                arguments: [application, indicator, value])
        }
    }

    static func actuals(_ db: Database, report: Int64) throws -> [Int64: (value: String, note: String)] {
        var actuals: [Int64: (value: String, note: String)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT indicator_id, value, note FROM report_indicator WHERE report_id = ?", arguments: [report]) {
            actuals[try row.value(0, "indicator_id")] = (try row.value(1, "value"), try row.value(2, "note"))
        }
        return actuals
    }

    static func saveActuals(_ db: Database, report: Int64, call: Int64, _ actuals: [Int64: (value: String, note: String)]) throws {
        let known = Set(try list(db, call: call).compactMap(\.id))
        for (indicator, actual) in actuals where known.contains(indicator) {
            try db.execute(
                sql: "INSERT INTO report_indicator (report_id, indicator_id, value, note) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value, note = excluded.note",
                arguments: [report, indicator, actual.value, actual.note])
        }
    }

    /// What the grant's submitted and accepted reports give for each indicator, summed.
    static func reported(_ db: Database, grant: Int64) throws -> [Int64: Int] {
        var totals: [Int64: Int] = [:]
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT i.indicator_id, i.value FROM report_indicator i JOIN report_requirement r ON r.id = i.report_id
                WHERE r.grant_id = ? AND r.status IN ('submitted', 'accepted')
                """,
            arguments: [grant])
        for row in rows {
            let value: String = try row.value(1, "value")
            if let amount = IndicatorRules.amount(value) { totals[try row.value(0, "indicator_id"), default: 0] += amount }
        }
        return totals
    }
}

/// An indicator's targets and reported actuals over a call's grants in one country.
struct IndicatorTotal: Sendable {
    let callTitle: String
    let callTitleRu: String
    let callTitleUk: String
    let indicator: CallIndicator
    let country: String
    var target = 0
    var reported = 0
}

extension IndicatorStore {
    /// For the staff picture: per call, indicator and country, the grants' targets and what their submitted or accepted reports give.
    static func totals(_ db: Database) throws -> [IndicatorTotal] {
        var totals: [String: IndicatorTotal] = [:]
        var indicators: [Int64: (CallIndicator, String, String, String)] = [:]
        for call in try Row.fetchAll(db, sql: "SELECT DISTINCT c.id, c.title, c.title_ru, c.title_uk FROM call c JOIN call_indicator i ON i.call_id = c.id") {
            let id: Int64 = try call.value(0, "id")
            for indicator in try list(db, call: id) {
                indicators[indicator.id ?? 0] = (indicator, try call.value(1, "title"), try call.value(2, "title_ru"), try call.value(3, "title_uk"))
            }
        }
        func add(_ indicator: Int64, _ country: String, target: Int = 0, reported: Int = 0) {
            guard let (definition, title, titleRu, titleUk) = indicators[indicator] else { return }
            let key = "\(indicator) \(country)"
            var total = totals[key] ?? IndicatorTotal(callTitle: title, callTitleRu: titleRu, callTitleUk: titleUk, indicator: definition, country: country)
            total.target += target
            total.reported += reported
            totals[key] = total
        }
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT t.indicator_id, i.country, t.value FROM application_target t JOIN application a ON a.id = t.application_id
                JOIN "grant" g ON g.application_id = a.id JOIN initiative i ON i.id = a.initiative_id
                """)
        {
            add(try row.value(0, "indicator_id"), try row.value(1, "country"), target: IndicatorRules.amount(try row.value(2, "value")) ?? 0)
        }
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT r.indicator_id, i.country, r.value FROM report_indicator r JOIN report_requirement q ON q.id = r.report_id
                JOIN "grant" g ON g.id = q.grant_id JOIN application a ON a.id = g.application_id JOIN initiative i ON i.id = a.initiative_id
                WHERE q.status IN ('submitted', 'accepted')
                """)
        {
            add(try row.value(0, "indicator_id"), try row.value(1, "country"), reported: IndicatorRules.amount(try row.value(2, "value")) ?? 0)
        }
        return totals.values.sorted { ($0.indicator.callId, $0.indicator.position, $0.country) < ($1.indicator.callId, $1.indicator.position, $1.country) }
    }
}
