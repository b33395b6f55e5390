import Foundation
import HTTPServer
import Templating

/// `POST /reports/:id/accept` and `/return`: a programme officer's decision on
/// a submitted report. Returning needs comments; accepting the final report may
/// complete the grant.
enum ReportDecide {
    static func accept(_ context: RequestContext) throws -> Response {
        try decide(context, accept: true)
    }

    static func giveBack(_ context: RequestContext) throws -> Response {
        try decide(context, accept: false)
    }

    static func decide(_ context: RequestContext, accept: Bool) throws -> Response {
        let id = try context.id()
        let comment = (context.request.form["comment"] ?? "").trimmed
        if !accept && comment.isEmpty {
            var errors = FormErrors()
            errors.add("comment", "validation_required")
            return try ReportPage.render(context, id: id, errors: errors, status: 422)
        }
        let user = try context.requireUser()
        let now = context.now
        try context.write { db in
            try ReportStore.decide(db, report: id, accept: accept, comment: comment.isEmpty ? nil : String(comment.prefix(4000)), user: user, now: now)
        }
        throw Redirect("/reports/\(id)?notice=\(accept ? "report_accepted" : "report_returned")")
    }
}
