import Foundation
import GRDB

/// `kalyna demo`: a realistic, fictional database to explore every page, or
/// (with `scale`) to benchmark on. Everything is made up: initiatives, people,
/// officers and cases. Deterministic: the same scale gives the same data.
public enum DemoData {
    public struct Summary: Sendable {
        public let password: String
        public let accounts: [(role: String, email: String)]
        public let counts: [(String, Int)]
    }

    static let places: [(country: String, cities: [String])] = [
        ("UA", ["Odesa", "Kyiv", "Kharkiv", "Dnipro", "Lviv"]), ("MD", ["Chișinău", "Bălți"]), ("GE", ["Tbilisi", "Batumi"]),
        ("KZ", ["Almaty", "Astana"]), ("KG", ["Bishkek", "Osh"]), ("AM", ["Yerevan"]), ("UZ", ["Tashkent", "Samarkand"]),
    ]
    static let groupWords = ["Kalyna", "Sisters", "Light", "Hope", "Step Forward", "Women's Voice", "Safe Harbour", "New Day", "Solidarity", "Dignity"]
    static let officerNames = ["Olena Kovalenko", "Iryna Bondar", "Natalia Shevchuk", "Maria Ceban", "Nino Beridze", "Aigul Sadykova",
                               "Gulnara Tokayeva", "Anahit Petrosyan", "Dilnoza Karimova", "Oksana Melnyk", "Tamar Lomidze", "Elena Rusu",
                               "Andriy Tkachenko", "Serhiy Moroz", "Giorgi Kapanadze", "Bakyt Osmonov", "Arman Nurlanov", "Ion Popescu"]
    static let ranks = ["Lieutenant", "Captain", "Major", "Sergeant", "Senior lieutenant"]

    /// Builds the demo data into an empty database (migrated here).
    public static func build(database: AppDatabase, narratives: NarrativeBox, scale: Int, now: Date = Date()) throws -> Summary {
        try database.migrate()
        let password = "kalyna-demo-2027"
        guard let hash = Passwords.hash(password) else { throw DemoError.hash }
        var random = SeededRandom(seed: 2027)
        var accounts: [(String, String)] = []
        let today = CalendarDate(now)
        try database.pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user") == 0 else { throw DemoError.notEmpty }
            func user(_ email: String, _ name: String, _ role: Role, initiative: Int64? = nil, list: Bool = true) throws -> Int64 {
                try db.execute(
                    sql: "INSERT INTO user (email, name, password_hash, role, initiative_id, language, active, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
                    arguments: [email, name, hash, role.rawValue, initiative, ["en", "ru", "uk"][Int(random.next() % 3)], now])
                if list { accounts.append((role.rawValue, email)) }
                return db.lastInsertedRowID
            }
            let admin = try user("admin@demo.kalyna", "Anna Admin", .admin)
            let officer = try user("po@demo.kalyna", "Petra Programme", .programmeOfficer)
            _ = try user("po2@demo.kalyna", "Pavlo Programme", .programmeOfficer, list: false)
            _ = try user("finance@demo.kalyna", "Fatima Finance", .financeOfficer)
            var reviewers: [Int64] = []
            for n in 1...3 { reviewers.append(try user("reviewer\(n)@demo.kalyna", "Reviewer \(n)", .reviewer, list: n == 1)) }

            // Initiatives: 20 per scale, in 16 cities of 7 countries.
            let cities = places.flatMap { place in place.cities.map { (place.country, $0) } }
            var initiatives: [(id: Int64, country: String, city: String, coordinator: Int64)] = []
            for n in 0..<(20 * scale) {
                let (country, city) = cities[n % cities.count]
                let status = n == 18 ? "pending" : n == 19 ? "declined" : "verified"
                try db.execute(
                    sql: """
                        INSERT INTO initiative (name, country, city, legal_form, description, contact, status, decline_reason, created_at, decided_at, public_listing)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: ["\(groupWords[n % groupWords.count]) \(city)\(n >= cities.count ? " \(n / cities.count + 1)" : "")", country, city,
                                n % 3 == 0 ? "registered" : "informal", "A peer group of women who use drugs in \(city).", "contact@group\(n).example",
                                status, status == "declined" ? "We could not confirm the group's work yet." : nil, now, status == "pending" ? nil : now,
                                // Most groups stay out of published data, as a real network's would; a few chose otherwise.
                                n % 5 == 1 ? "named" : n % 5 == 2 ? "anonymous" : "hidden"])
                let id = db.lastInsertedRowID
                let coordinator = try user("coordinator\(n + 1)@demo.kalyna", "Coordinator \(n + 1)", .coordinator, initiative: id, list: n == 0 || n == 18)
                _ = try user("documenter\(n + 1)@demo.kalyna", "Documenter \(n + 1)", .documenter, initiative: id, list: n == 0)
                if status == "verified" { initiatives.append((id, country, city, coordinator)) }
            }

            // Calls: one of each state, more at scale.
            var calls: [(id: Int64, status: String, opens: CalendarDate)] = []
            let callCount = 3 + max(1, scale / 10)
            for n in 0..<callCount {
                let status = n == 0 ? "draft" : n == 1 ? "open" : "closed"
                let opens = today.adding(days: -400 * max(0, n - 1) - 30)
                let closes = status == "open" ? today.adding(days: 60) : status == "draft" ? today.adding(days: 120) : opens.adding(days: 60)
                try db.execute(
                    sql: """
                        INSERT INTO call (title, description, currency, total_budget, max_grant, opens_on, closes_on, eligibility, status, created_at, tranche_split)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '70,30')
                        """,
                    arguments: ["Small grants \(today.year - max(0, n - 1))\(n == 0 ? " (next)" : "")", "Support for peer groups of women who use drugs.",
                                n % 2 == 0 ? "EUR" : "USD", 6_000_000 * Int64(scale), 500_000, opens.iso, closes.iso,
                                "Verified initiatives of the network.", status, now])
                let call = db.lastInsertedRowID
                for (position, criterion) in [("Relevance", 40), ("Feasibility", 30), ("Budget", 30)].enumerated() {
                    try db.execute(sql: "INSERT INTO call_criterion (call_id, position, name, weight) VALUES (?, ?, ?, ?)", arguments: [call, position, criterion.0, criterion.1])
                }
                calls.append((call, status, opens))
            }

            // Applications in every status; approved ones become grants with tranches, payments and reports.
            let statuses: [ApplicationStatus] = [.draft, .submitted, .underReview, .approved, .rejected, .withdrawn, .approved, .approved]
            var grantNumber = 0
            for (index, initiative) in initiatives.enumerated() {
                for call in calls where call.status != "draft" {
                    let status = call.status == "open" ? [.draft, .submitted, .underReview][index % 3] : statuses[(index + Int(call.id)) % statuses.count]
                    let requested = Int64(150_000 + Int(random.next() % 30) * 10_000)
                    let start = call.opens.adding(days: 90), end = start.adding(days: 300)
                    try db.execute(
                        sql: """
                            INSERT INTO application (call_id, initiative_id, title, summary, objectives, activities, target_group, planned_start, planned_end,
                              amount_requested, status, decision_reason, amount_awarded, created_at, updated_at, submitted_at, decided_at)
                            VALUES (?, ?, ?, 'Peer support and outreach.', 'Reach more women.', 'Weekly meetings, outreach.', 'Women who use drugs.', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [call.id, initiative.id, "Safe spaces in \(initiative.city)", start.iso, end.iso, requested, status.rawValue,
                                    status == .rejected ? "The budget did not match the activities." : nil, status == .approved ? requested : nil,
                                    now, now, status == .draft ? nil : now, status.isDecided ? now : nil])
                    let application = db.lastInsertedRowID
                    try db.execute(sql: "INSERT INTO budget_line (application_id, position, category, description, amount_text, amount) VALUES (?, 0, 'activities', 'Meetings', ?, ?)",
                                   arguments: [application, Money(minorUnits: requested, currency: .euro).plainDecimal, requested])
                    if status == .underReview || status == .approved || status == .rejected {
                        try db.execute(sql: "INSERT INTO review (application_id, reviewer_id, assigned_at, conflict, declared_at, comment, submitted_at) VALUES (?, ?, ?, 0, ?, 'Clear and feasible.', ?)",
                                       arguments: [application, reviewers[index % 3], now, now, now])
                        let review = db.lastInsertedRowID
                        for criterion in try Int64.fetchAll(db, sql: "SELECT id FROM call_criterion WHERE call_id = ?", arguments: [call.id]) {
                            try db.execute(sql: "INSERT INTO review_score (review_id, criterion_id, score) VALUES (?, ?, ?)", arguments: [review, criterion, Int(random.next() % 3) + 3])
                        }
                    }
                    // A second review still to do: some assigned ten days ago (late), some yesterday.
                    if status == .underReview {
                        let assigned = now.addingTimeInterval(index % 2 == 0 ? -10 * 86400 : -86400)
                        try db.execute(sql: "INSERT INTO review (application_id, reviewer_id, assigned_at) VALUES (?, ?, ?)",
                                       arguments: [application, reviewers[(index + 1) % 3], assigned])
                    }
                    guard status == .approved, let record = try ApplicationStore.find(db, id: application), let callRecord = try CallStore.find(db, id: call.id) else { continue }
                    grantNumber += 1
                    let grant = try GrantStore.create(db, application: record, call: callRecord, amount: requested, prefix: "KLN", now: now)
                    let grantId = grant.id ?? 0
                    let tranches = try GrantStore.tranches(db, grant: grantId)
                    let requirements = try GrantStore.requirements(db, grant: grantId)
                    // Older grants: paid and reported; some still under way.
                    let progress = grantNumber % 4
                    if let first = tranches.first {
                        let payment = try DisbursementStore.propose(db, tranche: first.id ?? 0, by: officer, now: now)
                        if progress > 0 { _ = try DisbursementStore.approve(db, payment.id ?? 0, by: nil, now: now) }
                        if progress > 1 {
                            _ = try DisbursementStore.pay(db, payment.id ?? 0, Payment(paidOn: start, reference: "DEMO-\(grantNumber)-1", foreign: nil))
                        }
                    }
                    if progress > 2 {
                        for requirement in requirements {
                            try db.execute(
                                sql: "UPDATE report_requirement SET status = 'accepted', done = 'Weekly meetings held.', results = 'Women reached and referred.', accepted_at = ? WHERE id = ?",
                                arguments: [now, requirement.id])
                            try db.execute(sql: "INSERT INTO report_submission (requirement_id, submitted_at, content, outcome, decided_at) VALUES (?, ?, ?, 'accepted', ?)",
                                           arguments: [requirement.id, now, #"{"done":"Weekly meetings held.","results":"Women reached and referred."}"#, now])
                        }
                        if tranches.count > 1, let second = tranches.last {
                            let payment = try DisbursementStore.propose(db, tranche: second.id ?? 0, by: officer, now: now)
                            _ = try DisbursementStore.approve(db, payment.id ?? 0, by: nil, now: now)
                            _ = try DisbursementStore.pay(db, payment.id ?? 0, Payment(paidOn: end, reference: "DEMO-\(grantNumber)-2", foreign: nil))
                        }
                        _ = try GrantStore.completeIfDone(db, grant: grantId, now: now)
                    } else if progress == 2, let interim = requirements.first {
                        try db.execute(sql: "UPDATE report_requirement SET status = 'submitted', done = 'Meetings held.', results = '60 women reached.' WHERE id = ?", arguments: [interim.id])
                        try db.execute(sql: "INSERT INTO report_submission (requirement_id, submitted_at, content) VALUES (?, ?, ?)",
                                       arguments: [interim.id, now, #"{"done":"Meetings held.","results":"60 women reached."}"#])
                    }
                }
            }

            // About 1,000 cases per scale, spread over the last two years, with referrals.
            let typology = try Int64.fetchAll(db, sql: "SELECT id FROM violence_type ORDER BY position")
            var placeIds: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, country, name_en FROM place") { placeIds[(row[1] as String) + ":" + (row[2] as String)] = row[0] }
            func term(_ vocabulary: String) throws -> [Int64] {
                try Int64.fetchAll(db, sql: "SELECT id FROM case_term WHERE vocabulary = ? ORDER BY position", arguments: [vocabulary])
            }
            let consequenceTerms = try term("consequence"), bodies = try term("complaint_body"), outcomes = try term("complaint_outcome")
            let insertCase = try db.makeStatement(sql: """
                INSERT INTO "case" (initiative_id, registered_on, incident_date, incident_precision, country, place_id, place_type, age_band, police_unit,
                  officers_count, complaint_filed, complaint_body_id, complaint_outcome_id, status, consent_statistics, narrative, created_by, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)
                """)
            let insertConsequence = try db.makeStatement(sql: "INSERT OR IGNORE INTO case_consequence (case_id, term_id) VALUES (?, ?)")
            let insertAct = try db.makeStatement(sql: "INSERT OR IGNORE INTO case_act (case_id, violence_type_id) VALUES (?, ?)")
            let insertReferral = try db.makeStatement(sql: "INSERT INTO referral (case_id, service, referred_on, status, updated_at) VALUES (?, ?, ?, ?, ?)")
            // Busier cities see more cases: a skewed pick.
            for n in 0..<(1000 * scale) {
                let initiative = initiatives[Int(random.next() % UInt64(min(initiatives.count, 6 + Int(random.next() % UInt64(initiatives.count)))))]
                let day = today.adding(days: -Int(random.next() % 730))
                let precision = n % 10 == 0 ? "day" : n % 25 == 0 ? "year" : "month"
                let incident = precision == "day" ? day.iso : precision == "year" ? String(day.year) : String(day.iso.prefix(7))
                let narrative: DatabaseValue = n % 20 == 0 ? Data(narratives.seal("A fictional account for the demo, case \(n + 1).")).databaseValue : .null
                try insertCase.execute(arguments: [
                    initiative.id, day.adding(days: Int(random.next() % 20)).iso > today.iso ? today.iso : day.adding(days: Int(random.next() % 20)).iso,
                    incident, precision, initiative.country, n % 17 == 0 ? nil : placeIds[initiative.country + ":" + initiative.city],
                    CaseVocabulary.placeTypes[Int(random.next() % 6)], CaseVocabulary.ageBands[Int(random.next() % 6)],
                    CaseVocabulary.policeUnits[Int(random.next() % 7)], CaseVocabulary.officerCounts[Int(random.next() % 4)],
                    n % 7 == 0, n % 7 == 0 ? bodies[Int(random.next() % UInt64(bodies.count))] : nil,
                    n % 14 == 0 ? outcomes[Int(random.next() % UInt64(outcomes.count))] : nil,
                    CaseVocabulary.statuses[Int(random.next() % 3)], n % 9 != 0, narrative, now, now,
                ])
                let caseId = db.lastInsertedRowID
                if n % 5 != 4 { try insertConsequence.execute(arguments: [caseId, consequenceTerms[Int(random.next() % UInt64(consequenceTerms.count))]]) }
                for _ in 0...Int(random.next() % 3) {
                    try insertAct.execute(arguments: [caseId, typology[Int(random.next() % UInt64(typology.count - 1))]])
                }
                if n % 3 != 2 {
                    try insertReferral.execute(arguments: [caseId, CaseVocabulary.services[Int(random.next() % 6)], day.adding(days: 3).iso > today.iso ? today.iso : day.adding(days: 3).iso,
                                                           CaseVocabulary.referralStatuses[Int(random.next() % 4)], now])
                }
            }

            // About 50 friendly officers per scale, and an 8 March occasion.
            var officerIds: [(Int64, String)] = []
            for n in 0..<(50 * scale) {
                let initiative = initiatives[n % initiatives.count]
                try db.execute(
                    sql: "INSERT INTO officer (name, rank, unit, city, country, consent_public, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: ["\(officerNames[n % officerNames.count])\(n >= officerNames.count ? " \(n / officerNames.count + 1)" : "")",
                                ranks[n % ranks.count], ["Patrol police", "District office", "Juvenile unit"][n % 3], initiative.city, initiative.country, n % 3 != 0, now])
                officerIds.append((db.lastInsertedRowID, initiative.country))
            }
            let march = CalendarDate(year: today.month > 3 ? today.year + 1 : today.year, month: 3, day: 8) ?? today
            try db.execute(
                sql: """
                    INSERT INTO occasion (title, date, signatory_name, signatory_title, wording_en, wording_ru, wording_uk, open, created_at)
                    VALUES (?, ?, 'Natalia Kravets', 'Director of the network', ?, ?, ?, 1, ?)
                    """,
                arguments: ["8 March \(march.year)", march.iso, "With gratitude for protecting the dignity, health and safety of women.",
                            "С благодарностью за защиту достоинства, здоровья и безопасности женщин.",
                            "З вдячністю за захист гідності, здоров'я та безпеки жінок.", now])
            let occasion = db.lastInsertedRowID
            for (index, initiative) in initiatives.enumerated() {
                let candidates = officerIds.filter { $0.1 == initiative.country }
                guard !candidates.isEmpty else { continue }
                let chosen = candidates[index % candidates.count].0
                try db.execute(
                    sql: "INSERT OR IGNORE INTO recognition (occasion_id, officer_id, initiative_id, reason, status, proposed_by, proposed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [occasion, chosen, initiative.id, "Took a woman to the clinic instead of the station.", index % 4 == 0 ? "proposed" : "included", initiative.coordinator, now])
            }
            try Audit.record(db, actor: admin, "demo.created", "database", nil, detail: "scale \(scale)", at: now)
        }
        // Last year's figures, published, so that /statistics shows what the public sees.
        try database.pool.write { db in
            let scope = Disclosure.Scope(from: "\(today.year - 1)-01", to: "\(today.year - 1)-12", cutoff: today.iso)
            if case .success(let id) = try ReleaseStore.prepare(db, id: nil, scope: scope, threshold: 5, by: nil, now: now) {
                _ = try ReleaseStore.publish(db, id: id, by: nil, now: now)
            }
        }
        let counts = try database.pool.read { db in
            try ["initiative", "user", "call", "application", "grant", "disbursement", "case", "referral", "officer", "recognition"].map { table in
                (table, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0)
            }
        }
        return Summary(password: password, accounts: accounts, counts: counts)
    }

    public enum DemoError: Error, CustomStringConvertible {
        case hash, notEmpty
        public var description: String {
            switch self {
            case .hash: "could not hash the demo password"
            case .notEmpty: "the database has accounts already; give a new file with --database"
            }
        }
    }
}

