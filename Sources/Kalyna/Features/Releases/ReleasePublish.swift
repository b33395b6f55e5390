import HTTPServer
import Templating

/// `POST /releases/:id/publish`: the draft as staff saw it becomes public, if
/// the audit still passes against everything published meanwhile (checked in
/// the same transaction as the publishing).
enum ReleasePublish {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let result = try context.write { db in try ReleaseStore.publish(db, id: id, by: context.user?.id, now: context.now) }
        switch result {
        case .success: throw Redirect("/statistics?release=\(id)&notice=release_published")
        case .failure(.notDraft): throw HTTPError(409)
        case .failure(let refusal):
            return try ReleaseList.render(context, input: ReleaseInput(), errors: FormErrors(), refusal: ReleaseShow.explain(refusal, context), status: 409)
        }
    }
}
