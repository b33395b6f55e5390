import HTTPServer
import Templating

/// `GET /thanks`: when the configuration allows it, the officers who agreed to
/// be named, with their city and the occasions. Nobody else, ever.
enum PublicThanks {
    static func handle(_ context: RequestContext) throws -> Response {
        guard context.app.config.publicThanks else { throw HTTPError.notFound }
        let rows = try context.read { try OccasionStore.publicThanks($0) }
        return try context.page(PublicThanksPage(officers: rows), title: context.t("thanks_title"))
    }
}

/// The public thanks: only officers who agreed to be named, with their city
/// and the occasions.
struct PublicThanksPage: PageModel {
    static let template = "occasions/thanks"
    let officers: [OccasionStore.NamedOfficer]

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        [
            "officers": .list(officers.map { officer in
                [
                    "name": .string(officer.name), "rank": .string(officer.rank), "city": .string(officer.city),
                    "country": .string(context.t("country_\(officer.country)")),
                    "occasions": .string(officer.occasions.joined(separator: ", ")),
                ]
            })
        ]
    }
}
