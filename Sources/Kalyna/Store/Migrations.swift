import GRDB

/// The schema, as an ordered list of migrations. Append new ones at the end;
/// never edit one that has been released.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("0001 settings") { db in
            // Installation-wide values that are not configuration (e.g. the
            // next public grant number); created first so every later part can rely on it.
            try db.create(table: "setting") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("0002 accounts") { db in
            try db.create(table: "initiative") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("country", .text).notNull()
                t.column("city", .text).notNull()
                t.column("legal_form", .text).notNull().check(sql: "legal_form IN ('registered', 'informal')")
                t.column("description", .text).notNull().defaults(to: "")
                t.column("contact", .text).notNull().defaults(to: "")
                t.column("status", .text).notNull().defaults(to: "pending")
                    .check(sql: "status IN ('pending', 'verified', 'declined')")
                t.column("decline_reason", .text)
                t.column("created_at", .datetime).notNull()
                t.column("decided_at", .datetime)
            }
            try db.create(table: "user") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("email", .text).notNull().unique().collate(.nocase)
                t.column("name", .text).notNull()
                t.column("password_hash", .text).notNull()
                t.column("role", .text).notNull().check(
                    sql: "role IN ('admin', 'programme_officer', 'finance_officer', 'reviewer', 'coordinator', 'documenter')")
                t.column("initiative_id", .integer).references("initiative")
                t.column("language", .text).notNull().defaults(to: "en")
                t.column("active", .boolean).notNull().defaults(to: true)
                t.column("created_at", .datetime).notNull()
                // Members of an initiative belong to one; staff to none.
                t.check(sql: "(role IN ('coordinator', 'documenter')) = (initiative_id IS NOT NULL)")
            }
            try db.create(index: "user_initiative", on: "user", columns: ["initiative_id"])
            try db.create(table: "session") { t in
                // Only the SHA-256 of the session id is kept.
                t.primaryKey("token_hash", .text)
                t.column("user_id", .integer).notNull().references("user", onDelete: .cascade)
                t.column("csrf_token", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("expires_at", .datetime).notNull()
                t.column("refreshed_at", .datetime).notNull()
            }
            try db.create(index: "session_user", on: "session", columns: ["user_id"])
            try db.create(table: "invitation") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("token_hash", .text).notNull().unique()
                t.column("purpose", .text).notNull().check(sql: "purpose IN ('join', 'reset')")
                t.column("email", .text).notNull()
                t.column("name", .text).notNull().defaults(to: "")
                t.column("role", .text).notNull()
                t.column("initiative_id", .integer).references("initiative")
                t.column("user_id", .integer).references("user")
                t.column("created_by", .integer).references("user")
                t.column("created_at", .datetime).notNull()
                t.column("expires_at", .datetime).notNull()
                t.column("used_at", .datetime)
            }
            try db.create(table: "login_failure") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("email", .text).notNull()
                t.column("address", .text).notNull()
                t.column("at", .datetime).notNull()
            }
            try db.create(index: "login_failure_email", on: "login_failure", columns: ["email", "at"])
            try db.create(index: "login_failure_address", on: "login_failure", columns: ["address", "at"])
            try db.create(table: "audit_event") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("actor_id", .integer).references("user")
                t.column("action", .text).notNull()
                t.column("record_type", .text).notNull()
                t.column("record_id", .integer)
                t.column("detail", .text).notNull().defaults(to: "")
            }
            try db.create(index: "audit_event_at", on: "audit_event", columns: ["at"])
            // The audit trail is append-only, whatever the code above it does.
            try db.execute(sql: """
                CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
                BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
                CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
                BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
                """)
        }
        migrator.registerMigration("0003 calls and applications") { db in
            try db.create(table: "call") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("title", .text).notNull()
                t.column("description", .text).notNull().defaults(to: "")
                t.column("currency", .text).notNull()
                t.column("total_budget", .integer).notNull().check(sql: "total_budget > 0")
                t.column("max_grant", .integer).notNull().check(sql: "max_grant > 0 AND max_grant <= total_budget")
                t.column("opens_on", .text).notNull()
                t.column("closes_on", .text).notNull()
                t.column("eligibility", .text).notNull().defaults(to: "")
                t.column("status", .text).notNull().defaults(to: "draft").check(sql: "status IN ('draft', 'open', 'closed')")
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "call_criterion") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("call_id", .integer).notNull().references("call", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("name", .text).notNull()
                t.column("weight", .integer).notNull().check(sql: "weight BETWEEN 1 AND 100")
            }
            try db.create(table: "application") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("call_id", .integer).notNull().references("call")
                t.column("initiative_id", .integer).notNull().references("initiative")
                // Drafts keep exactly what was typed; submission checks it.
                t.column("title", .text).notNull().defaults(to: "")
                t.column("summary", .text).notNull().defaults(to: "")
                t.column("objectives", .text).notNull().defaults(to: "")
                t.column("activities", .text).notNull().defaults(to: "")
                t.column("target_group", .text).notNull().defaults(to: "")
                t.column("planned_start", .text).notNull().defaults(to: "")
                t.column("planned_end", .text).notNull().defaults(to: "")
                t.column("amount_requested", .integer).notNull().defaults(to: 0)
                t.column("status", .text).notNull().defaults(to: "draft")
                    .check(sql: "status IN ('draft', 'submitted', 'under_review', 'approved', 'rejected', 'withdrawn')")
                t.column("decision_reason", .text)
                t.column("amount_awarded", .integer)
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
                t.column("submitted_at", .datetime)
                t.column("decided_at", .datetime)
            }
            try db.create(index: "application_call", on: "application", columns: ["call_id", "status"])
            try db.create(index: "application_initiative", on: "application", columns: ["initiative_id"])
            try db.create(table: "budget_line") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("application_id", .integer).notNull().references("application", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("category", .text).notNull().defaults(to: "")
                t.column("description", .text).notNull().defaults(to: "")
                t.column("amount_text", .text).notNull().defaults(to: "")
                // Minor units when `amount_text` reads as an amount, else NULL.
                t.column("amount", .integer)
            }
            try db.create(table: "attachment") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("application_id", .integer).notNull().references("application", onDelete: .cascade)
                t.column("filename", .text).notNull()
                t.column("content_type", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("uploaded_by", .integer).references("user")
                t.column("uploaded_at", .datetime).notNull()
            }
            // Kept apart so that listing attachments never reads their bytes.
            try db.create(table: "attachment_content") { t in
                t.primaryKey("attachment_id", .integer).references("attachment", onDelete: .cascade)
                t.column("bytes", .blob).notNull()
            }
            try db.create(table: "review") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("application_id", .integer).notNull().references("application", onDelete: .cascade)
                t.column("reviewer_id", .integer).notNull().references("user")
                t.column("assigned_at", .datetime).notNull()
                // NULL until declared; 1 ends the assignment.
                t.column("conflict", .boolean)
                t.column("declared_at", .datetime)
                t.column("comment", .text).notNull().defaults(to: "")
                t.column("submitted_at", .datetime)
                t.uniqueKey(["application_id", "reviewer_id"])
            }
            try db.create(table: "review_score") { t in
                t.column("review_id", .integer).notNull().references("review", onDelete: .cascade)
                t.column("criterion_id", .integer).notNull().references("call_criterion")
                t.column("score", .integer).notNull().check(sql: "score BETWEEN 1 AND 5")
                t.primaryKey(["review_id", "criterion_id"])
            }
            try db.create(table: "grant") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("application_id", .integer).notNull().unique().references("application")
                t.column("public_id", .text).notNull().unique()
                t.column("amount_awarded", .integer).notNull().check(sql: "amount_awarded > 0")
                t.column("currency", .text).notNull()
                t.column("award_date", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("0004 officers and certificates") { db in
            try db.create(table: "officer") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("rank", .text).notNull().defaults(to: "")
                t.column("unit", .text).notNull().defaults(to: "")
                t.column("city", .text).notNull()
                t.column("country", .text).notNull()
                // Named on public pages only with the officer's consent.
                t.column("consent_public", .boolean).notNull().defaults(to: false)
                t.column("created_at", .datetime).notNull()
                // A duplicate merged into another record points to it and is no longer listed.
                t.column("merged_into", .integer).references("officer")
            }
            try db.create(index: "officer_city", on: "officer", columns: ["country", "city"])
            try db.create(table: "occasion") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("title", .text).notNull()
                t.column("date", .text).notNull()
                t.column("signatory_name", .text).notNull()
                t.column("signatory_title", .text).notNull()
                t.column("wording_en", .text).notNull()
                t.column("wording_ru", .text).notNull()
                t.column("wording_uk", .text).notNull()
                t.column("open", .boolean).notNull().defaults(to: true)
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "recognition") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("occasion_id", .integer).notNull().references("occasion")
                t.column("officer_id", .integer).notNull().references("officer")
                t.column("initiative_id", .integer).notNull().references("initiative")
                t.column("reason", .text).notNull()
                t.column("status", .text).notNull().defaults(to: "proposed").check(sql: "status IN ('proposed', 'included', 'excluded')")
                t.column("proposed_by", .integer).references("user")
                t.column("proposed_at", .datetime).notNull()
                t.column("decided_at", .datetime)
                t.uniqueKey(["occasion_id", "officer_id", "initiative_id"])
            }
            try db.create(index: "recognition_officer", on: "recognition", columns: ["officer_id"])
            try db.create(index: "recognition_initiative", on: "recognition", columns: ["initiative_id"])
        }
        migrator.registerMigration("0005 grants, tranches, disbursements, reports") { db in
            // The call's default schedule: tranche shares in percent, e.g. "70,30".
            try db.alter(table: "call") { t in
                t.add(column: "tranche_split", .text).notNull().defaults(to: "70,30")
            }
            try db.alter(table: "grant") { t in
                t.add(column: "title", .text).notNull().defaults(to: "")
                t.add(column: "period_start", .text).notNull().defaults(to: "")
                t.add(column: "period_end", .text).notNull().defaults(to: "")
                t.add(column: "status", .text).notNull().defaults(to: "active")
                t.add(column: "termination_reason", .text)
                t.add(column: "closed_at", .datetime)
            }
            try db.create(table: "report_requirement") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("grant_id", .integer).notNull().references("grant")
                t.column("kind", .text).notNull().check(sql: "kind IN ('interim', 'final')")
                t.column("due_date", .text).notNull()
                // draft → submitted → accepted, or returned (then submitted again)
                t.column("status", .text).notNull().defaults(to: "pending")
                    .check(sql: "status IN ('pending', 'draft', 'submitted', 'returned', 'accepted')")
                // What the initiative is writing; each submission is also kept whole.
                t.column("done", .text).notNull().defaults(to: "")
                t.column("results", .text).notNull().defaults(to: "")
                t.column("challenges", .text).notNull().defaults(to: "")
                t.column("next_steps", .text).notNull().defaults(to: "")
                t.column("spending", .text).notNull().defaults(to: "{}")
                t.column("staff_comment", .text)
                t.column("accepted_at", .datetime)
            }
            try db.create(table: "report_submission") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("requirement_id", .integer).notNull().references("report_requirement")
                t.column("submitted_at", .datetime).notNull()
                t.column("submitted_by", .integer).references("user")
                t.column("content", .text).notNull()
                t.column("outcome", .text).check(sql: "outcome IS NULL OR outcome IN ('accepted', 'returned')")
                t.column("comment", .text)
                t.column("decided_at", .datetime)
            }
            try db.create(table: "tranche") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("grant_id", .integer).notNull().references("grant")
                t.column("position", .integer).notNull()
                t.column("planned_amount", .integer).notNull().check(sql: "planned_amount > 0")
                t.column("planned_date", .text).notNull()
                t.column("requires_report_id", .integer).references("report_requirement")
                t.column("cancelled", .boolean).notNull().defaults(to: false)
            }
            try db.create(table: "disbursement") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("grant_id", .integer).notNull().references("grant")
                t.column("tranche_id", .integer).notNull().references("tranche")
                // In the grant's currency, minor units.
                t.column("amount", .integer).notNull().check(sql: "amount > 0")
                t.column("status", .text).notNull().defaults(to: "proposed")
                    .check(sql: "status IN ('proposed', 'approved', 'paid', 'cancelled')")
                t.column("proposed_by", .integer).references("user")
                t.column("proposed_at", .datetime).notNull()
                t.column("approved_by", .integer).references("user")
                t.column("approved_at", .datetime)
                t.column("paid_on", .text)
                t.column("bank_reference", .text)
                // When paid in another currency: what was paid, the rate and the fee.
                t.column("paid_currency", .text)
                t.column("paid_amount", .integer)
                t.column("exchange_rate", .text)
                t.column("bank_fee", .integer)
                t.column("cancelled_at", .datetime)
            }
            try db.create(index: "disbursement_grant", on: "disbursement", columns: ["grant_id", "status"])
        }
        migrator.registerMigration("0006 cases") { db in
            try db.create(table: "violence_type") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("key", .text).notNull().unique()
                t.column("name_en", .text).notNull()
                t.column("name_ru", .text).notNull()
                t.column("name_uk", .text).notNull()
                t.column("active", .boolean).notNull().defaults(to: true)
                t.column("position", .integer).notNull()
            }
            // The typology the network defined with women who use drugs.
            let typology: [(String, String, String, String)] = [
                ("physical", "Physical violence", "Физическое насилие", "Фізичне насильство"),
                ("sexual", "Sexual violence", "Сексуальное насилие", "Сексуальне насильство"),
                ("threats", "Threats and intimidation", "Угрозы и запугивание", "Погрози та залякування"),
                ("blackmail", "Blackmail", "Шантаж", "Шантаж"),
                ("extortion", "Extortion (money or drugs)", "Вымогательство (денег или наркотиков)", "Вимагання (грошей або наркотиків)"),
                ("coercion", "Coercion to cooperate or inform", "Принуждение к сотрудничеству или доносительству", "Примус до співпраці чи донесення"),
                ("detention", "Arbitrary detention", "Произвольное задержание", "Свавільне затримання"),
                ("planting", "Planted drugs or fabricated evidence", "Подброс наркотиков или фальсификация доказательств", "Підкидання наркотиків або фальсифікація доказів"),
                ("confession", "Forced confession", "Принуждение к признанию", "Примус до зізнання"),
                ("care_denied", "Denial of medical care or substitution treatment in custody", "Отказ в медпомощи или заместительной терапии под стражей", "Відмова в медичній допомозі чи замісній терапії під вартою"),
                ("confiscation", "Confiscation of property or documents", "Изъятие имущества или документов", "Вилучення майна чи документів"),
                ("humiliation", "Verbal humiliation", "Словесное унижение", "Словесне приниження"),
                ("other", "Other", "Другое", "Інше"),
            ]
            for (position, term) in typology.enumerated() {
                try db.execute(
                    sql: "INSERT INTO violence_type (key, name_en, name_ru, name_uk, position) VALUES (?, ?, ?, ?, ?)",
                    arguments: [term.0, term.1, term.2, term.3, position])
            }
            // A case holds no field for a name, phone, address, coordinates or birth date.
            try db.create(table: "case") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("initiative_id", .integer).notNull().references("initiative")
                t.column("registered_on", .text).notNull()
                // "2026", "2026-11" or "2026-11-03", as precise as is safe to say.
                t.column("incident_date", .text).notNull()
                t.column("incident_precision", .text).notNull().check(sql: "incident_precision IN ('day', 'month', 'year')")
                t.column("country", .text).notNull()
                t.column("city", .text).notNull()
                t.column("place_type", .text).notNull()
                t.column("age_band", .text).notNull()
                t.column("police_unit", .text).notNull()
                t.column("officers_count", .text).notNull().check(sql: "officers_count IN ('1', '2-3', '4+', 'unknown')")
                t.column("consequences", .text).notNull().defaults(to: "")
                t.column("complaint_filed", .boolean).notNull().defaults(to: false)
                t.column("complaint_where", .text).notNull().defaults(to: "")
                t.column("complaint_outcome", .text).notNull().defaults(to: "")
                t.column("status", .text).notNull().defaults(to: "open").check(sql: "status IN ('open', 'in_progress', 'closed')")
                t.column("consent_statistics", .boolean).notNull().defaults(to: false)
                // Encrypted (libsodium secretbox); the key is not in the database.
                t.column("narrative", .blob)
                t.column("created_by", .integer).references("user")
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
            }
            try db.create(index: "case_initiative", on: "case", columns: ["initiative_id"])
            try db.create(index: "case_place", on: "case", columns: ["country", "city"])
            try db.create(table: "case_act") { t in
                t.column("case_id", .integer).notNull().references("case", onDelete: .cascade)
                t.column("violence_type_id", .integer).notNull().references("violence_type")
                t.primaryKey(["case_id", "violence_type_id"])
            }
            try db.create(table: "referral") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("case_id", .integer).notNull().references("case", onDelete: .cascade)
                t.column("service", .text).notNull().check(sql: "service IN ('medical', 'hiv', 'ost', 'psychological', 'social', 'legal')")
                t.column("referred_on", .text).notNull()
                t.column("status", .text).notNull().check(sql: "status IN ('pending', 'provided', 'refused', 'unavailable')")
                t.column("updated_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("0007 indexes for lists and the regional picture") { db in
            // Measured on the scale-100 demo (100,000 cases, ~2,000 grants): without
            // these, the case list sorted every row and grant lists scanned tranches.
            try db.create(index: "case_incident", on: "case", columns: ["incident_date", "id"])
            try db.create(index: "case_updated", on: "case", columns: ["updated_at"])
            try db.create(index: "case_act_type", on: "case_act", columns: ["violence_type_id", "case_id"])
            try db.create(index: "referral_case", on: "referral", columns: ["case_id"])
            try db.create(index: "referral_updated", on: "referral", columns: ["updated_at"])
            try db.create(index: "tranche_grant", on: "tranche", columns: ["grant_id"])
            try db.create(index: "report_requirement_grant", on: "report_requirement", columns: ["grant_id", "status"])
            try db.create(index: "disbursement_tranche", on: "disbursement", columns: ["tranche_id", "status"])
            try db.create(index: "grant_application", on: "grant", columns: ["application_id"])
            try db.create(index: "application_submitted", on: "application", columns: ["submitted_at", "id"])
        }
        migrator.registerMigration("0008 report files") { db in
            // Documents on a report (receipts, photos of an event), inside the
            // database like application attachments, so a backup holds them.
            try db.create(table: "report_file") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("requirement_id", .integer).notNull().references("report_requirement")
                t.column("filename", .text).notNull()
                t.column("content_type", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("bytes", .blob).notNull()
                t.column("uploaded_by", .integer).references("user")
                t.column("uploaded_at", .datetime).notNull()
            }
            try db.create(index: "report_file_requirement", on: "report_file", columns: ["requirement_id"])
        }
        migrator.registerMigration("0009 indexes for the picture and country lists") { db in
            // The regional picture reads place and month from this index alone, in
            // its order (no sort); it also serves the city filter, which the
            // (country, city) index it replaces did.
            try db.execute(sql: "DROP INDEX case_place")
            try db.create(
                index: "case_picture", on: "case", columns: ["country", "city", "incident_precision", "incident_date", "consent_statistics"])
            // The case list filtered by country, newest first, without sorting the country's cases.
            try db.create(index: "case_country_incident", on: "case", columns: ["country", "incident_date", "id"])
            try db.create(index: "referral_outcome", on: "referral", columns: ["service", "status"])
        }
        migrator.registerMigration("0010 reviews by reviewer") { db in
            // A reviewer's dashboard and list; without it both read every review.
            try db.create(index: "review_reviewer", on: "review", columns: ["reviewer_id", "submitted_at"])
        }
        migrator.registerMigration("0011 places and vocabularies instead of free text on cases; published releases") { db in
            // Places: a staff-kept list per country. A case with no place_id
            // happened in "another place" of its country.
            try db.create(table: "place") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("country", .text).notNull()
                t.column("name_en", .text).notNull()
                t.column("name_ru", .text).notNull()
                t.column("name_uk", .text).notNull()
                t.column("active", .boolean).notNull().defaults(to: true)
                t.column("position", .integer).notNull().defaults(to: 0)
            }
            try db.create(index: "place_country", on: "place", columns: ["country", "position"])
            for (position, place) in PlaceNames.initial.enumerated() {
                try db.execute(
                    sql: "INSERT INTO place (country, name_en, name_ru, name_uk, position) VALUES (?, ?, ?, ?, ?)",
                    arguments: [place.country, place.en, place.ru, place.uk, position])
            }
            // What followed, where a complaint went and what came of it: chosen, never typed.
            try db.create(table: "case_term") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("vocabulary", .text).notNull().check(sql: "vocabulary IN ('consequence', 'complaint_body', 'complaint_outcome')")
                t.column("key", .text).notNull()
                t.column("name_en", .text).notNull()
                t.column("name_ru", .text).notNull()
                t.column("name_uk", .text).notNull()
                t.column("active", .boolean).notNull().defaults(to: true)
                t.column("position", .integer).notNull().defaults(to: 0)
                t.uniqueKey(["vocabulary", "key"])
            }
            for (position, term) in CaseTerms.initial.enumerated() {
                try db.execute(
                    sql: "INSERT INTO case_term (vocabulary, key, name_en, name_ru, name_uk, position) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [term.vocabulary, term.key, term.en, term.ru, term.uk, position])
            }
            try db.alter(table: "case") { t in
                t.add(column: "place_id", .integer).references("place")
                t.add(column: "complaint_body_id", .integer).references("case_term")
                t.add(column: "complaint_outcome_id", .integer).references("case_term")
            }
            try db.create(table: "case_consequence") { t in
                t.column("case_id", .integer).notNull().references("case", onDelete: .cascade)
                t.column("term_id", .integer).notNull().references("case_term")
                t.primaryKey(["case_id", "term_id"])
            }
            // Text typed before this migration, kept only until the server seals
            // it into the case's encrypted narrative at its next start (it holds
            // the key; migrations do not).
            try db.create(table: "case_legacy_text") { t in
                t.column("case_id", .integer).notNull().references("case", onDelete: .cascade)
                t.column("field", .text).notNull()
                t.column("text", .text).notNull()
                t.primaryKey(["case_id", "field"])
            }
            // Typed places that matched no place on the list, sealed, for
            // programme officers to map; until then they count as "another place".
            try db.create(table: "place_review") { t in
                t.primaryKey("case_id", .integer).references("case", onDelete: .cascade)
                t.column("country", .text).notNull()
                t.column("sealed", .blob)
            }
            var list: [String: [(id: Int64, names: [String])]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, country, name_en, name_ru, name_uk FROM place") {
                list[row[1], default: []].append((row[0], [row[2], row[3], row[4]]))
            }
            for row in try Row.fetchAll(db, sql: "SELECT DISTINCT country, city FROM \"case\"") {
                let country: String = row[0], city: String = row[1]
                if let place = PlaceNames.match(city, in: list[country] ?? []) {
                    try db.execute(sql: "UPDATE \"case\" SET place_id = ? WHERE country = ? AND city = ?", arguments: [place, country, city])
                }
            }
            try db.execute(sql: """
                INSERT INTO case_legacy_text (case_id, field, text)
                  SELECT id, 'city', city FROM "case" WHERE place_id IS NULL AND TRIM(city) != ''
                  UNION ALL SELECT id, 'consequences', consequences FROM "case" WHERE TRIM(consequences) != ''
                  UNION ALL SELECT id, 'complaint_where', complaint_where FROM "case" WHERE TRIM(complaint_where) != ''
                  UNION ALL SELECT id, 'complaint_outcome', complaint_outcome FROM "case" WHERE TRIM(complaint_outcome) != ''
                """)
            try db.execute(sql: "INSERT INTO place_review (case_id, country) SELECT case_id, c.country FROM case_legacy_text JOIN \"case\" c ON c.id = case_id WHERE field = 'city'")
            try db.execute(sql: "DROP INDEX case_picture")
            for column in ["city", "consequences", "complaint_where", "complaint_outcome"] {
                try db.execute(sql: "ALTER TABLE \"case\" DROP COLUMN \(column)")
            }
            try db.create(
                index: "case_picture", on: "case", columns: ["country", "place_id", "incident_precision", "incident_date", "consent_statistics"])
            // Releases: what the public sees. A draft holds what would be
            // published; publishing freezes it. Cells keep their true count
            // (staff only, for the audits of later releases) and how it is shown.
            try db.create(table: "release") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("period_from", .text).notNull()
                t.column("period_to", .text).notNull()
                t.column("cutoff", .text).notNull()
                t.column("threshold", .integer).notNull().check(sql: "threshold >= 3")
                t.column("status", .text).notNull().defaults(to: "draft").check(sql: "status IN ('draft', 'published')")
                t.column("created_by", .integer).references("user")
                t.column("created_at", .datetime).notNull()
                t.column("published_by", .integer).references("user")
                t.column("published_at", .datetime)
            }
            try db.create(table: "release_cell") { t in
                t.column("release_id", .integer).notNull().references("release", onDelete: .cascade)
                t.column("table_key", .text).notNull()
                t.column("row_key", .text).notNull()
                t.column("column_key", .text).notNull()
                t.column("value", .integer).notNull()
                t.column("mark", .text).notNull().check(sql: "mark IN ('shown', 'small', 'protected')")
                t.primaryKey(["release_id", "table_key", "row_key", "column_key"])
            }
            try db.create(index: "case_release", on: "case", columns: ["consent_statistics", "created_at"])
        }
        migrator.registerMigration("0012 tallies of cases, acts and referrals, kept by triggers") { db in
            // The regional picture counts every case by place, month, act and
            // referral. Counting 100,000 cases after each write took 140 ms; these
            // tallies move in the writing transaction itself (triggers, so that
            // no write path can forget them) and the picture reads a few hundred rows.
            try db.execute(sql: """
                CREATE TABLE case_place_tally (country TEXT NOT NULL, place_id INTEGER NOT NULL, n INTEGER NOT NULL,
                  PRIMARY KEY (country, place_id)) WITHOUT ROWID;
                CREATE TABLE case_month_tally (month TEXT NOT NULL PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE case_act_tally (violence_type_id INTEGER NOT NULL PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE referral_tally (service TEXT NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL,
                  PRIMARY KEY (service, status)) WITHOUT ROWID;

                CREATE TRIGGER case_tally_insert AFTER INSERT ON "case" BEGIN
                  INSERT INTO case_place_tally VALUES (NEW.country, COALESCE(NEW.place_id, 0), 1)
                    ON CONFLICT DO UPDATE SET n = n + 1;
                  INSERT INTO case_month_tally VALUES (CASE NEW.incident_precision WHEN 'year' THEN '' ELSE substr(NEW.incident_date, 1, 7) END, 1)
                    ON CONFLICT DO UPDATE SET n = n + 1;
                END;
                CREATE TRIGGER case_tally_delete AFTER DELETE ON "case" BEGIN
                  UPDATE case_place_tally SET n = n - 1 WHERE country = OLD.country AND place_id = COALESCE(OLD.place_id, 0);
                  UPDATE case_month_tally SET n = n - 1
                    WHERE month = CASE OLD.incident_precision WHEN 'year' THEN '' ELSE substr(OLD.incident_date, 1, 7) END;
                END;
                CREATE TRIGGER case_tally_update AFTER UPDATE OF country, place_id, incident_date, incident_precision ON "case" BEGIN
                  UPDATE case_place_tally SET n = n - 1 WHERE country = OLD.country AND place_id = COALESCE(OLD.place_id, 0);
                  UPDATE case_month_tally SET n = n - 1
                    WHERE month = CASE OLD.incident_precision WHEN 'year' THEN '' ELSE substr(OLD.incident_date, 1, 7) END;
                  INSERT INTO case_place_tally VALUES (NEW.country, COALESCE(NEW.place_id, 0), 1)
                    ON CONFLICT DO UPDATE SET n = n + 1;
                  INSERT INTO case_month_tally VALUES (CASE NEW.incident_precision WHEN 'year' THEN '' ELSE substr(NEW.incident_date, 1, 7) END, 1)
                    ON CONFLICT DO UPDATE SET n = n + 1;
                END;
                CREATE TRIGGER case_act_tally_insert AFTER INSERT ON case_act BEGIN
                  INSERT INTO case_act_tally VALUES (NEW.violence_type_id, 1) ON CONFLICT DO UPDATE SET n = n + 1;
                END;
                CREATE TRIGGER case_act_tally_delete AFTER DELETE ON case_act BEGIN
                  UPDATE case_act_tally SET n = n - 1 WHERE violence_type_id = OLD.violence_type_id;
                END;
                CREATE TRIGGER case_act_tally_update AFTER UPDATE OF violence_type_id ON case_act BEGIN
                  UPDATE case_act_tally SET n = n - 1 WHERE violence_type_id = OLD.violence_type_id;
                  INSERT INTO case_act_tally VALUES (NEW.violence_type_id, 1) ON CONFLICT DO UPDATE SET n = n + 1;
                END;
                CREATE TRIGGER referral_tally_insert AFTER INSERT ON referral BEGIN
                  INSERT INTO referral_tally VALUES (NEW.service, NEW.status, 1) ON CONFLICT DO UPDATE SET n = n + 1;
                END;
                CREATE TRIGGER referral_tally_delete AFTER DELETE ON referral BEGIN
                  UPDATE referral_tally SET n = n - 1 WHERE service = OLD.service AND status = OLD.status;
                END;
                CREATE TRIGGER referral_tally_update AFTER UPDATE OF service, status ON referral BEGIN
                  UPDATE referral_tally SET n = n - 1 WHERE service = OLD.service AND status = OLD.status;
                  INSERT INTO referral_tally VALUES (NEW.service, NEW.status, 1) ON CONFLICT DO UPDATE SET n = n + 1;
                END;

                INSERT INTO case_place_tally SELECT country, COALESCE(place_id, 0), COUNT(*) FROM "case" GROUP BY 1, 2;
                INSERT INTO case_month_tally
                  SELECT CASE incident_precision WHEN 'year' THEN '' ELSE substr(incident_date, 1, 7) END, COUNT(*) FROM "case" GROUP BY 1;
                INSERT INTO case_act_tally SELECT violence_type_id, COUNT(*) FROM case_act GROUP BY 1;
                INSERT INTO referral_tally SELECT service, status, COUNT(*) FROM referral GROUP BY 1, 2;
                """)
        }
        migrator.registerMigration("0013 grant progress (paid, next report, next tranche), kept by triggers") { db in
            // The grant list showed each grant's payments, next report and next
            // tranche through three subqueries a row; these move with every
            // payment, tranche and report, in the same transaction.
            try db.execute(sql: """
                CREATE TABLE grant_progress (
                  grant_id INTEGER PRIMARY KEY REFERENCES "grant"(id) ON DELETE CASCADE,
                  paid INTEGER NOT NULL, next_due TEXT, next_tranche TEXT)
                """)
            func refresh(_ grant: String) -> String {
                """
                INSERT INTO grant_progress (grant_id, paid, next_due, next_tranche) VALUES (\(grant),
                  (SELECT COALESCE(SUM(amount), 0) FROM disbursement d WHERE d.grant_id = \(grant) AND d.status = 'paid'),
                  (SELECT MIN(due_date) FROM report_requirement r WHERE r.grant_id = \(grant) AND r.status != 'accepted'),
                  (SELECT MIN(planned_date) FROM tranche t WHERE t.grant_id = \(grant) AND NOT t.cancelled
                     AND NOT EXISTS (SELECT 1 FROM disbursement d WHERE d.tranche_id = t.id AND d.status = 'paid')))
                  ON CONFLICT (grant_id) DO UPDATE SET paid = excluded.paid, next_due = excluded.next_due, next_tranche = excluded.next_tranche;
                """
            }
            try db.execute(sql: "CREATE TRIGGER grant_progress_grant AFTER INSERT ON \"grant\" BEGIN \(refresh("NEW.id")) END")
            for table in ["disbursement", "tranche", "report_requirement"] {
                try db.execute(sql: """
                    CREATE TRIGGER grant_progress_\(table)_insert AFTER INSERT ON \(table) BEGIN \(refresh("NEW.grant_id")) END;
                    CREATE TRIGGER grant_progress_\(table)_delete AFTER DELETE ON \(table) BEGIN \(refresh("OLD.grant_id")) END;
                    CREATE TRIGGER grant_progress_\(table)_update AFTER UPDATE ON \(table) BEGIN
                      \(refresh("OLD.grant_id")) \(refresh("NEW.grant_id")) END;
                    """)
            }
            try db.execute(sql: "INSERT INTO grant_progress (grant_id, paid) SELECT id, 0 FROM \"grant\"")
            try db.execute(sql: """
                UPDATE grant_progress SET
                  paid = (SELECT COALESCE(SUM(amount), 0) FROM disbursement d WHERE d.grant_id = grant_progress.grant_id AND d.status = 'paid'),
                  next_due = (SELECT MIN(due_date) FROM report_requirement r WHERE r.grant_id = grant_progress.grant_id AND r.status != 'accepted'),
                  next_tranche = (SELECT MIN(planned_date) FROM tranche t WHERE t.grant_id = grant_progress.grant_id AND NOT t.cancelled
                    AND NOT EXISTS (SELECT 1 FROM disbursement d WHERE d.tranche_id = t.id AND d.status = 'paid'))
                """)
        }
        migrator.registerMigration("0014 initiatives: how each appears in published data, payee details, changes to verify") { db in
            // Published data (360Giving) names no initiative unless it chose so:
            // the groups are of women who use drugs, and a name with a city can
            // identify them. 'hidden' leaves its grants out of the file.
            try db.alter(table: "initiative") { t in
                t.add(column: "public_listing", .text).notNull().defaults(to: "hidden")
                    .check(sql: "public_listing IN ('named', 'anonymous', 'hidden')")
                // What finance needs to pay; staff and the coordinator see it, every read by finance is audited.
                t.add(column: "legal_name", .text).notNull().defaults(to: "")
                t.add(column: "registration_number", .text).notNull().defaults(to: "")
                t.add(column: "bank_details", .text).notNull().defaults(to: "")
                t.add(column: "payee_changed_at", .datetime)
                // Set when the coordinator changes a detail staff verified (name,
                // country, legal form, registration number); cleared by verifying again.
                t.add(column: "changed_since_verification", .boolean).notNull().defaults(to: false)
            }
        }
        migrator.registerMigration("0015 corrections of recorded payments") { db in
            // A payment recorded wrongly (date, bank reference, foreign amount)
            // is corrected, never overwritten without a trace: each correction
            // keeps what was recorded before, who changed it, when and why.
            try db.create(table: "payment_correction") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("disbursement_id", .integer).notNull().references("disbursement")
                t.column("corrected_at", .datetime).notNull()
                t.column("corrected_by", .integer).references("user")
                t.column("reason", .text).notNull()
                t.column("old_paid_on", .text)
                t.column("old_bank_reference", .text)
                t.column("old_paid_currency", .text)
                t.column("old_paid_amount", .integer)
                t.column("old_exchange_rate", .text)
                t.column("old_bank_fee", .integer)
            }
            try db.create(index: "payment_correction_disbursement", on: "payment_correction", columns: ["disbursement_id"])
            try db.execute(sql: """
                CREATE TRIGGER payment_correction_kept_update BEFORE UPDATE ON payment_correction BEGIN SELECT RAISE(ABORT, 'corrections are kept'); END;
                CREATE TRIGGER payment_correction_kept_delete BEFORE DELETE ON payment_correction BEGIN SELECT RAISE(ABORT, 'corrections are kept'); END;
                """)
        }
        migrator.registerMigration("0016 forms kept while their sender signs in again") { db in
            // A form sent after its session ended is kept (sealed, as narratives
            // are: it can hold a case's story) until its sender signs in again,
            // then sent on her behalf. One use, a day at most.
            try db.create(table: "kept_form") { t in
                t.primaryKey("token_hash", .text)
                t.column("user_id", .integer).notNull().references("user", onDelete: .cascade)
                t.column("path", .text).notNull()
                t.column("sealed", .blob).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("expires_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("0017 applications revised after a decline") { db in
            // A declined application is revised as a new draft that points to
            // it, so that staff read both and the decision stays as it was.
            try db.alter(table: "application") { t in
                t.add(column: "resubmission_of", .integer).references("application")
            }
            try db.create(index: "application_resubmission", on: "application", columns: ["resubmission_of"])
        }
        migrator.registerMigration("0018 occasions' titles in each language") { db in
            // A certificate prints in the officer's language: the occasion's
            // title and the signatory's title too, not only the wording.
            try db.alter(table: "occasion") { t in
                t.add(column: "title_ru", .text).notNull().defaults(to: "")
                t.add(column: "title_uk", .text).notNull().defaults(to: "")
                t.add(column: "signatory_title_ru", .text).notNull().defaults(to: "")
                t.add(column: "signatory_title_uk", .text).notNull().defaults(to: "")
            }
        }
        migrator.registerMigration("0019 notices: the inbox, the e-mail outbox, reminders and pending registrations") { db in
            // One row per message to one person: the inbox shows it, and the
            // sender delivers it by e-mail. Written in the transaction of the
            // change it tells of, so neither exists without the other.
            try db.create(table: "notice") { t in
                t.autoIncrementedPrimaryKey("id")
                // Null for a message to an address with no account yet (an
                // invitation, a registration's confirmation): e-mail only.
                t.column("user_id", .integer).references("user", onDelete: .cascade)
                t.column("email", .text).notNull()
                t.column("language", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("params", .text).notNull().defaults(to: "{}")
                t.column("link", .text).notNull().defaults(to: "")
                // A one-time link (with its token) sealed with the narrative
                // key until the message is sent, then wiped; never in the inbox.
                t.column("sealed_link", .blob)
                // The idempotency key: one message per event, reminder and person.
                t.column("key", .text).notNull().unique()
                t.column("created_at", .datetime).notNull()
                t.column("read_at", .datetime)
                t.column("mail", .text).notNull().check(sql: "mail IN ('none', 'queued', 'sent', 'failed')")
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("next_attempt_at", .datetime)
                t.column("sent_at", .datetime)
                t.column("last_error", .text)
            }
            try db.create(index: "notice_inbox", on: "notice", columns: ["user_id", "read_at", "id"])
            try db.create(index: "notice_outbox", on: "notice", columns: ["mail", "next_attempt_at"])
            // Kinds a person has chosen not to receive by e-mail (the inbox keeps them).
            try db.create(table: "notice_mail_off") { t in
                t.column("user_id", .integer).notNull().references("user", onDelete: .cascade)
                t.column("kind", .text).notNull()
                t.primaryKey(["user_id", "kind"])
            }
            // A registration waits here until its address is confirmed: only
            // then do the initiative and the account exist.
            try db.create(table: "registration") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("token_hash", .text).notNull().unique()
                t.column("email", .text).notNull()
                t.column("details", .text).notNull()
                t.column("password_hash", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("expires_at", .datetime).notNull()
                t.column("confirmed_at", .datetime)
            }
        }
        migrator.registerMigration("0020 conversations on applications, grants and reports") { db in
            // A message between an initiative and the programme staff. The
            // text is sealed with the narrative key: what people write about
            // their work may name a woman, and no free text about a person is
            // kept in clear.
            try db.create(table: "message") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("topic", .text).notNull().check(sql: "topic IN ('application', 'grant', 'report')")
                t.column("topic_id", .integer).notNull()
                // Whose record it is, so that access is checked without joins.
                t.column("initiative_id", .integer).notNull().references("initiative")
                t.column("author_id", .integer).references("user")
                t.column("side", .text).notNull().check(sql: "side IN ('staff', 'initiative')")
                t.column("body", .blob).notNull()
                t.column("created_at", .datetime).notNull()
            }
            try db.create(index: "message_topic", on: "message", columns: ["topic", "topic_id", "id"])
            // At most one file a message, its bytes inside the database as attachments are.
            try db.create(table: "message_file") { t in
                t.primaryKey("message_id", .integer).references("message")
                t.column("filename", .text).notNull()
                t.column("content_type", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("bytes", .blob).notNull()
            }
            // Part of the record: what was written stays as it was written.
            for table in ["message", "message_file"] {
                for change in ["UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_no_\(change.lowercased()) BEFORE \(change) ON \(table)
                        BEGIN SELECT RAISE(ABORT, 'messages are never changed'); END
                        """)
                }
            }
        }
        migrator.registerMigration("0021 grant agreements") { db in
            // A call's agreement, in each language; placeholders take each grant's figures.
            try db.alter(table: "call") { t in
                t.add(column: "agreement_en", .text).notNull().defaults(to: "")
                t.add(column: "agreement_ru", .text).notNull().defaults(to: "")
                t.add(column: "agreement_uk", .text).notNull().defaults(to: "")
            }
            // Each acceptance, kept whole: the text as she read it, the terms it
            // carried (a changed schedule asks again), who, when, from where.
            try db.create(table: "grant_acceptance") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("grant_id", .integer).notNull().references("grant")
                t.column("terms", .text).notNull()
                t.column("text", .text).notNull()
                t.column("language", .text).notNull()
                t.column("name", .text).notNull()
                t.column("user_id", .integer).references("user")
                t.column("address", .text).notNull()
                t.column("accepted_at", .datetime).notNull()
            }
            try db.create(index: "grant_acceptance_grant", on: "grant_acceptance", columns: ["grant_id", "id"])
        }
        migrator.registerMigration("0022 calls and criteria in each language") { db in
            // The text as first written stays in `title` and the others; these
            // are its translations, shown to readers of that language.
            try db.alter(table: "call") { t in
                for column in ["title", "description", "eligibility"] {
                    t.add(column: "\(column)_ru", .text).notNull().defaults(to: "")
                    t.add(column: "\(column)_uk", .text).notNull().defaults(to: "")
                }
            }
            try db.alter(table: "call_criterion") { t in
                t.add(column: "name_ru", .text).notNull().defaults(to: "")
                t.add(column: "name_uk", .text).notNull().defaults(to: "")
            }
        }
        migrator.registerMigration("0023 questions per call") { db in
            // A call's own questions. Frozen once an application of the call
            // was submitted (answers stay tied to the questions they answered).
            try db.create(table: "call_question") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("call_id", .integer).notNull().references("call")
                t.column("position", .integer).notNull()
                t.column("kind", .text).notNull()
                    .check(sql: "kind IN ('short_text', 'long_text', 'number', 'date', 'single_choice', 'multiple_choice', 'yes_no')")
                for column in ["label", "help", "options"] {
                    t.column(column, .text).notNull().defaults(to: "")
                    t.column("\(column)_ru", .text).notNull().defaults(to: "")
                    t.column("\(column)_uk", .text).notNull().defaults(to: "")
                }
                t.column("required", .boolean).notNull().defaults(to: false)
                t.column("minimum", .integer)
                t.column("maximum", .integer)
            }
            try db.create(index: "call_question_call", on: "call_question", columns: ["call_id", "position"])
            // Answers as typed (a draft keeps anything): a JSON list of the values sent (a multiple choice's chosen options' numbers).
            try db.create(table: "application_answer") { t in
                t.column("application_id", .integer).notNull().references("application", onDelete: .cascade)
                t.column("question_id", .integer).notNull().references("call_question")
                t.column("value", .text).notNull()
                t.primaryKey(["application_id", "question_id"])
            }
        }
        migrator.registerMigration("0024 outcome indicators") { db in
            // A call's indicators: the application sets a target for each, every report an actual.
            try db.create(table: "call_indicator") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("call_id", .integer).notNull().references("call")
                t.column("position", .integer).notNull()
                t.column("name", .text).notNull()
                t.column("name_ru", .text).notNull().defaults(to: "")
                t.column("name_uk", .text).notNull().defaults(to: "")
                t.column("unit", .text).notNull().defaults(to: "")
                t.column("source", .text).notNull().defaults(to: "none")
                    .check(sql: "source IN ('none', 'cases', 'referrals_made', 'referrals_provided', 'officers_recognised')")
            }
            // As typed: a draft keeps anything; submission checks each.
            try db.create(table: "application_target") { t in
                t.column("application_id", .integer).notNull().references("application", onDelete: .cascade)
                t.column("indicator_id", .integer).notNull().references("call_indicator")
                t.column("value", .text).notNull()
                t.primaryKey(["application_id", "indicator_id"])
            }
            try db.create(table: "report_indicator") { t in
                t.column("report_id", .integer).notNull().references("report_requirement", onDelete: .cascade)
                t.column("indicator_id", .integer).notNull().references("call_indicator")
                t.column("value", .text).notNull()
                t.column("note", .text).notNull().defaults(to: "")
                t.primaryKey(["report_id", "indicator_id"])
            }
        }
        migrator.registerMigration("0025 versions of a call's questions") { db in
            // Questions change only as a new version once an application answered
            // them; each submitted application keeps the version it answered.
            try db.alter(table: "call_question") { t in
                t.add(column: "version", .integer).notNull().defaults(to: 1)
            }
            try db.alter(table: "application") { t in
                t.add(column: "question_version", .integer)
            }
            // The version drafts answer now (kept on the call, so that a version may have no questions).
            try db.alter(table: "call") { t in
                t.add(column: "question_version", .integer).notNull().defaults(to: 1)
            }
            try db.execute(sql: "UPDATE application SET question_version = 1 WHERE submitted_at IS NOT NULL")
        }
        migrator.registerMigration("0026 file questions") { db in
            // A question may ask for a document; SQLite cannot widen a CHECK in
            // place, so the table is rebuilt (GRDB runs migrations with foreign keys
            // off and checks them at the end).
            try db.create(table: "call_question_new") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("call_id", .integer).notNull().references("call")
                t.column("position", .integer).notNull()
                t.column("kind", .text).notNull()
                    .check(sql: "kind IN ('short_text', 'long_text', 'number', 'date', 'single_choice', 'multiple_choice', 'yes_no', 'file')")
                for column in ["label", "help", "options"] {
                    t.column(column, .text).notNull().defaults(to: "")
                    t.column("\(column)_ru", .text).notNull().defaults(to: "")
                    t.column("\(column)_uk", .text).notNull().defaults(to: "")
                }
                t.column("required", .boolean).notNull().defaults(to: false)
                t.column("minimum", .integer)
                t.column("maximum", .integer)
                t.column("version", .integer).notNull().defaults(to: 1)
            }
            try db.execute(sql: "INSERT INTO call_question_new SELECT id, call_id, position, kind, label, label_ru, label_uk, help, help_ru, help_uk, options, options_ru, options_uk, required, minimum, maximum, version FROM call_question")
            try db.drop(table: "call_question")
            try db.rename(table: "call_question_new", to: "call_question")
            try db.create(index: "call_question_call", on: "call_question", columns: ["call_id", "version", "position"])
        }
        migrator.registerMigration("0027 unread notices per person, kept by triggers") { db in
            // Every signed-in page shows the unread count. Counting it read one
            // notice row per unread notice (2 ms for a programme officer with
            // 6,000); this count moves in the writing transaction instead. The
            // kinds left out are those the inbox never shows (`NoticeKind.showsInInbox`;
            // `UnreadCountTests` checks the count against the inbox's own query).
            let inInbox = "kind NOT IN ('invitation', 'password_reset', 'registration_confirm')"
            try db.execute(sql: """
                CREATE TABLE notice_unread (user_id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
                INSERT INTO notice_unread SELECT user_id, COUNT(*) FROM notice
                  WHERE user_id IS NOT NULL AND read_at IS NULL AND \(inInbox) GROUP BY user_id;
                CREATE TRIGGER notice_unread_insert AFTER INSERT ON notice
                  WHEN NEW.user_id IS NOT NULL AND NEW.read_at IS NULL AND NEW.\(inInbox) BEGIN
                  INSERT INTO notice_unread VALUES (NEW.user_id, 1) ON CONFLICT DO UPDATE SET n = n + 1;
                END;
                CREATE TRIGGER notice_unread_delete AFTER DELETE ON notice
                  WHEN OLD.user_id IS NOT NULL AND OLD.read_at IS NULL AND OLD.\(inInbox) BEGIN
                  UPDATE notice_unread SET n = n - 1 WHERE user_id = OLD.user_id;
                END;
                CREATE TRIGGER notice_unread_update AFTER UPDATE OF user_id, kind, read_at ON notice BEGIN
                  UPDATE notice_unread SET n = n - 1
                    WHERE user_id = OLD.user_id AND OLD.read_at IS NULL AND OLD.\(inInbox);
                  INSERT INTO notice_unread SELECT NEW.user_id, 1
                    WHERE NEW.user_id IS NOT NULL AND NEW.read_at IS NULL AND NEW.\(inInbox)
                    ON CONFLICT DO UPDATE SET n = n + 1;
                END;
                """)
        }
        return migrator
    }
}
