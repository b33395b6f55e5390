import HTTPServer
import Templating

/// `GET /statistics/summary?release=N`: one printable A4 page of a published
/// release for donors and partners — the organisation's name, the "as of"
/// date, cases by country, acts of violence and referrals. Only the release's
/// own figures, marks included: a summary is public, so it shows nothing the
/// public statistics page does not.
enum StatisticsSummary {
    static func handle(_ context: RequestContext) throws -> Response {
        let (release, tables) = try context.read { db -> (Release, [RegionalPicture.Table]) in
            guard let release = try StatisticsShow.chosen(try ReleaseStore.published(db), context).chosen else { throw HTTPError.notFound }
            return (release, ReleaseTables.tables(try ReleaseStore.cells(db, release: release.id), try CaseStore.vocabulary(db, kept: context.kept), context))
        }
        return try context.page(SummaryPage(release: release, tables: tables), title: context.t("summary_title"))
    }
}

/// The donors' A4 summary of a published release: only the release's own
/// figures, marks included, so it shows nothing the public page does not.
struct SummaryPage: PageModel {
    static let template = "statistics/summary"
    let release: Release
    /// Made from the release's stored cells.
    let tables: [RegionalPicture.Table]

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        func text(_ figure: RegionalPicture.Figure) -> String {
            RegionalPicture.text(figure, threshold: release.threshold, number: context.format.number)
        }
        func table(_ key: String) -> RegionalPicture.Table? { tables.first { $0.key == key } }
        func rows(_ table: RegionalPicture.Table?) -> TemplateValue {
            .list((table.map { zip($0.labels, $0.rowTotals).map { ["label": .string($0), "value": .string(text($1))] } } ?? []))
        }
        let referrals = table("referral")
        let provided = CaseVocabulary.referralStatuses.firstIndex(of: "provided") ?? 1
        let total = tables.first?.grandTotal ?? .shown(0)
        var described = ReleaseTables.describe(release, context)
        described["organisation"] = .string(context.app.config.organisationName(context.lang))
        return [
            "release": .object(described),
            "total": .string(text(total)),
            "referralsTotal": .string(referrals.map { text($0.grandTotal) } ?? "0"),
            "referralsProvided": .string(referrals.map { text($0.columnTotals[provided]) } ?? "0"),
            "countries": rows(table("country")),
            "acts": rows(table("act")),
            "actsTotal": .string(table("act").map { text($0.grandTotal) } ?? "0"),
            "services": .list((referrals.map { table in
                table.labels.indices.map { index in
                    ["label": .string(table.labels[index]), "provided": .string(text(table.cells[index][provided])), "total": .string(text(table.rowTotals[index]))]
                }
            } ?? [])),
            "marks": .string(context.t("summary_marks", ["threshold": String(release.threshold)])),
            "address": .string(context.app.config.publicBaseURL + "/statistics?release=\(release.id)"),
        ]
    }
}
