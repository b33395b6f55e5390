import Foundation
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
        let user = try context.requireUser()
        let schedule = try context.read { db in try GrantScheduleStore.schedule(db, user: user, grant: id) }
        return try render(context, schedule, rows: rows(schedule), dues: schedule.dues, errors: FormErrors())
    }

    /// The stored tranches as the form shows them.
    static func rows(_ schedule: GrantScheduleStore.Schedule) -> [Row] {
        schedule.tranches.map { Row(id: $0.id, amount: $0.amount.plainDecimal, date: $0.date, requires: $0.requires?.rawValue ?? "", locked: $0.locked) }
    }

    static func render(
        _ context: RequestContext, _ schedule: GrantScheduleStore.Schedule, rows: [Row], dues: [ReportKind: String], errors: FormErrors, status: Int = 200
    ) throws -> Response {
        let id = schedule.grant.id ?? 0
        let publicId = schedule.grant.publicId
        let awarded = context.format.money(Money(minorUnits: schedule.grant.amountAwarded, currency: try schedule.grant.money()))
        let editableReports = schedule.editableReports
        let kinds: [(String, String)] = [("", context.t("tranche_requires_none"))] + ReportKind.allCases.filter { dues[$0] != nil }.map { ($0.rawValue, context.t("report_kind_\($0.rawValue)")) }
        return try context.page(
            "grants/schedule", title: context.t("schedule_title"),
            [
                "id": .int(Int(id)), "publicId": .string(publicId), "awarded": .string(awarded),
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
        let user = try context.requireUser()
        let schedule = try context.read { db in try GrantScheduleStore.schedule(db, user: user, grant: id) }
        let existing = rows(schedule)
        let lockedIds = Set(existing.filter(\.locked).compactMap(\.id))
        var rows: [Row] = existing.filter(\.locked)
        for index in 0..<min(50, amounts.count) {
            let rowId = index < ids.count ? Int64(ids[index]) : nil
            if let rowId, lockedIds.contains(rowId) { continue }
            rows.append(Row(id: rowId, amount: amounts[index], date: index < dates.count ? dates[index] : "", requires: index < requires.count ? requires[index] : "", locked: false))
        }
        var dues = schedule.dues
        for kind in ReportKind.allCases where dues[kind] != nil {
            if let typed = form["due_\(kind.rawValue)"] { dues[kind] = typed }
        }
        let action = form["action"] ?? "save"
        if action == "add_tranche" {
            rows.append(Row(id: nil, amount: "", date: "", requires: "", locked: false))
            return try render(context, schedule, rows: rows, dues: dues, errors: FormErrors())
        }
        if action.hasPrefix("remove_tranche_"), let index = Int(action.dropFirst("remove_tranche_".count)), rows.indices.contains(index), !rows[index].locked {
            rows.remove(at: index)
            return try render(context, schedule, rows: rows, dues: dues, errors: FormErrors())
        }
        let grant = schedule.grant
        let money = try grant.money()
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
            return try render(context, schedule, rows: rows, dues: dues, errors: errors, status: 422)
        }
        let now = context.now
        let planned = parsed.filter { !$0.row.locked }.map {
            GrantScheduleStore.Planned(id: $0.row.id, amount: $0.amount, date: $0.date, requires: ReportKind(rawValue: $0.row.requires))
        }
        let applied = try context.write { db in
            try GrantScheduleStore.replace(db, user: user, grant: id, lockedIds: lockedIds, planned: planned, dues: dues, now: now)
        }
        guard applied else {
            let stored = try context.read { db in try GrantScheduleStore.schedule(db, user: user, grant: id) }
            var changed = FormErrors()
            changed.add("total", "validation_schedule_changed")
            return try render(context, stored, rows: Self.rows(stored), dues: stored.dues, errors: changed, status: 409)
        }
        throw Redirect("/grants/\(id)?notice=saved")
    }
}
