import HTTPServer

/// `POST /admin/places/map`: a programme officer puts the cases whose place was
/// typed as one text onto a place of the list (or "another place"); the typed
/// text is then forgotten.
enum PlaceMap {
    static func handle(_ context: RequestContext) throws -> Response {
        let form = context.request.form
        guard let country = form["country"], Countries.isKnown(country), let normalized = form["normalized"], !normalized.isEmpty,
            let choice = form["place"], choice == "other" || Int64(choice) != nil
        else { return try PlaceList.render(context, error: context.t("validation_choose"), status: 422) }
        let mapped = try context.write { db in
            try PlaceStore.map(db, country: country, normalized: normalized, to: Int64(choice), box: context.app.narratives, by: context.user?.id, now: context.now)
        }
        guard mapped > 0 else { return try PlaceList.render(context, error: context.t("validation_choose"), status: 409) }
        throw Redirect("/admin/places?notice=places_mapped")
    }
}
