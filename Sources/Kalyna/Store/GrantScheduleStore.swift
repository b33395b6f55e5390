import Foundation
import GRDB

/// What of a grant's schedule has not happened yet, and its change.
enum GrantScheduleStore {
    /// A tranche not cancelled; `locked` when a payment of it was proposed or made.
    struct Tranche: Sendable {
        let id: Int64?
        let amount: Money
        let date: String
        let requires: ReportKind?
        let locked: Bool
    }

    /// A tranche as the form sends it back, checked.
    struct Planned: Sendable {
        let id: Int64?
        let amount: Int64
        let date: CalendarDate
        let requires: ReportKind?
    }

    struct Schedule: Sendable {
        let grant: Grant
        let tranches: [Tranche]
        /// Due dates by report kind.
        let dues: [ReportKind: String]
        /// Reports not yet submitted, whose due dates may move.
        let editableReports: Set<ReportKind>
    }

    /// The schedule, for programme staff while the grant is active.
    static func schedule(_ db: Database, user: User, grant id: Int64) throws -> Schedule {
        let loaded = try GrantAccess.load(user, db, id: id)
        guard loaded.isStaff else { throw RecordRefusal.forbidden }
        guard loaded.grant.status == .active else { throw RecordRefusal.wrongState }
        let money = try loaded.grant.money()
        let requirements = try GrantStore.requirements(db, grant: id)
        let taken = Set(try GrantStore.disbursements(db, grant: id).filter { $0.status != .cancelled }.map(\.trancheId))
        let tranches = try GrantStore.tranches(db, grant: id).filter { !$0.cancelled }.map { tranche in
            Tranche(
                id: tranche.id, amount: Money(minorUnits: tranche.plannedAmount, currency: money), date: tranche.plannedDate,
                requires: requirements.first { $0.id == tranche.requiresReportId }?.kind, locked: taken.contains(tranche.id ?? 0))
        }
        var dues: [ReportKind: String] = [:]
        for requirement in requirements { dues[requirement.kind] = requirement.dueDate }
        let editable = Set(requirements.filter { $0.status == .pending || $0.status == .draft }.map(\.kind))
        return Schedule(grant: loaded.grant, tranches: tranches, dues: dues, editableReports: editable)
    }

    /// Replaces the unlocked tranches with `planned` and moves due dates, if the
    /// tranches locked now are still those the form was built on (a payment
    /// proposed meanwhile takes its tranche out of the form's hands); false if not.
    static func replace(
        _ db: Database, user: User, grant id: Int64, lockedIds: Set<Int64>, planned: [Planned], dues: [ReportKind: String], now: Date
    ) throws -> Bool {
        let stored = try schedule(db, user: user, grant: id)
        guard Set(stored.tranches.filter(\.locked).compactMap(\.id)) == lockedIds else { return false }
        let requirements = try GrantStore.requirements(db, grant: id)
        for requirement in requirements where requirement.status == .pending || requirement.status == .draft {
            if let due = dues[requirement.kind], due != requirement.dueDate {
                try db.execute(sql: "UPDATE report_requirement SET due_date = ? WHERE id = ?", arguments: [due, requirement.id])
            }
        }
        // Unlocked tranches are replaced: kept ones updated, missing ones cancelled, new ones added.
        let kept = Set(planned.compactMap(\.id))
        for tranche in try GrantStore.tranches(db, grant: id) where !tranche.cancelled && !lockedIds.contains(tranche.id ?? 0) && !kept.contains(tranche.id ?? 0) {
            try db.execute(sql: "UPDATE tranche SET cancelled = 1 WHERE id = ?", arguments: [tranche.id])
        }
        let lockedCount = lockedIds.count
        for (index, item) in planned.enumerated() {
            let position = lockedCount + index
            let requires = item.requires.flatMap { kind in requirements.first { $0.kind == kind }?.id }
            if let trancheId = item.id, var tranche = try Kalyna.Tranche.fetchOne(db, key: trancheId), tranche.grantId == id, !lockedIds.contains(trancheId) {
                tranche.position = position
                tranche.plannedAmount = item.amount
                tranche.plannedDate = item.date.iso
                tranche.requiresReportId = requires
                try tranche.update(db)
            } else {
                var tranche = Kalyna.Tranche(
                    id: nil, grantId: id, position: position, plannedAmount: item.amount, plannedDate: item.date.iso, requiresReportId: requires,
                    cancelled: false)
                try tranche.insert(db)
            }
        }
        try Audit.record(db, actor: user.id, "grant.schedule_changed", "grant", id, at: now)
        return true
    }
}
