import Foundation
import GRDB
import TestSupport

@testable import Kalyna

/// A visitor's browser: keeps cookies, and fills in the CSRF token of the page
/// a form is on, as a real browser submitting that form would.
final class Browser {
    let client: HTTPClient
    private(set) var cookies: [String: String] = [:]
    private(set) var last: TestResponse?

    /// Sent as `X-Forwarded-For` on every request (a client behind a proxy).
    let forwardedFor: String?

    init(_ app: TestApp, language: String? = nil, forwardedFor: String? = nil) {
        client = app.client
        self.forwardedFor = forwardedFor
        if let language { cookies["lang"] = language }
    }

    @discardableResult
    func get(_ path: String) throws -> TestResponse {
        try keep(client.get(path, headers: cookieHeader))
    }

    /// Posts `form` as the form on `page` would: the page is loaded first for
    /// its CSRF token (unless `csrf` is given).
    @discardableResult
    func post(_ path: String, _ form: [(String, String)], from page: String? = nil, csrf: String? = nil) throws -> TestResponse {
        var token = csrf
        if token == nil, let page { token = Browser.csrf(in: try get(page).text) }
        return try keep(client.post(path, form: form + [("_csrf", token ?? "")], headers: cookieHeader))
    }

    /// A hidden field's value as the browser would send it back (HTML entities undone).
    static func hiddenValue(_ name: String, in html: String) -> String? {
        guard let match = html.matches(of: /name="([^"]+)" value="([^"]*)"/).first(where: { $0.1 == name }) else { return nil }
        return String(match.2).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func csrf(in html: String) -> String? {
        html.firstMatch(of: /name="_csrf" value="([^"]+)"/).map { String($0.1) }
    }

    /// Any request, with this browser's cookies.
    @discardableResult
    func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> TestResponse {
        try keep(client.send(method: method, path: path, headers: headers + cookieHeader, body: body))
    }

    private var cookieHeader: [(String, String)] {
        (cookies.isEmpty ? [] : [("Cookie", cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))])
            + (forwardedFor.map { [("X-Forwarded-For", $0)] } ?? [])
    }

    private func keep(_ response: TestResponse) -> TestResponse {
        for header in response.headers("Set-Cookie") {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            if header.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
        last = response
        return response
    }
}

extension TestApp {
    /// One argon2id hash for every fixture account (hashing is slow on purpose).
    static let password = "correct horse battery staple"
    static let passwordHash: String = Passwords.hash(password) ?? ""

    /// An initiative made directly in the database.
    @discardableResult
    func initiative(_ name: String, status: InitiativeStatus = .verified, country: String = "UA", city: String = "Odesa") throws -> Int64 {
        try app.database.pool.write { db in
            var record = Initiative(
                id: nil, name: name, country: country, city: city, legalForm: .informal, description: "About \(name)",
                contact: "contact", status: status, declineReason: nil, createdAt: Date(), decidedAt: nil)
            try record.insert(db)
            return record.id ?? 0
        }
    }

    /// An account made directly in the database, with `TestApp.password`.
    @discardableResult
    func user(_ email: String, _ role: Role, initiative: Int64? = nil, name: String? = nil) throws -> Int64 {
        try app.database.pool.write { db in
            var user = User(
                id: nil, email: email, name: name ?? email, passwordHash: TestApp.passwordHash, role: role,
                initiativeId: initiative, language: "en", active: true, createdAt: Date())
            try user.insert(db)
            return user.id ?? 0
        }
    }

    /// An open call (EUR 10,000 in all, at most 3,000 a grant) with two criteria.
    @discardableResult
    func call(total: Int64 = 1_000_000, max: Int64 = 300_000, status: CallStatus = .open, opens: String = "2020-01-01", closes: String = "2099-12-31") throws -> Int64 {
        try app.database.pool.write { db in
            var call = Call(
                id: nil, title: "Small grants 2027", description: "For local groups.", currency: .euro, totalBudget: total, maxGrant: max,
                opensOn: opens, closesOn: closes, eligibility: "Verified initiatives.", status: status, createdAt: Date())
            try call.insert(db)
            try CallStore.replaceCriteria(db, call: call.id ?? 0, [("Relevance", 60), ("Feasibility", 40)])
            return call.id ?? 0
        }
    }

    /// An application with one budget line of EUR 2,000.
    @discardableResult
    func application(call: Int64, initiative: Int64, status: ApplicationStatus = .draft, title: String = "Safe spaces") throws -> Int64 {
        try app.database.pool.write { db in
            var application = Application(
                id: nil, callId: call, initiativeId: initiative, title: title, summary: "Summary", objectives: "Objectives",
                activities: "Activities", targetGroup: "Women", plannedStart: "2030-01-01", plannedEnd: "2030-12-31",
                amountRequested: 200_000, status: status, decisionReason: nil, amountAwarded: nil, createdAt: Date(), updatedAt: Date(),
                submittedAt: status == .draft ? nil : Date(), decidedAt: nil)
            try application.insert(db)
            var line = BudgetLine(id: nil, applicationId: application.id ?? 0, position: 0, category: "activities", description: "Meetings", amountText: "2000", amount: 200_000)
            try line.insert(db)
            return application.id ?? 0
        }
    }

    @discardableResult
    func attachment(application: Int64) throws -> Int64 {
        try app.database.pool.write { db in
            var file = Attachment(id: nil, applicationId: application, filename: "plan.pdf", contentType: "application/pdf", size: 9, uploadedBy: nil, uploadedAt: Date())
            try AttachmentStore.add(db, &file, bytes: Array("%PDF-1.4\n".utf8))
            return file.id ?? 0
        }
    }

    @discardableResult
    func review(application: Int64, reviewer: Int64, conflict: Bool?) throws -> Int64 {
        try app.database.pool.write { db in
            var review = Review(id: nil, applicationId: application, reviewerId: reviewer, assignedAt: Date(), conflict: conflict, declaredAt: conflict == nil ? nil : Date(), comment: "", submittedAt: nil)
            try review.insert(db)
            return review.id ?? 0
        }
    }

    @discardableResult
    func officer(_ name: String, rank: String = "Captain", unit: String = "Patrol", city: String = "Odesa", country: String = "UA", consent: Bool = false) throws -> Int64 {
        try app.database.pool.write { db in
            var officer = Officer(id: nil, name: name, rank: rank, unit: unit, city: city, country: country, consentPublic: consent, createdAt: Date(), mergedInto: nil)
            try officer.insert(db)
            return officer.id ?? 0
        }
    }

    @discardableResult
    func occasion(_ title: String = "8 March 2027", open: Bool = true) throws -> Int64 {
        try app.database.pool.write { db in
            var occasion = Occasion(
                id: nil, title: title, date: "2027-03-08", signatoryName: "Natalia K.", signatoryTitle: "Director",
                wordingEn: "With gratitude.", wordingRu: "С благодарностью.", wordingUk: "З вдячністю.", open: open, createdAt: Date())
            try occasion.insert(db)
            return occasion.id ?? 0
        }
    }

    @discardableResult
    func recognition(occasion: Int64, officer: Int64, initiative: Int64, status: Recognition.Status = .proposed, reason: String = "Helped women reach care.") throws -> Int64 {
        try app.database.pool.write { db in
            var recognition = Recognition(id: nil, occasionId: occasion, officerId: officer, initiativeId: initiative, reason: reason, status: status, proposedBy: nil, proposedAt: Date(), decidedAt: nil)
            try recognition.insert(db)
            return recognition.id ?? 0
        }
    }

    /// An approved application with its grant (EUR 2,000 in 70/30 tranches);
    /// returns the grant, its first tranche, a proposed payment of it and the
    /// interim report.
    func grant(call: Int64, initiative: Int64, amount: Int64 = 200_000) throws -> (Int64, Int64, Int64, Int64) {
        let application = try self.application(call: call, initiative: initiative, status: .approved, title: "Granted")
        return try app.database.pool.write { db in
            guard let record = try ApplicationStore.find(db, id: application), let callRecord = try CallStore.find(db, id: call) else {
                throw TestClientError.badResponse("fixture")
            }
            let grant = try GrantStore.create(db, application: record, call: callRecord, amount: amount, prefix: "KLN", now: Date())
            let tranches = try GrantStore.tranches(db, grant: grant.id ?? 0)
            let disbursement = try DisbursementStore.propose(db, tranche: tranches[0].id ?? 0, by: nil, now: Date())
            let report = try GrantStore.requirements(db, grant: grant.id ?? 0)[0]
            return (grant.id ?? 0, tranches[0].id ?? 0, disbursement.id ?? 0, report.id ?? 0)
        }
    }

    /// A case of `initiative` (acts: the first typology term), with one referral.
    @discardableResult
    func caseRecord(initiative: Int64, country: String = "UA", city: String = "Odesa", month: String = "2026-10",
                    acts: [Int64] = [1], consent: Bool = true, narrative: String? = nil, createdAt: Date = Date()) throws -> (Int64, Int64) {
        try app.database.pool.write { db in
            var record = CaseRecord(
                id: nil, initiativeId: initiative, registeredOn: "2026-11-01", incidentDate: month, incidentPrecision: month.count == 4 ? "year" : "month",
                country: country, placeId: try placeId(db, country: country, name: city), placeType: "street", ageBand: "25_34", policeUnit: "patrol",
                officersCount: "1", complaintFiled: false, complaintBodyId: nil, complaintOutcomeId: nil, status: "open", consentStatistics: consent,
                narrative: narrative.map { Data(app.narratives.seal($0)) }, createdBy: nil, createdAt: createdAt, updatedAt: createdAt)
            try record.insert(db)
            try CaseStore.setActs(db, case: record.id ?? 0, acts)
            var referral = Referral(id: nil, caseId: record.id ?? 0, service: "medical", referredOn: "2026-11-02", status: "pending", updatedAt: Date())
            try referral.insert(db)
            return (record.id ?? 0, referral.id ?? 0)
        }
    }

    /// The place of the list called `name` (in English) in `country`; nil ("another place") when none is.
    func placeId(_ db: Database, country: String, name: String) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM place WHERE country = ? AND name_en = ?", arguments: [country, name])
    }

    /// The form value of a place of the list, as the case form sends it.
    func placeChoice(_ country: String, _ name: String) throws -> String {
        let id = try app.database.pool.read { try placeId($0, country: country, name: name) }
        return country + ":" + (id.map(String.init) ?? "other")
    }

    /// A browser signed in as `email`.
    func signedIn(_ email: String) throws -> Browser {
        let browser = Browser(self)
        let response = try browser.post("/sign-in", [("email", email), ("password", TestApp.password)], from: "/sign-in")
        guard response.status == 303 else { throw TestClientError.badResponse("sign-in as \(email): \(response.status)") }
        return browser
    }

    func count(_ sql: String) throws -> Int {
        try app.database.pool.read { try Int.fetchOne($0, sql: sql) ?? 0 }
    }
}

extension Browser {
    /// Posts a multipart form with one file, as a browser's upload form does.
    @discardableResult
    func upload(_ path: String, field: String, filename: String, contentType: String, bytes: [UInt8], from page: String) throws -> TestResponse {
        let token = Browser.csrf(in: try get(page).text) ?? ""
        let boundary = "----kalynaTest\(UInt32.random(in: 0...UInt32.max))"
        var body: [UInt8] = []
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8)
        body += bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        return try send("POST", path, headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: body)
    }
}

extension Browser {
    /// Posts a whole multipart form (text fields, then one file), as a form with
    /// `enctype="multipart/form-data"` does; the CSRF token comes from `page`.
    @discardableResult
    func multipart(_ path: String, _ fields: [(String, String)], file: (name: String, bytes: [UInt8]), field: String = "file", from page: String) throws -> TestResponse {
        let token = Browser.csrf(in: try get(page).text) ?? ""
        let boundary = "----kalynaForm\(UInt32.random(in: 0...UInt32.max))"
        var body: [UInt8] = []
        for (name, value) in fields + [("_csrf", token)] {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body += file.bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        return try send("POST", path, headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: body)
    }
}
