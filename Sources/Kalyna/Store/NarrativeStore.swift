import Foundation
import GRDB

/// What ties the narrative key to the database: a check value sealed with the
/// key (so a server given another key refuses to start instead of showing
/// every narrative as empty), the sealing of text typed before migration 0011,
/// and key rotation.
enum NarrativeStore {
    static let checkSetting = "narrative_key_check"
    static let checkText = "kalyna narrative key check"

    enum KeyMismatch: Error, CustomStringConvertible {
        case wrongKey
        public var description: String {
            "the narrative key does not open this database's narratives: start Kalyna with the key it was set up with "
                + "(narrative_key_file or KALYNA_NARRATIVE_KEY), or restore that key from its backup"
        }
    }

    /// Refuses a key that is not this database's. On a database without a check
    /// value, the key must open an existing narrative (if there is one); then the
    /// check value is written.
    static func verify(_ db: Database, box: NarrativeBox) throws {
        if let hex = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [checkSetting]) {
            guard let sealed = NarrativeBox.decodeHex(hex), box.open(sealed) == checkText else { throw KeyMismatch.wrongKey }
            return
        }
        if let sample = try Data.fetchOne(db, sql: "SELECT narrative FROM \"case\" WHERE narrative IS NOT NULL LIMIT 1"), box.open([UInt8](sample)) == nil {
            throw KeyMismatch.wrongKey
        }
        try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?)", arguments: [checkSetting, NarrativeBox.encodeHex(box.seal(checkText))])
    }

    /// Seals the free text that cases held before migration 0011 into their
    /// narratives (and a typed place, too, for programme officers to map), then
    /// forgets the clear text. Labels are in `labels` (the default language).
    static func sealLegacyText(_ db: Database, box: NarrativeBox, labels: [String: String]) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT case_id, field, text FROM case_legacy_text ORDER BY case_id, field")
        guard !rows.isEmpty else { return }
        var byCase: [Int64: [(String, String)]] = [:]
        for row in rows { byCase[try row.value(0, "case_id") as Int64, default: []].append((try row.value(1, "field"), try row.value(2, "text"))) }
        for (id, texts) in byCase {
            let sealed = try Data.fetchOne(db, sql: "SELECT narrative FROM \"case\" WHERE id = ?", arguments: [id])
            // `verify` ran first, so an existing narrative opens; never overwrite one that does not.
            if let sealed, box.open([UInt8](sealed)) == nil { continue }
            let before = sealed.flatMap { box.open([UInt8]($0)) } ?? ""
            let added = texts.map { "\(labels[$0.0] ?? $0.0): \($0.1.trimmed)" }.joined(separator: "\n")
            let narrative = before.isEmpty ? added : before + "\n\n" + added
            try db.execute(sql: "UPDATE \"case\" SET narrative = ? WHERE id = ?", arguments: [Data(box.seal(narrative)), id])
            for (field, text) in texts where field == "city" {
                try db.execute(sql: "UPDATE place_review SET sealed = ? WHERE case_id = ?", arguments: [Data(box.seal(text.trimmed)), id])
            }
            try db.execute(sql: "DELETE FROM case_legacy_text WHERE case_id = ?", arguments: [id])
        }
    }

    /// Re-encrypts every narrative, every typed place and the check value from
    /// `old` to `new`. Run in one transaction: all or nothing. Returns how many
    /// narratives moved.
    static func rotate(_ db: Database, from old: NarrativeBox, to new: NarrativeBox) throws -> Int {
        try verify(db, box: old)
        var moved = 0
        for (table, key, column) in [("\"case\"", "id", "narrative"), ("place_review", "case_id", "sealed")] {
            for row in try Row.fetchAll(db, sql: "SELECT \(key), \(column) FROM \(table) WHERE \(column) IS NOT NULL") {
                let id: Int64 = try row.value(0, "id")
                let sealed: Data = try row.value(1, "narrative")
                guard let text = old.open([UInt8](sealed)) else { throw KeyMismatch.wrongKey }
                try db.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE \(key) = ?", arguments: [Data(new.seal(text)), id])
                if table == "\"case\"" { moved += 1 }
            }
        }
        try db.execute(sql: "UPDATE setting SET value = ? WHERE key = ?", arguments: [NarrativeBox.encodeHex(new.seal(checkText)), checkSetting])
        return moved
    }
}
