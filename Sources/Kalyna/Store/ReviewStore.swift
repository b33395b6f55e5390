import Foundation
import GRDB

/// A reviewer's assignment to an application: her conflict-of-interest
/// declaration first, then scores and a comment.
public struct Review: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var applicationId: Int64
    public var reviewerId: Int64
    public var assignedAt: Date
    public var conflict: Bool?
    public var declaredAt: Date?
    public var comment: String
    public var submittedAt: Date?

    public static let databaseTableName = "review"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// She may read the application: she declared no conflict.
    public var mayRead: Bool { conflict == false }
}

enum ReviewStore {
    static func find(_ db: Database, id: Int64) throws -> Review? {
        try Review.fetchOne(db, key: id)
    }

    static func forApplication(_ db: Database, _ application: Int64) throws -> [Review] {
        try Review.filter(Column("application_id") == application).order(Column("id")).fetchAll(db)
    }

    static func assignment(_ db: Database, application: Int64, reviewer: Int64) throws -> Review? {
        try Review.filter(Column("application_id") == application && Column("reviewer_id") == reviewer).fetchOne(db)
    }

    /// Scores of a review by criterion id.
    static func scores(_ db: Database, review: Int64) throws -> [Int64: Int] {
        var result: [Int64: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT criterion_id, score FROM review_score WHERE review_id = ?", arguments: [review]) {
            result[try row.value(0, "criterion_id")] = try row.value(1, "score")
        }
        return result
    }

    /// The weighted average of each submitted review of an application.
    static func averages(_ db: Database, application: Int64) throws -> [Int64: Double] {
        var byReview: [Int64: [(weight: Int, score: Int)]] = [:]
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT s.review_id, s.score, c.weight FROM review_score s
                JOIN review r ON r.id = s.review_id JOIN call_criterion c ON c.id = s.criterion_id
                WHERE r.application_id = ? AND r.submitted_at IS NOT NULL
                """,
            arguments: [application])
        for row in rows {
            byReview[try row.value(0, "review_id") as Int64, default: []].append((weight: try row.value(2, "weight"), score: try row.value(1, "score")))
        }
        return byReview.compactMapValues { Scoring.weightedAverage($0) }
    }

    /// A reviewer's assignments, newest first, with what she may see of each.
    /// A reviewer's assignment as her list shows it.
    struct Assignment: Sendable {
        let id: Int64
        /// nil until she declares.
        let conflict: Bool?
        let submitted: Bool
        let title: String
        let initiative: String
        let call: String
    }

    static func forReviewer(_ db: Database, _ reviewer: Int64) throws -> [Assignment] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT r.id, r.conflict, r.submitted_at IS NOT NULL, a.title, i.name, c.title
                FROM review r JOIN application a ON a.id = r.application_id JOIN initiative i ON i.id = a.initiative_id
                JOIN call c ON c.id = a.call_id WHERE r.reviewer_id = ? ORDER BY r.id DESC
                """,
            arguments: [reviewer]
        ).map { row in
            Assignment(
                id: try row.value(0, "id"), conflict: try row.optional(1), submitted: try row.value(2, "submitted"), title: try row.value(3, "title"),
                initiative: try row.value(4, "initiative"), call: try row.value(5, "call"))
        }
    }
}

extension ReviewStore {
    /// What staff see of an application's reviews: each review and its
    /// weighted average, who else could review, and what the call has awarded.
    struct Panel: Sendable {
        let reviews: [Review]
        let averages: [Int64: Double]
        let candidates: [User]
        let names: [Int64: String]
        let awarded: Int64
    }

    static func panel(_ db: Database, application: Int64, call: Int64) throws -> Panel {
        let reviews = try forApplication(db, application)
        return Panel(
            reviews: reviews, averages: try averages(db, application: application), candidates: try UserStore.reviewerCandidates(db),
            names: try UserStore.names(db, ids: reviews.map(\.reviewerId)), awarded: try CallStore.awarded(db, call: call))
    }
}

extension ReviewStore {
    /// Replaces a review's scores and submits it with its comment.
    static func submit(_ db: Database, _ review: Review, scores: [(criterion: Int64, score: Int)], comment: String, by user: Int64?, now: Date) throws {
        var review = review
        let id = review.id ?? 0
        try db.execute(sql: "DELETE FROM review_score WHERE review_id = ?", arguments: [id])
        for (criterion, score) in scores {
            try db.execute(sql: "INSERT INTO review_score (review_id, criterion_id, score) VALUES (?, ?, ?)", arguments: [id, criterion, score])
        }
        review.comment = comment
        review.submittedAt = now
        try review.update(db)
        try Audit.record(db, actor: user, "review.submitted", "review", id, at: now)
    }
}

extension ReviewStore {
    /// The person chosen cannot review: not an active reviewer or programme officer.
    struct NotAReviewer: Error {}

    /// Staff assign a reviewer to an application awaiting a decision, which is then under review.
    static func assign(_ db: Database, application id: Int64, reviewer reviewerId: Int64, by user: User, now: Date) throws {
        var application = try ApplicationAccess.loadAwaitingDecision(user, db, id: id).application
        guard let reviewer = try UserStore.find(db, id: reviewerId), reviewer.active,
            reviewer.role == .reviewer || reviewer.role == .programmeOfficer
        else { throw NotAReviewer() }
        guard try assignment(db, application: id, reviewer: reviewerId) == nil else { throw RecordRefusal.wrongState }
        var review = Review(id: nil, applicationId: id, reviewerId: reviewerId, assignedAt: now, conflict: nil, declaredAt: nil, comment: "", submittedAt: nil)
        try review.insert(db)
        if application.status == .submitted {
            application.status = .underReview
            application.updatedAt = now
            try application.update(db)
        }
        try Audit.record(db, actor: user.id, "review.assigned", "review", review.id, detail: "application #\(id)", at: now)
    }

    /// Her conflict-of-interest declaration, made once; "yes" ends the assignment.
    static func declare(_ db: Database, review id: Int64, conflict: Bool, by user: User, now: Date) throws {
        var review = try ReviewAccess.load(user, db, id: id)
        guard review.conflict == nil else { throw RecordRefusal.wrongState }
        review.conflict = conflict
        review.declaredAt = now
        try review.update(db)
        try Audit.record(db, actor: user.id, conflict ? "review.conflict_declared" : "review.no_conflict_declared", "review", id, at: now)
    }
}
