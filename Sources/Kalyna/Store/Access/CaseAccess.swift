import GRDB

/// Who may see a case: the documenters and coordinator of the initiative that
/// registered it, and programme staff. Finance officers and reviewers see none
/// (the route table refuses them). The narrative opens only for programme
/// officers and the initiative's coordinator: not administrators, who manage
/// accounts, not cases.
enum CaseAccess {
    /// The member's verified initiative, for registering and listing.
    static func memberInitiative(_ user: User, _ db: Database) throws -> Initiative {
        guard user.role.isInitiativeMember, let id = user.initiativeId, let initiative = try InitiativeStore.find(db, id: id),
            initiative.status == .verified
        else { throw RecordRefusal.forbidden }
        return initiative
    }

    static func load(_ user: User, _ db: Database, id: Int64) throws -> CaseRecord {
        guard let record = try CaseRecord.fetchOne(db, key: id) else { throw RecordRefusal.missing }
        if user.role.isProgrammeStaff { return record }
        guard try memberInitiative(user, db).id == record.initiativeId else { throw RecordRefusal.forbidden }
        return record
    }

    /// Changes are the initiative's own: staff read, members write.
    static func loadForChange(_ user: User, _ db: Database, id: Int64) throws -> CaseRecord {
        guard let record = try CaseRecord.fetchOne(db, key: id) else { throw RecordRefusal.missing }
        guard try memberInitiative(user, db).id == record.initiativeId else { throw RecordRefusal.forbidden }
        return record
    }

    static func mayReadNarrative(_ user: User, _ record: CaseRecord) -> Bool {
        user.role == .programmeOfficer || (user.role == .coordinator && user.initiativeId == record.initiativeId)
    }
}
