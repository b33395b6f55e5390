import HTTPServer
import Templating

/// `GET /statistics?release=N`: the public figures, from a published release
/// only (the newest unless another is asked for). Nothing a documenter saves
/// changes this page until staff publish a new release.
enum StatisticsShow {
    /// The published releases and the one asked for (`?release=N`, else the newest); 404 for one that is not published.
    static func chosen(_ releases: [Release], _ context: RequestContext) throws -> (all: [Release], chosen: Release?) {
        guard let wanted = context.request.query["release"] else { return (releases, releases.first) }
        guard let release = releases.first(where: { String($0.id) == wanted }) else { throw HTTPError.notFound }
        return (releases, release)
    }

    static func handle(_ context: RequestContext) throws -> Response {
        let (releases, chosen, tables) = try context.read { db -> ([Release], Release?, [RegionalPicture.Table]) in
            let (releases, chosen) = try Self.chosen(try ReleaseStore.published(db), context)
            let tables = try chosen.map { ReleaseTables.tables(try ReleaseStore.cells(db, release: $0.id), try CaseStore.vocabulary(db, kept: context.kept), context) } ?? []
            return (releases, chosen, tables)
        }
        let page = StatisticsPage(releases: releases, chosen: chosen, tables: tables, configuredThreshold: context.app.config.suppressionThreshold)
        return try context.page(page, title: context.t("statistics_title"))
    }

    /// `GET /statistics.csv?release=N&table=KEY`: one table of a published release.
    /// `GET /statistics.xlsx?table=`: the published table as a workbook, its marks and "as of" below it.
    static func xlsx(_ context: RequestContext) throws -> Response {
        let key = context.request.query["table"] ?? "country"
        let (release, tables) = try context.read { db -> (Release, [RegionalPicture.Table]) in
            guard let release = try Self.chosen(try ReleaseStore.published(db), context).chosen else { throw HTTPError.notFound }
            return (release, ReleaseTables.tables(try ReleaseStore.cells(db, release: release.id), try CaseStore.vocabulary(db, kept: context.kept), context))
        }
        guard let table = tables.first(where: { $0.key == key }) else { throw HTTPError.notFound }
        let notes = [
            context.t("statistics_csv_as_of", ["date": release.scope.cutoff, "from": release.scope.from, "to": release.scope.to]),
            context.t("statistics_csv_marks", ["threshold": String(release.threshold)]),
        ]
        return try Download.xlsx(RegionalPicture.sheet(table, threshold: release.threshold, notes: notes, context), filename: "\(key)-\(release.scope.cutoff)")
    }

    static func csv(_ context: RequestContext) throws -> Response {
        let key = context.request.query["table"] ?? "country"
        let (release, tables) = try context.read { db -> (Release, [RegionalPicture.Table]) in
            guard let release = try Self.chosen(try ReleaseStore.published(db), context).chosen else { throw HTTPError.notFound }
            return (release, ReleaseTables.tables(try ReleaseStore.cells(db, release: release.id), try CaseStore.vocabulary(db, kept: context.kept), context))
        }
        guard let table = tables.first(where: { $0.key == key }) else { throw HTTPError.notFound }
        var lines = RegionalPicture.csvLines(table, threshold: release.threshold, context)
        lines.append([])
        lines.append([context.t("statistics_csv_as_of", ["date": release.scope.cutoff, "from": release.scope.from, "to": release.scope.to])])
        lines.append([context.t("statistics_csv_marks", ["threshold": String(release.threshold)])])
        return Download.csv(lines, filename: "\(key)-\(release.scope.cutoff).csv")
    }
}

/// The public statistics: the tables of one published release exactly as
/// stored (small counts already hidden), the other releases, and how counts
/// are protected. Nothing here is computed from live cases.
struct StatisticsPage: PageModel {
    static let template = "statistics/show"
    /// Published releases, newest first.
    let releases: [Release]
    let chosen: Release?
    /// Made from the chosen release's stored cells.
    let tables: [RegionalPicture.Table]
    /// The threshold to state while nothing is published yet.
    let configuredThreshold: Int

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let csv = chosen.map { "/statistics.csv?release=\($0.id)" } ?? "/statistics.csv"
        let threshold = chosen?.threshold ?? configuredThreshold
        return [
            "release": chosen.map { TemplateValue.object(ReleaseTables.describe($0, context)) } ?? .null,
            "tables": .list(tables.map { RegionalPicture.view($0, threshold: threshold, context, csv: csv) }),
            "protection": .string(context.t("statistics_protection", ["threshold": String(threshold)])),
            "threshold": .int(threshold),
            "manyReleases": .bool(releases.count > 1),
            "releases": .list(releases.map { release in
                var item = ReleaseTables.describe(release, context)
                item["current"] = .bool(release.id == chosen?.id)
                return .object(item)
            }),
        ]
    }
}
