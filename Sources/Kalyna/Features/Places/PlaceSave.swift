import HTTPServer

/// `POST /admin/places` (a new place) and `POST /admin/places/:id` (renamed
/// in every language, or retired / brought back). Places are never deleted:
/// cases keep the place they were recorded in.
enum PlaceSave {
    static func add(_ context: RequestContext) throws -> Response {
        let form = context.request.form
        guard let country = form["country"], Countries.isKnown(country), let names = TypologyAdmin.names(form) else {
            return try PlaceList.render(context, error: context.t("validation_place_names"), status: 422)
        }
        try context.write { db in try PlaceStore.add(db, country: country, names: names, by: context.user?.id, now: context.now) }
        throw Redirect("/admin/places?notice=saved")
    }

    static func update(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let form = context.request.form
        let active = form["active"].map { $0 == "yes" }
        let names = TypologyAdmin.names(form)
        guard active != nil || names != nil else { return try PlaceList.render(context, error: context.t("validation_place_names"), status: 422) }
        let found = try context.write { db in
            try PlaceStore.update(db, id: id, names: active == nil ? names : nil, active: active, by: context.user?.id, now: context.now)
        }
        guard found else { throw HTTPError.notFound }
        throw Redirect("/admin/places?notice=saved")
    }
}
