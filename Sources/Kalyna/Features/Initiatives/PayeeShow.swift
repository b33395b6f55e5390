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
        let missing = initiative.legalName.isEmpty && initiative.registrationNumber.isEmpty && initiative.bankDetails.isEmpty
        return try context.page(
            "initiatives/payee", title: context.t("payee_title", ["name": initiative.name]),
            [
                "name": .string(initiative.name),
                "href": user.role.isProgrammeStaff ? .string("/initiatives/\(id)") : .null,
                "legalName": .string(initiative.legalName),
                "registrationNumber": .string(initiative.registrationNumber),
                "bankDetails": .string(initiative.bankDetails),
                "changed": TemplateValue(initiative.payeeChangedAt.map { context.format.date(CalendarDate($0)) }),
                "missing": .bool(missing),
            ])
    }
}
