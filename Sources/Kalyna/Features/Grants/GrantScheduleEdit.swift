import Foundation
import GRDB
import HTTPServer
import Templating

/// `GET /grants/:id/schedule` and `POST /grants/:id/schedule`: staff change
/// what has not happened yet: tranches without a payment (amount, date, the
/// report they wait for) and the due dates of reports not yet submitted. The
/// tranches always add up to the award.
enum GrantScheduleEdit {
    struct Row {
        var id: Int64?
        var amount: String
        var date: String
        var requires: String
        var locked: Bool
    }

    static func show(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let (rows, dues) = try context.app.database.pool.read { db in try current(context, db, id: id) }
        return try render(context, id: id, rows: rows, dues: dues, errors: FormErrors())
    }

    static func current(_ context: RequestContext, _ db: Database, id: Int64) throws -> ([Row], [ReportKind: String]) {
        let loaded = try GrantAccess.load(try context.requireUser(), db, id: id)
        guard loaded.isStaff else { throw HTTPError.forbidden }
        guard loaded.grant.status == .active else { throw HTTPError(409) }
        let money = Currency(code: loaded.grant.currency) ?? .euro
        let requirements = try GrantStore.requirements(db, grant: id)
        let taken = Set(try GrantStore.disbursements(db, grant: id).filter { $0.status != .cancelled }.map(\.trancheId))
        let rows = try GrantStore.tranches(db, grant: id).filter { !$0.cancelled }.map { tranche in
            Row(
                id: tranche.id, amount: Money(minorUnits: tranche.plannedAmount, currency: money).plainDecimal, date: tranche.plannedDate,
                requires: requirements.first { $0.id == tranche.requiresReportId }?.kind.rawValue ?? "",
                locked: taken.contains(tranche.id ?? 0))
        }
        var dues: [ReportKind: String] = [:]
        for requirement in requirements { dues[requirement.kind] = requirement.dueDate }
        return (rows, dues)
    }

    static func render(_ context: RequestContext, id: Int64, rows: [Row], dues: [ReportKind: String], errors: FormErrors, status: Int = 200) throws -> Response {
        let (publicId, awarded, editableReports) = try context.app.database.pool.read { db -> (String, String, Set<ReportKind>) in
            let grant = try GrantAccess.load(try context.requireUser(), db, id: id).grant
            let editable = Set(try GrantStore.requirements(db, grant: id).filter { $0.status == .pending || $0.status == .draft }.map(\.kind))
            return (grant.publicId, context.format.money(Money(minorUnits: grant.amountAwarded, currency: Currency(code: grant.currency) ?? .euro)), editable)
        }
        let kinds: [(String, String)] = [("", context.t("tranche_requires_none"))] + ReportKind.allCases.filter { dues[$0] != nil }.map { ($0.rawValue, context.t("report_kind_\($0.rawValue)")) }
        return try context.page(
            "grants/schedule", title: context.t("schedule_title"),
            [
                "csrf": .string(context.csrfToken()), "id": .int(Int(id)), "publicId": .string(publicId), "awarded": .string(awarded),
                "summary": errors.isEmpty ? .null : .string(context.t("form_error_summary", ["count": String(errors.fields.count)])),
                "totalError": TemplateValue(errors["total"].map { context.t($0, ["awarded": awarded]) }),
                "rows": .list(rows.enumerated().map { index, row in
                    [
                        "index": .int(index), "number": .int(index + 1), "id": .string(row.id.map(String.init) ?? ""),
                        "amount": .string(row.amount), "date": .string(row.date), "locked": .bool(row.locked),
                        "kinds": .list(kinds.map { ["value": .string($0.0), "label": .string($0.1), "selected": .bool($0.0 == row.requires)] }),
                        "amountError": TemplateValue(errors["tranche_\(index)_amount"].map { context.t($0) }),
                        "dateError": TemplateValue(errors["tranche_\(index)_date"].map { context.t($0) }),
                    ]
                }),
                "reports": .list(ReportKind.allCases.compactMap { kind -> TemplateValue? in
                    guard let due = dues[kind] else { return nil }
                    return [
                        "kind": .string(kind.rawValue), "label": .string(context.t("report_kind_\(kind.rawValue)")), "due": .string(due),
                        "editable": .bool(editableReports.contains(kind)),
                        "error": TemplateValue(errors["due_\(kind.rawValue)"].map { context.t($0) }),
                    ]
                }),
            ], status: status)
    }

    static func save(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let form = context.request.form
        let ids = form.values("tranche_id"), amounts = form.values("tranche_amount"), dates = form.values("tranche_date"), requires = form.values("tranche_requires")
        let pool = context.app.database.pool
        let (existing, currentDues) = try pool.read { db in try current(context, db, id: id) }
        let lockedIds = Set(existing.filter(\.locked).compactMap(\.id))
        var rows: [Row] = existing.filter(\.locked)
        for index in 0..<min(50, amounts.count) {
            let rowId = index < ids.count ? Int64(ids[index]) : nil
            if let rowId, lockedIds.contains(rowId) { continue }
            rows.append(Row(id: rowId, amount: amounts[index], date: index < dates.count ? dates[index] : "", requires: index < requires.count ? requires[index] : "", locked: false))
        }
        var dues = currentDues
        for kind in ReportKind.allCases where dues[kind] != nil {
            if let typed = form["due_\(kind.rawValue)"] { dues[kind] = typed }
        }
        let action = form["action"] ?? "save"
        if action == "add_tranche" {
            rows.append(Row(id: nil, amount: "", date: "", requires: "", locked: false))
            return try render(context, id: id, rows: rows, dues: dues, errors: FormErrors())
        }
        if action.hasPrefix("remove_tranche_"), let index = Int(action.dropFirst("remove_tranche_".count)), rows.indices.contains(index), !rows[index].locked {
            rows.remove(at: index)
            return try render(context, id: id, rows: rows, dues: dues, errors: FormErrors())
        }
        let grant = try pool.read { try GrantAccess.load(try context.requireUser(), $0, id: id).grant }
        let money = Currency(code: grant.currency) ?? .euro
        var errors = FormErrors()
        var parsed: [(row: Row, amount: Int64, date: CalendarDate)] = []
        for (index, row) in rows.enumerated() {
            let amount = Money.parse(row.amount, currency: money)
            let date = CalendarDate(iso: row.date)
            if amount == nil || amount?.minorUnits == 0 { errors.add("tranche_\(index)_amount", "validation_amount") }
            if date == nil { errors.add("tranche_\(index)_date", "validation_date") }
            if let amount, let date { parsed.append((row, amount.minorUnits, date)) }
        }
        for (kind, due) in dues where CalendarDate(iso: due) == nil { errors.add("due_\(kind.rawValue)", "validation_date") }
        if errors.isEmpty && parsed.map(\.amount).reduce(0, +) != grant.amountAwarded { errors.add("total", "validation_tranches_total") }
        guard errors.isEmpty else {
            return try render(context, id: id, rows: rows, dues: dues, errors: errors, status: 422)
        }
        let now = context.now
        let applied = try pool.write { db -> Bool in
            // The form was built on a set of paid or proposed tranches: if a payment
            // was proposed meanwhile, that tranche is no longer the form's to change.
            let (stored, _) = try current(context, db, id: id)
            guard Set(stored.filter(\.locked).compactMap(\.id)) == lockedIds else { return false }
            let requirements = try GrantStore.requirements(db, grant: id)
            for requirement in requirements where requirement.status == .pending || requirement.status == .draft {
                if let due = dues[requirement.kind], due != requirement.dueDate {
                    try db.execute(sql: "UPDATE report_requirement SET due_date = ? WHERE id = ?", arguments: [due, requirement.id])
                }
            }
            // Unlocked tranches are replaced: kept ones updated, missing ones cancelled, new ones added.
            let kept = Set(parsed.compactMap { $0.row.locked ? nil : $0.row.id })
            for tranche in try GrantStore.tranches(db, grant: id) where !tranche.cancelled && !lockedIds.contains(tranche.id ?? 0) && !kept.contains(tranche.id ?? 0) {
                try db.execute(sql: "UPDATE tranche SET cancelled = 1 WHERE id = ?", arguments: [tranche.id])
            }
            for (position, item) in parsed.enumerated() where !item.row.locked {
                let requires = ReportKind(rawValue: item.row.requires).flatMap { kind in requirements.first { $0.kind == kind }?.id }
                if let trancheId = item.row.id, var tranche = try Tranche.fetchOne(db, key: trancheId), tranche.grantId == id {
                    tranche.position = position
                    tranche.plannedAmount = item.amount
                    tranche.plannedDate = item.date.iso
                    tranche.requiresReportId = requires
                    try tranche.update(db)
                } else {
                    var tranche = Tranche(id: nil, grantId: id, position: position, plannedAmount: item.amount, plannedDate: item.date.iso, requiresReportId: requires, cancelled: false)
                    try tranche.insert(db)
                }
            }
            try Audit.record(db, actor: context.user?.id, "grant.schedule_changed", "grant", id, at: now)
            return true
        }
        guard applied else {
            let (stored, storedDues) = try pool.read { db in try current(context, db, id: id) }
            var changed = FormErrors()
            changed.add("total", "validation_schedule_changed")
            return try render(context, id: id, rows: stored, dues: storedDues, errors: changed, status: 409)
        }
        throw Redirect("/grants/\(id)?notice=saved")
    }
}
