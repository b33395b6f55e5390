import Templating

/// A release's cells laid out as the tables the public reads. Rows are in the
/// order of their names, never of their counts: sorting by the true count would
/// tell how hidden cells compare.
enum ReleaseTables {
    typealias Figure = RegionalPicture.Figure
    typealias Table = RegionalPicture.Table

    static func tables(_ cells: [ReleaseCell], _ vocabulary: CaseStore.Vocabulary, _ context: RequestContext) -> [Table] {
        var figure: [Disclosure.Cell: Figure] = [:]
        for cell in cells { figure[cell.cell] = Figure(value: cell.value, mark: cell.mark) }
        var placeNames: [Int64: String] = [:]
        for place in vocabulary.places { placeNames[place.id ?? 0] = place.name(context.lang) }
        var actOrder: [String: (Int, String)] = [:]
        for term in vocabulary.typology { actOrder[String(term.id ?? 0)] = (term.position, term.name(context.lang)) }
        let total = figure[.total] ?? .shown(0)
        func rows(_ table: String) -> [Disclosure.Cell] { cells.map(\.cell).filter { $0.table == table && !$0.isTotal } }
        func column(_ key: String, _ title: String, _ labelled: [(Disclosure.Cell, String)], total: Figure, totalLabel: String? = nil) -> Table {
            Table(key: key, title: title, labels: labelled.map(\.1), columns: [context.t("picture_cases")],
                  cells: labelled.map { [figure[$0.0] ?? .shown(0)] }, rowTotals: labelled.map { figure[$0.0] ?? .shown(0) },
                  columnTotals: [total], grandTotal: total, totalLabel: totalLabel)
        }
        let countries = rows("country").map { ($0, context.t("country_\($0.row)")) }.sorted { $0.1 < $1.1 }
        let places = rows("place").compactMap { cell -> (Disclosure.Cell, String, String, Bool)? in
            guard let choice = PlaceChoice(cell.row) else { return nil }
            return (cell, CaseList.placeLabel(choice, names: placeNames, context), context.t("country_\(choice.country)"), choice.place == nil)
        }.sorted { ($0.2, $0.3 ? 1 : 0, $0.1) < ($1.2, $1.3 ? 1 : 0, $1.1) }.map { ($0.0, $0.1) }
        let acts = rows("act").sorted { (actOrder[$0.row]?.0 ?? .max) < (actOrder[$1.row]?.0 ?? .max) }.map { ($0, actOrder[$0.row]?.1 ?? "?") }
        let months = rows("month").filter { $0.row != ReleaseFigures.yearOnly }.sorted().map { ($0, CaseView.incidentLabel($0.row, context)) }
            + [(Disclosure.Cell("month", ReleaseFigures.yearOnly), context.t("picture_year_only"))]
        func referral(_ row: String, _ column: String) -> Figure { figure[Disclosure.Cell("referral", row, column)] ?? .shown(0) }
        return [
            column("country", context.t("picture_by_country"), countries, total: total),
            column("place", context.t("picture_by_place"), places, total: total),
            column("act", context.t("picture_by_act"), acts, total: figure[Disclosure.Cell("act", "total")] ?? .shown(0), totalLabel: context.t("picture_all_acts")),
            column("month", context.t("picture_by_month"), months, total: total),
            Table(key: "referral", title: context.t("picture_referrals"),
                  labels: CaseVocabulary.services.map { context.t("service_\($0)") },
                  columns: CaseVocabulary.referralStatuses.map { context.t("referral_\($0)") },
                  cells: CaseVocabulary.services.map { service in CaseVocabulary.referralStatuses.map { referral(service, $0) } },
                  rowTotals: CaseVocabulary.services.map { referral($0, "total") },
                  columnTotals: CaseVocabulary.referralStatuses.map { referral("total", $0) }, grandTotal: referral("total", "total")),
        ]
    }

    /// "January–December 2026" style period and the "as of" date, in the reader's language.
    static func describe(_ release: Release, _ context: RequestContext) -> [String: TemplateValue] {
        [
            "id": .int(Int(release.id)),
            "period": .string(CaseView.incidentLabel(release.scope.from, context) + " – " + CaseView.incidentLabel(release.scope.to, context)),
            "asOf": .string(CalendarDate(iso: release.scope.cutoff).map(context.format.date) ?? release.scope.cutoff),
            "threshold": .int(release.threshold),
            "published": .string(release.publishedAt.map { context.format.date(CalendarDate($0)) } ?? ""),
        ]
    }
}
