import Foundation
import HTTPServer
import Templating

/// `GET /applications/:id`: the application read-only, with what the viewer
/// may do: the applicant edits her draft or withdraws; staff assign reviewers
/// and decide.
enum ApplicationShow {
    static func handle(_ context: RequestContext) throws -> Response {
        try render(context, id: try context.id())
    }

    static func render(_ context: RequestContext, id: Int64, decision: FormView? = nil, status: Int = 200) throws -> Response {
        var data: [String: TemplateValue] = ["receipt": .null, "applicant": .null, "staff": .null]
        let title = try context.read { db -> String in
            let loaded = try ApplicationAccess.load(try context.requireUser(), db, id: id)
            let application = loaded.application
            let files = try AttachmentStore.list(db, application: id)
            // Staff do not read drafts, so a draft has no conversation yet.
            data["conversation"] = application.status == .draft ? .null : ConversationLink.value(
                context, .application, id, recordInitiative: application.initiativeId, count: try ConversationStore.count(db, .application, id))
            data["application"] = QuestionFields.adding(
                to: ApplicationView.details(loaded, lines: try ApplicationStore.lines(db, application: id), attachments: files, context),
                try QuestionStore.list(db, for: application), answers: try QuestionStore.answers(db, application: id), files: files, context)
            if loaded.isApplicant, let submitted = application.submittedAt, application.status != .draft {
                // What she can keep as proof of what was sent, and when.
                data["receipt"] = [
                    "number": .string(ApplicationReceipt.number(id)),
                    "received": .string(context.localTime(submitted)),
                    "sent": .string(context.t("receipt_sent_summary", [
                        "title": application.title,
                        "amount": context.format.money(Money(minorUnits: application.amountRequested, currency: loaded.call.currency)),
                        "files": context.format.number(files.count),
                    ])),
                ]
            }
            data["grantHref"] = try GrantStore.id(forApplication: id, db).map { .string("/grants/\($0)") } ?? .null
            // A declined application and its revision point to each other.
            let revision = try ApplicationStore.revision(db, of: id)
            data["revisionHref"] = revision.map { .string("/applications/\($0)") } ?? .null
            data["revises"] = try ApplicationStore.revised(db, by: application).map { earlier -> TemplateValue in
                [
                    "href": .string("/applications/\(earlier.id)"), "number": .string(ApplicationReceipt.number(earlier.id)),
                    "reason": TemplateValue(earlier.reason),
                ]
            } ?? .null
            if loaded.isApplicant {
                let declined = application.status == .rejected && revision == nil
                data["applicant"] = [
                    "canEdit": .bool(application.status == .draft),
                    "canWithdraw": .bool(application.status.canWithdraw),
                    "canResubmit": .bool(declined && loaded.call.acceptsSubmissions(on: context.today)),
                    "callClosed": .bool(declined && !loaded.call.acceptsSubmissions(on: context.today)),
                ]
            }
            if loaded.isStaff {
                data["staff"] = staffPanel(try ReviewStore.panel(db, application: id, call: loaded.call.id ?? 0), loaded, decision: decision, context)
            }
            return application.title.isEmpty ? context.t("application_untitled") : application.title
        }
        return try context.page("applications/show", title: title, data, status: status)
    }

    /// Reviews with their weighted averages, the reviewer picker, the decision.
    static func staffPanel(_ panel: ReviewStore.Panel, _ loaded: ApplicationAccess.Loaded, decision: FormView?, _ context: RequestContext) -> TemplateValue {
        let application = loaded.application
        let (reviews, averages, reviewers, names) = (panel.reviews, panel.averages, panel.candidates, panel.names)
        let assigned = Set(reviews.map(\.reviewerId))
        let remaining = loaded.call.totalBudget - panel.awarded
        let money = loaded.call.currency
        let form = decision ?? FormView(context, values: ["amount": Money(minorUnits: min(application.amountRequested, max(remaining, 0)), currency: money).plainDecimal])
        return [
            "reviews": .list(reviews.map { review in
                let state = review.conflict == true ? "review_state_conflict" : review.submittedAt != nil ? "review_state_done" : review.conflict == false ? "review_state_scoring" : "review_state_undeclared"
                return [
                    "reviewer": .string(names[review.reviewerId] ?? "?"),
                    "state": .string(context.t(state)),
                    "average": averages[review.id ?? 0].map { .string(context.format.score($0)) } ?? .null,
                    "comment": review.submittedAt != nil ? .string(review.comment) : .null,
                ]
            }),
            "average": Scoring.mean(Array(averages.values)).map { .string(context.format.score($0)) } ?? .null,
            "reviewerOptions": .list(reviewers.filter { !assigned.contains($0.id ?? 0) }.map { ["value": .int(Int($0.id ?? 0)), "label": .string($0.name)] }),
            "canAssign": .bool(application.status.awaitsDecision),
            "canDecide": .bool(application.status.awaitsDecision),
            "remaining": .string(context.format.money(Money(minorUnits: remaining, currency: money))),
            "amount": form.field("amount", label: context.t("field_award_amount", ["currency": money.code]), hint: context.t("hint_amount"), maxLength: 20),
            "reason": form.textarea("reason", label: context.t("field_reject_reason"), required: true, maxLength: 4000),
            "decisionSummary": form.summary,
        ]
    }
}
