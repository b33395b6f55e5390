import HTTPServer
import Templating

/// `GET /releases/:id`: a release exactly as the public would see it (a draft)
/// or sees it (published), with what staff need to decide: how many counts
/// are hidden, and the actions a draft allows.
enum ReleaseShow {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let (release, cells, tables) = try context.read { db -> (Release, [ReleaseCell], [RegionalPicture.Table]) in
            guard let release = try ReleaseStore.find(db, id: id) else { throw HTTPError.notFound }
            let cells = try ReleaseStore.cells(db, release: id)
            return (release, cells, ReleaseTables.tables(cells, try CaseStore.vocabulary(db, kept: context.kept), context))
        }
        return try context.page(ReleasePage(release: release, cells: cells, tables: tables), title: context.t("release_title", ["date": release.scope.cutoff]))
    }

    static func explain(_ refusal: ReleaseStore.Refusal, _ context: RequestContext) -> String {
        switch refusal {
        case .overlaps(let other):
            context.t("release_refused_overlap", ["from": other.scope.from, "to": other.scope.to, "cutoff": other.scope.cutoff])
        case .unsafe: context.t("release_refused_unsafe")
        case .notDraft: context.t("release_refused_published")
        }
    }
}

/// A release as the public would see it (a draft) or sees it (published):
/// its tables with every small count already hidden in the stored cells, and
/// how many were hidden.
struct ReleasePage: PageModel {
    static let template = "releases/show"
    let release: Release
    /// The stored cells, marks and all: what the tables were made from.
    let cells: [ReleaseCell]
    let tables: [RegionalPicture.Table]

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        var described = ReleaseTables.describe(release, context)
        described["draft"] = .bool(release.status == .draft)
        described["status"] = .string(context.t("release_status_\(release.status.rawValue)"))
        let csv = release.status == .published ? "/statistics.csv?release=\(release.id)" : nil
        return [
            "release": .object(described),
            "counts": .string(context.t("release_counts", [
                "cells": String(cells.count), "small": String(cells.filter { $0.mark == .small }.count),
                "protected": String(cells.filter { $0.mark == .protected }.count),
            ])),
            "tables": .list(tables.map { RegionalPicture.view($0, threshold: release.threshold, context, csv: csv) }),
            "protection": .string(context.t("statistics_protection", ["threshold": String(release.threshold)])),
        ]
    }
}
