import GRDB

extension Row {
    /// `fetchAll(_:sql:arguments:)` for the queries of the busiest pages, with
    /// the statement compiled once per connection and reused: compiling cost a
    /// quarter of a rendered dashboard. Only for SQL whose text takes a few
    /// shapes (arguments as `?`), since each shape stays compiled.
    static func fetchAllCached(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [Row] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }
}
