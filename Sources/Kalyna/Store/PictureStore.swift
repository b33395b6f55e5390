import GRDB

/// Every case counted by place, month, act and referral, as the tallies kept
/// by migration 0012's triggers hold them; and grants by country.
struct CaseTallies: Sendable, Equatable {
    var byCountry: [String: Int] = [:]
    var byPlace: [PlaceChoice: Int] = [:]
    /// "2026-11" → cases; cases known only to the year are in `yearOnly`.
    var byMonth: [String: Int] = [:]
    var yearOnly = 0
    /// Cases that name each act (a case names an act once).
    var byAct: [Int64: Int] = [:]
    /// Referrals by service (rows, `CaseVocabulary.services`) and outcome
    /// (columns, `CaseVocabulary.referralStatuses`).
    var referrals: [[Int]] = CaseVocabulary.services.map { _ in CaseVocabulary.referralStatuses.map { _ in 0 } }

    var total: Int { byCountry.values.reduce(0, +) }
}

/// Grants awarded and paid in one country and currency.
struct GrantsByCountry: Sendable, Equatable {
    let country: String
    let count: Int
    let awarded: Money
    let paid: Money
}

enum PictureStore {
    static func tallies(_ db: Database) throws -> CaseTallies {
        var tallies = CaseTallies()
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT country, place_id, n FROM case_place_tally WHERE n > 0")) {
            let country: String = try row.value(0, "country")
            let place: Int64 = try row.value(1, "place_id")
            let n: Int = try row.value(2, "n")
            tallies.byCountry[country, default: 0] += n
            tallies.byPlace[PlaceChoice(country: country, place: place == 0 ? nil : place), default: 0] += n
        }
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT month, n FROM case_month_tally WHERE n > 0")) {
            let month: String = try row.value(0, "month")
            let n: Int = try row.value(1, "n")
            if month.isEmpty { tallies.yearOnly = n } else { tallies.byMonth[month] = n }
        }
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT violence_type_id, n FROM case_act_tally WHERE n > 0")) {
            tallies.byAct[try row.value(0, "violence_type_id")] = try row.value(1, "n")
        }
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT service, status, n FROM referral_tally WHERE n > 0")) {
            let service: String = try row.value(0, "service"), status: String = try row.value(1, "status")
            guard let s = CaseVocabulary.services.firstIndex(of: service), let o = CaseVocabulary.referralStatuses.firstIndex(of: status) else {
                throw UnreadableValue(column: "referral_tally", value: "\(service)/\(status)")
            }
            tallies.referrals[s][o] = try row.value(2, "n")
        }
        return tallies
    }

    /// The same counted from the cases themselves: what the tallies must
    /// always equal (`TalliesTests`).
    static func countedTallies(_ db: Database) throws -> CaseTallies {
        var tallies = CaseTallies()
        let counts = try CaseStore.placeAndMonthCounts(db, consentedOnly: false)
        tallies.byCountry = counts.byCountry
        tallies.byPlace = counts.byPlace
        tallies.byMonth = counts.byMonth
        tallies.yearOnly = counts.byCountry.values.reduce(0, +) - counts.byMonth.values.reduce(0, +)
        for (key, count) in try CaseStore.actCounts(db, filter: CaseStore.Filter()) { tallies.byAct[key] = count }
        tallies.referrals = try CaseStore.referralMatrix(db, filter: CaseStore.Filter())
        return tallies
    }

    /// Grants by country and currency (a grant ended early counts what was
    /// paid, as `GrantCommitment` says), kept while no grant, payment,
    /// application or initiative changes (a case written leaves them be).
    static func grantsByCountry(_ db: Database, kept: KeptReads) throws -> [GrantsByCountry] {
        try kept.kept(kept.database.grantsByCountry, "all", tables: ["grant", "disbursement", "application", "initiative"]) {
            try Row.fetchAll(
                db,
                sql: """
                    SELECT i.country, g.currency, COUNT(*), SUM(CASE WHEN g.status = 'terminated' THEN p.paid ELSE g.amount_awarded END),
                      SUM(p.paid)
                    FROM "grant" g JOIN application a ON a.id = g.application_id JOIN initiative i ON i.id = a.initiative_id
                      JOIN grant_progress p ON p.grant_id = g.id
                    GROUP BY i.country, g.currency ORDER BY i.country, g.currency
                    """
            ).map { row in
                let currency = try row.currency(1)
                return GrantsByCountry(
                    country: try row.value(0, "country"), count: try row.value(2, "count"),
                    awarded: Money(minorUnits: try row.value(3, "awarded"), currency: currency),
                    paid: Money(minorUnits: try row.value(4, "paid"), currency: currency))
            }
        }
    }
}
