import Foundation
import GRDB
import Templating

/// `kalyna check`: what an operator wants to know before (re)starting the
/// service, in plain sentences. Reads only: it creates no key and runs no migration.
public enum InstallationCheck {
    public struct Finding: Sendable, Equatable {
        public let ok: Bool
        public let text: String
    }

    public static func run(config: Config, environment: [String: String]) -> [Finding] {
        var findings: [Finding] = []
        func ok(_ text: String) { findings.append(Finding(ok: true, text: text)) }
        func problem(_ text: String) { findings.append(Finding(ok: false, text: text)) }

        // Templates, catalogs and the stylesheet.
        do {
            _ = try TemplateLibrary.load(directory: config.templates)
            _ = try Catalogs.load(directory: config.templates + "/i18n")
            _ = try StaticAssets.load(directory: config.templates + "/static")
            ok("templates, catalogs and static files in \(config.templates) load")
        } catch {
            problem("templates in \(config.templates) do not load: \(error)")
        }

        // Folders the service writes to.
        for (what, file) in [("database", config.database), ("narrative key", config.narrativeKeyFile)] {
            let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
                problem("the folder of the \(what) (\(folder)) does not exist")
            } else if !FileManager.default.isWritableFile(atPath: folder) {
                problem("the folder of the \(what) (\(folder)) is not writable by this user")
            } else {
                ok("the folder of the \(what) (\(folder)) is writable")
            }
        }

        // The key, without creating one.
        var box: NarrativeBox?
        if let hex = environment["KALYNA_NARRATIVE_KEY"] {
            if let key = NarrativeBox.decodeHex(hex), key.count == 32 { box = NarrativeBox(key: key) } else { problem("KALYNA_NARRATIVE_KEY is not 64 hexadecimal digits") }
        } else if let text = try? String(contentsOfFile: config.narrativeKeyFile, encoding: .utf8) {
            if let key = NarrativeBox.decodeHex(text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == 32 {
                box = NarrativeBox(key: key)
                let mode = (try? FileManager.default.attributesOfItem(atPath: config.narrativeKeyFile)[.posixPermissions] as? Int) ?? 0
                if mode & 0o077 != 0 { problem("\(config.narrativeKeyFile) can be read by others (mode \(String(mode, radix: 8))); chmod 600 it") }
            } else {
                problem("\(config.narrativeKeyFile) does not hold 64 hexadecimal digits")
            }
        }

        // The database: readable, whole, up to date, and the key its own.
        guard FileManager.default.fileExists(atPath: config.database) else {
            findings.append(Finding(ok: true, text: "no database at \(config.database) yet: it will be created at the first start"))
            if box == nil { ok("no narrative key yet: it will be created at the first start") }
            return findings
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: config.database, configuration: configuration)
            try queue.read { db in
                let integrity = try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "?"
                if integrity == "ok" { ok("the database \(config.database) is whole") } else { problem("the database \(config.database) is damaged: \(integrity)") }
                let applied = try Migrations.migrator.appliedIdentifiers(db)
                let pending = Migrations.migrator.migrations.filter { !applied.contains($0) }
                if pending.isEmpty {
                    ok("the schema is up to date")
                } else {
                    ok("\(pending.count) migrations will run at the next start (take a backup first: kalyna backup FILE)")
                }
                let hasNarratives = (try? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"case\" WHERE narrative IS NOT NULL")) ?? 0
                guard let box else {
                    if hasNarratives > 0 { problem("the narrative key is missing (\(config.narrativeKeyFile)) and the database holds narratives: restore the key from its backup") }
                    return
                }
                if try db.tableExists("setting"),
                    let hex = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [NarrativeStore.checkSetting])
                {
                    if let sealed = NarrativeBox.decodeHex(hex), box.open(sealed) == NarrativeStore.checkText {
                        ok("the narrative key is this database's")
                    } else {
                        problem("the narrative key does not open this database's narratives: it is another installation's key")
                    }
                } else {
                    ok("the narrative key will be tied to the database at the next start")
                }
            }
        } catch {
            problem("the database \(config.database) cannot be read: \(error)")
        }
        return findings
    }
}
