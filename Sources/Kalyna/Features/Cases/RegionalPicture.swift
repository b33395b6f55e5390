import Foundation
import HTTPServer
import Templating

/// The regional picture for programme staff (`GET /picture`, `/picture.csv`):
/// every case, live, by country, place, act and month; referrals by service and
/// outcome; grants and money by country. The public never sees these: it sees
/// published releases (`StatisticsShow`).
enum RegionalPicture {
    /// One number of a table and how it may be shown.
    struct Figure: Equatable {
        let value: Int
        let mark: Disclosure.Mark
        static func shown(_ value: Int) -> Figure { Figure(value: value, mark: .shown) }
    }

    struct Table {
        let key: String
        let title: String
        let labels: [String]
        let columns: [String]
        let cells: [[Figure]]
        /// Per row, for tables of more than one column.
        let rowTotals: [Figure]
        let columnTotals: [Figure]
        let grandTotal: Figure
        /// The total row's label ("Total", or "All acts" where a case counts more than once).
        var totalLabel: String? = nil
        /// How many leading rows are months drawn as a trend line (0: none), and the window they cover.
        var trendRows = 0
        var window: MonthWindow = .last24
        /// A line under the table about what it leaves out.
        var note: String? = nil

        /// A one-column table of shown counts.
        init(key: String, title: String, rows: [(String, Int)], total: Int, _ context: RequestContext) {
            self.init(key: key, title: title, labels: rows.map(\.0), columns: [context.t("picture_cases")], cells: rows.map { [.shown($0.1)] },
                      rowTotals: rows.map { .shown($0.1) }, columnTotals: [.shown(total)], grandTotal: .shown(total))
        }

        init(key: String, title: String, labels: [String], columns: [String], cells: [[Figure]], rowTotals: [Figure], columnTotals: [Figure],
             grandTotal: Figure, totalLabel: String? = nil) {
            self.key = key
            self.title = title
            self.labels = labels
            self.columns = columns
            self.cells = cells
            self.rowTotals = rowTotals
            self.columnTotals = columnTotals
            self.grandTotal = grandTotal
            self.totalLabel = totalLabel
        }
    }

    /// The tables, from the tallies the writes keep (`PictureStore`).
    static func tables(_ tallies: CaseTallies, _ vocabulary: CaseStore.Vocabulary, window: MonthWindow, _ context: RequestContext) -> [Table] {
        var typologyNames: [Int64: String] = [:]
        for term in vocabulary.typology { typologyNames[term.id ?? 0] = term.name(context.lang) }
        var placeNames: [Int64: String] = [:]
        for place in vocabulary.places { placeNames[place.id ?? 0] = place.name(context.lang) }
        return tables(tallies, typology: typologyNames, places: placeNames, window: window, context)
    }

    static func tables(_ counts: CaseTallies, typology typologyNames: [Int64: String], places placeNames: [Int64: String], window: MonthWindow,
                       _ context: RequestContext) -> [Table] {
        let total = counts.total
        let countries = largestFirst(counts.byCountry, tieBreak: { $0 }).map { (context.t("country_\($0.key)"), $0.count) }
        let places = largestFirst(counts.byPlace, tieBreak: { $0.key })
            .map { (CaseList.placeLabel($0.key, names: placeNames, context), $0.count) }
        let acts = largestFirst(counts.byAct, tieBreak: { String($0) }).map { (typologyNames[$0.key] ?? "?", $0.count) }
        // The months of the chosen window, every month there even with no case;
        // cases known only by their year are a row of their own under "all".
        let inWindow = window.months(counts.byMonth, thisMonth: String(context.today.iso.prefix(7)))
        var months = inWindow.map { (CaseView.incidentLabel($0.month, context), $0.count) }
        if window == .all && counts.yearOnly > 0 { months.append((context.t("picture_year_only"), counts.yearOnly)) }
        var monthsTable = Table(key: "month", title: context.t("picture_by_month"), rows: months, total: months.map(\.1).reduce(0, +), context)
        monthsTable.trendRows = inWindow.count
        monthsTable.window = window
        if window != .all {
            monthsTable.totalLabel = context.t("picture_period_total")
            if counts.yearOnly > 0 { monthsTable.note = context.t("picture_year_only_note", ["count": context.format.number(counts.yearOnly)]) }
        }
        let referrals = counts.referrals
        var actsTable = Table(key: "act", title: context.t("picture_by_act"), rows: acts, total: acts.map(\.1).reduce(0, +), context)
        actsTable.totalLabel = context.t("picture_all_acts")
        let columnSums = CaseVocabulary.referralStatuses.indices.map { c in referrals.reduce(0) { $0 + $1[c] } }
        return [
            Table(key: "country", title: context.t("picture_by_country"), rows: countries, total: total, context),
            Table(key: "place", title: context.t("picture_by_place"), rows: places, total: total, context),
            actsTable,
            monthsTable,
            Table(key: "referral", title: context.t("picture_referrals"),
                  labels: CaseVocabulary.services.map { context.t("service_\($0)") },
                  columns: CaseVocabulary.referralStatuses.map { context.t("referral_\($0)") },
                  cells: referrals.map { $0.map(Figure.shown) }, rowTotals: referrals.map { .shown($0.reduce(0, +)) },
                  columnTotals: columnSums.map(Figure.shown), grandTotal: .shown(columnSums.reduce(0, +))),
        ]
    }

    /// Largest count first; equal counts in the order of their key.
    static func largestFirst<Key>(_ counts: [Key: Int], tieBreak: (Key) -> String) -> [(key: Key, count: Int)] {
        counts.map { (key: $0.key, count: $0.value) }.sorted {
            $0.count != $1.count ? $0.count > $1.count : tieBreak($0.key) < tieBreak($1.key)
        }
    }

    /// How a figure reads: the number, "<5" for a small one, "×" for one hidden
    /// to protect others (explained beside the tables).
    static func text(_ figure: Figure, threshold: Int, number: (Int) -> String) -> String {
        switch figure.mark {
        case .shown: number(figure.value)
        case .small: "<\(threshold)"
        case .protected: "×"
        }
    }

    /// A table as the template shows it: a chart whose words are HTML text (so
    /// they keep the page's size on a phone and wrap instead of being cut) and
    /// whose shapes are SVG, then the table itself, which is what assistive
    /// technology reads (the chart is hidden from it). Bars are drawn for shown
    /// numbers only; a hidden one gets a dashed stub of the same length whatever it holds.
    static func view(_ table: Table, threshold: Int, _ context: RequestContext, csv: String?) -> TemplateValue {
        func text(_ figure: Figure) -> String { Self.text(figure, threshold: threshold, number: context.format.number) }
        let twoD = table.columns.count > 1
        let rows: [TemplateValue] = table.labels.enumerated().map { index, label in
            [
                "label": .string(label),
                "cells": .list(table.cells[index].map { .string(text($0)) }),
                "total": .string(text(table.rowTotals[index])),
            ]
        }
        let scale = Double(max(1, table.rowTotals.filter { $0.mark == .shown }.map(\.value).max() ?? 1))
        func length(_ value: Int) -> Int { max(2, Int((Double(value) / scale * Double(barLength)).rounded())) }
        let stub = 12
        let bars: [TemplateValue] = twoD ? [] : table.labels.enumerated().map { index, label in
            let figure = table.rowTotals[index]
            let isHidden = figure.mark != .shown
            return ["label": .string(label), "width": .int(isHidden ? stub : length(figure.value)), "value": .string(text(figure)), "hidden": .bool(isHidden)]
        }
        // Stacked bars for a table of outcomes: each shown cell a segment; when
        // a row's total is shown but a cell is not, the rest of the total is one
        // dashed segment (no more than the table's own figures give away).
        let stacked: [TemplateValue] = !twoD ? [] : table.labels.enumerated().map { index, label in
            let total = table.rowTotals[index]
            var segments: [TemplateValue] = []
            var hidden = total.mark != .shown
            if !hidden {
                var x = 0, shownSum = 0
                for (column, cell) in table.cells[index].enumerated() where cell.mark == .shown && cell.value > 0 {
                    let width = Int((Double(cell.value) / scale * Double(barLength)).rounded())
                    segments.append(["x": .int(x), "width": .int(width), "series": .int(column)])
                    x += width
                    shownSum += cell.value
                }
                if shownSum < total.value {
                    segments.append(["x": .int(x), "width": .int(max(stub, length(total.value) - x)), "series": .string("hidden")])
                }
                if total.value == 0 { hidden = false }
            }
            if hidden { segments = [["x": .int(0), "width": .int(stub), "series": .string("hidden")]] }
            return ["label": .string(label), "segments": .list(segments), "value": .string(text(total))]
        }
        return [
            "key": .string(table.key), "title": .string(table.title), "twoD": .bool(twoD),
            "columns": .list(table.columns.map { .string($0) }),
            "legend": .list(twoD ? table.columns.enumerated().map { ["label": .string($1), "series": .int($0)] } : []),
            "rows": .list(rows), "empty": .bool(table.labels.isEmpty),
            "columnTotals": .list(table.columnTotals.map { .string(text($0)) }),
            "grandTotal": .string(text(table.grandTotal)),
            "totalLabel": .string(table.totalLabel ?? context.t("picture_total")),
            "bars": .list(bars), "stacked": .list(stacked), "barLength": .int(barLength),
            "note": TemplateValue(table.note),
            "hasBars": .bool(!bars.isEmpty), "hasStacked": .bool(!stacked.isEmpty), "hasPeriodChoice": .bool(table.trendRows > 0),
            "rowHeading": .string(context.t("picture_rows_\(table.key)")),
            "trend": trend(table, context),
            "periodChoice": .list(table.trendRows == 0 ? [] : MonthWindow.allCases.map { window in
                ["value": .string(window.rawValue), "label": .string(context.t("picture_months_\(window.rawValue)")), "selected": .bool(window == table.window)]
            }),
            "csv": TemplateValue(csv.map { $0 + ($0.contains("?") ? "&" : "?") + "table=" + table.key }),
            // The same table as a workbook, beside the CSV: `/picture.csv?…` → `/picture.xlsx?…`.
            "xlsx": TemplateValue(csv.map { $0.replacingOccurrences(of: ".csv", with: ".xlsx") + ($0.contains("?") ? "&" : "?") + "table=" + table.key }),
        ]
    }

    /// The bars' length in SVG units; the track stretches to the width it has.
    static let barLength = 300

    /// The months as a line: the SVG draws the line and its grid, the axis
    /// words are HTML beside it. Nothing for fewer than two months.
    static func trend(_ table: Table, _ context: RequestContext) -> TemplateValue {
        let count = min(table.trendRows, table.labels.count)
        guard count >= 2 else { return .null }
        let values = table.rowTotals.prefix(count).map(\.value)
        let top = max(1, values.max() ?? 1)
        let step = 10, height = 100
        let points = values.enumerated().map { index, value in
            "\(index * step),\(height - Int((Double(value) / Double(top) * Double(height - 4)).rounded()) - 2)"
        }.joined(separator: " ")
        return [
            "width": .int((count - 1) * step), "height": .int(height), "half": .int(height / 2), "points": .string(points),
            "top": .string(context.format.number(top)),
            "first": .string(table.labels[0]), "last": .string(table.labels[count - 1]),
        ]
    }

    static func staff(_ context: RequestContext) throws -> Response {
        let window = MonthWindow(query: context.request.query["months"])
        let (found, grants, indicators) = try context.read { db in
            (RegionalPicture.tables(try PictureStore.tallies(db), try CaseStore.vocabulary(db, kept: context.kept), window: window, context),
             try PictureStore.grantsByCountry(db, kept: context.kept), try IndicatorStore.totals(db))
        }
        let page = PicturePage(
            tables: found, window: window, threshold: context.app.config.suppressionThreshold, grants: grants, indicators: indicators)
        return try context.page(page, title: context.t("picture_title"))
    }

    /// A table as CSV lines: numbers, "<5" and "×" as on the page.
    static func csvLines(_ table: Table, threshold: Int, _ context: RequestContext) -> [[String]] {
        func text(_ figure: Figure) -> String { Self.text(figure, threshold: threshold, number: String.init) }
        let twoD = table.columns.count > 1
        var lines = [[""] + table.columns + (twoD ? [context.t("picture_total")] : [])]
        for (index, label) in table.labels.enumerated() {
            lines.append([label] + table.cells[index].map(text) + (twoD ? [text(table.rowTotals[index])] : []))
        }
        lines.append([table.totalLabel ?? context.t("picture_total")] + table.columnTotals.map(text) + (twoD ? [text(table.grandTotal)] : []))
        return lines
    }

    /// The table as a sheet: counts as numbers a spreadsheet sums, the marks
    /// of hidden counts as text, and `notes` (what the figures are) below.
    static func sheet(_ table: Table, threshold: Int, notes: [String] = [], _ context: RequestContext) -> Sheet {
        func cell(_ figure: Figure) -> Sheet.Cell {
            figure.mark == .shown ? .number(Double(figure.value), decimals: 0) : .text(text(figure, threshold: threshold, number: String.init))
        }
        let twoD = table.columns.count > 1
        var rows: [[Sheet.Cell]] = table.labels.enumerated().map { index, label in
            [.text(label)] + table.cells[index].map(cell) + (twoD ? [cell(table.rowTotals[index])] : [])
        }
        rows.append([.text(table.totalLabel ?? context.t("picture_total"))] + table.columnTotals.map(cell) + (twoD ? [cell(table.grandTotal)] : []))
        if !notes.isEmpty { rows.append([]) }
        rows += notes.map { [.text($0)] }
        return Sheet(name: String(table.title.prefix(31)), header: [table.title] + table.columns + (twoD ? [context.t("picture_total")] : []), rows: rows)
    }

    static func staffXLSX(_ context: RequestContext) throws -> Response {
        let key = context.request.query["table"] ?? "country"
        let window = MonthWindow(query: context.request.query["months"])
        let all = try context.read { db in RegionalPicture.tables(try PictureStore.tallies(db), try CaseStore.vocabulary(db, kept: context.kept), window: window, context) }
        guard let table = all.first(where: { $0.key == key }) else { throw HTTPError.notFound }
        return try Download.xlsx(sheet(table, threshold: context.app.config.suppressionThreshold, context), filename: key)
    }

    static func staffCSV(_ context: RequestContext) throws -> Response {
        let key = context.request.query["table"] ?? "country"
        let window = MonthWindow(query: context.request.query["months"])
        let all = try context.read { db in RegionalPicture.tables(try PictureStore.tallies(db), try CaseStore.vocabulary(db, kept: context.kept), window: window, context) }
        guard let table = all.first(where: { $0.key == key }) else { throw HTTPError.notFound }
        return Download.csv(csvLines(table, threshold: context.app.config.suppressionThreshold, context), filename: "\(key).csv")
    }
}

/// The regional picture for programme staff: every case, live, by country,
/// place, act and month (with the months' trend); grants and money by country;
/// the calls' indicators, targets beside what was reported.
struct PicturePage: PageModel {
    static let template = "cases/picture"
    /// Made by `RegionalPicture.tables`.
    let tables: [RegionalPicture.Table]
    let window: MonthWindow
    let threshold: Int
    let grants: [GrantsByCountry]
    let indicators: [IndicatorTotal]

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let lang = context.lang
        return [
            "tables": .list(tables.map { RegionalPicture.view($0, threshold: threshold, context, csv: "/picture.csv?months=\(window.rawValue)") }),
            "grants": .list(grants.map { row in
                [
                    "country": .string(context.t("country_\(row.country)")), "count": .int(row.count),
                    "awarded": .string(context.format.money(row.awarded)), "paid": .string(context.format.money(row.paid)),
                ]
            }),
            "indicatorTotals": .list(indicators.map { total in
                [
                    "call": .string(Translated.pick(total.callTitle, ru: total.callTitleRu, uk: total.callTitleUk, lang: lang)),
                    "indicator": .string(total.indicator.name(lang) + (total.indicator.unit.isEmpty ? "" : " (\(total.indicator.unit))")),
                    "country": .string(context.t("country_\(total.country)")),
                    "target": .string(context.format.number(total.target)), "reported": .string(context.format.number(total.reported)),
                ]
            }),
            "hasIndicatorTotals": .bool(!indicators.isEmpty),
            "staff": .bool(true),
        ]
    }
}
