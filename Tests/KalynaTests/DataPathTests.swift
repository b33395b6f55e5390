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

    /// Every page a handler renders is a typed page model (`PageModel`), and
    /// every page template has one, so that `PageModelTests` can render each
    /// strictly from a model alone. Partials, the layout and the e-mail are
    /// parts of pages, not pages.
    static var pageModels: [any PageModel.Type] { [
        AgreementPage.self, ApplicationFormPage.self, ApplicationListPage.self, ApplicationPage.self, AuditPage.self, CallFormPage.self,
        CallListPage.self, CallPage.self, CaseFormPage.self, CaseImportPage.self, CaseListPage.self, CasePage.self, CertificateListPage.self,
        CertificatesPage.self, ConversationPage.self, DashboardPage.self, ErrorPage.self, ExpiredLinkPage.self, GrantListPage.self, GrantPage.self,
        HomePage.self, InboxPage.self, InitiativeFormPage.self, InitiativeListPage.self, InitiativePage.self, InvitationPage.self, NarrativePage.self,
        OccasionFormPage.self, OccasionListPage.self, OccasionPage.self, OfficerFormPage.self, OfficerListPage.self, OfficerPage.self, OutboxPage.self,
        PayeePage.self, PicturePage.self, PlacesPage.self, ProfilePage.self, PublicThanksPage.self, QuestionsPage.self, RankingPage.self,
        RegisterConfirmPage.self, RegisterPage.self, RegisterSentPage.self, ReleaseListPage.self, ReleasePage.self, ReportShowPage.self,
        ReportVersionPage.self, ReviewListPage.self, ReviewPage.self, SchedulePage.self, SignInPage.self, StaffInvitePage.self, StatisticsPage.self,
        SummaryPage.self, TypologyPage.self, UserListPage.self, UserPage.self, WithdrawPage.self,
    ] }

    @Test func everyPageTemplateHasAPageModelAndNoHandlerRendersOneByName() throws {
        let templates = Self.root.appendingPathComponent("templates")
        let walker = try #require(FileManager.default.enumerator(atPath: templates.path))
        // A template included by another (`{{> name}}`) is a part of a page.
        let files = walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(".mustache".count)) }
        let texts = try files.map { try String(contentsOf: templates.appendingPathComponent($0 + ".mustache"), encoding: .utf8) }.joined()
        let parts = Set(files.filter { texts.contains("{{> \($0)}}") || texts.contains("{{>\($0)}}") || texts.contains("{{<\($0)}}") })
        let pages = Set(files).subtracting(parts).filter { !$0.hasPrefix("mail/") && !$0.hasPrefix("i18n/") }
        let modelled = Set(Self.pageModels.map { $0.template })
        #expect(pages.subtracting(modelled).isEmpty, "page templates without a model: \(pages.subtracting(modelled).sorted())")
        #expect(modelled.subtracting(pages).isEmpty, "models of no page template: \(modelled.subtracting(pages).sorted())")
        // Each model is a type of its own: the list has no repeat.
        #expect(modelled.count == Self.pageModels.count)
        let byName = try (Self.sources("Features") + Self.sources("App")).filter { $0.text.contains("context.page(\"") }.map(\.path)
        #expect(byName.isEmpty, "handlers rendering a template by name: \(byName)")
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

    /// The list reads its cases' acts in a second query: each case gets its own, in the typology's order.
    @Test func aPageOfCasesCarriesEachCasesOwnActs() throws {
        let test = try TestApp()
        let initiative = try test.initiative("A")
        let (first, _) = try test.caseRecord(initiative: initiative, month: "2026-08", acts: [3, 1])
        let (second, _) = try test.caseRecord(initiative: initiative, month: "2026-09", acts: [])
        let (third, _) = try test.caseRecord(initiative: initiative, month: "2026-10", acts: [2])
        let database = test.app.database
        let (items, total) = try database.pool.read { db in
            try CaseStore.page(
                db, filter: CaseStore.Filter(), offset: 0, limit: 50,
                kept: KeptReads(database: database, generation: database.changes.dataGeneration, now: Date()))
        }
        #expect(total == 3)
        #expect(items.map(\.id) == [third, second, first])
        #expect(items.map(\.acts) == [[2], [], [1, 3]])
        let last = try database.pool.read { db in
            try CaseStore.page(
                db, filter: CaseStore.Filter(), offset: 2, limit: 50,
                kept: KeptReads(database: database, generation: database.changes.dataGeneration, now: Date()))
        }
        #expect(last.items.map(\.acts) == [[1, 3]])
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
