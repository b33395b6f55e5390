import GRDB

/// Who may see a grant: programme staff, administrators and finance (all
/// grants), and the coordinator of the initiative that holds it.
enum GrantAccess {
    struct Loaded {
        let grant: Grant
        let application: Application
        let initiative: Initiative
        let call: Call
        let isStaff: Bool
        let isFinance: Bool
        let isHolder: Bool
    }

    static func load(_ user: User, _ db: Database, id: Int64) throws -> Loaded {
        guard let grant = try GrantStore.find(db, id: id), let application = try ApplicationStore.find(db, id: grant.applicationId),
            let initiative = try InitiativeStore.find(db, id: application.initiativeId), let call = try CallStore.find(db, id: application.callId)
        else { throw RecordRefusal.missing }
        let isStaff = user.role.isProgrammeStaff
        let isFinance = user.role == .financeOfficer
        let isHolder = user.role == .coordinator && user.initiativeId == initiative.id
        guard isStaff || isFinance || isHolder else { throw RecordRefusal.forbidden }
        return Loaded(grant: grant, application: application, initiative: initiative, call: call, isStaff: isStaff, isFinance: isFinance, isHolder: isHolder)
    }
}
