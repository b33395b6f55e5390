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
        return migrator
    }
}
