import Foundation
import GRDB

/// Reports' documents, submissions and decisions.
enum ReportStore {
    struct FileInfo: Sendable {
        let id: Int64
        let filename: String
        let size: Int
        let contentType: String
    }

    struct StoredFile: Sendable {
        let filename: String
        let contentType: String
        let bytes: [UInt8]
    }

    struct Submission: Sendable {
        let at: Date
        /// nil while it waits for a decision.
        let outcome: String?
        let comment: String?
    }

    static func files(_ db: Database, report: Int64) throws -> [FileInfo] {
        try Row.fetchAll(db, sql: "SELECT id, filename, size, content_type FROM report_file WHERE requirement_id = ? ORDER BY id", arguments: [report]).map { row in
            FileInfo(id: try row.value(0, "id"), filename: try row.value(1, "filename"), size: try row.value(2, "size"), contentType: try row.value(3, "content_type"))
        }
    }

    /// A grant's reports that hold documents.
    static func reportsWithFiles(_ db: Database, grant: Int64) throws -> [Int64] {
        try Int64.fetchAll(
            db, sql: "SELECT DISTINCT f.requirement_id FROM report_file f JOIN report_requirement r ON r.id = f.requirement_id WHERE r.grant_id = ?",
            arguments: [grant])
    }

    /// Adds a document unless the report has `limit` already; whether it did.
    static func addFile(
        _ db: Database, report: Int64, name: String, contentType: String, bytes: [UInt8], by user: Int64?, limit: Int, now: Date
    ) throws -> Bool {
        guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM report_file WHERE requirement_id = ?", arguments: [report]) ?? 0 < limit else { return false }
        try db.execute(
            sql: "INSERT INTO report_file (requirement_id, filename, content_type, size, bytes, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [report, name, contentType, bytes.count, Data(bytes), user, now])
        try Audit.record(db, actor: user, "report.file_added", "report", report, detail: "file #\(db.lastInsertedRowID)", at: now)
        return true
    }

    static func file(_ db: Database, id: Int64, report: Int64) throws -> StoredFile? {
        try Row.fetchOne(db, sql: "SELECT filename, content_type, bytes FROM report_file WHERE id = ? AND requirement_id = ?", arguments: [id, report])
            .map { row in
                let bytes: Data = try row.value(2, "bytes")
                return StoredFile(filename: try row.value(0, "filename"), contentType: try row.value(1, "content_type"), bytes: [UInt8](bytes))
            }
    }

    /// Removes a document of this report; false if it has no such document.
    static func deleteFile(_ db: Database, id: Int64, report: Int64, by user: Int64?, now: Date) throws -> Bool {
        try db.execute(sql: "DELETE FROM report_file WHERE id = ? AND requirement_id = ?", arguments: [id, report])
        guard db.changesCount == 1 else { return false }
        try Audit.record(db, actor: user, "report.file_removed", "report", report, detail: "file #\(id)", at: now)
        return true
    }

    /// One submitted version of a report, as it was sent.
    struct Version: Sendable {
        let number: Int
        let count: Int
        let at: Date
        let outcome: String?
        let comment: String?
        let decidedAt: Date?
        /// done, results, challenges, next_steps; spending: line id → amount as typed.
        let text: [String: String]
        let spending: [String: String]
    }

    /// Version `number` (1 = the first sent) of a report, or nil.
    static func version(_ db: Database, report: Int64, number: Int) throws -> Version? {
        let rows = try Row.fetchAll(
            db, sql: "SELECT submitted_at, outcome, comment, decided_at, content FROM report_submission WHERE requirement_id = ? ORDER BY id",
            arguments: [report])
        guard number >= 1, number <= rows.count else { return nil }
        let row = rows[number - 1]
        let content: String = try row.value(4, "content")
        guard let fields = try? JSONDecoder().decode([String: String].self, from: Data(content.utf8)) else {
            throw UnreadableValue(column: "report_submission.content", value: "not a JSON object")
        }
        let spending = fields["spending"].flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
        return Version(
            number: number, count: rows.count, at: try row.value(0, "submitted_at"), outcome: try row.optional(1), comment: try row.optional(2),
            decidedAt: try row.optional(3), text: fields.filter { $0.key != "spending" }, spending: spending)
    }

    /// Every submission, newest first.
    static func history(_ db: Database, report: Int64) throws -> [Submission] {
        try Row.fetchAll(db, sql: "SELECT submitted_at, outcome, comment FROM report_submission WHERE requirement_id = ? ORDER BY id DESC", arguments: [report])
            .map { row in Submission(at: try row.value(0, "submitted_at"), outcome: try row.optional(1), comment: try row.optional(2)) }
    }

    /// What Kalyna's own records show of an initiative's work in a report's
    /// period: the cases it registered (by act and by month), the referrals
    /// made for them (by outcome) and the officers whose recognition staff
    /// included, on occasions in the period.
    struct PeriodPicture: Sendable {
        var cases = 0
        /// (act's name, cases with it), commonest first.
        var acts: [(name: String, count: Int)] = []
        /// ("2026-03", cases registered that month), in order.
        var months: [(month: String, count: Int)] = []
        /// (referral status, referrals), in the vocabulary's order.
        var referrals: [(status: String, count: Int)] = []
        var officers: [(name: String, occasion: String)] = []

        /// The counts outcome indicators take from Kalyna's records.
        var counts: PeriodCounts {
            PeriodCounts(
                cases: cases, referralsMade: referrals.map(\.count).reduce(0, +),
                referralsProvided: referrals.first { $0.status == "provided" }?.count ?? 0, officersRecognised: officers.count)
        }
    }

    static func periodPicture(_ db: Database, initiative: Int64, period: ClosedRange<CalendarDate>, lang: String) throws -> PeriodPicture {
        let language = ["en", "ru", "uk"].contains(lang) ? lang : "en"
        let range: [any DatabaseValueConvertible] = [initiative, period.lowerBound.iso, period.upperBound.iso]
        let inPeriod = "c.initiative_id = ? AND c.registered_on BETWEEN ? AND ?"
        var picture = PeriodPicture()
        picture.cases = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"case\" c WHERE \(inPeriod)", arguments: StatementArguments(range)) ?? 0
        picture.acts = try Row.fetchAll(
            db,
            sql: """
                SELECT v.name_\(language), COUNT(*) FROM \"case\" c JOIN case_act a ON a.case_id = c.id JOIN violence_type v ON v.id = a.violence_type_id
                WHERE \(inPeriod) GROUP BY v.id ORDER BY COUNT(*) DESC, v.position
                """,
            arguments: StatementArguments(range)
        ).map { (try $0.value(0, "name"), try $0.value(1, "count")) }
        picture.months = try Row.fetchAll(
            db, sql: "SELECT substr(c.registered_on, 1, 7) AS month, COUNT(*) FROM \"case\" c WHERE \(inPeriod) GROUP BY month ORDER BY month",
            arguments: StatementArguments(range)
        ).map { (try $0.value(0, "month"), try $0.value(1, "count")) }
        let referrals = try Row.fetchAll(
            db,
            sql: "SELECT r.status, COUNT(*) FROM referral r JOIN \"case\" c ON c.id = r.case_id WHERE \(inPeriod) GROUP BY r.status",
            arguments: StatementArguments(range))
        let byStatus = Dictionary(try referrals.map { (try $0.value(0, "status") as String, try $0.value(1, "count") as Int) }, uniquingKeysWith: +)
        picture.referrals = CaseVocabulary.referralStatuses.compactMap { status in byStatus[status].map { (status, $0) } }
        let title = language == "en" ? "oc.title" : "COALESCE(NULLIF(oc.title_\(language), ''), oc.title)"
        picture.officers = try Row.fetchAll(
            db,
            sql: """
                SELECT DISTINCT o.name, \(title) FROM recognition r JOIN officer o ON o.id = r.officer_id JOIN occasion oc ON oc.id = r.occasion_id
                WHERE r.initiative_id = ? AND r.status = 'included' AND oc.date BETWEEN ? AND ? ORDER BY oc.date, o.name
                """,
            arguments: StatementArguments(range)
        ).map { (try $0.value(0, "name"), try $0.value(1, "occasion")) }
        return picture
    }

    /// Saves what the coordinator typed; with `submit`, submits it and keeps
    /// the submission whole. Checked again here: the grant may have ended since
    /// the form was read.
    static func save(_ db: Database, _ typed: ReportRequirement, user: User, submit: Bool, now: Date) throws {
        var (current, _) = try ReportAccess.loadOpen(user, db, id: typed.id ?? 0)
        current.done = typed.done
        current.results = typed.results
        current.challenges = typed.challenges
        current.nextSteps = typed.nextSteps
        current.spending = typed.spending
        if submit {
            current.status = .submitted
            let content: [String: String] = [
                "done": current.done, "results": current.results, "challenges": current.challenges,
                "next_steps": current.nextSteps, "spending": current.spending,
            ]
            let snapshot = String(decoding: (try? JSONEncoder().encode(content)) ?? Data(), as: UTF8.self)
            try db.execute(
                sql: "INSERT INTO report_submission (requirement_id, submitted_at, submitted_by, content) VALUES (?, ?, ?, ?)",
                arguments: [current.id, now, user.id, snapshot])
            try Audit.record(db, actor: user.id, "report.submitted", "report", current.id, at: now)
        } else if current.status == .pending {
            current.status = .draft
        }
        try current.update(db)
    }

    /// A programme officer accepts or returns a submitted report; accepting the
    /// last thing a grant waited for completes it.
    static func decide(_ db: Database, report id: Int64, accept: Bool, comment: String?, user: User, now: Date) throws {
        var (requirement, loaded) = try ReportAccess.load(user, db, id: id)
        guard loaded.isStaff else { throw RecordRefusal.forbidden }
        guard requirement.status == .submitted else { throw RecordRefusal.wrongState }
        requirement.status = accept ? .accepted : .returned
        requirement.staffComment = comment
        requirement.acceptedAt = accept ? now : nil
        try requirement.update(db)
        try db.execute(
            sql: "UPDATE report_submission SET outcome = ?, comment = ?, decided_at = ? WHERE id = (SELECT MAX(id) FROM report_submission WHERE requirement_id = ?)",
            arguments: [accept ? "accepted" : "returned", requirement.staffComment, now, id])
        try Audit.record(db, actor: user.id, accept ? "report.accepted" : "report.returned", "report", id, at: now)
        if try GrantStore.completeIfDone(db, grant: loaded.grant.id ?? 0, now: now) {
            try Audit.record(db, actor: user.id, "grant.completed", "grant", loaded.grant.id, at: now)
        }
    }
}
