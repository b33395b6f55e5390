import Foundation
import HTTPServer
import Templating

/// `POST /reports/:id`: the coordinator saves a draft of the report, or submits
/// it (then everything required is checked and the submission is kept whole).
enum ReportSave {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let form = context.request.form
        let user = try context.requireUser()
        let (stored, loaded, lines, indicators) = try context.read { db in
            let (stored, loaded) = try ReportAccess.loadOpen(user, db, id: id)
            return (stored, loaded, try ApplicationStore.lines(db, application: loaded.application.id ?? 0), try IndicatorStore.list(db, call: loaded.call.id ?? 0))
        }
        var indicatorValues: [Int64: (value: String, note: String)] = [:]
        for indicator in indicators {
            let key = indicator.id ?? 0
            indicatorValues[key] = (String((form["indicator_\(key)"] ?? "").prefix(30)), String((form["indicator_note_\(key)"] ?? "").prefix(1000)))
        }
        let money = loaded.grant.currency
        var typed = stored
        typed.done = String((form["done"] ?? "").prefix(8000))
        typed.results = String((form["results"] ?? "").prefix(8000))
        typed.challenges = String((form["challenges"] ?? "").prefix(8000))
        typed.nextSteps = String((form["next_steps"] ?? "").prefix(8000))
        var actuals: [String: String] = [:]
        for pair in form.pairs where pair.name.hasPrefix("actual_") { actuals[String(pair.name.dropFirst("actual_".count))] = String(pair.value.prefix(30)) }
        actuals = actuals.filter { key, _ in lines.contains { String($0.id ?? 0) == key } }
        typed.spending = String(decoding: (try? JSONEncoder().encode(actuals)) ?? Data("{}".utf8), as: UTF8.self)
        let submitting = form["action"] == "submit"
        var errors = FormErrors()
        if submitting {
            _ = Validate.text(typed.done, field: "done", max: 8000, into: &errors)
            _ = Validate.text(typed.results, field: "results", max: 8000, into: &errors)
            for indicator in indicators {
                if let problem = IndicatorRules.problem(indicatorValues[indicator.id ?? 0]?.value ?? "") { errors.add("indicator_\(indicator.id ?? 0)", problem) }
            }
            for line in lines {
                let typed = actuals[String(line.id ?? 0)] ?? ""
                if Money.parse(typed, currency: money) == nil {
                    errors.add("actual_\(line.id ?? 0)", typed.trimmed.isEmpty ? "validation_required" : "validation_amount")
                }
            }
        }
        // A document chosen in the same form is added with the text; one we cannot take leaves the text saved.
        let (document, documentProblem) = ChosenDocument.read(context)
        var problem = documentProblem
        let now = context.now
        let added = try context.write { db -> Bool in
            var added = true
            if let document {
                added = try ReportStore.addFile(
                    db, report: id, name: document.name, contentType: document.contentType, bytes: document.bytes,
                    by: user.id, limit: ReportFiles.maxFiles, now: now)
            }
            try IndicatorStore.saveActuals(db, report: id, call: loaded.call.id ?? 0, indicatorValues)
            try ReportStore.save(db, typed, user: user, submit: submitting && errors.isEmpty && problem == nil && added, now: now)
            return added
        }
        if !added { problem = "attachment_too_many" }
        guard errors.isEmpty, problem == nil else {
            var shown = typed
            shown.status = stored.status == .pending ? .draft : stored.status
            return try ReportPage.render(
                context, id: id, typed: shown, indicators: indicatorValues, errors: errors, message: problem.map { context.t($0, ["size": UploadLimit.text(context)]) }, status: 422)
        }
        throw Redirect("/reports/\(id)?notice=\(submitting ? "report_submitted" : document == nil ? "draft_saved" : "attachment_added")")
    }
}
