import GRDB

/// A stored value the code cannot read as what it must be (a currency or a
/// status no migration wrote): a failure to report, never a default to show.
struct UnreadableValue: Error, CustomStringConvertible {
    let column: String
    let value: String
    var description: String { "unreadable \(column): \(value)" }
}

/// Typed reads by position, for Store functions that map a query's columns to
/// a struct: by name, GRDB lowercases and searches every column per read.
extension Row {
    // GRDB's subscripts stop the process on a value they cannot convert;
    // these throw (or give nil) instead: what the database holds is input too.
    func value<T: DatabaseValueConvertible>(_ index: Int, _ name: StaticString) throws -> T {
        if hasNull(atIndex: index) { throw UnreadableValue(column: "\(name)", value: "NULL") }
        return try decode(T.self, atIndex: index)
    }

    /// NULL is nil; a value that is there but cannot be read is an error, not nil.
    func optional<T: DatabaseValueConvertible>(_ index: Int) throws -> T? {
        hasNull(atIndex: index) ? nil : try decode(T.self, atIndex: index)
    }

    // The same for the column types SQLite reads directly (Int64, String, …):
    // chosen by the compiler wherever the type is known, they skip GRDB's
    // generic conversion through `DatabaseValue`.
    func value<T: DatabaseValueConvertible & StatementColumnConvertible>(_ index: Int, _ name: StaticString) throws -> T {
        if hasNull(atIndex: index) { throw UnreadableValue(column: "\(name)", value: "NULL") }
        return try decode(T.self, atIndex: index)
    }

    func optional<T: DatabaseValueConvertible & StatementColumnConvertible>(_ index: Int) throws -> T? {
        hasNull(atIndex: index) ? nil : try decode(T.self, atIndex: index)
    }

    /// A status or other closed set of values, stored as its raw string.
    func choice<T: RawRepresentable>(_ index: Int, _ name: StaticString) throws -> T where T.RawValue == String {
        let raw: String = try value(index, name)
        guard let choice = T(rawValue: raw) else { throw UnreadableValue(column: "\(name)", value: raw) }
        return choice
    }

    func currency(_ index: Int) throws -> Currency {
        let code: String = try value(index, "currency")
        guard let currency = Currency(code: code) else { throw UnreadableValue(column: "currency", value: code) }
        return currency
    }

    /// An ISO day such as "2027-03-08", or nil when the column is NULL.
    func day(_ index: Int, _ name: StaticString) throws -> CalendarDate? {
        guard let text: String = try optional(index) else { return nil }
        guard let date = CalendarDate(iso: text) else { throw UnreadableValue(column: "\(name)", value: text) }
        return date
    }
}

/// A currency is stored as its ISO code. A record with a code we do not know
/// fails to load (GRDB's decoding error) instead of showing as some other currency.
extension Currency: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { code.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Currency? {
        String.fromDatabaseValue(dbValue).flatMap { Currency(code: $0) }
    }
}
