import Foundation
import HTTPServer

/// `GET /grants.csv` and `GET /grants.json`: every grant, as a spreadsheet for
/// staff (UTF-8 with a byte order mark, so Cyrillic opens intact), and the
/// 360Giving Data Standard package the network publishes, which shows each
/// initiative only as it chose.
enum GrantExport {
    struct Item {
        let grant: Grant
        let application: Application
        let initiative: Initiative
        let call: Call
        let disbursements: [Disbursement]

        var paid: Int64 { disbursements.map(\.amount).reduce(0, +) }
        /// What the grant finally gives: for one ended early, what was paid.
        var awarded: Int64 { GrantCommitment.amount(awarded: grant.amountAwarded, paid: paid, status: grant.status) }
    }

    /// Every grant the list's filters (`GrantList.filter`) let through.
    static func items(_ context: RequestContext) throws -> [Item] {
        let filter = GrantList.filter(context)
        return try context.read { db in
            try GrantStore.all(db).compactMap { grant -> Item? in
                guard let application = try ApplicationStore.find(db, id: grant.applicationId),
                    let initiative = try InitiativeStore.find(db, id: application.initiativeId),
                    let call = try CallStore.find(db, id: application.callId),
                    filter.call.map({ $0 == call.id }) ?? true, filter.country.map({ $0 == initiative.country }) ?? true,
                    filter.status.map({ $0 == grant.status }) ?? true
                else { return nil }
                return Item(grant: grant, application: application, initiative: initiative, call: call,
                            disbursements: try GrantStore.disbursements(db, grant: grant.id ?? 0).filter { $0.status == .paid })
            }
        }
    }

    static let columns = [
        "id", "title", "recipient", "country", "city", "call", "currency", "amount_applied_for", "amount_awarded",
        "amount_disbursed", "award_date", "period_start", "period_end", "status", "public_listing",
    ]

    /// Staff's table of grants: amounts as numbers, dates as dates. `localized`:
    /// headers and names in the page's language (the .xlsx), else keys (the CSV).
    static func sheet(_ context: RequestContext, localized: Bool) throws -> Sheet {
        var rows: [[Sheet.Cell]] = []
        for item in try items(context) {
            let money = item.grant.currency
            func word(_ key: String, _ fallback: String) -> Sheet.Cell { .text(localized ? context.t(key) : fallback) }
            rows.append([
                .text(item.grant.publicId), .text(item.grant.title), .text(item.initiative.name),
                word("country_\(item.initiative.country)", item.initiative.country), .text(item.initiative.city), .text(item.call.title),
                .text(item.grant.currency.code), Sheet.money(item.application.amountRequested, money), Sheet.money(item.awarded, money),
                Sheet.money(item.paid, money), Sheet.day(item.grant.awardDate), Sheet.day(item.grant.periodStart), Sheet.day(item.grant.periodEnd),
                word("grant_status_\(item.grant.status.rawValue)", item.grant.status.rawValue),
                word("public_listing_\(item.initiative.publicListing.rawValue)", item.initiative.publicListing.rawValue),
            ])
        }
        let header = localized ? columns.map { context.t("export_grant_\($0)") } : columns
        return Sheet(name: context.t("grants_title"), header: header, rows: rows)
    }

    static func csv(_ context: RequestContext) throws -> Response {
        Download.csv(try sheet(context, localized: false), filename: "grants")
    }

    /// `GET /grants.xlsx`: the same grants for a spreadsheet in any locale.
    static func xlsx(_ context: RequestContext) throws -> Response {
        try Download.xlsx(try sheet(context, localized: true), filename: "grants")
    }

    /// The file the network publishes: only grants whose initiative chose to
    /// appear, each as it chose (see `PublishedRecipient`).
    static func giving(_ context: RequestContext) throws -> Response {
        let config = context.app.config
        let funder = ["id": "360G-\(config.grantIdPrefix)", "name": config.organisationName]
        // The file is read by donors abroad: its words are English, whatever the page's language.
        func english(_ key: String, _ arguments: [String: String] = [:]) -> String { context.app.catalogs.text(key, "en", arguments) }
        var grants: [[String: Any]] = []
        let source = config.publicBaseURL.hasSuffix("/") ? config.publicBaseURL + "grants.json" : config.publicBaseURL + "/grants.json"
        let stamp = ISO8601DateFormatter()
        for item in try items(context) {
            guard let recipient = PublishedRecipient.of(
                item.initiative.publicListing, name: item.initiative.name, city: item.initiative.city, country: item.initiative.country)
            else { continue }
            let money = item.grant.currency
            func number(_ units: Int64) -> Decimal { Decimal(string: Money(minorUnits: units, currency: money).plainDecimal) ?? 0 }
            var grant: [String: Any] = [
                "id": "360G-\(item.grant.publicId)",
                "currency": item.grant.currency.code,
                "amountAwarded": number(item.awarded),
                "amountAppliedFor": number(item.application.amountRequested),
                "amountDisbursed": number(item.paid),
                "awardDate": item.grant.awardDate,
                "fundingOrganization": [funder],
                // The call it was awarded under: a programme, named as the network announced it.
                "grantProgramme": [["code": "360G-\(config.grantIdPrefix)-CALL-\(item.call.id ?? 0)", "title": item.call.title]],
                "dataSource": source,
                // Last change: the award, a payment or the grant's end.
                "dateModified": stamp.string(from: ([item.grant.createdAt, item.grant.closedAt].compactMap { $0 }
                    + item.disbursements.compactMap(\.approvedAt)).max() ?? item.grant.createdAt),
                "disbursementTransaction": item.disbursements.map { payment -> [String: Any] in
                    ["id": "360G-\(item.grant.publicId)-D\(payment.id ?? 0)", "transactionDate": payment.paidOn ?? item.grant.awardDate,
                     "currency": item.grant.currency.code, "value": number(payment.amount)]
                },
            ]
            switch recipient {
            case .named(let name, let city, let country):
                grant["title"] = item.grant.title.isEmpty ? item.application.title : item.grant.title
                grant["description"] = item.application.summary.isEmpty ? item.grant.title : item.application.summary
                // A registered organisation is named by its register's identifier, as receivers match them; others by ours.
                let registered = item.initiative.legalForm == .registered
                    ? OrgIdentifier.of(country: item.initiative.country, registrationNumber: item.initiative.registrationNumber) : nil
                var organisation: [String: Any] = [
                    "id": registered ?? "360G-\(config.grantIdPrefix)-ORG-\(item.initiative.id ?? 0)", "name": name, "addressLocality": city,
                    "addressCountry": english("country_\(country)"), "location": [["countryCode": country, "name": city]],
                ]
                // A registered organisation's number is on the public register; only a named one shows it.
                if !item.initiative.registrationNumber.trimmed.isEmpty { organisation["companyNumber"] = item.initiative.registrationNumber.trimmed }
                grant["recipientOrganization"] = [organisation]
                grant["beneficiaryLocation"] = [["countryCode": country, "name": city]]
            case .anonymous(let country):
                let countryName = english("country_\(country)")
                let recipientName = english("giving_anonymous_recipient", ["country": countryName])
                grant["title"] = english("giving_anonymous_title", ["call": item.call.title])
                grant["description"] = english("giving_anonymous_description", ["call": item.call.title, "country": countryName])
                grant["recipientOrganization"] = [[
                    "id": "360G-\(config.grantIdPrefix)-ANON-\(item.grant.publicId)", "name": recipientName, "addressCountry": countryName,
                    "location": [["countryCode": country, "name": countryName]],
                ]]
                grant["beneficiaryLocation"] = [["countryCode": country, "name": countryName]]
            }
            if !item.grant.periodStart.isEmpty && !item.grant.periodEnd.isEmpty {
                grant["plannedDates"] = [["startDate": item.grant.periodStart, "endDate": item.grant.periodEnd]]
            }
            grants.append(grant)
        }
        let package: [String: Any] = ["grants": grants, "version": "1.4"]
        let body = try JSONSerialization.data(withJSONObject: package, options: [.prettyPrinted, .sortedKeys])
        return Download.file([UInt8](body), filename: "grants-360giving.json", contentType: "application/json")
    }
}
