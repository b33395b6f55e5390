import Foundation
import GRDB

/// The staff's list of places, and the places typed before the list existed
/// that wait to be mapped onto it.
enum PlaceStore {
    /// Cases per place, for the list page.
    static func useCounts(_ db: Database) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT place_id, COUNT(*) FROM \"case\" WHERE place_id IS NOT NULL GROUP BY place_id") {
            counts[try row.value(0, "place_id")] = try row.value(1, "count")
        }
        return counts
    }

    static func add(_ db: Database, country: String, names: (String, String, String), by actor: Int64?, now: Date) throws {
        let position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM place") ?? 0) + 1
        var place = Place(id: nil, country: country, nameEn: names.0, nameRu: names.1, nameUk: names.2, active: true, position: position)
        try place.insert(db)
        try Audit.record(db, actor: actor, "place.added", "place", place.id, at: now)
    }

    static func update(_ db: Database, id: Int64, names: (String, String, String)?, active: Bool?, by actor: Int64?, now: Date) throws -> Bool {
        guard var place = try Place.fetchOne(db, key: id) else { return false }
        if let names { (place.nameEn, place.nameRu, place.nameUk) = names }
        if let active { place.active = active }
        try place.update(db)
        try Audit.record(db, actor: actor, "place.changed", "place", id, at: now)
        return true
    }

    /// A place typed before the list, as programme officers map it: the text
    /// (sealed at rest), its country and how many cases wrote it so.
    struct Pending: Equatable {
        let country: String
        let typed: String
        let normalized: String
        let cases: Int
    }

    static func pending(_ db: Database, box: NarrativeBox) throws -> [Pending] {
        var groups: [String: (country: String, typed: String, normalized: String, cases: Int)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT country, sealed FROM place_review WHERE sealed IS NOT NULL") {
            let country: String = try row.value(0, "country")
            let sealed: Data = try row.value(1, "sealed")
            guard let typed = box.open([UInt8](sealed)) else { continue }
            let normalized = PlaceNames.normalized(typed)
            groups[country + ":" + normalized, default: (country, typed, normalized, 0)].cases += 1
        }
        return groups.values.map { Pending(country: $0.country, typed: $0.typed, normalized: $0.normalized, cases: $0.cases) }
            .sorted { ($0.country, $0.normalized) < ($1.country, $1.normalized) }
    }

    /// Puts every case of `country` whose typed place reads `normalized` on
    /// `place` (nil: "another place"), and forgets the typed text.
    static func map(_ db: Database, country: String, normalized: String, to place: Int64?, box: NarrativeBox, by actor: Int64?, now: Date) throws -> Int {
        if let place, try Place.fetchOne(db, key: place)?.country != country { return 0 }
        var mapped = 0
        for row in try Row.fetchAll(db, sql: "SELECT case_id, sealed FROM place_review WHERE country = ? AND sealed IS NOT NULL", arguments: [country]) {
            let sealed: Data = try row.value(1, "sealed")
            guard let typed = box.open([UInt8](sealed)), PlaceNames.normalized(typed) == normalized else { continue }
            let id: Int64 = try row.value(0, "case_id")
            try db.execute(sql: "UPDATE \"case\" SET place_id = ?, updated_at = ? WHERE id = ?", arguments: [place, now, id])
            try db.execute(sql: "DELETE FROM place_review WHERE case_id = ?", arguments: [id])
            mapped += 1
        }
        if mapped > 0 { try Audit.record(db, actor: actor, "place.mapped", "place", place, detail: "\(mapped) cases", at: now) }
        return mapped
    }
}
