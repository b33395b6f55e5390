import Foundation
import GRDB

/// A local group of women: applies for grants, registers cases, thanks officers.
public struct Initiative: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var name: String
    public var country: String
    public var city: String
    public var legalForm: LegalForm
    public var description: String
    public var contact: String
    public var status: InitiativeStatus
    public var declineReason: String?
    public var createdAt: Date
    public var decidedAt: Date?
    public var publicListing: PublicListing = .hidden
    public var legalName: String = ""
    public var registrationNumber: String = ""
    public var bankDetails: String = ""
    public var payeeChangedAt: Date?
    public var changedSinceVerification: Bool = false

    public static let databaseTableName = "initiative"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

enum InitiativeStore {
    static func find(_ db: Database, id: Int64) throws -> Initiative? {
        try Initiative.fetchOne(db.cachedStatement(sql: "SELECT * FROM initiative WHERE id = ?"), arguments: [id])
    }

    /// One page of initiatives, optionally in one status, newest first.
    /// "Pending" includes verified initiatives whose key details changed: both wait for staff.
    static func page(_ db: Database, status: InitiativeStatus?, offset: Int, limit: Int) throws -> (initiatives: [Initiative], total: Int) {
        var request = Initiative.all()
        if let status {
            request = status == .pending
                ? request.filter(Column("status") == status.rawValue || Column("changed_since_verification") == true)
                : request.filter(Column("status") == status.rawValue)
        }
        let total = try request.fetchCount(db)
        let rows = try request.order(Column("created_at").desc, Column("id").desc).limit(limit, offset: offset).fetchAll(db)
        return (rows, total)
    }
}

extension Initiative {
    var details: InitiativeDetails {
        InitiativeDetails(
            name: name, country: country, city: city, legalForm: legalForm, description: description, contact: contact,
            publicListing: publicListing, legalName: legalName, registrationNumber: registrationNumber, bankDetails: bankDetails)
    }
}

extension InitiativeStore {
    /// The coordinator saves her initiative's details; the access check, the
    /// change of standing and the audit line are in one transaction.
    static func saveDetails(_ db: Database, by user: User, id: Int64, _ details: InitiativeDetails, now: Date) throws -> InitiativeDetails.Effect {
        var initiative = try InitiativeAccess.loadOwn(user, db, id: id)
        let old = initiative.details
        let effect = details.effect(replacing: old, status: initiative.status)
        initiative.name = details.name
        initiative.country = details.country
        initiative.city = details.city
        initiative.legalForm = details.legalForm
        initiative.description = details.description
        initiative.contact = details.contact
        initiative.publicListing = details.publicListing
        initiative.legalName = details.legalName
        initiative.registrationNumber = details.registrationNumber
        initiative.bankDetails = details.bankDetails
        if details.payeeDiffers(from: old) { initiative.payeeChangedAt = now }
        switch effect {
        case .resubmitted:
            // The earlier reason stays on the record for staff to compare.
            initiative.status = .pending
        case .toReverify:
            initiative.changedSinceVerification = true
        case .saved:
            break
        }
        try initiative.update(db)
        var changed: [String] = []
        if details.keyFieldsDiffer(from: old) { changed.append("key details") }
        if details.payeeDiffers(from: old) { changed.append("payee details") }
        if details.publicListing != old.publicListing { changed.append("public_listing=\(details.publicListing.rawValue)") }
        try Audit.record(
            db, actor: user.id, effect == .resubmitted ? "initiative.resubmitted" : "initiative.updated", "initiative", id,
            detail: changed.joined(separator: ", "), at: now)
        return effect
    }

    /// Payee details for finance: every read is on the audit trail.
    static func payee(_ db: Database, by user: User, id: Int64, now: Date) throws -> Initiative {
        guard user.role.isProgrammeStaff || user.role == .financeOfficer else { throw RecordRefusal.forbidden }
        guard let initiative = try find(db, id: id) else { throw RecordRefusal.missing }
        try Audit.record(db, actor: user.id, "initiative.payee_read", "initiative", id, at: now)
        return initiative
    }
}

extension InitiativeStore {
    /// Records staff's decision on a pending registration (or on changed key
    /// details), with its audit line; a refusal when there is nothing to decide.
    static func decide(_ db: Database, id: Int64, _ status: InitiativeStatus, reason: String?, by user: User, now: Date) throws {
        var initiative = try InitiativeAccess.load(user, db, id: id)
        guard initiative.status == .pending || (initiative.status == .verified && initiative.changedSinceVerification) else {
            throw RecordRefusal.wrongState
        }
        initiative.status = status
        initiative.changedSinceVerification = false
        initiative.declineReason = reason
        initiative.decidedAt = now
        try initiative.update(db)
        try Audit.record(db, actor: user.id, "initiative.\(status.rawValue)", "initiative", id, at: now)
    }
}
