import Foundation
import HTTPServer
import Templating

/// `GET /applications/:id/edit` and `POST /applications/:id`: the applicant's
/// draft. "Save" keeps whatever was typed, half-filled or not; "Submit" saves,
/// then checks everything and either submits or shows each error beside its
/// field. Budget lines are added and removed by buttons that post the form
/// back, so no script is needed.
enum ApplicationEdit {
    static func show(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let (loaded, lines) = try context.read { db in
            let loaded = try ApplicationAccess.loadDraft(try context.requireUser(), db, id: id)
            return (loaded, try ApplicationStore.lines(db, application: id))
        }
        var input = ApplicationStore.input(loaded.application, lines: lines)
        if input.lines.isEmpty { input.lines = [BudgetLineInput(category: "", description: "", amount: "")] }
        return try render(context, loaded, input: input, errors: FormErrors())
    }

    /// `answers`: the call's questions as typed; nil reads them as stored.
    static func render(
        _ context: RequestContext, _ loaded: ApplicationAccess.Loaded, input: ApplicationInput, answers typed: [Int64: [String]]? = nil,
        targets typedTargets: [Int64: String]? = nil, errors: FormErrors,
        message: String? = nil, status: Int = 200
    ) throws -> Response {
        let id = loaded.application.id ?? 0
        let (attachments, revises, questions, stored) = try context.read { db in
            (try AttachmentStore.list(db, application: id), try ApplicationStore.revised(db, by: loaded.application),
             try QuestionStore.list(db, call: loaded.call.id ?? 0), typed == nil ? try QuestionStore.answers(db, application: id) : [:])
        }
        let (indicators, storedTargets) = try context.read { db in
            (try IndicatorStore.list(db, call: loaded.call.id ?? 0), typedTargets == nil ? try IndicatorStore.targets(db, application: id) : [:])
        }
        let page = ApplicationFormPage(
            call: loaded.call, applicationId: id, input: input, errors: errors, message: message, questions: questions, answers: typed ?? stored,
            indicators: indicators, targets: typedTargets ?? storedTargets, attachments: attachments, revises: revises)
        return try context.page(page, title: context.t("application_edit_title"), status: status)
    }

    /// Reads the form as typed; text longer than any field allows is cut, never refused, for a draft.
    static func input(from form: FormData) -> ApplicationInput {
        var input = ApplicationInput()
        func text(_ name: String) -> String { String((form[name] ?? "").prefix(8000)) }
        input.title = text("title")
        input.summary = text("summary")
        input.objectives = text("objectives")
        input.activities = text("activities")
        input.targetGroup = text("target_group")
        input.plannedStart = text("planned_start")
        input.plannedEnd = text("planned_end")
        let categories = form.values("line_category"), descriptions = form.values("line_description"), amounts = form.values("line_amount")
        let count = min(50, max(categories.count, descriptions.count, amounts.count))
        input.lines = (0..<count).map { index in
            BudgetLineInput(
                category: index < categories.count ? categories[index] : "",
                description: String((index < descriptions.count ? descriptions[index] : "").prefix(300)),
                amount: String((index < amounts.count ? amounts[index] : "").prefix(30)))
        }
        return input
    }

    static func save(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let form = context.request.form
        var input = input(from: form)
        let action = form["action"] ?? "save"
        let (loaded, questions, indicators) = try context.read { db in
            let loaded = try ApplicationAccess.loadDraft(try context.requireUser(), db, id: id)
            return (loaded, try QuestionStore.list(db, call: loaded.call.id ?? 0), try IndicatorStore.list(db, call: loaded.call.id ?? 0))
        }
        var answers = QuestionFields.read(form, questions)
        var targets: [Int64: String] = [:]
        for indicator in indicators { targets[indicator.id ?? 0] = String((form["target_\(indicator.id ?? 0)"] ?? "").prefix(30)) }
        if action == "add_line" {
            input.lines.append(BudgetLineInput(category: "", description: "", amount: ""))
            return try render(context, loaded, input: input, answers: answers, targets: targets, errors: FormErrors())
        }
        if action.hasPrefix("remove_line_"), let index = Int(action.dropFirst("remove_line_".count)), input.lines.indices.contains(index) {
            input.lines.remove(at: index)
            if input.lines.isEmpty { input.lines = [BudgetLineInput(category: "", description: "", amount: "")] }
            return try render(context, loaded, input: input, answers: answers, targets: targets, errors: FormErrors())
        }
        let now = context.now
        let today = context.today
        let actor = context.user?.id
        let call = loaded.call
        let currency = call.currency
        let submitting = action == "submit"
        // A document chosen in the same form is added with the text, so that
        // nothing typed is lost to an upload; one we cannot take leaves the text saved.
        let (document, documentProblem) = ChosenDocument.read(context)
        // Documents chosen for the call's file questions, checked as every attachment is.
        var questionDocuments: [Int64: ChosenDocument] = [:]
        var questionProblem: String?
        for question in questions where question.kind == .file {
            let key = question.id ?? 0
            guard let file = context.request.files.first(where: { $0.field == "q_\(key)" && !$0.bytes.isEmpty }) else { continue }
            let name = AttachmentUpload.sanitized(file.filename)
            guard let kind = AttachmentKind.detect(file.bytes, filename: name) else { questionProblem = "attachment_type"; continue }
            questionDocuments[key] = ChosenDocument(name: name, kind: kind, bytes: file.bytes)
        }
        // The draft is saved first, whatever happens to the submission.
        let outcome = try context.write { db -> (errors: FormErrors, message: String?) in
            var current = try ApplicationAccess.loadDraft(try context.requireUser(), db, id: id).application
            try ApplicationStore.save(db, &current, input: input, currency: currency, now: now)
            // A file question's answer is one of this application's own documents, or a new one.
            let own = Set(try AttachmentStore.list(db, application: id).compactMap(\.id))
            for question in questions where question.kind == .file {
                let key = question.id ?? 0
                if let chosen = questionDocuments[key] {
                    var attachment = Attachment(
                        id: nil, applicationId: id, filename: chosen.name, contentType: chosen.contentType, size: chosen.bytes.count, uploadedBy: actor, uploadedAt: now)
                    try AttachmentStore.add(db, &attachment, bytes: chosen.bytes)
                    try Audit.record(db, actor: actor, "attachment.added", "application", id, detail: "attachment #\(attachment.id ?? 0)", at: now)
                    answers[key] = [String(attachment.id ?? 0)]
                } else if let given = answers[key]?.first.flatMap(Int64.init), !own.contains(given) {
                    answers[key] = []
                }
            }
            try QuestionStore.saveAnswers(db, application: id, call: call.id ?? 0, answers)
            try IndicatorStore.saveTargets(db, application: id, call: call.id ?? 0, targets)
            if let document {
                guard try AttachmentStore.list(db, application: id).count < AttachmentUpload.maxFiles else {
                    try Audit.record(db, actor: actor, "application.saved", "application", id, at: now)
                    return (FormErrors(), "attachment_too_many")
                }
                var attachment = Attachment(
                    id: nil, applicationId: id, filename: document.name, contentType: document.contentType,
                    size: document.bytes.count, uploadedBy: actor, uploadedAt: now)
                try AttachmentStore.add(db, &attachment, bytes: document.bytes)
                try Audit.record(db, actor: actor, "attachment.added", "application", id, detail: "attachment #\(attachment.id ?? 0)", at: now)
            }
            if let problem = documentProblem ?? questionProblem {
                try Audit.record(db, actor: actor, "application.saved", "application", id, at: now)
                return (FormErrors(), problem)
            }
            guard submitting else {
                try Audit.record(db, actor: actor, "application.saved", "application", id, at: now)
                return (FormErrors(), nil)
            }
            guard let freshCall = try CallStore.find(db, id: call.id ?? 0), freshCall.acceptsSubmissions(on: today),
                let opens = freshCall.opens, let closes = freshCall.closes
            else {
                return (FormErrors(), "application_call_closed")
            }
            var errors = input.submissionErrors(call: opens, closes: closes, currency: currency, maxGrant: freshCall.maxGrant)
            // The call's own questions, as they stand in this transaction.
            for question in try QuestionStore.list(db, call: freshCall.id ?? 0) {
                if let problem = QuestionRules.problem(question, answers[question.id ?? 0] ?? []) { errors.add("q_\(question.id ?? 0)", problem) }
            }
            for indicator in try IndicatorStore.list(db, call: freshCall.id ?? 0) {
                if let problem = IndicatorRules.problem(targets[indicator.id ?? 0] ?? "") { errors.add("target_\(indicator.id ?? 0)", problem) }
            }
            guard errors.isEmpty else { return (errors, nil) }
            try ApplicationStore.markSubmitted(db, &current, call: freshCall.id ?? 0, by: actor, now: now)
            return (FormErrors(), nil)
        }
        if outcome.errors.isEmpty && outcome.message == nil {
            throw Redirect(
                submitting ? "/applications/\(id)?notice=submitted"
                    : "/applications/\(id)/edit?notice=\(document == nil ? "draft_saved" : "attachment_added")")
        }
        if input.lines.isEmpty { input.lines = [BudgetLineInput(category: "", description: "", amount: "")] }
        return try render(
            context, loaded, input: input, answers: answers, targets: targets, errors: outcome.errors, message: outcome.message.map { context.t($0, ["size": UploadLimit.text(context)]) },
            status: 422)
    }
}

/// The applicant's draft: what she typed (or saved), a message per field, the
/// call's questions and indicators, budget lines and documents.
struct ApplicationFormPage: PageModel {
    static let template = "applications/edit"
    let call: Call
    let applicationId: Int64
    let input: ApplicationInput
    let errors: FormErrors
    /// A message for the whole form (the call has closed, a document was refused), already in her language.
    let message: String?
    let questions: [CallQuestion]
    let answers: [Int64: [String]]
    let indicators: [CallIndicator]
    let targets: [Int64: String]
    let attachments: [Attachment]
    /// The refused application this one revises, and why it was refused.
    let revises: (id: Int64, reason: String?)?

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let values = [
            "title": input.title, "summary": input.summary, "objectives": input.objectives, "activities": input.activities,
            "target_group": input.targetGroup, "planned_start": input.plannedStart, "planned_end": input.plannedEnd,
        ]
        let form = FormView(context, values: values, errors: errors)
        let id = applicationId
        let money = call.currency
        let maxGrant = context.format.money(Money(minorUnits: call.maxGrant, currency: money))
        let categories = ApplicationInput.categories.map { ($0, context.t("budget_category_\($0)")) }
        let lines: [TemplateValue] = input.lines.enumerated().map { index, line in
            [
                "index": .int(index), "number": .int(index + 1),
                "categories": .list([["value": "", "label": .string(context.t("select_placeholder")), "selected": .bool(line.category.isEmpty)]]
                    + categories.map { ["value": .string($0.0), "label": .string($0.1), "selected": .bool($0.0 == line.category)] }),
                "description": .string(line.description), "amount": .string(line.amount),
                "categoryError": TemplateValue(errors["line_\(index)_category"].map { context.t($0) }),
                "descriptionError": TemplateValue(errors["line_\(index)_description"].map { context.t($0) }),
                "amountError": TemplateValue(errors["line_\(index)_amount"].map { context.t($0) }),
            ]
        }
        return [
            "id": .int(Int(id)),
            "callTitle": .string(call.title(context.lang)),
            "callHref": .string("/calls/\(call.id ?? 0)"),
            "maxGrant": .string(maxGrant),
            "closes": .string(context.t("call_closes_at", [
                "date": call.closes.map(context.format.date) ?? call.closesOn, "zone": context.app.config.timeZone,
            ])),
            "currency": .string(money.code),
            "total": .string(context.format.money(Money(minorUnits: input.total(currency: money), currency: money))),
            "message": TemplateValue(message),
            "summary": form.summary,
            "fields": .list([
                form.field("title", label: context.t("field_application_title")),
                form.textarea("summary", label: context.t("field_summary"), required: true, maxLength: 2000),
                form.textarea("objectives", label: context.t("field_objectives"), required: true),
                form.textarea("activities", label: context.t("field_activities"), required: true),
                form.textarea("target_group", label: context.t("field_target_group"), required: true, maxLength: 2000),
                form.field("planned_start", label: context.t("field_planned_start"), type: "date", maxLength: 10),
                form.field("planned_end", label: context.t("field_planned_end"), type: "date", maxLength: 10),
            ]),
            "questions": QuestionFields.fields(
                questions, answers: answers, files: Dictionary(attachments.map { ($0.id ?? 0, $0.filename) }, uniquingKeysWith: { first, _ in first }),
                errors: errors, context),
            "hasQuestions": .bool(!questions.isEmpty),
            "targets": .list(indicators.map { indicator in
                let name = "target_\(indicator.id ?? 0)"
                return [
                    "id": .string("target-\(indicator.id ?? 0)"), "name": .string(name),
                    "label": .string(indicator.name(context.lang) + (indicator.unit.isEmpty ? "" : " (\(indicator.unit))")),
                    "value": .string(targets[indicator.id ?? 0] ?? ""), "error": TemplateValue(errors[name].map { context.t($0) }),
                ]
            }),
            "hasTargets": .bool(!indicators.isEmpty),
            "lines": .list(lines),
            "linesError": TemplateValue(errors["lines"].map { context.t($0, ["max": maxGrant]) }),
            "attachments": .list(attachments.map {
                ["name": .string($0.filename), "fileId": .int(Int($0.id ?? 0)), "applicationId": .int(Int(id)),
                 "href": .string("/applications/\(id)/attachments/\($0.id ?? 0)"),
                 "preview": FilePreview.value(href: "/applications/\(id)/attachments/\($0.id ?? 0)", contentType: $0.contentType)]
            }),
            "revises": revises.map { earlier -> TemplateValue in
                [
                    "href": .string("/applications/\(earlier.id)"), "number": .string(ApplicationReceipt.number(earlier.id)),
                    "reason": TemplateValue(earlier.reason),
                ]
            } ?? .null,
            "accept": .string(AttachmentKind.acceptAttribute),
            "uploadLimit": .string(context.t("hint_file_limit", ["size": UploadLimit.text(context)])),
        ]
    }
}
