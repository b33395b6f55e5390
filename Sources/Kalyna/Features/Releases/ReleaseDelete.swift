import HTTPServer
import Templating

/// `POST /releases/:id/delete`: a draft that will not be published.
enum ReleaseDelete {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let deleted = try context.write { db in try ReleaseStore.deleteDraft(db, id: id, by: context.user?.id, now: context.now) }
        guard deleted else { throw HTTPError(409) }
        throw Redirect("/releases?notice=release_deleted")
    }
}
