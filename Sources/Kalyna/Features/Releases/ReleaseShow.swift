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
        var described = ReleaseTables.describe(release, context)
        described["draft"] = .bool(release.status == .draft)
        described["status"] = .string(context.t("release_status_\(release.status.rawValue)"))
        return try context.page("releases/show", title: context.t("release_title", ["date": release.scope.cutoff]), [
            "release": .object(described),
            "counts": .string(context.t("release_counts", [
                "cells": String(cells.count), "small": String(cells.filter { $0.mark == .small }.count),
                "protected": String(cells.filter { $0.mark == .protected }.count),
            ])),
            "tables": .list(tables.map { RegionalPicture.view($0, threshold: release.threshold, context, csv: release.status == .published ? "/statistics.csv?release=\(id)" : nil) }),
            "protection": .string(context.t("statistics_protection", ["threshold": String(release.threshold)])),
        ])
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
