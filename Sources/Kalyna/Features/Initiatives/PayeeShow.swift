import HTTPServer
import Templating

/// `POST /initiatives/:id/payee`: staff and finance open an initiative's payee
/// details (legal name, registration, bank). Opening them is a deliberate act
/// that goes on the audit trail, hence a form and not a link.
enum PayeeShow {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let user = try context.requireUser()
        let now = context.now
        let initiative = try context.write { try InitiativeStore.payee($0, by: user, id: id, now: now) }
        return try context.page(
            PayeePage(initiative: initiative, linkBack: user.role.isProgrammeStaff), title: context.t("payee_title", ["name": initiative.name]))
    }
}

/// An initiative's payee details, opened on purpose (and audited).
struct PayeePage: PageModel {
    static let template = "initiatives/payee"
    let initiative: Initiative
    /// Programme staff may go back to the initiative's page; finance has none.
    let linkBack: Bool

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        [
            "name": .string(initiative.name),
            "href": linkBack ? .string("/initiatives/\(initiative.id ?? 0)") : .null,
            "legalName": .string(initiative.legalName),
            "registrationNumber": .string(initiative.registrationNumber),
            "bankDetails": .string(initiative.bankDetails),
            "changed": TemplateValue(initiative.payeeChangedAt.map { context.format.date(CalendarDate($0)) }),
            "missing": .bool(initiative.legalName.isEmpty && initiative.registrationNumber.isEmpty && initiative.bankDetails.isEmpty),
        ]
    }
}
