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
        return migrator
    }
}
