import Foundation
import GRDB

/// Who is told of what happened: each audited event that someone else needs
/// to know of becomes notices, in the event's own transaction (see `Audit`).
/// The actor is never told of her own step. Notices carry names and numbers
/// for the subject line, never case data.
enum NoticeRules {
    static func follow(_ db: Database, _ event: AuditEvent) throws {
        guard let eventId = event.id, let record = event.recordId else { return }
        var recipients: [User] = []
        var kind: NoticeKind
        var params: [String: String] = [:]
        var link = ""
        let staff: [Role] = [.admin, .programmeOfficer]
        switch event.action {
        case "initiative.registered":
            guard let initiative = try Initiative.fetchOne(db, key: record) else { return }
            (kind, params, link) = (.initiativeRegistered, ["initiative": initiative.name], "/initiatives/\(record)")
            recipients = try NoticeStore.people(db, roles: staff)
        case "initiative.verified", "initiative.declined":
            guard let initiative = try Initiative.fetchOne(db, key: record) else { return }
            kind = event.action == "initiative.verified" ? .initiativeVerified : .initiativeDeclined
            (params, link) = (["initiative": initiative.name], "/initiatives/\(record)")
            recipients = try NoticeStore.coordinators(db, initiative: record)
        case "application.submitted":
            guard let application = try Application.fetchOne(db, key: record), let initiative = try Initiative.fetchOne(db, key: application.initiativeId)
            else { return }
            (kind, params, link) = (.applicationSubmitted, ["application": application.title, "initiative": initiative.name], "/applications/\(record)")
            recipients = try NoticeStore.people(db, roles: staff)
        case "application.approved", "application.rejected":
            guard let application = try Application.fetchOne(db, key: record) else { return }
            kind = event.action == "application.approved" ? .applicationApproved : .applicationRejected
            (params, link) = (["application": application.title], "/applications/\(record)")
            recipients = try NoticeStore.coordinators(db, initiative: application.initiativeId)
        case "report.accepted", "report.returned":
            guard let report = try ReportRequirement.fetchOne(db, key: record), let (grant, initiative) = try grantAndInitiative(db, report.grantId)
            else { return }
            kind = event.action == "report.accepted" ? .reportAccepted : .reportReturned
            (params, link) = (["grant": grant.publicId, "due": report.dueDate], "/reports/\(record)")
            recipients = try NoticeStore.coordinators(db, initiative: initiative)
        case "disbursement.proposed", "disbursement.paid":
            guard let disbursement = try Disbursement.fetchOne(db, key: record), let (grant, initiative) = try grantAndInitiative(db, disbursement.grantId)
            else { return }
            (params, link) = (["grant": grant.publicId], "/grants/\(disbursement.grantId)")
            if event.action == "disbursement.paid" {
                kind = .paymentMade
                recipients = try NoticeStore.coordinators(db, initiative: initiative)
            } else {
                kind = .paymentAwaitsApproval
                recipients = try NoticeStore.people(db, roles: [.financeOfficer])
            }
        case "review.assigned":
            guard let review = try Review.fetchOne(db, key: record), let reviewer = try User.fetchOne(db, key: review.reviewerId),
                let application = try Application.fetchOne(db, key: review.applicationId)
            else { return }
            (kind, params, link) = (.reviewAssigned, ["application": application.title], "/reviews/\(record)")
            recipients = [reviewer]
        case "message.posted":
            guard let message = try ConversationStore.find(db, id: record) else { return }
            let author = try message.authorId.flatMap { try User.fetchOne(db, key: $0) }
            params = ["variant": message.topic.rawValue, "author": author?.name ?? ""]
            switch message.topic {
            case .application:
                params["title"] = try Application.fetchOne(db, key: message.topicId)?.title ?? ""
            case .grant:
                params["title"] = try Grant.fetchOne(db, key: message.topicId)?.publicId ?? ""
            case .report:
                guard let report = try ReportRequirement.fetchOne(db, key: message.topicId), let grant = try Grant.fetchOne(db, key: report.grantId) else { return }
                (params["title"], params["due"]) = (grant.publicId, report.dueDate)
            }
            if message.side == .initiative, let initiative = try Initiative.fetchOne(db, key: message.initiativeId) {
                params["author"] = "\(params["author"] ?? "") (\(initiative.name))"
            }
            (kind, link) = (.messageReceived, message.topic.path(message.topicId))
            recipients = message.side == .staff
                ? try NoticeStore.coordinators(db, initiative: message.initiativeId) : try NoticeStore.people(db, roles: staff)
        default:
            return
        }
        for user in recipients where user.id != event.actorId {
            try NoticeStore.tell(db, user, kind, params: params, link: link, key: "event:\(eventId):\(user.id ?? 0)", now: event.at)
        }
    }

    /// A grant and the initiative that holds it.
    static func grantAndInitiative(_ db: Database, _ grant: Int64) throws -> (Grant, Int64)? {
        guard let grant = try Grant.fetchOne(db, key: grant), let application = try Application.fetchOne(db, key: grant.applicationId) else { return nil }
        return (grant, application.initiativeId)
    }
}
