import HTTPServer

/// `GET /calls/:id/applications.csv` and `.xlsx`: the call's submitted
/// applications with the answers to its own questions (every version, each
/// application under the version it answered) and its indicator targets.
enum CallApplicationsExport {
    static func csv(_ context: RequestContext) throws -> Response {
        Download.csv(try sheet(context), filename: "applications-call-\(try context.id())")
    }

    static func xlsx(_ context: RequestContext) throws -> Response {
        try Download.xlsx(try sheet(context), filename: "applications-call-\(try context.id())")
    }

    static func sheet(_ context: RequestContext) throws -> Sheet {
        let id = try context.id()
        let found: Found = try context.read { db in
            guard let call = try CallStore.find(db, id: id) else { throw RecordRefusal.missing }
            let rows = try ApplicationStore.forExport(db, call: id)
            let current = try QuestionStore.currentVersion(db, call: id)
            var questions: [(Int, CallQuestion)] = []
            var versionsWithQuestions = 0
            for version in 1...max(1, current) {
                let list = try QuestionStore.list(db, call: id, version: version)
                if !list.isEmpty { versionsWithQuestions += 1 }
                questions += list.map { (version, $0) }
            }
            var answers: [Int64: [Int64: [String]]] = [:]
            var targets: [Int64: [Int64: String]] = [:]
            for row in rows {
                let key = row.application.id ?? 0
                answers[key] = try QuestionStore.answers(db, application: key)
                targets[key] = try IndicatorStore.targets(db, application: key)
            }
            return Found(
                call: call, rows: rows, questions: questions, manyVersions: versionsWithQuestions > 1,
                indicators: try IndicatorStore.list(db, call: id), answers: answers, targets: targets)
        }
        let (call, rows, questions, indicators, answers, targets) = (found.call, found.rows, found.questions, found.indicators, found.answers, found.targets)
        let lang = context.lang
        var header: [String] = ["receipt_number", "field_application_title", "export_initiative", "field_country", "field_status", "field_requested", "receipt_received"].map { context.t($0) }
        for (version, question) in questions { header.append(question.label(lang) + (found.manyVersions ? " (v\(version))" : "")) }
        for indicator in indicators { header.append(context.t("indicator_target") + ": " + indicator.name(lang)) }
        let lines: [[Sheet.Cell]] = rows.map { row in
            let application = row.application
            let key = application.id ?? 0
            let answered = answers[key] ?? [:]
            var cells: [Sheet.Cell] = [
                .text(ApplicationReceipt.number(key)), .text(application.title), .text(row.initiative), .text(context.t("country_\(row.country)")),
                .text(context.t("application_status_\(application.status.rawValue)")),
                Sheet.money(application.amountRequested, call.currency),
                application.submittedAt.map { Sheet.Cell.date(CalendarDate($0, in: context.app.timeZone)) } ?? .empty,
            ]
            for (version, question) in questions { cells.append(cell(question, version: version, application, answered)) }
            for indicator in indicators {
                cells.append(IndicatorRules.amount(targets[key]?[indicator.id ?? 0] ?? "").map { Sheet.Cell.number(Double($0), decimals: 0) } ?? .empty)
            }
            return cells
        }
        return Sheet(name: String(call.title(lang).prefix(31)), header: header, rows: lines)

        /// An answer typed: numbers and dates as such, the rest in words; empty under another version's question.
        func cell(_ question: CallQuestion, version: Int, _ application: Application, _ answered: [Int64: [String]]) -> Sheet.Cell {
            guard (application.questionVersion ?? 1) == version, let values = answered[question.id ?? 0] else { return .empty }
            if question.kind == .number, let number = Int(values.first?.trimmed ?? "") { return .number(Double(number), decimals: 0) }
            if question.kind == .date, let day = CalendarDate(iso: values.first ?? "") { return .date(day) }
            return .text(QuestionFields.text(question, values, context))
        }
    }

    struct Found {
        let call: Call
        let rows: [CallApplicationRow]
        let questions: [(Int, CallQuestion)]
        let manyVersions: Bool
        let indicators: [CallIndicator]
        let answers: [Int64: [Int64: [String]]]
        let targets: [Int64: [Int64: String]]
    }
}
