import Foundation
import HTTPServer
import Templating

/// `GET /grants/:id/schedule` and `POST /grants/:id/schedule`: staff change
/// what has not happened yet: tranches without a payment (amount, date, the
/// report they wait for) and the reports: due dates of those not yet
/// submitted, interim reports added, and ones nobody began taken out. The
/// tranches always add up to the award.
enum GrantScheduleEdit {
    struct Row {
        var id: Int64?
        var amount: String
        var date: String
        /// The key of the report it waits for (`GrantScheduleStore.ReportKey`), or "".
        var requires: String
        var locked: Bool
    }

    /// A report as the form holds it: saved (`r<id>`) or added here (`n<k>`).
    struct ReportRow {
        var key: String
        var kind: ReportKind
        var due: String
        var editable: Bool
        var removable: Bool
    }

    static func show(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let user = try context.requireUser()
        let schedule = try context.read { db in try GrantScheduleStore.schedule(db, user: user, grant: id) }
        return try render(context, schedule, rows: rows(schedule), reports: reportRows(schedule), errors: FormErrors())
    }

    /// The stored tranches as the form shows them.
    static func rows(_ schedule: GrantScheduleStore.Schedule) -> [Row] {
        schedule.tranches.map {
            Row(id: $0.id, amount: $0.amount.plainDecimal, date: $0.date, requires: $0.requires.map(GrantScheduleStore.ReportKey.saved) ?? "", locked: $0.locked)
        }
    }

    static func reportRows(_ schedule: GrantScheduleStore.Schedule) -> [ReportRow] {
        schedule.reports.map {
            ReportRow(
                key: GrantScheduleStore.ReportKey.saved($0.requirement.id ?? 0), kind: $0.requirement.kind, due: $0.requirement.dueDate,
                editable: $0.editable, removable: $0.removable)
        }
    }

    /// Names as pages show them: interim reports numbered by due date when there are several.
    static func names(_ reports: [ReportRow], _ context: RequestContext) -> [String: String] {
        let numbered = reports.enumerated().map { index, row in
            ReportNumbering.Report(id: Int64(index), kind: row.kind, due: CalendarDate(iso: row.due)?.iso ?? "9999-\(row.key)")
        }
        var names: [String: String] = [:]
        for (index, row) in reports.enumerated() {
            names[row.key] = ReportNumbering.number(of: Int64(index), among: numbered).map { context.t("report_kind_interim_numbered", ["number": String($0)]) }
                ?? context.t("report_kind_\(row.kind.rawValue)")
        }
        return names
    }

    static func render(
        _ context: RequestContext, _ schedule: GrantScheduleStore.Schedule, rows: [Row], reports: [ReportRow], errors: FormErrors, status: Int = 200
    ) throws -> Response {
        let page = SchedulePage(grant: schedule.grant, currency: schedule.grant.currency, rows: rows, reports: reports, errors: errors)
        return try context.page(page, title: context.t("schedule_title"), status: status)
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
        // Saved reports come back by key; one not sent back is kept unless it may be taken out.
        let stored = reportRows(schedule)
        let keys = form.values("report_key"), dues = form.values("report_due")
        var reports: [ReportRow] = []
        for row in stored {
            guard let index = keys.firstIndex(of: row.key) else {
                if !row.removable { reports.append(row) }
                continue
            }
            var typed = row
            if row.editable, index < dues.count { typed.due = String(dues[index].prefix(30)) }
            reports.append(typed)
        }
        for (index, key) in keys.enumerated().prefix(24) where key.hasPrefix("n") && Int(key.dropFirst()) != nil {
            reports.append(ReportRow(key: key, kind: .interim, due: index < dues.count ? String(dues[index].prefix(30)) : "", editable: true, removable: true))
        }
        let action = form["action"] ?? "save"
        if action == "add_tranche" {
            rows.append(Row(id: nil, amount: "", date: "", requires: "", locked: false))
            return try render(context, schedule, rows: rows, reports: reports, errors: FormErrors())
        }
        if action.hasPrefix("remove_tranche_"), let index = Int(action.dropFirst("remove_tranche_".count)), rows.indices.contains(index), !rows[index].locked {
            rows.remove(at: index)
            return try render(context, schedule, rows: rows, reports: reports, errors: FormErrors())
        }
        if action == "add_report" {
            let next = (reports.compactMap { $0.key.hasPrefix("n") ? Int($0.key.dropFirst()) : nil }.max() ?? 0) + 1
            reports.append(ReportRow(key: "n\(next)", kind: .interim, due: "", editable: true, removable: true))
            return try render(context, schedule, rows: rows, reports: reports, errors: FormErrors())
        }
        if action.hasPrefix("remove_report_"), let index = Int(action.dropFirst("remove_report_".count)), reports.indices.contains(index), reports[index].removable {
            let removed = reports.remove(at: index)
            for row in rows.indices where rows[row].requires == removed.key && !rows[row].locked { rows[row].requires = "" }
            return try render(context, schedule, rows: rows, reports: reports, errors: FormErrors())
        }
        let grant = schedule.grant
        let money = grant.currency
        var errors = FormErrors()
        var parsed: [(row: Row, amount: Int64, date: CalendarDate)] = []
        for (index, row) in rows.enumerated() {
            let amount = Money.parse(row.amount, currency: money)
            let date = CalendarDate(iso: row.date)
            if amount == nil || amount?.minorUnits == 0 { errors.add("tranche_\(index)_amount", "validation_amount") }
            if date == nil { errors.add("tranche_\(index)_date", "validation_date") }
            if let amount, let date { parsed.append((row, amount.minorUnits, date)) }
        }
        var plannedReports: [GrantScheduleStore.PlannedReport] = []
        for (index, report) in reports.enumerated() {
            guard let due = CalendarDate(iso: report.due) else {
                errors.add("report_\(index)_due", report.due.trimmed.isEmpty ? "validation_required" : "validation_date")
                continue
            }
            plannedReports.append(GrantScheduleStore.PlannedReport(key: report.key, due: due))
        }
        if errors.isEmpty && parsed.map(\.amount).reduce(0, +) != grant.amountAwarded { errors.add("total", "validation_tranches_total") }
        guard errors.isEmpty else {
            return try render(context, schedule, rows: rows, reports: reports, errors: errors, status: 422)
        }
        let now = context.now
        let planned = parsed.filter { !$0.row.locked }.map {
            GrantScheduleStore.Planned(id: $0.row.id, amount: $0.amount, date: $0.date, requires: $0.row.requires)
        }
        let applied = try context.write { db in
            try GrantScheduleStore.replace(db, user: user, grant: id, lockedIds: lockedIds, planned: planned, reports: plannedReports, now: now)
        }
        guard applied else {
            let stored = try context.read { db in try GrantScheduleStore.schedule(db, user: user, grant: id) }
            var changed = FormErrors()
            changed.add("total", "validation_schedule_changed")
            return try render(context, stored, rows: Self.rows(stored), reports: reportRows(stored), errors: changed, status: 409)
        }
        throw Redirect("/grants/\(id)?notice=saved")
    }
}

/// A grant's schedule as staff change it: tranches (those already paid
/// locked), the reports they wait for, as typed, with a message per row.
struct SchedulePage: PageModel {
    static let template = "grants/schedule"
    let grant: Grant
    let currency: Currency
    let rows: [GrantScheduleEdit.Row]
    let reports: [GrantScheduleEdit.ReportRow]
    let errors: FormErrors

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let id = grant.id ?? 0
        let publicId = grant.publicId
        let awarded = context.format.money(Money(minorUnits: grant.amountAwarded, currency: currency))
        let names = GrantScheduleEdit.names(reports, context)
        let choices: [(String, String)] = [("", context.t("tranche_requires_none"))] + reports.map { ($0.key, names[$0.key] ?? "") }
        return [
            "id": .int(Int(id)), "publicId": .string(publicId), "awarded": .string(awarded),
            "summary": FormView.summary(errors, context),
            "totalError": TemplateValue(errors["total"].map { context.t($0, ["awarded": awarded]) }),
            "rows": .list(rows.enumerated().map { index, row in
                [
                    "index": .int(index), "number": .int(index + 1), "id": .string(row.id.map(String.init) ?? ""),
                    "amount": .string(row.amount), "date": .string(row.date), "locked": .bool(row.locked),
                    "kinds": .list(choices.map { ["value": .string($0.0), "label": .string($0.1), "selected": .bool($0.0 == row.requires)] }),
                    "amountError": TemplateValue(errors["tranche_\(index)_amount"].map { context.t($0) }),
                    "dateError": TemplateValue(errors["tranche_\(index)_date"].map { context.t($0) }),
                ]
            }),
            "reports": .list(reports.enumerated().map { index, row in
                [
                    "index": .int(index), "key": .string(row.key), "label": .string(names[row.key] ?? ""),
                    // A date the browser's date input cannot hold is shown as typed, in a text box.
                    "due": .string(row.due), "dateType": .string(CalendarDate(iso: row.due) == nil && !row.due.isEmpty ? "text" : "date"),
                    "editable": .bool(row.editable), "removable": .bool(row.removable),
                    "error": TemplateValue(errors["report_\(index)_due"].map { context.t($0) }),
                ]
            }),
        ]
    }
}
