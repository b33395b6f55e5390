import Foundation
import HTTPServer
import Templating

/// `GET /grants/:id/agreement`: the grant's agreement with its figures, for
/// whoever may see the grant; printable on A4. The coordinator accepts it
/// here while it awaits her (again, after a change of schedule).
enum GrantAgreementShow {
    static func handle(_ context: RequestContext) throws -> Response {
        try render(context, id: try context.id())
    }

    static func render(_ context: RequestContext, id: Int64, form: TypedForm = TypedForm(), status: Int = 200) throws -> Response {
        let user = try context.requireUser()
        let page = try context.read { db -> AgreementPage in
            let loaded = try GrantAccess.load(user, db, id: id)
            guard loaded.call.hasAgreement else { throw RecordRefusal.missing }
            let tranches = try GrantStore.tranches(db, grant: id)
            let reports = try GrantStore.requirements(db, grant: id)
            let (standing, terms, last) = try AgreementStore.standing(db, grant: loaded.grant, call: loaded.call)
            return AgreementPage(
                loaded: loaded, text: try AgreementText.render(loaded, tranches: tranches, reports: reports, context) ?? "", standing: standing,
                termsHash: Tokens.hash(terms), last: last, form: form)
        }
        return try context.page(page, title: context.t("agreement_title", ["grant": page.loaded.grant.publicId]), status: status)
    }
}

/// What the agreement page shows, typed.
struct AgreementPage: PageModel {
    static let template = "grants/agreement"
    let loaded: GrantAccess.Loaded
    let text: String
    let standing: GrantAgreement.Standing
    let termsHash: String
    let last: AgreementAcceptance?
    /// Her name as typed to accept, sent back with its errors.
    let form: TypedForm

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let form = self.form.view(context)
        let awaiting: Bool, changed: Bool
        switch standing {
        case .awaiting(let since): (awaiting, changed) = (true, since)
        default: (awaiting, changed) = (false, false)
        }
        return [
            "heading": .string(context.t("agreement_title", ["grant": loaded.grant.publicId])),
            "grantHref": .string("/grants/\(loaded.grant.id ?? 0)"),
            "initiative": .string(loaded.initiative.name),
            "paragraphs": .list(text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { .string(String($0)) }),
            "accepted": last.map { acceptance -> TemplateValue in
                .string(context.t(awaiting ? "agreement_accepted_before" : "agreement_accepted_by", [
                    "name": acceptance.name, "when": context.localTime(acceptance.acceptedAt), "address": acceptance.address,
                ]))
            } ?? .null,
            "awaiting": .bool(awaiting),
            "changed": .bool(changed),
            "canAccept": .bool(awaiting && loaded.isHolder && loaded.grant.status == .active),
            "action": .string("/grants/\(loaded.grant.id ?? 0)/agreement"),
            "terms": .string(termsHash),
            "summary": form.summary,
            "name": form.field("name", label: context.t("agreement_name"), autocomplete: "name", hint: context.t("agreement_name_hint")),
            "confirmError": TemplateValue(form.errors["confirm"].map { context.t($0) }),
        ]
    }
}
