import HTTPServer
import Templating

/// `GET /initiatives/:id/edit` and `POST /initiatives/:id`: the coordinator
/// keeps her initiative's details, chooses how it appears in published data and
/// gives what finance needs to pay it. Saving a declined registration sends it
/// back to staff; changing what staff verified marks it for them to verify again.
enum InitiativeEdit {
    static func show(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let initiative = try context.read { try InitiativeAccess.loadOwn(try context.requireUser(), $0, id: id) }
        return try render(context, initiative, values: InitiativeFields.values(initiative))
    }

    static func render(
        _ context: RequestContext, _ initiative: Initiative, values: [String: String], errors: FormErrors = FormErrors(), status: Int = 200
    ) throws -> Response {
        try context.page(InitiativeFormPage(initiative: initiative, values: values, errors: errors), title: context.t("initiative_edit_title"), status: status)
    }

    static func save(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let user = try context.requireUser()
        let form = context.request.form
        var errors = FormErrors()
        guard let details = InitiativeFields.readDetails(form, into: &errors) else {
            let initiative = try context.read { try InitiativeAccess.loadOwn(user, $0, id: id) }
            var values: [String: String] = [:]
            for pair in form.pairs where pair.name != "_csrf" { values[pair.name] = pair.value }
            return try render(context, initiative, values: values, errors: errors, status: 422)
        }
        let now = context.now
        let effect = try context.write { try InitiativeStore.saveDetails($0, by: user, id: id, details, now: now) }
        let notice: String
        switch effect {
        case .saved: notice = "saved"
        case .resubmitted: notice = "initiative_resubmitted"
        case .toReverify: notice = "initiative_to_reverify"
        }
        throw Redirect("/initiatives/\(id)?notice=\(notice)")
    }
}

/// The coordinator's own initiative: its details, how it appears in published
/// data and what finance needs, as typed, with a message per field.
struct InitiativeFormPage: PageModel {
    static let template = "initiatives/edit"
    let initiative: Initiative
    let values: [String: String]
    let errors: FormErrors

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let form = FormView(context, values: values, errors: errors)
        return [
            "id": .int(Int(initiative.id ?? 0)),
            "summary": form.summary,
            "declined": .bool(initiative.status == .declined),
            "declineReason": TemplateValue(initiative.declineReason),
            "verified": .bool(initiative.status == .verified),
            "fields": .list(InitiativeFields.fields(form, context)),
            "listing": InitiativeFields.listingField(form, context),
            "payeeFields": .list(InitiativeFields.payeeFields(form, context)),
        ]
    }
}
