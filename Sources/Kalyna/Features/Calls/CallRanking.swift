import HTTPServer
import Templating

/// `GET /calls/:id/ranking`: the call's applications by their reviewers' mean
/// weighted score, best first; unscored ones last.
enum CallRanking {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let (call, ranked) = try context.read { db -> (Call, [RankingPage.Ranked]) in
            guard let call = try CallStore.find(db, id: id) else { throw HTTPError.notFound }
            var rows: [RankingPage.Ranked] = []
            for application in try ApplicationStore.submitted(db, call: id) {
                let averages = try ReviewStore.averages(db, application: application.id ?? 0)
                let name = try InitiativeStore.find(db, id: application.initiativeId)?.name ?? ""
                rows.append(RankingPage.Ranked(application: application, initiative: name, score: Scoring.mean(Array(averages.values)), reviews: averages.count))
            }
            return (call, RankingPage.ranked(rows))
        }
        return try context.page(RankingPage(call: call, ranked: ranked, page: context.pageNumber), title: context.t("ranking_title"))
    }
}

/// A call's applications, best mean score first, fifty to a page.
struct RankingPage: PageModel {
    static let template = "calls/ranking"

    struct Ranked {
        let application: Application
        let initiative: String
        /// The mean of its reviewers' weighted scores; nil before any review is in.
        let score: Double?
        let reviews: Int
    }

    let call: Call
    /// Every application, in rank order.
    let ranked: [Ranked]
    /// The page asked for.
    let page: Int

    /// Best score first, unscored last; ties by the earlier application.
    static func ranked(_ rows: [Ranked]) -> [Ranked] {
        rows.sorted { ($0.score ?? -1, $1.application.id ?? 0) > ($1.score ?? -1, $0.application.id ?? 0) }
    }

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let perPage = 50
        let pager = Pager(page: min(page, max(1, (ranked.count + perPage - 1) / perPage)), perPage: perPage, total: ranked.count)
        let shown = Array(ranked.enumerated()).dropFirst(pager.offset).prefix(perPage)
        let items: [TemplateValue] = shown.map { index, row in
            [
                "rank": .int(index + 1),
                "href": .string("/applications/\(row.application.id ?? 0)"),
                "title": .string(row.application.title.isEmpty ? context.t("application_untitled") : row.application.title),
                "initiative": .string(row.initiative),
                "score": row.score.map { .string(context.format.score($0)) } ?? .string("—"),
                "reviews": .int(row.reviews),
                "requested": .string(context.format.money(Money(minorUnits: row.application.amountRequested, currency: call.currency))),
                "status": .string(context.t("application_status_\(row.application.status.rawValue)")),
            ]
        }
        return [
            "call": CallView.summary(call, awarded: 0, context), "rows": .list(items),
            "pager": ranked.count > perPage ? pager.value(path: "/calls/\(call.id ?? 0)/ranking", filters: [], context: context) : .null,
        ]
    }
}
