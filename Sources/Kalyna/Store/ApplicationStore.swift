import Foundation
import GRDB

/// An initiative's application to a call.
public struct Application: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var callId: Int64
    public var initiativeId: Int64
    public var title: String
    public var summary: String
    public var objectives: String
    public var activities: String
    public var targetGroup: String
    public var plannedStart: String
    public var plannedEnd: String
    public var amountRequested: Int64
    public var status: ApplicationStatus
    public var decisionReason: String?
    public var amountAwarded: Int64?
    public var createdAt: Date
    public var updatedAt: Date
    public var submittedAt: Date?
    public var decidedAt: Date?
    /// The declined application this one revises.
    public var resubmissionOf: Int64? = nil
    /// The version of the call's questions it answered, set when submitted.
    public var questionVersion: Int? = nil

    public static let databaseTableName = "application"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

public struct BudgetLine: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var applicationId: Int64
    public var position: Int
    public var category: String
    public var description: String
    public var amountText: String
    public var amount: Int64?

    public static let databaseTableName = "budget_line"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
}

enum ApplicationStore {
    /// A new draft revising `id`, a declined application of `user`'s
    /// initiative, while its call still takes applications: the text, budget,
    /// answers and documents copied, the decision left as it was. Asked twice, the
    /// same draft. Its id.
    static func resubmit(_ db: Database, user: User, application id: Int64, today: CalendarDate, now: Date) throws -> Int64 {
        let loaded = try ApplicationAccess.load(user, db, id: id)
        guard loaded.isApplicant else { throw RecordRefusal.forbidden }
        guard loaded.application.status == .rejected else { throw RecordRefusal.wrongState }
        if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM application WHERE resubmission_of = ?", arguments: [id]) {
            return existing
        }
        guard loaded.call.acceptsSubmissions(on: today) else { throw RecordRefusal.wrongState }
        let old = loaded.application
        var revised = Application(
            id: nil, callId: old.callId, initiativeId: old.initiativeId, title: old.title, summary: old.summary, objectives: old.objectives,
            activities: old.activities, targetGroup: old.targetGroup, plannedStart: old.plannedStart, plannedEnd: old.plannedEnd,
            amountRequested: old.amountRequested, status: .draft, decisionReason: nil, amountAwarded: nil, createdAt: now, updatedAt: now,
            submittedAt: nil, decidedAt: nil, resubmissionOf: id)
        try revised.insert(db)
        let newId = revised.id ?? 0
        try db.execute(
            sql: "INSERT INTO budget_line (application_id, position, category, description, amount_text, amount) SELECT ?, position, category, description, amount_text, amount FROM budget_line WHERE application_id = ?",
            arguments: [newId, id])
        // The answers to the call's own questions come along, to the same questions in the version drafts answer now
        // (matched by place and kind when the questions have a new version since).
        try db.execute(
            sql: """
                INSERT INTO application_answer (application_id, question_id, value)
                SELECT ?, now.id, a.value FROM application_answer a JOIN call_question old ON old.id = a.question_id
                JOIN call c ON c.id = old.call_id
                JOIN call_question now ON now.call_id = old.call_id AND now.version = c.question_version AND now.position = old.position AND now.kind = old.kind
                WHERE a.application_id = ?
                """,
            arguments: [newId, id])
        for attachment in try AttachmentStore.list(db, application: id) {
            guard let bytes = try AttachmentStore.bytes(db, attachment: attachment.id ?? 0) else { continue }
            var copy = attachment
            copy.id = nil
            copy.applicationId = newId
            try AttachmentStore.add(db, &copy, bytes: bytes)
        }
        try Audit.record(db, actor: user.id, "application.resubmitted", "application", newId, detail: "revises application #\(id)", at: now)
        return newId
    }

    /// The application `id` revises, with the reason it was declined.
    static func revised(_ db: Database, by application: Application) throws -> (id: Int64, reason: String?)? {
        guard let earlier = application.resubmissionOf, let old = try find(db, id: earlier) else { return nil }
        return (earlier, old.decisionReason)
    }

    /// The draft revising `id`, if one was started.
    static func revision(_ db: Database, of id: Int64) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM application WHERE resubmission_of = ?", arguments: [id])
    }

    static func find(_ db: Database, id: Int64) throws -> Application? {
        try Application.fetchOne(db, key: id)
    }

    static func lines(_ db: Database, application: Int64) throws -> [BudgetLine] {
        try BudgetLine.filter(Column("application_id") == application).order(Column("position")).fetchAll(db)
    }

    static func input(_ application: Application, lines: [BudgetLine]) -> ApplicationInput {
        var input = ApplicationInput()
        input.title = application.title
        input.summary = application.summary
        input.objectives = application.objectives
        input.activities = application.activities
        input.targetGroup = application.targetGroup
        input.plannedStart = application.plannedStart
        input.plannedEnd = application.plannedEnd
        input.lines = lines.map { BudgetLineInput(category: $0.category, description: $0.description, amount: $0.amountText) }
        return input
    }

    /// Stores what was typed, blank budget lines dropped, the request recomputed.
    static func save(_ db: Database, _ application: inout Application, input: ApplicationInput, currency: Currency, now: Date) throws {
        application.title = input.title
        application.summary = input.summary
        application.objectives = input.objectives
        application.activities = input.activities
        application.targetGroup = input.targetGroup
        application.plannedStart = input.plannedStart
        application.plannedEnd = input.plannedEnd
        application.amountRequested = input.total(currency: currency)
        application.updatedAt = now
        try application.update(db)
        try db.execute(sql: "DELETE FROM budget_line WHERE application_id = ?", arguments: [application.id])
        for (position, line) in input.lines.filter({ !$0.isBlank }).enumerated() {
            var record = BudgetLine(
                id: nil, applicationId: application.id ?? 0, position: position, category: line.category,
                description: line.description, amountText: line.amount,
                amount: Money.parse(line.amount, currency: currency)?.minorUnits)
            try record.insert(db)
        }
    }

    struct Filter {
        var call: Int64?
        var status: ApplicationStatus?
        var country: String?
    }

    /// One line of staff's application list.
    struct ListItem: Sendable {
        let id: Int64
        let title: String
        let status: ApplicationStatus
        let requested: Money
        let callTitle: String
        let initiativeName: String
        let country: String
        let city: String
    }

    /// Staff's list: applications that were submitted (drafts are the applicants'
    /// own), newest first, with their call and initiative.
    static func page(_ db: Database, filter: Filter, offset: Int, limit: Int, kept: KeptReads) throws -> (items: [ListItem], total: Int) {
        var conditions = ["a.status != 'draft'"]
        var arguments: StatementArguments = []
        if let call = filter.call { conditions.append("a.call_id = ?"); arguments += [call] }
        if let status = filter.status { conditions.append("a.status = ?"); arguments += [status.rawValue] }
        if let country = filter.country { conditions.append("i.country = ?"); arguments += [country] }
        let whereClause = "WHERE " + conditions.joined(separator: " AND ")
        let from = "FROM application a JOIN initiative i ON i.id = a.initiative_id JOIN call c ON c.id = a.call_id"
        // Counting needs the initiative only to filter by its country (the joins cost ~5 ms on 24,000 rows).
        let countFrom = filter.country == nil ? "FROM application a" : "FROM application a JOIN initiative i ON i.id = a.initiative_id"
        let total = try kept.count(db, sql: "SELECT COUNT(*) \(countFrom) \(whereClause)", arguments: arguments, tables: ["application", "initiative"])
        let statement = try db.cachedStatement(sql: """
            SELECT a.id, a.title, a.status, a.amount_requested, c.title, c.currency, i.name, i.country, i.city
            \(from) \(whereClause) ORDER BY a.submitted_at DESC, a.id DESC LIMIT ? OFFSET ?
            """)
        var items: [ListItem] = []
        let rows = try Row.fetchCursor(statement, arguments: arguments + [limit, offset])
        while let row = try rows.next() {
            let currency = try row.currency(5)
            items.append(ListItem(
                id: try row.value(0, "id"), title: try row.value(1, "title"), status: try row.choice(2, "status"),
                requested: Money(minorUnits: try row.optional(3) ?? 0, currency: currency), callTitle: try row.value(4, "call_title"),
                initiativeName: try row.value(6, "initiative"), country: try row.value(7, "country"), city: try row.value(8, "city")))
        }
        return (items, total)
    }

    /// An initiative's applications with their calls, newest first.
    /// An initiative's own application, as its dashboard lists it.
    struct OwnApplication: Sendable {
        let id: Int64
        let title: String
        let status: ApplicationStatus
        let requested: Money
        let awarded: Money?
        let decisionReason: String?
        let callTitle: String
        let callTitleRu: String
        let callTitleUk: String

        func callTitle(_ lang: String) -> String { Translated.pick(callTitle, ru: callTitleRu, uk: callTitleUk, lang: lang) }
    }

    static func forInitiative(_ db: Database, _ initiative: Int64) throws -> [OwnApplication] {
        try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT a.id, a.title, a.status, a.amount_requested, a.amount_awarded, a.decision_reason, c.title, c.currency, c.title_ru, c.title_uk
                FROM application a JOIN call c ON c.id = a.call_id WHERE a.initiative_id = ? ORDER BY a.id DESC
                """),
            arguments: [initiative]
        ).map { row in
            let currency = try row.currency(7)
            let awarded: Int64? = try row.optional(4)
            return OwnApplication(
                id: try row.value(0, "id"), title: try row.value(1, "title"), status: try row.choice(2, "status"),
                requested: Money(minorUnits: try row.optional(3) ?? 0, currency: currency),
                awarded: awarded.map { Money(minorUnits: $0, currency: currency) }, decisionReason: try row.optional(5),
                callTitle: try row.value(6, "call_title"), callTitleRu: try row.value(8, "call_title_ru"), callTitleUk: try row.value(9, "call_title_uk"))
        }
    }
}

extension ApplicationStore {
    /// A call's applications that have been submitted (and perhaps decided), for its ranking.
    static func submitted(_ db: Database, call: Int64) throws -> [Application] {
        try Application.filter(
            Column("call_id") == call && [ApplicationStatus.submitted, .underReview, .approved, .rejected].map(\.rawValue).contains(Column("status"))
        ).fetchAll(db)
    }

    /// An initiative's applications to one call.
    static func forCall(_ db: Database, call: Int64, initiative: Int64) throws -> [Application] {
        try Application.filter(Column("call_id") == call && Column("initiative_id") == initiative).fetchAll(db)
    }
}

/// A call's submitted applications as its export lists them.
struct CallApplicationRow: Sendable {
    let application: Application
    let initiative: String
    let country: String
}

extension ApplicationStore {
    /// Every application of the call past the draft (staff do not read drafts), oldest first.
    static func forExport(_ db: Database, call: Int64) throws -> [CallApplicationRow] {
        let applications = try Application.filter(Column("call_id") == call && Column("submitted_at") != nil).order(Column("id")).fetchAll(db)
        return try applications.map { application in
            let initiative = try InitiativeStore.find(db, id: application.initiativeId)
            return CallApplicationRow(application: application, initiative: initiative?.name ?? "", country: initiative?.country ?? "")
        }
    }
}

extension ApplicationStore {
    /// A verified initiative's coordinator starts a draft to a call open today; returns the draft.
    static func start(_ db: Database, call callId: Int64, by user: User, today: CalendarDate, now: Date) throws -> Int64 {
        guard let initiativeId = user.initiativeId else { throw RecordRefusal.forbidden }
        guard let call = try CallStore.find(db, id: callId), call.status != .draft else { throw RecordRefusal.missing }
        guard let initiative = try InitiativeStore.find(db, id: initiativeId), initiative.status == .verified else {
            throw RecordRefusal.forbidden
        }
        guard call.acceptsSubmissions(on: today) else { throw RecordRefusal.wrongState }
        var application = Application(
            id: nil, callId: callId, initiativeId: initiativeId, title: "", summary: "", objectives: "", activities: "",
            targetGroup: "", plannedStart: "", plannedEnd: "", amountRequested: 0, status: .draft, decisionReason: nil,
            amountAwarded: nil, createdAt: now, updatedAt: now, submittedAt: nil, decidedAt: nil)
        try application.insert(db)
        try Audit.record(db, actor: user.id, "application.started", "application", application.id, at: now)
        return application.id ?? 0
    }

    /// The applicant takes her application back, at any time before a decision.
    static func withdraw(_ db: Database, id: Int64, by user: User, now: Date) throws {
        let loaded = try ApplicationAccess.load(user, db, id: id)
        guard loaded.isApplicant else { throw RecordRefusal.forbidden }
        var application = loaded.application
        guard application.status.canWithdraw else { throw RecordRefusal.wrongState }
        application.status = .withdrawn
        application.updatedAt = now
        try application.update(db)
        try Audit.record(db, actor: user.id, "application.withdrawn", "application", id, at: now)
    }
}

extension ApplicationStore {
    /// A programme officer approves: the award is no larger than the request nor
    /// than what the call has left, checked here inside the write so that
    /// approvals at the same moment cannot overspend the call; the grant is
    /// created. Returns what is wrong with the amount (a catalog key), or nil.
    static func approve(_ db: Database, id: Int64, amount amountText: String, by user: User, grantPrefix: String, now: Date) throws -> String? {
        let loaded = try ApplicationAccess.loadAwaitingDecision(user, db, id: id)
        var application = loaded.application
        guard let amount = Money.parse(amountText, currency: loaded.call.currency) else { return "validation_amount" }
        let remaining = loaded.call.totalBudget - (try CallStore.awarded(db, call: loaded.call.id ?? 0))
        if let problem = AwardRule.problem(amount: amount.minorUnits, requested: application.amountRequested, remaining: remaining) {
            return problem
        }
        application.status = .approved
        application.amountAwarded = amount.minorUnits
        application.decidedAt = now
        application.updatedAt = now
        try application.update(db)
        let grant = try GrantStore.create(db, application: application, call: loaded.call, amount: amount.minorUnits, prefix: grantPrefix, now: now)
        try Audit.record(db, actor: user.id, "application.approved", "application", id, detail: "amount=\(amount.plainDecimal) \(amount.currency.code)", at: now)
        try Audit.record(db, actor: user.id, "grant.created", "grant", grant.id, detail: grant.publicId, at: now)
        return nil
    }

    /// A programme officer declines, with the reason the applicant will read.
    static func reject(_ db: Database, id: Int64, reason: String, by user: User, now: Date) throws {
        var application = try ApplicationAccess.loadAwaitingDecision(user, db, id: id).application
        application.status = .rejected
        application.decisionReason = reason
        application.decidedAt = now
        application.updatedAt = now
        try application.update(db)
        try Audit.record(db, actor: user.id, "application.rejected", "application", id, at: now)
    }
}

extension ApplicationStore {
    /// The last step of submitting, once every check has passed in the same
    /// transaction: the draft becomes submitted, answering the call's questions
    /// as they stand now.
    static func markSubmitted(_ db: Database, _ application: inout Application, call: Int64, by actor: Int64?, now: Date) throws {
        application.status = .submitted
        application.submittedAt = now
        application.questionVersion = try QuestionStore.currentVersion(db, call: call)
        try application.update(db)
        try Audit.record(db, actor: actor, "application.submitted", "application", application.id, at: now)
    }
}
