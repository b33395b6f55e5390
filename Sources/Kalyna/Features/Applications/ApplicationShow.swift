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

    /// `decision`: the award or refusal as typed, sent back with its messages.
    static func render(
        _ context: RequestContext, id: Int64, decision: (values: [String: String], errors: FormErrors)? = nil, status: Int = 200
    ) throws -> Response {
        let user = try context.requireUser()
        let page = try context.read { db in
            let loaded = try ApplicationAccess.load(user, db, id: id)
            let application = loaded.application
            let revision = try ApplicationStore.revision(db, of: id)
            return ApplicationPage(
                loaded: loaded, lines: try ApplicationStore.lines(db, application: id), files: try AttachmentStore.list(db, application: id),
                questions: try QuestionStore.list(db, for: application), answers: try QuestionStore.answers(db, application: id),
                // Staff do not read drafts, so a draft has no conversation yet.
                messages: application.status == .draft ? nil : try ConversationStore.count(db, .application, id),
                grant: try GrantStore.id(forApplication: id, db), revision: revision, revises: try ApplicationStore.revised(db, by: application),
                panel: loaded.isStaff ? try ReviewStore.panel(db, application: id, call: loaded.call.id ?? 0) : nil,
                decision: decision, today: context.today)
        }
        let title = page.loaded.application.title
        return try context.page(page, title: title.isEmpty ? context.t("application_untitled") : title, status: status)
    }

    /// Reviews with their weighted averages, the reviewer picker, the decision.
    static func staffPanel(
        _ panel: ReviewStore.Panel, _ loaded: ApplicationAccess.Loaded, decision: (values: [String: String], errors: FormErrors)?, _ context: RequestContext
    ) -> TemplateValue {
        let application = loaded.application
        let (reviews, averages, reviewers, names) = (panel.reviews, panel.averages, panel.candidates, panel.names)
        let assigned = Set(reviews.map(\.reviewerId))
        let remaining = loaded.call.totalBudget - panel.awarded
        let money = loaded.call.currency
        let form = decision.map { FormView(context, values: $0.values, errors: $0.errors) }
            ?? FormView(context, values: ["amount": Money(minorUnits: min(application.amountRequested, max(remaining, 0)), currency: money).plainDecimal])
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

/// An application read-only, with what the viewer may do: the applicant edits
/// her draft, withdraws or revises a declined one and keeps her receipt; staff
/// see the reviews, assign reviewers and decide.
struct ApplicationPage: PageModel {
    static let template = "applications/show"
    let loaded: ApplicationAccess.Loaded
    let lines: [BudgetLine]
    let files: [Attachment]
    let questions: [CallQuestion]
    let answers: [Int64: [String]]
    /// Messages in its conversation; nil while it is a draft.
    let messages: Int?
    let grant: Int64?
    /// Her revision of it, once declined.
    let revision: Int64?
    /// The declined application it revises, and why that one was declined.
    let revises: (id: Int64, reason: String?)?
    /// For staff: the reviews and who may review.
    let panel: ReviewStore.Panel?
    let decision: (values: [String: String], errors: FormErrors)?
    let today: CalendarDate

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let application = loaded.application
        let id = application.id ?? 0
        var data: [String: TemplateValue] = [
            "receipt": .null, "applicant": .null, "staff": .null,
            "conversation": messages.map { ConversationLink.value(context, .application, id, recordInitiative: application.initiativeId, count: $0) } ?? .null,
            "application": QuestionFields.adding(
                to: ApplicationView.details(loaded, lines: lines, attachments: files, context), questions, answers: answers, files: files, context),
            "grantHref": grant.map { .string("/grants/\($0)") } ?? .null,
            "revisionHref": revision.map { .string("/applications/\($0)") } ?? .null,
            "revises": revises.map { earlier -> TemplateValue in
                [
                    "href": .string("/applications/\(earlier.id)"), "number": .string(ApplicationReceipt.number(earlier.id)),
                    "reason": TemplateValue(earlier.reason),
                ]
            } ?? .null,
        ]
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
        if loaded.isApplicant {
            let declined = application.status == .rejected && revision == nil
            data["applicant"] = [
                "canEdit": .bool(application.status == .draft),
                "canWithdraw": .bool(application.status.canWithdraw),
                "canResubmit": .bool(declined && loaded.call.acceptsSubmissions(on: today)),
                "callClosed": .bool(declined && !loaded.call.acceptsSubmissions(on: today)),
            ]
        }
        if let panel { data["staff"] = ApplicationShow.staffPanel(panel, loaded, decision: decision, context) }
        return data
    }
}
