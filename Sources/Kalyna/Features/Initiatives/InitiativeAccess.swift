import GRDB

/// Who may see an initiative's page: programme staff and administrators, and
/// the initiative's own members. Everyone else gets 403, whatever the route
/// table allowed.
enum InitiativeAccess {
    static func load(_ context: RequestContext, _ db: Database, id: Int64) throws -> Initiative {
        let user = try context.requireUser()
        guard let initiative = try InitiativeStore.find(db, id: id) else { throw HTTPError.notFound }
        let staff = user.role == .admin || user.role == .programmeOfficer
        guard staff || (user.role.isInitiativeMember && user.initiativeId == id) else { throw HTTPError.forbidden }
        return initiative
    }

    static func isCoordinator(_ context: RequestContext, of initiative: Initiative) -> Bool {
        context.user?.role == .coordinator && context.user?.initiativeId == initiative.id
    }
}
