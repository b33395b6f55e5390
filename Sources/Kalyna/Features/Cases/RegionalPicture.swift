import Foundation
import GRDB
import HTTPServer
import Templating

/// The regional picture: cases by country, city, act and month; referrals by
/// service and outcome; for staff also grants and money by country. Staff see
/// every case (`GET /picture`); the public (`GET /statistics`) sees only cases
/// whose consent allows statistics, with every count below the threshold shown
/// as "<5" and secondary suppression, and no initiative names. Each table has
/// a server-drawn bar chart and a CSV download (`…​.csv?table=`).
enum RegionalPicture {
    struct Table {
        let key: String
        let title: String
        let labels: [String]
        let columns: [String]
        let counts: [[Int]]
    }

    /// The tables, from the cache while the case data has not changed.
    static func cachedTables(_ db: Database, _ context: RequestContext, publicOnly: Bool) throws -> [Table] {
        try context.app.pictureCache.value(
            "\(publicOnly) \(context.lang)", generation: context.generation,
            fingerprint: { try fingerprint(db) }, compute: { try tables(db, context, publicOnly: publicOnly) })
    }

    /// Changes whenever a case, its acts, a referral or a typology name changes.
    /// Only index lookups: cases and referrals are never deleted, so a new one
    /// raises the highest id, and every edit (acts included) moves `updated_at`.
    /// (Counting rows instead cost ~30 ms a request on 100,000 cases.)
    static func fingerprint(_ db: Database) throws -> String {
        let row = try Row.fetchOne(db, sql: """
            SELECT (SELECT MAX(id) FROM "case"), (SELECT MAX(updated_at) FROM "case"), (SELECT MAX(id) FROM referral),
                   (SELECT MAX(updated_at) FROM referral),
                   (SELECT group_concat(name_en || name_ru || name_uk || active) FROM violence_type)
            """)
        return (0..<5).map { row?[$0].map { "\($0)" } ?? "" }.joined(separator: "|")
    }

    static func tables(_ db: Database, _ context: RequestContext, publicOnly: Bool) throws -> [Table] {
        let filter = CaseStore.Filter(consentedOnly: publicOnly)
        var typologyNames: [Int64: String] = [:]
        for term in try CaseStore.typology(db) { typologyNames[term.id ?? 0] = term.name(context.lang) }
        let count = context.t("picture_cases")
        func oneColumn(_ key: String, _ title: String, _ rows: [(String, Int)]) -> Table {
            Table(key: key, title: title, labels: rows.map(\.0), columns: [count], counts: rows.map { [$0.1] })
        }
        let places = try CaseStore.placeAndMonthCounts(db, consentedOnly: publicOnly)
        let countries = largestFirst(places.byCountry, tieBreak: { $0 }).map { (context.t("country_\($0.key)"), $0.count) }
        let cities = largestFirst(places.byCity, tieBreak: { "\($0.name), \($0.country)" })
            .map { ("\($0.key.name), \(context.t("country_\($0.key.country)"))", $0.count) }
        let acts = try CaseStore.actCounts(db, filter: filter).map { (typologyNames[$0.key] ?? "?", $0.count) }
        let months = places.byMonth.sorted { $0.key < $1.key }.map { (CaseView.incidentLabel($0.key, context), $0.value) }
        let referrals = try CaseStore.referralMatrix(db, filter: filter)
        return [
            oneColumn("country", context.t("picture_by_country"), countries),
            oneColumn("city", context.t("picture_by_city"), cities),
            oneColumn("act", context.t("picture_by_act"), acts),
            oneColumn("month", context.t("picture_by_month"), months),
            Table(key: "referrals", title: context.t("picture_referrals"),
                  labels: CaseVocabulary.services.map { context.t("service_\($0)") },
                  columns: CaseVocabulary.referralStatuses.map { context.t("referral_\($0)") }, counts: referrals),
        ]
    }

    /// Largest count first; equal counts in the order of their key.
    static func largestFirst<Key>(_ counts: [Key: Int], tieBreak: (Key) -> String) -> [(key: Key, count: Int)] {
        counts.map { (key: $0.key, count: $0.value) }.sorted {
            $0.count != $1.count ? $0.count > $1.count : tieBreak($0.key) < tieBreak($1.key)
        }
    }

    /// A table as the template shows it, suppressed when `threshold` is given.
    static func view(_ table: Table, threshold: Int?, _ context: RequestContext, csv: String) -> TemplateValue {
        let suppressed = Suppression.apply(table.counts, threshold: threshold ?? 0)
        let hidden = "<\(threshold ?? 0)"
        func text(_ cell: Suppression.Cell) -> String {
            switch cell {
            case .shown(let n): context.format.number(n)
            case .hidden: hidden
            }
        }
        let twoD = table.columns.count > 1
        let rows: [TemplateValue] = table.labels.enumerated().map { index, label in
            [
                "label": .string(label),
                "cells": .list(suppressed.cells[index].map { .string(text($0)) }),
                "total": .string(text(suppressed.rowTotals[index])),
            ]
        }
        // Bars: one per row, by its total; hidden totals drawn as a faint stub.
        let maxValue = max(1, table.counts.map { $0.reduce(0, +) }.max() ?? 1)
        let bars: [TemplateValue] = table.labels.enumerated().map { index, label in
            let value = table.counts[index].reduce(0, +)
            let isHidden = suppressed.rowTotals[index].isHidden
            let width = isHidden ? 12 : max(2, Int(Double(value) / Double(maxValue) * 300))  // leaves room for "100,000" in 600
            return [
                "label": .string(label), "y": .int(index * 26 + 18), "barY": .int(index * 26 + 5), "width": .int(width),
                "textX": .int(232 + width), "value": .string(text(suppressed.rowTotals[index])), "hidden": .bool(isHidden),
            ]
        }
        return [
            "key": .string(table.key), "title": .string(table.title), "twoD": .bool(twoD),
            "columns": .list(table.columns.map { .string($0) }),
            "rows": .list(rows), "empty": .bool(table.labels.isEmpty),
            "columnTotals": .list(suppressed.columnTotals.map { .string(text($0)) }),
            "grandTotal": .string(text(suppressed.grandTotal)),
            "bars": .list(bars), "chartHeight": .int(max(30, table.labels.count * 26 + 10)),
            "csv": .string(csv + "?table=" + table.key),
        ]
    }

    static func staff(_ context: RequestContext) throws -> Response {
        let (found, grants) = try context.app.database.pool.read { db -> ([Table], [TemplateValue]) in
            (try RegionalPicture.cachedTables(db, context, publicOnly: false), try cachedGrantRows(db, context))
        }
        return try context.page("cases/picture", title: context.t("picture_title"), [
            "tables": .list(found.map { view($0, threshold: nil, context, csv: "/picture.csv") }),
            "grants": .list(grants),
            "staff": .bool(true),
        ])
    }

    static func statistics(_ context: RequestContext) throws -> Response {
        let found = try context.app.database.pool.read { db -> [Table] in try RegionalPicture.cachedTables(db, context, publicOnly: true) }
        let threshold = context.app.config.suppressionThreshold
        return try context.page("cases/picture", title: context.t("statistics_title"), [
            "tables": .list(found.map { view($0, threshold: threshold, context, csv: "/statistics.csv") }),
            "public": .bool(true),
            "threshold": .string(context.t("statistics_threshold", ["threshold": String(threshold)])),
        ])
    }

    /// The grant rows, recomputed only when a grant or a payment changes.
    static func cachedGrantRows(_ db: Database, _ context: RequestContext) throws -> [TemplateValue] {
        try context.app.grantRowsCache.value(
            context.lang, generation: context.generation,
            fingerprint: {
                let marker = try Row.fetchOne(db, sql: """
                    SELECT (SELECT MAX(id) FROM "grant"), (SELECT COUNT(*) FROM disbursement WHERE status = 'paid'),
                           (SELECT MAX(id) FROM disbursement)
                    """)
                return (0..<3).map { marker?[$0].map { "\($0)" } ?? "" }.joined(separator: "|")
            },
            compute: { try grantRows(db, context) })
    }

    /// Grants awarded and paid by country, in each currency.
    static func grantRows(_ db: Database, _ context: RequestContext) throws -> [TemplateValue] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT i.country, g.currency, COUNT(*) AS n, SUM(g.amount_awarded) AS awarded,
                  SUM((SELECT COALESCE(SUM(amount), 0) FROM disbursement d WHERE d.grant_id = g.id AND d.status = 'paid')) AS paid
                FROM "grant" g JOIN application a ON a.id = g.application_id JOIN initiative i ON i.id = a.initiative_id
                GROUP BY i.country, g.currency ORDER BY i.country
                """
        ).map { row in
            let currency = Currency(code: row["currency"] ?? "") ?? .euro
            let country: String = row["country"] ?? ""
            return [
                "country": .string(context.t("country_\(country)")), "count": .int(row["n"] ?? 0),
                "awarded": .string(context.format.money(Money(minorUnits: row["awarded"] ?? 0, currency: currency))),
                "paid": .string(context.format.money(Money(minorUnits: row["paid"] ?? 0, currency: currency))),
            ]
        }
    }

    static func csv(_ context: RequestContext, publicOnly: Bool) throws -> Response {
        let key = context.request.query["table"] ?? "country"
        let all = try context.app.database.pool.read { db -> [Table] in try RegionalPicture.cachedTables(db, context, publicOnly: publicOnly) }
        guard let table = all.first(where: { $0.key == key }) else { throw HTTPError.notFound }
        let threshold = publicOnly ? context.app.config.suppressionThreshold : 0
        let suppressed = Suppression.apply(table.counts, threshold: threshold)
        func text(_ cell: Suppression.Cell) -> String {
            switch cell {
            case .shown(let n): String(n)
            case .hidden: "<\(threshold)"
            }
        }
        var lines = [[""] + table.columns + (table.columns.count > 1 ? [context.t("picture_total")] : [])]
        for (index, label) in table.labels.enumerated() {
            lines.append([label] + suppressed.cells[index].map(text) + (table.columns.count > 1 ? [text(suppressed.rowTotals[index])] : []))
        }
        lines.append([context.t("picture_total")] + suppressed.columnTotals.map(text) + (table.columns.count > 1 ? [text(suppressed.grandTotal)] : []))
        return Download.csv(lines, filename: "\(key).csv")
    }

    static func staffCSV(_ context: RequestContext) throws -> Response { try csv(context, publicOnly: false) }
    static func publicCSV(_ context: RequestContext) throws -> Response { try csv(context, publicOnly: true) }
}
