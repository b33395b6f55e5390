import Foundation
import GRDB

/// A call's questions and the answers applications give them.
enum QuestionStore {
    struct Frozen: Error {}

    private static let columns = """
        id, call_id, position, kind, label, label_ru, label_uk, help, help_ru, help_uk, options, options_ru, options_uk, required, minimum, maximum
        """

    private static func question(_ row: Row) throws -> CallQuestion {
        func lines(_ index: Int) throws -> [String] {
            let text: String = try row.value(index, "options")
            return text.isEmpty ? [] : text.components(separatedBy: "\n")
        }
        var question = CallQuestion(
            id: try row.value(0, "id"), callId: try row.value(1, "call_id"), position: try row.value(2, "position"),
            kind: try row.choice(3, "kind"), label: try row.value(4, "label"), required: try row.value(13, "required"))
        (question.labelRu, question.labelUk) = (try row.value(5, "label_ru"), try row.value(6, "label_uk"))
        (question.help, question.helpRu, question.helpUk) = (try row.value(7, "help"), try row.value(8, "help_ru"), try row.value(9, "help_uk"))
        (question.options, question.optionsRu, question.optionsUk) = (try lines(10), try lines(11), try lines(12))
        (question.minimum, question.maximum) = (try row.optional(14), try row.optional(15))
        return question
    }

    /// The questions of `version` (the call's current one when nil): what drafts answer and staff edit.
    static func list(_ db: Database, call: Int64, version: Int? = nil) throws -> [CallQuestion] {
        let version = try version ?? currentVersion(db, call: call)
        return try Row.fetchAll(
            db, sql: "SELECT \(columns) FROM call_question WHERE call_id = ? AND version = ? ORDER BY position, id", arguments: [call, version]
        ).map(question)
    }

    /// The questions an application is read with: the version it answered, or the current one for a draft.
    static func list(_ db: Database, for application: Application) throws -> [CallQuestion] {
        try list(db, call: application.callId, version: application.questionVersion)
    }

    static func currentVersion(_ db: Database, call: Int64) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT question_version FROM call WHERE id = ?", arguments: [call]) ?? 1
    }

    /// The current version is frozen once an application answered it (was submitted while it was current).
    static func isFrozen(_ db: Database, call: Int64) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM application WHERE call_id = ? AND submitted_at IS NOT NULL AND question_version = ?)",
            arguments: [call, try currentVersion(db, call: call)]) ?? false
    }

    /// Whether any application of the call was submitted (indicators, which targets refer to, freeze then for good).
    static func hasSubmissions(_ db: Database, call: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM application WHERE call_id = ? AND submitted_at IS NOT NULL)", arguments: [call]) ?? false
    }

    /// Starts a new version of frozen questions, a copy to change; the answered version stays as it was.
    static func newVersion(_ db: Database, call: Int64, by user: Int64?, now: Date) throws {
        guard try isFrozen(db, call: call) else { return }
        let current = try currentVersion(db, call: call)
        try db.execute(
            sql: """
                INSERT INTO call_question (call_id, version, position, kind, label, label_ru, label_uk, help, help_ru, help_uk, options, options_ru, options_uk, required, minimum, maximum)
                SELECT call_id, ? + 1, position, kind, label, label_ru, label_uk, help, help_ru, help_uk, options, options_ru, options_uk, required, minimum, maximum
                FROM call_question WHERE call_id = ? AND version = ?
                """,
            arguments: [current, call, current])
        try db.execute(sql: "UPDATE call SET question_version = ? WHERE id = ?", arguments: [current + 1, call])
        try Audit.record(db, actor: user, "questions.versioned", "call", call, detail: "version \(current + 1)", at: now)
    }

    static func add(_ db: Database, _ question: CallQuestion, by user: Int64?, now: Date) throws {
        guard try !isFrozen(db, call: question.callId) else { throw Frozen() }
        let version = try currentVersion(db, call: question.callId)
        let position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM call_question WHERE call_id = ? AND version = ?", arguments: [question.callId, version]) ?? -1) + 1
        try db.execute(
            sql: """
                INSERT INTO call_question (call_id, version, position, kind, label, label_ru, label_uk, help, help_ru, help_uk, options, options_ru, options_uk, required, minimum, maximum)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                question.callId, version, position, question.kind.rawValue, question.label, question.labelRu, question.labelUk, question.help, question.helpRu,
                question.helpUk, question.options.joined(separator: "\n"), question.optionsRu.joined(separator: "\n"),
                question.optionsUk.joined(separator: "\n"), question.required, question.minimum, question.maximum,
            ])
        try Audit.record(db, actor: user, "question.added", "call", question.callId, detail: "question #\(db.lastInsertedRowID)", at: now)
    }

    /// Moves a question one place up or down among its call's.
    static func move(_ db: Database, call: Int64, question: Int64, up: Bool, by user: Int64?, now: Date) throws {
        guard try !isFrozen(db, call: call) else { throw Frozen() }
        var ids = try list(db, call: call).compactMap(\.id)
        guard let index = ids.firstIndex(of: question) else { throw RecordRefusal.missing }
        let other = up ? index - 1 : index + 1
        guard ids.indices.contains(other) else { return }
        ids.swapAt(index, other)
        for (position, id) in ids.enumerated() {
            try db.execute(sql: "UPDATE call_question SET position = ? WHERE id = ?", arguments: [position, id])
        }
        try Audit.record(db, actor: user, "question.moved", "call", call, detail: "question #\(question)", at: now)
    }

    static func remove(_ db: Database, call: Int64, question: Int64, by user: Int64?, now: Date) throws {
        guard try !isFrozen(db, call: call) else { throw Frozen() }
        try db.execute(sql: "DELETE FROM application_answer WHERE question_id = ?", arguments: [question])
        // Only a question of the version being written: answered versions stay whole.
        try db.execute(
            sql: "DELETE FROM call_question WHERE id = ? AND call_id = ? AND version = (SELECT question_version FROM call WHERE id = ?)",
            arguments: [question, call, call])
        guard db.changesCount > 0 else { throw RecordRefusal.missing }
        try Audit.record(db, actor: user, "question.removed", "call", call, detail: "question #\(question)", at: now)
    }

    /// An application's answers, by question, as the form sent them.
    static func answers(_ db: Database, application: Int64) throws -> [Int64: [String]] {
        var answers: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT question_id, value FROM application_answer WHERE application_id = ?", arguments: [application]) {
            let value: String = try row.value(1, "value")
            answers[try row.value(0, "question_id")] = (try? JSONDecoder().decode([String].self, from: Data(value.utf8))) ?? [value]
        }
        return answers
    }

    /// Keeps the answers of a draft as typed, for the call's questions only.
    static func saveAnswers(_ db: Database, application: Int64, call: Int64, _ answers: [Int64: [String]]) throws {
        let asked = Set(try list(db, call: call).compactMap(\.id))
        for (question, values) in answers where asked.contains(question) {
            try db.execute(
                sql: "INSERT INTO application_answer (application_id, question_id, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value",
                arguments: [application, question, String(decoding: try JSONEncoder().encode(values), as: UTF8.self)])
        }
    }
}
