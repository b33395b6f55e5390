import GRDB

/// The grant tracking list: filters in, one page of typed rows and the total out.
struct GrantFilter: Sendable, Equatable {
    var call: Int64?
    var country: String?
    var status: GrantStatus?
}

struct GrantListItem: Sendable {
    let id: Int64
    let publicId: String
    let title: String
    let initiative: String
    let awarded: Money
    let paid: Money
    /// The earliest report not yet accepted.
    let nextDue: CalendarDate?
    /// The earliest tranche neither cancelled nor paid.
    let nextTranche: CalendarDate?
    let status: GrantStatus
}

extension GrantStore {
    static func list(_ db: Database, _ filter: GrantFilter, page: Pager, kept: KeptReads) throws -> (items: [GrantListItem], total: Int) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let call = filter.call { conditions.append("a.call_id = ?"); arguments += [call] }
        if let country = filter.country { conditions.append("i.country = ?"); arguments += [country] }
        if let status = filter.status { conditions.append("g.status = ?"); arguments += [status.rawValue] }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let from = "FROM \"grant\" g JOIN application a ON a.id = g.application_id JOIN initiative i ON i.id = a.initiative_id"
        // Every grant has its application and initiative: the joins count only when filtered by them.
        let countFrom = filter.call == nil && filter.country == nil ? "FROM \"grant\" g" : from
        let total = try kept.count(db, sql: "SELECT COUNT(*) \(countFrom) \(whereClause)", arguments: arguments, tables: ["grant", "application", "initiative"])
        let statement = try db.cachedStatement(sql: """
            SELECT g.id, g.public_id, g.title, g.amount_awarded, g.currency, g.status, i.name, p.paid, p.next_due, p.next_tranche
            \(from) JOIN grant_progress p ON p.grant_id = g.id \(whereClause) ORDER BY g.id DESC LIMIT ? OFFSET ?
            """)
        var items: [GrantListItem] = []
        items.reserveCapacity(page.perPage)
        let rows = try Row.fetchCursor(statement, arguments: arguments + [page.perPage, page.offset])
        while let row = try rows.next() {
            let currency = try row.currency(4)
            items.append(GrantListItem(
                id: try row.value(0, "id"), publicId: try row.value(1, "public_id"), title: try row.value(2, "title"),
                initiative: try row.value(6, "initiative"),
                awarded: Money(minorUnits: try row.value(3, "amount_awarded"), currency: currency),
                paid: Money(minorUnits: try row.value(7, "paid"), currency: currency),
                nextDue: try row.day(8, "next_due"), nextTranche: try row.day(9, "next_tranche"),
                status: try row.choice(5, "status")))
        }
        return (items, total)
    }
}
