import Foundation
import GRDB

/// What of a grant's schedule has not happened yet, and its change.
enum GrantScheduleStore {
    /// A tranche not cancelled; `locked` when a payment of it was proposed or made.
    struct Tranche: Sendable {
        let id: Int64?
        let amount: Money
        let date: String
        /// The report it waits for.
        let requires: Int64?
        let locked: Bool
    }

    /// A report the grant asks for. Its due date moves while nothing is
    /// submitted; an interim report nobody has begun, and no payment waited
    /// for, can be taken out of the schedule.
    struct Report: Sendable {
        let requirement: ReportRequirement
        let editable: Bool
        let removable: Bool
    }

    /// A tranche as the form sends it back, checked. `requires` is the key of a
    /// report in the same form (`ReportKey`).
    struct Planned: Sendable {
        let id: Int64?
        let amount: Int64
        let date: CalendarDate
        let requires: String
    }

    /// A report row as the form sends it back: a saved report or a new interim one.
    struct PlannedReport: Sendable {
        let key: String
        let due: CalendarDate
    }

    struct Schedule: Sendable {
        let grant: Grant
        let tranches: [Tranche]
        /// By due date.
        let reports: [Report]
    }

    /// How the form names a report: `r<id>` when saved, `n<k>` when added in this form.
    enum ReportKey {
        static func saved(_ id: Int64) -> String { "r\(id)" }
        static func id(_ key: String) -> Int64? { key.hasPrefix("r") ? Int64(key.dropFirst()) : nil }
    }

    /// The schedule, for programme staff while the grant is active.
    static func schedule(_ db: Database, user: User, grant id: Int64) throws -> Schedule {
        let loaded = try GrantAccess.load(user, db, id: id)
        guard loaded.isStaff else { throw RecordRefusal.forbidden }
        guard loaded.grant.status == .active else { throw RecordRefusal.wrongState }
        let money = loaded.grant.currency
        let requirements = try GrantStore.requirements(db, grant: id)
        let taken = Set(try GrantStore.disbursements(db, grant: id).filter { $0.status != .cancelled }.map(\.trancheId))
        let tranches = try GrantStore.tranches(db, grant: id).filter { !$0.cancelled }.map { tranche in
            Tranche(
                id: tranche.id, amount: Money(minorUnits: tranche.plannedAmount, currency: money), date: tranche.plannedDate,
                requires: tranche.requiresReportId, locked: taken.contains(tranche.id ?? 0))
        }
        let waitedOn = Set(tranches.filter(\.locked).compactMap(\.requires))
        let filed = Set(try ReportStore.reportsWithFiles(db, grant: id))
        let reports = requirements.map { requirement in
            let id = requirement.id ?? 0
            return Report(
                requirement: requirement, editable: requirement.status == .pending || requirement.status == .draft,
                removable: requirement.kind == .interim && requirement.status == .pending && !waitedOn.contains(id) && !filed.contains(id))
        }
        return Schedule(grant: loaded.grant, tranches: tranches, reports: reports)
    }

    /// Replaces the unlocked tranches with `planned`, moves due dates, adds the
    /// new interim reports and takes out the removable ones the form no longer
    /// lists, if the tranches locked now are still those the form was built on
    /// (a payment proposed meanwhile takes its tranche out of the form's hands);
    /// false if not.
    static func replace(
        _ db: Database, user: User, grant id: Int64, lockedIds: Set<Int64>, planned: [Planned], reports: [PlannedReport], now: Date
    ) throws -> Bool {
        let stored = try schedule(db, user: user, grant: id)
        guard Set(stored.tranches.filter(\.locked).compactMap(\.id)) == lockedIds else { return false }
        var ids: [String: Int64] = [:]
        for report in stored.reports {
            let reportId = report.requirement.id ?? 0
            let key = ReportKey.saved(reportId)
            if let typed = reports.first(where: { $0.key == key }) {
                ids[key] = reportId
                if report.editable && typed.due.iso != report.requirement.dueDate {
                    try db.execute(sql: "UPDATE report_requirement SET due_date = ? WHERE id = ?", arguments: [typed.due.iso, reportId])
                }
            } else if report.removable {
                try db.execute(sql: "UPDATE tranche SET requires_report_id = NULL WHERE requires_report_id = ?", arguments: [reportId])
                try db.execute(sql: "DELETE FROM report_requirement WHERE id = ?", arguments: [reportId])
                try Audit.record(db, actor: user.id, "grant.report_removed", "grant", id, detail: "report #\(reportId)", at: now)
            } else {
                ids[key] = reportId
            }
        }
        for report in reports where ReportKey.id(report.key) == nil {
            let reportId = try GrantStore.insertRequirement(db, grant: id, kind: .interim, due: report.due)
            ids[report.key] = reportId
            try Audit.record(db, actor: user.id, "grant.report_added", "grant", id, detail: "report #\(reportId)", at: now)
        }
        // Unlocked tranches are replaced: kept ones updated, missing ones cancelled, new ones added.
        let kept = Set(planned.compactMap(\.id))
        for tranche in try GrantStore.tranches(db, grant: id) where !tranche.cancelled && !lockedIds.contains(tranche.id ?? 0) && !kept.contains(tranche.id ?? 0) {
            try db.execute(sql: "UPDATE tranche SET cancelled = 1 WHERE id = ?", arguments: [tranche.id])
        }
        let lockedCount = lockedIds.count
        for (index, item) in planned.enumerated() {
            let position = lockedCount + index
            let requires = ids[item.requires]
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
