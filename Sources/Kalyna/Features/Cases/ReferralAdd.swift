import Foundation
import HTTPServer

/// `POST /cases/:id/referrals`: where the woman was referred, and how it went.
enum ReferralAdd {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let user = try context.requireUser()
        // Whose case it is comes before what was sent.
        _ = try context.read { try CaseAccess.loadForChange(user, $0, id: id) }
        let form = context.request.form
        guard let service = form["service"], CaseVocabulary.services.contains(service),
            let status = form["status"], CaseVocabulary.referralStatuses.contains(status),
            let date = CalendarDate(iso: form["referred_on"] ?? ""), date <= context.today
        else { throw HTTPError.badRequest }
        let now = context.now
        try context.write { db in
            try CaseStore.addReferral(db, case: id, service: service, on: date, status: status, by: user, now: now)
        }
        throw Redirect("/cases/\(id)?notice=saved")
    }
}
