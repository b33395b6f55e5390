import Foundation
import HTTPServer
import Templating

/// `POST /officers/:id/merge`: this record was a duplicate of `target`; every
/// recognition moves there and this record is retired.
enum OfficerMerge {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        guard let target = Int64(context.request.form["target"] ?? ""), target != id else {
            return try OfficerShow.render(context, id: id, error: context.t("validation_choose"), status: 422)
        }
        let now = context.now
        let actor = context.user?.id
        try context.write { db in
            guard let duplicate = try OfficerStore.find(db, id: id), duplicate.mergedInto == nil,
                let kept = try OfficerStore.find(db, id: target), kept.mergedInto == nil
            else { throw HTTPError(409) }
            try OfficerStore.merge(db, duplicate: id, into: target)
            try Audit.record(db, actor: actor, "officer.merged", "officer", target, detail: "officer #\(id) merged in", at: now)
        }
        throw Redirect("/officers/\(target)?notice=merged")
    }
}
