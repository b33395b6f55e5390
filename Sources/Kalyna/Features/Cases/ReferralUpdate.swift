import Foundation
import HTTPServer

/// `POST /referrals/:id`: how a referral went since.
enum ReferralUpdate {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let user = try context.requireUser()
        // Whose case it is comes before what was sent.
        _ = try context.read { try CaseStore.referralForChange(user, $0, id: id) }
        guard let status = context.request.form["status"], CaseVocabulary.referralStatuses.contains(status) else { throw HTTPError.badRequest }
        let now = context.now
        let caseId = try context.write { db in
            try CaseStore.setReferralStatus(db, id: id, status: status, by: user, now: now)
        }
        throw Redirect("/cases/\(caseId)?notice=saved")
    }
}
