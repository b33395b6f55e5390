import GRDB

/// Who may see a case: the documenters and coordinator of the initiative that
/// registered it, and programme staff. Finance officers and reviewers see none
/// (the route table refuses them). The narrative opens only for programme
/// officers and the initiative's coordinator: not administrators, who manage
/// accounts, not cases.
enum CaseAccess {
    static func isStaff(_ context: RequestContext) -> Bool {
        context.user.map { $0.role == .admin || $0.role == .programmeOfficer } ?? false
    }

    /// The member's verified initiative, for registering and listing.
    static func memberInitiative(_ context: RequestContext, _ db: Database) throws -> Initiative {
        let user = try context.requireUser()
        guard user.role.isInitiativeMember, let id = user.initiativeId, let initiative = try InitiativeStore.find(db, id: id),
            initiative.status == .verified
        else { throw HTTPError.forbidden }
        return initiative
    }

    static func load(_ context: RequestContext, _ db: Database, id: Int64) throws -> CaseRecord {
        guard let record = try CaseRecord.fetchOne(db, key: id) else { throw HTTPError.notFound }
        if isStaff(context) { return record }
        guard try memberInitiative(context, db).id == record.initiativeId else { throw HTTPError.forbidden }
        return record
    }

    /// Changes are the initiative's own: staff read, members write.
    static func loadForChange(_ context: RequestContext, _ db: Database, id: Int64) throws -> CaseRecord {
        guard let record = try CaseRecord.fetchOne(db, key: id) else { throw HTTPError.notFound }
        guard try memberInitiative(context, db).id == record.initiativeId else { throw HTTPError.forbidden }
        return record
    }

    static func mayReadNarrative(_ context: RequestContext, _ record: CaseRecord) -> Bool {
        context.user?.role == .programmeOfficer || (context.user?.role == .coordinator && context.user?.initiativeId == record.initiativeId)
    }
}
