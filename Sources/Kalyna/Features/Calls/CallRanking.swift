import HTTPServer
import Templating

/// `GET /calls/:id/ranking`: the call's applications by their reviewers' mean
/// weighted score, best first; unscored ones last.
enum CallRanking {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let (call, ranked) = try context.read { db -> (Call, [(Application, String, Double?, Int)]) in
            guard let call = try CallStore.find(db, id: id) else { throw HTTPError.notFound }
            let applications = try ApplicationStore.submitted(db, call: id)
            var rows: [(Application, String, Double?, Int)] = []
            for application in applications {
                let averages = try ReviewStore.averages(db, application: application.id ?? 0)
                let name = try InitiativeStore.find(db, id: application.initiativeId)?.name ?? ""
                rows.append((application, name, Scoring.mean(Array(averages.values)), averages.count))
            }
            rows.sort { ($0.2 ?? -1, $1.0.id ?? 0) > ($1.2 ?? -1, $0.0.id ?? 0) }
            return (call, rows)
        }
        let (shown, pager) = Pager.slice(Array(ranked.enumerated()), context, path: "/calls/\(id)/ranking")
        let items: [TemplateValue] = shown.map { index, row in
            [
                "rank": .int(index + 1),
                "href": .string("/applications/\(row.0.id ?? 0)"),
                "title": .string(row.0.title.isEmpty ? context.t("application_untitled") : row.0.title),
                "initiative": .string(row.1),
                "score": row.2.map { .string(context.format.score($0)) } ?? .string("—"),
                "reviews": .int(row.3),
                "requested": .string(context.format.money(Money(minorUnits: row.0.amountRequested, currency: call.currency))),
                "status": .string(context.t("application_status_\(row.0.status.rawValue)")),
            ]
        }
        return try context.page(
            "calls/ranking", title: context.t("ranking_title"),
            ["call": CallView.summary(call, awarded: 0, context), "rows": .list(items), "pager": pager])
    }
}
