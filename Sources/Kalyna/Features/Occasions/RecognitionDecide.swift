import Foundation
import HTTPServer

/// `POST /recognitions/:id/include` and `/exclude`: staff decide what goes on the
/// occasion's certificate list.
enum RecognitionDecide {
    static func include(_ context: RequestContext) throws -> Response {
        try decide(context, .included)
    }

    static func exclude(_ context: RequestContext) throws -> Response {
        try decide(context, .excluded)
    }

    static func decide(_ context: RequestContext, _ status: Recognition.Status) throws -> Response {
        let id = try context.id()
        let now = context.now
        let user = try context.requireUser()
        let occasion = try context.write { db in try OccasionStore.decide(db, recognition: id, status, by: user, now: now) }
        throw Redirect("/occasions/\(occasion)?notice=recognition_\(status.rawValue)")
    }
}
