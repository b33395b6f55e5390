import Foundation
import Testing

@testable import Kalyna

/// The shape the code keeps (README, "How the code is laid out"): the Store is
/// the only code that touches the database, and what it returns is typed.
@Suite struct DataPathTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sources(_ folder: String) throws -> [(path: String, text: String)] {
        let base = root.appendingPathComponent("Sources/Kalyna/" + folder)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return try walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted().map { name in
            (folder + "/" + name, try String(contentsOf: base.appendingPathComponent(name), encoding: .utf8))
        }
    }

    /// Files not yet moved to the shape; the list only shrinks.
    static let notYetMoved: Set<String> = [
    ]

    @Test func noFeatureTouchesTheDatabase() throws {
        let features = try Self.sources("Features")
        #expect(features.count > 40)
        let sql = try Regex(#""[^"]*\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b"#)
        var offenders: [String] = []
        for (path, text) in features where !Self.notYetMoved.contains(path) {
            if text.contains("import GRDB") || text.contains(".pool.") || text.contains("\"\"\"\n") && text.contains("SELECT") || text.contains(sql) {
                offenders.append(path)
            }
        }
        #expect(offenders.isEmpty, "database work outside the Store: \(offenders)")
    }

    /// GRDB's record methods (`insert(db)`, `Record.fetchOne(db, …)`) are database
    /// work too, even without SQL or an import: a handler calls a Store function.
    @Test func noFeatureWritesOrFetchesRecordsItself() throws {
        let recordCall = try Regex(#"(\w+)\.(insert|update|delete|save|upsert|fetchOne|fetchAll|fetchCount|deleteAll)\(db\b"#)
        /// The calls in `text` made on a record or a record type rather than on a Store.
        func recordCalls(_ text: String) -> [String] {
            text.matches(of: recordCall).compactMap { match -> String? in
                let receiver = match.output[1].substring.map(String.init) ?? ""
                return receiver.hasSuffix("Store") || receiver.hasSuffix("Access") ? nil : String(text[match.range])
            } + (text.contains("db.execute") ? ["db.execute"] : [])
        }
        let features = try Self.sources("Features")
        #expect(features.count > 40)
        let offenders = features.filter { !recordCalls($0.text).isEmpty }.map { "\($0.path): \(recordCalls($0.text))" }
        #expect(offenders.isEmpty, "record work outside the Store: \(offenders)")
    }

    @Test func theStoreReturnsTypedValues() throws {
        let store = try Self.sources("Store")
        #expect(store.count > 20)
        let returnsRows = try Regex(#"->\s*[\(\[]*[^\n{]*\bRow\b"#)
        let offenders = store.filter { $0.text.contains(returnsRows) }.map(\.path)
        #expect(offenders.isEmpty, "Store functions returning Row: \(offenders)")
        // GRDB's by-name subscript stops the process on NULL or a value of another type;
        // a stored value is input, read with `Row.value(_:_:)`, which throws.
        let byName = store.filter { $0.text.contains("row[\"") }.map(\.path)
        #expect(byName.isEmpty, "rows read by name: \(byName)")
    }
}

/// Small readers the Store uses on query results.
@Suite struct StoreReadingTests {
    @Test(arguments: ["", "7", "3,12,7", "1,,2", "12a,4", "-3,5", "99999999999999999999,1", "4,"])
    func idListsReadAsSplittingWould(_ text: String) {
        #expect(CaseStore.ids(text) == text.split(separator: ",").compactMap { Int64($0) }.filter { $0 >= 0 })
    }

    /// A call whose stored currency we do not know fails to load; it never shows as euros.
    @Test func aCallInAnUnknownCurrencyIsRefusedNotShownAsEuro() throws {
        let test = try TestApp()
        let ids = try test.app.database.pool.write { db -> (known: Int64, unknown: Int64) in
            for code in ["UAH", "XYZ"] {
                try db.execute(
                    sql: """
                        INSERT INTO call (title, description, currency, total_budget, max_grant, opens_on, closes_on, eligibility, status, created_at)
                        VALUES ('Call', '', ?, 100000, 50000, '2027-01-01', '2027-02-01', '', 'open', '2027-01-01 00:00:00')
                        """, arguments: [code])
            }
            let last = db.lastInsertedRowID
            return (last - 1, last)
        }
        let known = try test.app.database.pool.read { try CallStore.find($0, id: ids.known) }
        #expect(known?.currency.code == "UAH")
        #expect(throws: (any Error).self) { try test.app.database.pool.read { try CallStore.find($0, id: ids.unknown) } }
    }
}
