import GRDB

/// A review is its reviewer's alone: nobody else reads or changes it.
enum ReviewAccess {
    static func load(_ user: User, _ db: Database, id: Int64) throws -> Review {
        guard let review = try ReviewStore.find(db, id: id) else { throw RecordRefusal.missing }
        guard review.reviewerId == user.id else { throw RecordRefusal.forbidden }
        return review
    }
}
