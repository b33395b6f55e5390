import Foundation
import GRDB

/// One acceptance of a grant agreement, as recorded.
struct AgreementAcceptance: Sendable {
    let name: String
    let language: String
    let text: String
    let terms: String
    let address: String
    let acceptedAt: Date
}

enum AgreementStore {
    /// The grant's terms as they stand now (`GrantAgreement.terms`).
    static func terms(_ db: Database, grant: Grant) throws -> String {
        let currency = grant.currency
        guard let start = CalendarDate(iso: grant.periodStart), let end = CalendarDate(iso: grant.periodEnd) else {
            throw UnreadableValue(column: "grant.period", value: grant.periodStart + ".." + grant.periodEnd)
        }
        let tranches = try GrantStore.tranches(db, grant: grant.id ?? 0).filter { !$0.cancelled }.map { tranche in
            (amount: Money(minorUnits: tranche.plannedAmount, currency: currency), date: CalendarDate(iso: tranche.plannedDate) ?? start)
        }
        let reports = try GrantStore.requirements(db, grant: grant.id ?? 0).map { (kind: $0.kind.rawValue, due: CalendarDate(iso: $0.dueDate) ?? end) }
        return GrantAgreement.terms(amount: Money(minorUnits: grant.amountAwarded, currency: currency), start: start, end: end, tranches: tranches, reports: reports)
    }

    static func latest(_ db: Database, grant: Int64) throws -> AgreementAcceptance? {
        try Row.fetchOne(
            db, sql: "SELECT name, language, text, terms, address, accepted_at FROM grant_acceptance WHERE grant_id = ? ORDER BY id DESC LIMIT 1",
            arguments: [grant]
        ).map {
            AgreementAcceptance(
                name: try $0.value(0, "name"), language: try $0.value(1, "language"), text: try $0.value(2, "text"), terms: try $0.value(3, "terms"),
                address: try $0.value(4, "address"), acceptedAt: try $0.value(5, "accepted_at"))
        }
    }

    /// Where the grant stands, and its last acceptance.
    static func standing(_ db: Database, grant: Grant, call: Call) throws -> (standing: GrantAgreement.Standing, terms: String, last: AgreementAcceptance?) {
        guard call.hasAgreement else { return (.notRequired, "", nil) }
        let terms = try terms(db, grant: grant)
        let last = try latest(db, grant: grant.id ?? 0)
        return (GrantAgreement.standing(callHasText: call.hasAgreement, acceptedTerms: last?.terms, currentTerms: terms), terms, last)
    }

    /// Records the coordinator's acceptance of `text`, shown with the terms
    /// whose hash is `shownTerms`. Checked here, in the write: the schedule may
    /// have changed since she read it, and then she must read it again.
    static func accept(
        _ db: Database, _ loaded: GrantAccess.Loaded, user: User, name: String, text: String, language: String, address: String,
        shownTerms: String, now: Date
    ) throws {
        guard loaded.isHolder else { throw RecordRefusal.forbidden }
        guard loaded.grant.status == .active else { throw RecordRefusal.wrongState }
        let (standing, terms, _) = try standing(db, grant: loaded.grant, call: loaded.call)
        guard case .awaiting = standing, Tokens.hash(terms) == shownTerms else { throw RecordRefusal.wrongState }
        try db.execute(
            sql: "INSERT INTO grant_acceptance (grant_id, terms, text, language, name, user_id, address, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [loaded.grant.id, terms, text, language, name, user.id, address, now])
        try Audit.record(db, actor: user.id, "agreement.accepted", "grant", loaded.grant.id, detail: "by \(name) from \(address)", at: now)
    }

    /// Money moves only under an accepted agreement (when the call has one).
    static func requirePaymentAllowed(_ db: Database, grant: Grant) throws {
        guard let application = try ApplicationStore.find(db, id: grant.applicationId), let call = try CallStore.find(db, id: application.callId) else { return }
        guard GrantAgreement.allowsPayment(try standing(db, grant: grant, call: call).standing) else { throw GrantActionError.agreementNotAccepted }
    }
}
