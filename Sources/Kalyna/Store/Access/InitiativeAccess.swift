import GRDB

/// Who may see an initiative's page: programme staff and administrators, and
/// the initiative's own members. Everyone else gets 403, whatever the route
/// table allowed.
enum InitiativeAccess {
    static func load(_ user: User, _ db: Database, id: Int64) throws -> Initiative {
        guard let initiative = try InitiativeStore.find(db, id: id) else { throw RecordRefusal.missing }
        let staff = user.role.isProgrammeStaff
        guard staff || (user.role.isInitiativeMember && user.initiativeId == id) else { throw RecordRefusal.forbidden }
        return initiative
    }

    static func isCoordinator(_ user: User, of initiative: Initiative) -> Bool {
        user.role == .coordinator && user.initiativeId == initiative.id
    }
}

extension InitiativeAccess {
    /// Only the initiative's own coordinator changes its details.
    static func loadOwn(_ user: User, _ db: Database, id: Int64) throws -> Initiative {
        let initiative = try load(user, db, id: id)
        guard isCoordinator(user, of: initiative) else { throw RecordRefusal.forbidden }
        return initiative
    }
}
