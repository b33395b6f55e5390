import Foundation
import HTTPServer
import Templating

/// `GET /cases/import`, `POST /cases/import` (preview) and
/// `POST /cases/import/commit`: an initiative brings in the cases it kept in a
/// spreadsheet. The preview shows every row with its errors; the commit takes
/// all rows in one transaction, or none. Places and the case vocabularies are
/// matched against the staff's lists (a name in any language, or a key); a
/// value on no list is an error on its row, never stored.
enum CaseImport {
    /// The columns of the spreadsheet, the same as the export's.
    static let columns = [
        "registered_on", "incident_date", "incident_precision", "country", "place", "place_type", "age_band", "acts", "police_unit",
        "officers_count", "consequences", "complaint_filed", "complaint_body", "complaint_outcome", "status", "consent_statistics",
    ]
    /// Earlier files named two columns differently.
    static let aliases = ["city": "place", "complaint_where": "complaint_body"]
    static let maxRows = 5000

    struct Parsed {
        var inputs: [CaseInput] = []
        /// Each row's place as the list names it.
        var places: [String] = []
        var rowErrors: [[String]] = []
        var fileError: String?
        var valid: Bool { fileError == nil && !inputs.isEmpty && rowErrors.allSatisfy(\.isEmpty) }
    }

    static func show(_ context: RequestContext) throws -> Response {
        _ = try context.read { try CaseAccess.memberInitiative(try context.requireUser(), $0) }
        return try context.page("cases/import", title: context.t("import_title"), [
            "columns": .string(columns.joined(separator: ",")),
        ])
    }

    static func preview(_ context: RequestContext) throws -> Response {
        let text = uploaded(context)
        let parsed = try parse(text, context)
        return try context.page("cases/import", title: context.t("import_title"), [
            "columns": .string(columns.joined(separator: ",")),
            "previewed": .bool(true),
            "fileError": TemplateValue(parsed.fileError.map { context.t($0) }),
            "rows": .list(parsed.inputs.enumerated().map { index, input in
                [
                    "number": .int(index + 2), "incident": .string(input.incidentDate), "place": .string(parsed.places[index]),
                    "errors": .list(parsed.rowErrors[index].map { .string($0) }), "ok": .bool(parsed.rowErrors[index].isEmpty),
                ]
            }),
            "count": .int(parsed.inputs.count),
            "valid": .bool(parsed.valid),
            "content": .string(text),
        ], status: parsed.valid ? 200 : 422)
    }

    static func commit(_ context: RequestContext) throws -> Response {
        let text = context.request.form["content"] ?? ""
        let parsed = try parse(text, context)
        guard parsed.valid else { return try preview(context) }
        let now = context.now
        let today = context.today
        let actor = context.user?.id
        let count = try context.write { db -> Int in
            let initiative = try CaseAccess.memberInitiative(try context.requireUser(), db)
            // The lists may have changed since the preview: check every row again here.
            let choices = try CaseStore.choices(db)
            for input in parsed.inputs {
                guard input.errors(today: today, choices: choices).isEmpty else { throw HTTPError(409) }
                var record = CaseRecord.blank(initiative: initiative.id ?? 0, by: actor, now: now)
                try CaseStore.save(db, input, to: &record, box: context.app.narratives, keepNarrative: false, now: now)
            }
            try Audit.record(db, actor: actor, "case.imported", "initiative", initiative.id, detail: "\(parsed.inputs.count) cases", at: now)
            return parsed.inputs.count
        }
        throw Redirect("/cases?notice=imported_\(count > 0 ? "ok" : "none")")
    }

    /// The CSV from the uploaded file, or from the text box.
    static func uploaded(_ context: RequestContext) -> String {
        if let file = context.request.files.first(where: { $0.field == "file" }), !file.bytes.isEmpty {
            var bytes = file.bytes
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            return String(decoding: bytes, as: UTF8.self)
        }
        return context.request.form["content"] ?? ""
    }

    static func parse(_ text: String, _ context: RequestContext) throws -> Parsed {
        var parsed = Parsed()
        let table = CSVReader.rows(text)
        guard let header = table.first?.map({ name -> String in
            let key = name.trimmed.lowercased()
            return aliases[key] ?? key
        }) else {
            parsed.fileError = "import_empty"
            return parsed
        }
        let missing = columns.filter { !header.contains($0) }
        guard missing.isEmpty else {
            parsed.fileError = "import_columns"
            return parsed
        }
        guard table.count - 1 <= maxRows else {
            parsed.fileError = "import_too_many"
            return parsed
        }
        // Only a member of a verified initiative may import.
        let (typology, places, terms, choices) = try context.read { db in
            _ = try CaseAccess.memberInitiative(try context.requireUser(), db)
            return (try CaseStore.typology(db, activeOnly: true), try CaseStore.places(db, activeOnly: true), try CaseStore.terms(db, activeOnly: true),
                    try CaseStore.choices(db))
        }
        var byKey: [String: Int64] = [:]
        for term in typology { byKey[term.key] = term.id }
        var placeNames: [Int64: String] = [:]
        for place in places { placeNames[place.id ?? 0] = place.name(context.lang) }
        /// A term of `vocabulary` by key or by a name in any language.
        func term(_ vocabulary: String, _ typed: String) -> Int64? {
            PlaceNames.match(typed, in: terms.filter { $0.vocabulary == vocabulary }.map { ($0.id ?? 0, $0.names) })
        }
        let today = context.today
        for row in table.dropFirst() where !row.allSatisfy({ $0.trimmed.isEmpty }) {
            func value(_ column: String) -> String {
                guard let index = header.firstIndex(of: column), index < row.count else { return "" }
                return row[index].trimmed
            }
            var input = CaseInput()
            input.registeredOn = value("registered_on")
            input.incidentDate = value("incident_date")
            input.precision = value("incident_precision").isEmpty ? "month" : value("incident_precision")
            let country = value("country").uppercased()
            let typedPlace = value("place")
            var rowErrors: [String] = []
            var placeId: Int64?
            if !typedPlace.isEmpty && PlaceNames.normalized(typedPlace) != "other" {
                placeId = PlaceNames.match(typedPlace, in: places.filter { $0.country == country }.map { ($0.id ?? 0, $0.names) })
                if placeId == nil { rowErrors.append("place: " + context.t("validation_import_place")) }
            }
            input.place = Countries.isKnown(country) ? PlaceChoice(country: country, place: placeId).key : ""
            input.placeType = value("place_type")
            input.ageBand = value("age_band")
            let keys = value("acts").split(whereSeparator: { $0 == ";" || $0 == "," }).map { String($0).trimmed }
            input.acts = keys.compactMap { byKey[$0] }
            input.policeUnit = value("police_unit")
            input.officersCount = value("officers_count")
            let typedConsequences = value("consequences").split(separator: ";").map { String($0).trimmed }.filter { !$0.isEmpty }
            input.consequences = typedConsequences.compactMap { term("consequence", $0) }
            if input.consequences.count != typedConsequences.count { rowErrors.append("consequences: " + context.t("validation_import_term")) }
            input.complaintFiled = value("complaint_filed").lowercased() == "yes"
            for (column, vocabulary) in [("complaint_body", "complaint_body"), ("complaint_outcome", "complaint_outcome")] where !value(column).isEmpty {
                let found = term(vocabulary, value(column))
                if found == nil { rowErrors.append("\(column): " + context.t("validation_import_term")) }
                if vocabulary == "complaint_body" { input.complaintBody = found } else { input.complaintOutcome = found }
            }
            input.status = value("status").isEmpty ? "open" : value("status")
            input.consentRecord = true  // recorded by the initiative with consent, as its spreadsheet says
            input.consentStatistics = value("consent_statistics").lowercased() == "yes"
            var errors = input.errors(today: today, choices: choices)
            if keys.count != input.acts.count { errors.add("acts", "validation_acts") }
            if !Countries.isKnown(country) { errors.add("country", "validation_choose") }
            parsed.inputs.append(input)
            parsed.places.append(input.placeChoice.map { choice in
                choice.place.flatMap { placeNames[$0] }.map { "\($0), \(context.t("country_\(choice.country)"))" }
                    ?? context.t("place_other_in", ["country": context.t("country_\(choice.country)")])
            } ?? "")
            parsed.rowErrors.append(rowErrors + errors.fields.sorted { $0.key < $1.key }.filter { $0.key != "place" || rowErrors.isEmpty }.map { "\($0.key): \(context.t($0.value))" })
        }
        if parsed.inputs.isEmpty { parsed.fileError = "import_empty" }
        return parsed
    }
}
