import GRDB

/// Officers are seen by programme staff and administrators, and by coordinators
/// for their own country (to thank an officer already known). Officers are never
/// linked to cases, and are named in public only with their consent.
enum OfficerAccess {
    static func isStaff(_ context: RequestContext) -> Bool {
        context.user.map { $0.role == .admin || $0.role == .programmeOfficer } ?? false
    }

    /// The coordinator's verified initiative, or 403.
    static func coordinatorInitiative(_ context: RequestContext, _ db: Database) throws -> Initiative {
        let user = try context.requireUser()
        guard user.role == .coordinator, let id = user.initiativeId, let initiative = try InitiativeStore.find(db, id: id),
            initiative.status == .verified
        else { throw HTTPError.forbidden }
        return initiative
    }

    static func load(_ context: RequestContext, _ db: Database, id: Int64) throws -> Officer {
        guard let officer = try OfficerStore.find(db, id: id) else { throw HTTPError.notFound }
        if isStaff(context) { return officer }
        let initiative = try coordinatorInitiative(context, db)
        guard officer.country == initiative.country else { throw HTTPError.forbidden }
        return officer
    }
}
