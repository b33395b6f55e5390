import Foundation
import GRDB
import HTTPServer
import Templating

/// `GET /cases/import`, `POST /cases/import` (preview) and
/// `POST /cases/import/commit`: an initiative brings in the cases it kept in a
/// spreadsheet. The preview shows every row with its errors; the commit takes
/// all rows in one transaction, or none.
enum CaseImport {
    /// The columns of the spreadsheet, the same as the export's.
    static let columns = [
        "registered_on", "incident_date", "incident_precision", "country", "city", "place_type", "age_band", "acts", "police_unit",
        "officers_count", "consequences", "complaint_filed", "complaint_where", "complaint_outcome", "status", "consent_statistics",
    ]
    static let maxRows = 5000

    struct Parsed {
        var inputs: [CaseInput] = []
        var rowErrors: [[String]] = []
        var fileError: String?
        var valid: Bool { fileError == nil && !inputs.isEmpty && rowErrors.allSatisfy(\.isEmpty) }
    }

    static func show(_ context: RequestContext) throws -> Response {
        _ = try context.app.database.pool.read { try CaseAccess.memberInitiative(context, $0) }
        return try context.page("cases/import", title: context.t("import_title"), [
            "csrf": .string(context.csrfToken()), "columns": .string(columns.joined(separator: ",")),
        ])
    }

    static func preview(_ context: RequestContext) throws -> Response {
        let text = uploaded(context)
        let parsed = try parse(text, context)
        return try context.page("cases/import", title: context.t("import_title"), [
            "csrf": .string(context.csrfToken()),
            "columns": .string(columns.joined(separator: ",")),
            "previewed": .bool(true),
            "fileError": TemplateValue(parsed.fileError.map { context.t($0) }),
            "rows": .list(parsed.inputs.enumerated().map { index, input in
                [
                    "number": .int(index + 2), "incident": .string(input.incidentDate), "place": .string("\(input.city), \(input.country)"),
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
        let actor = context.user?.id
        let count = try context.app.database.pool.write { db -> Int in
            let initiative = try CaseAccess.memberInitiative(context, db)
            for input in parsed.inputs {
                var record = CaseRecord(
                    id: nil, initiativeId: initiative.id ?? 0, registeredOn: "", incidentDate: "", incidentPrecision: "month", country: "",
                    city: "", placeType: "", ageBand: "", policeUnit: "", officersCount: "unknown", consequences: "", complaintFiled: false,
                    complaintWhere: "", complaintOutcome: "", status: "open", consentStatistics: false, narrative: nil, createdBy: actor,
                    createdAt: now, updatedAt: now)
                CaseStore.apply(input, to: &record, box: context.app.narratives, now: now)
                try record.insert(db)
                try CaseStore.setActs(db, case: record.id ?? 0, input.acts)
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
        guard let header = table.first?.map({ $0.trimmed.lowercased() }) else {
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
        let typology = try context.app.database.pool.read { db in
            _ = try CaseAccess.memberInitiative(context, db)
            return try CaseStore.typology(db, activeOnly: true)
        }
        var byKey: [String: Int64] = [:]
        for term in typology { byKey[term.key] = term.id }
        let today = CalendarDate(context.now)
        for row in table.dropFirst() where !row.allSatisfy({ $0.trimmed.isEmpty }) {
            func value(_ column: String) -> String {
                guard let index = header.firstIndex(of: column), index < row.count else { return "" }
                return row[index].trimmed
            }
            var input = CaseInput()
            input.registeredOn = value("registered_on")
            input.incidentDate = value("incident_date")
            input.precision = value("incident_precision").isEmpty ? "month" : value("incident_precision")
            input.country = value("country").uppercased()
            input.city = value("city")
            input.placeType = value("place_type")
            input.ageBand = value("age_band")
            let keys = value("acts").split(whereSeparator: { $0 == ";" || $0 == "," }).map { String($0).trimmed }
            input.acts = keys.compactMap { byKey[$0] }
            input.policeUnit = value("police_unit")
            input.officersCount = value("officers_count")
            input.consequences = value("consequences")
            input.complaintFiled = value("complaint_filed").lowercased() == "yes"
            input.complaintWhere = value("complaint_where")
            input.complaintOutcome = value("complaint_outcome")
            input.status = value("status").isEmpty ? "open" : value("status")
            input.consentRecord = true  // recorded by the initiative with consent, as its spreadsheet says
            input.consentStatistics = value("consent_statistics").lowercased() == "yes"
            var errors = input.errors(today: today, activeActs: Set(byKey.values), countryKnown: Countries.isKnown(input.country))
            if keys.count != input.acts.count { errors.add("acts", "validation_acts") }
            parsed.inputs.append(input)
            parsed.rowErrors.append(errors.fields.sorted { $0.key < $1.key }.map { "\($0.key): \(context.t($0.value))" })
        }
        if parsed.inputs.isEmpty { parsed.fileError = "import_empty" }
        return parsed
    }
}

/// Reads CSV as RFC 4180 describes it: fields split by commas (or semicolons,
/// as spreadsheets in many locales save them), quotes around fields that hold
/// separators, line breaks or doubled quotes. Small enough to keep here rather
/// than add a dependency for it.
enum CSVReader {
    static func rows(_ text: String) -> [[String]] {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let separator: Character = firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let char = next() {
            if quoted {
                if char == "\"" {
                    if let following = next() {
                        if following == "\"" { field.append("\"") } else { quoted = false; pending = following }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(char)
                }
            } else if char == "\"" && field.isEmpty {
                quoted = true
            } else if char == separator {
                row.append(field)
                field = ""
            } else if char == "\n" || char == "\r\n" || char == "\r" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(char)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
