import Foundation
import GRDB
import HTTPServer
import Templating

/// `GET /reports/:id`: a report requirement of a grant. The initiative's
/// coordinator writes it (narrative, spending per budget line) while it is open;
/// staff read it and accept it or return it with comments; every submission
/// stays in its history.
enum ReportPage {
    static func handle(_ context: RequestContext) throws -> Response {
        try render(context, id: try context.id())
    }

    static func load(_ context: RequestContext, _ db: Database, id: Int64) throws -> (ReportRequirement, GrantAccess.Loaded) {
        guard let requirement = try ReportRequirement.fetchOne(db, key: id) else { throw HTTPError.notFound }
        return (requirement, try GrantAccess.load(try context.requireUser(), db, id: requirement.grantId))
    }

    static func spending(_ requirement: ReportRequirement) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(requirement.spending.utf8))) ?? [:]
    }

    static func render(_ context: RequestContext, id: Int64, typed: ReportRequirement? = nil, errors: FormErrors = FormErrors(), message: String? = nil, status: Int = 200) throws -> Response {
        var data: [String: TemplateValue] = ["csrf": .string(context.csrfToken()), "id": .int(Int(id)), "message": TemplateValue(message)]
        let title = try context.app.database.pool.read { db -> String in
            let (stored, loaded) = try load(context, db, id: id)
            let requirement = typed ?? stored
            let money = Currency(code: loaded.grant.currency) ?? .euro
            func amount(_ units: Int64?) -> TemplateValue { units.map { .string(context.format.money(Money(minorUnits: $0, currency: money))) } ?? .null }
            let actuals = spending(requirement)
            let lines = try ApplicationStore.lines(db, application: loaded.application.id ?? 0)
            var budgetTotal: Int64 = 0, actualTotal: Int64 = 0
            let rows: [TemplateValue] = lines.enumerated().map { index, line in
                let typedActual = actuals[String(line.id ?? 0)] ?? ""
                let spent = SpendingLine(budget: line.amount ?? 0, actual: Money.parse(typedActual, currency: money)?.minorUnits)
                budgetTotal += spent.budget
                actualTotal += spent.actual ?? 0
                return [
                    "lineId": .string(String(line.id ?? 0)), "index": .int(index),
                    "category": .string(context.t("budget_category_\(line.category)")), "description": .string(line.description),
                    "budget": amount(spent.budget), "actualTyped": .string(typedActual), "actual": amount(spent.actual),
                    "variance": amount(spent.variance), "over": .bool((spent.variance ?? 0) > 0),
                    "error": TemplateValue(errors["actual_\(line.id ?? 0)"].map { context.t($0) }),
                ]
            }
            let editable = loaded.isHolder && requirement.status.isOpen && loaded.grant.status == .active
            let view = FormView(context, values: [
                "done": requirement.done, "results": requirement.results, "challenges": requirement.challenges, "next_steps": requirement.nextSteps,
            ], errors: errors)
            data["report"] = [
                "kind": .string(context.t("report_kind_\(requirement.kind.rawValue)")),
                "due": .string(CalendarDate(iso: requirement.dueDate).map(context.format.date) ?? requirement.dueDate),
                "status": .string(requirement.status.rawValue), "statusLabel": .string(context.t("report_status_\(requirement.status.rawValue)")),
                "staffComment": TemplateValue(requirement.staffComment),
                "done": .string(requirement.done), "results": .string(requirement.results),
                "challenges": .string(requirement.challenges), "nextSteps": .string(requirement.nextSteps),
            ]
            data["grant"] = ["publicId": .string(loaded.grant.publicId), "href": .string("/grants/\(loaded.grant.id ?? 0)"), "initiative": .string(loaded.initiative.name)]
            data["lines"] = .list(rows)
            data["budgetTotal"] = amount(budgetTotal)
            data["actualTotal"] = amount(actualTotal)
            data["varianceTotal"] = amount(actualTotal - budgetTotal)
            data["editable"] = .bool(editable)
            data["summary"] = view.summary
            data["fields"] = .list([
                view.textarea("done", label: context.t("field_report_done"), required: true),
                view.textarea("results", label: context.t("field_report_results"), required: true),
                view.textarea("challenges", label: context.t("field_report_challenges")),
                view.textarea("next_steps", label: context.t("field_report_next_steps")),
            ])
            data["canDecide"] = .bool(loaded.isStaff && requirement.status == .submitted)
            data["files"] = .list(try ReportFiles.list(db, report: id).map { row -> TemplateValue in
                let fileId: Int64 = row["id"] ?? 0
                let size: Int = row["size"] ?? 0
                return [
                    "name": .string(row["filename"] ?? ""), "href": .string("/reports/\(id)/files/\(fileId)"), "fileId": .int(Int(fileId)),
                    "size": .string(context.t("file_size_kb", ["size": context.format.number(max(1, size / 1024))])),
                ]
            })
            data["accept"] = .string(AttachmentKind.acceptAttribute)
            data["history"] = .list(try Row.fetchAll(db, sql: "SELECT submitted_at, outcome, comment FROM report_submission WHERE requirement_id = ? ORDER BY id DESC", arguments: [id]).map { row in
                let at: Date = row["submitted_at"] ?? Date(timeIntervalSince1970: 0)
                let outcome: String? = row["outcome"]
                return [
                    "at": .string(context.format.date(CalendarDate(at))),
                    "outcome": .string(context.t("report_outcome_\(outcome ?? "pending")")),
                    "comment": TemplateValue(row["comment"] as String?),
                ]
            })
            // What Kalyna knows the initiative did in the grant period.
            let officers = try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT o.name, oc.title FROM recognition r JOIN officer o ON o.id = r.officer_id JOIN occasion oc ON oc.id = r.occasion_id
                    WHERE r.initiative_id = ? AND oc.date BETWEEN ? AND ? ORDER BY oc.date
                    """,
                arguments: [loaded.initiative.id, loaded.grant.periodStart, loaded.grant.periodEnd])
            data["officers"] = .list(officers.map { ["name": .string($0["name"] ?? ""), "occasion": .string($0["title"] ?? "")] })
            return "\(context.t("report_kind_\(requirement.kind.rawValue)")) · \(loaded.grant.publicId)"
        }
        return try context.page("reports/show", title: title, data, status: status)
    }
}

/// `POST /reports/:id`: the coordinator saves a draft of the report, or submits
/// it (then everything required is checked and the submission is kept whole).
enum ReportSave {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let form = context.request.form
        let pool = context.app.database.pool
        let (stored, loaded) = try pool.read { try ReportPage.load(context, $0, id: id) }
        guard loaded.isHolder else { throw HTTPError.forbidden }
        guard stored.status.isOpen, loaded.grant.status == .active else { throw HTTPError(409) }
        let money = Currency(code: loaded.grant.currency) ?? .euro
        var typed = stored
        typed.done = String((form["done"] ?? "").prefix(8000))
        typed.results = String((form["results"] ?? "").prefix(8000))
        typed.challenges = String((form["challenges"] ?? "").prefix(8000))
        typed.nextSteps = String((form["next_steps"] ?? "").prefix(8000))
        var actuals: [String: String] = [:]
        for pair in form.pairs where pair.name.hasPrefix("actual_") { actuals[String(pair.name.dropFirst("actual_".count))] = String(pair.value.prefix(30)) }
        let lines = try pool.read { try ApplicationStore.lines($0, application: loaded.application.id ?? 0) }
        actuals = actuals.filter { key, _ in lines.contains { String($0.id ?? 0) == key } }
        typed.spending = String(decoding: (try? JSONEncoder().encode(actuals)) ?? Data("{}".utf8), as: UTF8.self)
        let submitting = form["action"] == "submit"
        var errors = FormErrors()
        if submitting {
            _ = Validate.text(typed.done, field: "done", max: 8000, into: &errors)
            _ = Validate.text(typed.results, field: "results", max: 8000, into: &errors)
            for line in lines {
                let typed = actuals[String(line.id ?? 0)] ?? ""
                if Money.parse(typed, currency: money) == nil {
                    errors.add("actual_\(line.id ?? 0)", typed.trimmed.isEmpty ? "validation_required" : "validation_amount")
                }
            }
        }
        let now = context.now
        let actor = context.user?.id
        try pool.write { db in
            let (reloaded, grant) = try ReportPage.load(context, db, id: id)
            var current = reloaded
            // Checked again inside the write: the grant may have ended meanwhile.
            guard current.status.isOpen, grant.grant.status == .active else { throw HTTPError(409) }
            current.done = typed.done
            current.results = typed.results
            current.challenges = typed.challenges
            current.nextSteps = typed.nextSteps
            current.spending = typed.spending
            if submitting && errors.isEmpty {
                current.status = .submitted
                let content: [String: String] = [
                    "done": current.done, "results": current.results, "challenges": current.challenges,
                    "next_steps": current.nextSteps, "spending": current.spending,
                ]
                let snapshot = String(decoding: (try? JSONEncoder().encode(content)) ?? Data(), as: UTF8.self)
                try db.execute(
                    sql: "INSERT INTO report_submission (requirement_id, submitted_at, submitted_by, content) VALUES (?, ?, ?, ?)",
                    arguments: [id, now, actor, snapshot])
                try Audit.record(db, actor: actor, "report.submitted", "report", id, at: now)
            } else if current.status == .pending {
                current.status = .draft
            }
            try current.update(db)
        }
        guard errors.isEmpty else {
            var shown = typed
            shown.status = stored.status == .pending ? .draft : stored.status
            return try ReportPage.render(context, id: id, typed: shown, errors: errors, status: 422)
        }
        throw Redirect("/reports/\(id)?notice=\(submitting ? "report_submitted" : "draft_saved")")
    }
}

/// `POST /reports/:id/accept` and `/return`: a programme officer's decision on
/// a submitted report. Returning needs comments; accepting the final report may
/// complete the grant.
enum ReportDecide {
    static func accept(_ context: RequestContext) throws -> Response {
        try decide(context, accept: true)
    }

    static func giveBack(_ context: RequestContext) throws -> Response {
        try decide(context, accept: false)
    }

    static func decide(_ context: RequestContext, accept: Bool) throws -> Response {
        let id = try context.id()
        let comment = (context.request.form["comment"] ?? "").trimmed
        if !accept && comment.isEmpty {
            var errors = FormErrors()
            errors.add("comment", "validation_required")
            return try ReportPage.render(context, id: id, errors: errors, status: 422)
        }
        let now = context.now
        let actor = context.user?.id
        try context.app.database.pool.write { db in
            var (requirement, loaded) = try ReportPage.load(context, db, id: id)
            guard loaded.isStaff else { throw HTTPError.forbidden }
            guard requirement.status == .submitted else { throw HTTPError(409) }
            requirement.status = accept ? .accepted : .returned
            requirement.staffComment = comment.isEmpty ? nil : String(comment.prefix(4000))
            requirement.acceptedAt = accept ? now : nil
            try requirement.update(db)
            try db.execute(
                sql: "UPDATE report_submission SET outcome = ?, comment = ?, decided_at = ? WHERE id = (SELECT MAX(id) FROM report_submission WHERE requirement_id = ?)",
                arguments: [accept ? "accepted" : "returned", requirement.staffComment, now, id])
            try Audit.record(db, actor: actor, accept ? "report.accepted" : "report.returned", "report", id, at: now)
            if try GrantStore.completeIfDone(db, grant: loaded.grant.id ?? 0, now: now) {
                try Audit.record(db, actor: actor, "grant.completed", "grant", loaded.grant.id, at: now)
            }
        }
        throw Redirect("/reports/\(id)?notice=\(accept ? "report_accepted" : "report_returned")")
    }
}
