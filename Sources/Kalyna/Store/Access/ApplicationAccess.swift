import GRDB

/// Who may read an application, checked on every read and write:
/// - programme staff and administrators: every application past the draft;
/// - the coordinator of the initiative that made it;
/// - a reviewer assigned to it, once she has declared no conflict of interest.
/// Everyone else (documenters, finance, other initiatives, unassigned or
/// conflicted reviewers) gets 403.
enum ApplicationAccess {
    struct Loaded {
        let application: Application
        let call: Call
        let initiative: Initiative
        let isStaff: Bool
        let isApplicant: Bool
    }

    static func load(_ user: User, _ db: Database, id: Int64) throws -> Loaded {
        guard let application = try ApplicationStore.find(db, id: id),
            let call = try CallStore.find(db, id: application.callId),
            let initiative = try InitiativeStore.find(db, id: application.initiativeId)
        else { throw RecordRefusal.missing }
        let isStaff = user.role.isProgrammeStaff
        let isApplicant = user.role == .coordinator && user.initiativeId == application.initiativeId
        let readsAsStaff = isStaff && application.status != .draft
        var readsAsReviewer = false
        if !readsAsStaff && !isApplicant, let userId = user.id {
            readsAsReviewer = try ReviewStore.assignment(db, application: id, reviewer: userId)?.mayRead ?? false
        }
        guard readsAsStaff || isApplicant || readsAsReviewer else { throw RecordRefusal.forbidden }
        return Loaded(application: application, call: call, initiative: initiative, isStaff: readsAsStaff, isApplicant: isApplicant)
    }

    /// For staff acting on an application that awaits a decision (assigning
    /// reviewers, approving, rejecting).
    static func loadAwaitingDecision(_ user: User, _ db: Database, id: Int64) throws -> Loaded {
        let loaded = try load(user, db, id: id)
        guard loaded.isStaff else { throw RecordRefusal.forbidden }
        guard loaded.application.status.awaitsDecision else { throw RecordRefusal.wrongState }
        return loaded
    }

    /// For changes by the applicant: her own initiative's application, still a draft.
    static func loadDraft(_ user: User, _ db: Database, id: Int64) throws -> Loaded {
        let loaded = try load(user, db, id: id)
        guard loaded.isApplicant else { throw RecordRefusal.forbidden }
        guard loaded.application.status == .draft else { throw RecordRefusal.wrongState }
        return loaded
    }
}
