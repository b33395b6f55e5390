import GRDB

/// A report is read by whoever may see its grant (`GrantAccess`).
enum ReportAccess {
    static func load(_ user: User, _ db: Database, id: Int64) throws -> (ReportRequirement, GrantAccess.Loaded) {
        guard let requirement = try ReportRequirement.fetchOne(db, key: id) else { throw RecordRefusal.missing }
        return (requirement, try GrantAccess.load(user, db, id: requirement.grantId))
    }

    /// The report, if this user (its grant's coordinator) may change it now: open, and the grant active.
    static func loadOpen(_ user: User, _ db: Database, id: Int64) throws -> (ReportRequirement, GrantAccess.Loaded) {
        let (report, loaded) = try load(user, db, id: id)
        guard loaded.isHolder else { throw RecordRefusal.forbidden }
        guard report.status.isOpen, loaded.grant.status == .active else { throw RecordRefusal.wrongState }
        return (report, loaded)
    }
}
