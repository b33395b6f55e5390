import GRDB

/// Officers are seen by programme staff and administrators, and by coordinators
/// for their own country (to thank an officer already known). Officers are never
/// linked to cases, and are named in public only with their consent.
enum OfficerAccess {
    /// The coordinator's verified initiative, or 403.
    static func coordinatorInitiative(_ user: User, _ db: Database) throws -> Initiative {
        guard user.role == .coordinator, let id = user.initiativeId, let initiative = try InitiativeStore.find(db, id: id),
            initiative.status == .verified
        else { throw RecordRefusal.forbidden }
        return initiative
    }

    static func load(_ user: User, _ db: Database, id: Int64) throws -> Officer {
        guard let officer = try OfficerStore.find(db, id: id) else { throw RecordRefusal.missing }
        if user.role.isProgrammeStaff { return officer }
        let initiative = try coordinatorInitiative(user, db)
        guard officer.country == initiative.country else { throw RecordRefusal.forbidden }
        return officer
    }
}
