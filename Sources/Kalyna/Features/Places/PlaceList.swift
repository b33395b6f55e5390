import HTTPServer
import Templating

/// `GET /admin/places`: the places a case can be in, per country, in three
/// languages; for programme officers also the places typed before the list
/// existed, to map onto it (they count as "another place" until then).
enum PlaceList {
    static func handle(_ context: RequestContext) throws -> Response {
        try render(context, error: nil)
    }

    static func render(_ context: RequestContext, error: String?, status: Int = 200) throws -> Response {
        let mayMap = context.user?.role == .programmeOfficer
        let page = try context.read { db in
            PlacesPage(
                places: try CaseStore.places(db), used: try PlaceStore.useCounts(db), mayMap: mayMap,
                pending: mayMap ? try PlaceStore.pending(db, box: context.app.narratives) : [], error: error)
        }
        return try context.page(page, title: context.t("places_title"), status: status)
    }
}

/// The place list by country, and what is left to map onto it.
struct PlacesPage: PageModel {
    static let template = "admin/places"
    let places: [Place]
    /// Cases per place.
    let used: [Int64: Int]
    /// Programme officers map places typed before the list onto it.
    let mayMap: Bool
    let pending: [PlaceStore.Pending]
    let error: String?

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let countries = Countries.codes.map { ($0, context.t("country_\($0)")) }.sorted { $0.1 < $1.1 }
        let grouped = Dictionary(grouping: places, by: \.country)
        return [
            "error": TemplateValue(error),
            "countries": .list(countries.compactMap { code, name in
                guard let list = grouped[code] else { return nil }
                return [
                    "name": .string(name),
                    "places": .list(list.map { place in
                        [
                            "id": .int(Int(place.id ?? 0)), "en": .string(place.nameEn), "ru": .string(place.nameRu), "uk": .string(place.nameUk),
                            "active": .bool(place.active), "used": .int(used[place.id ?? 0] ?? 0),
                        ]
                    }),
                ]
            }),
            "countryOptions": .list(countries.map { ["value": .string($0.0), "label": .string($0.1)] }),
            "mayMap": .bool(mayMap),
            "pending": .list(pending.enumerated().map { index, item in
                [
                    "index": .int(index), "country": .string(item.country), "countryName": .string(context.t("country_\(item.country)")),
                    "typed": .string(item.typed), "normalized": .string(item.normalized), "cases": .int(item.cases),
                    "options": .list((grouped[item.country] ?? []).filter(\.active).map { ["value": .string(String($0.id ?? 0)), "label": .string($0.name(context.lang))] }
                        + [["value": "other", "label": .string(context.t("place_other_in", ["country": context.t("country_\(item.country)")]))]]),
                ]
            }),
        ]
    }
}
