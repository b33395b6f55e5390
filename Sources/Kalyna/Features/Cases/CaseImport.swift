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
    /// Columns that may be left out of a file: their cells would be empty anyway.
    static let optional: Set<String> = ["incident_precision", "complaint_body", "complaint_outcome", "status"]
    static let maxRows = 5000
    static let languages = ["en", "ru", "uk"]

    /// Columns whose values are keys of a fixed list, and the catalog prefix of their labels.
    static let choiceColumns: [(column: String, values: [String], prefix: String)] = [
        ("incident_precision", CaseVocabulary.precisions, "precision"), ("place_type", CaseVocabulary.placeTypes, "place"),
        ("age_band", CaseVocabulary.ageBands, "age"), ("police_unit", CaseVocabulary.policeUnits, "unit"),
        ("officers_count", CaseVocabulary.officerCounts, "officers"), ("status", CaseVocabulary.statuses, "case_status"),
    ]

    struct Parsed {
        var inputs: [CaseInput] = []
        /// Each row's place as the list names it, its acts and her consent, for the preview.
        var places: [String] = []
        var acts: [String] = []
        var consent: [Bool?] = []
        var rowErrors: [[String]] = []
        var fileError: String?
        var valid: Bool { fileError == nil && !inputs.isEmpty && rowErrors.allSatisfy(\.isEmpty) }
        /// Spreadsheet row numbers (the header is row 1) of the rows with errors.
        var badRows: [Int] { rowErrors.indices.filter { !rowErrors[$0].isEmpty }.map { $0 + 2 } }
    }

    /// The catalog label of a fixed list's value.
    static func label(_ value: String, prefix: String, _ lang: String, _ context: RequestContext) -> String {
        context.app.catalogs.text("\(prefix)_\(value.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: "+", with: "_plus"))", lang)
    }

    /// A column's header in `lang` (`import_column_…`).
    static func header(_ column: String, _ lang: String, _ context: RequestContext) -> String {
        context.app.catalogs.text("import_column_\(column)", lang)
    }

    /// The column a header names: its key, an earlier name, or its header in any language.
    static func column(named typed: String, _ context: RequestContext) -> String? {
        let wanted = ImportValues.fold(typed.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "*:"))))
        if let alias = aliases[wanted] { return alias }
        return columns.first { column in
            wanted == column || languages.contains { ImportValues.fold(header(column, $0, context)) == wanted }
        }
    }

    static func show(_ context: RequestContext) throws -> Response {
        _ = try context.read { try CaseAccess.memberInitiative(try context.requireUser(), $0) }
        return try page(context, .guide)
    }

    /// The page, with the lists the guide names as they stand.
    static func page(_ context: RequestContext, _ outcome: CaseImportPage.Outcome) throws -> Response {
        let (typology, terms) = try context.read { db in (try CaseStore.typology(db, activeOnly: true), try CaseStore.terms(db, activeOnly: true)) }
        let page = CaseImportPage(typology: typology, terms: terms, outcome: outcome)
        return try context.page(page, title: context.t("import_title"), status: page.status)
    }

    /// `GET /cases/import/template`: the columns' headers in the page's
    /// language, as a spreadsheet in that language saves CSV (semicolons
    /// where a comma is the decimal point), and nothing else: no sample row
    /// to be imported by mistake.
    static func template(_ context: RequestContext) throws -> Response {
        _ = try context.read { try CaseAccess.memberInitiative(try context.requireUser(), $0) }
        let separator = context.lang == "en" ? "," : ";"
        let line = columns.map { CSV.field(header($0, context.lang, context)) }.joined(separator: separator) + "\r\n"
        return Download.file(Array(("\u{FEFF}" + line).utf8), filename: "cases-import-\(context.lang).csv", contentType: "text/csv; charset=utf-8")
    }

    static func preview(_ context: RequestContext) throws -> Response {
        switch uploaded(context) {
        case .failure(let refusal):
            return try page(context, .refused(refusal.message))
        case .success(let read):
            return try page(context, .previewed(try parse(read.text, context), text: read.text, readAs: read.readAs))
        }
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

    /// Why an uploaded file was not read: the catalog key of the message.
    struct UploadRefused: Error { let message: String }

    /// The text of the uploaded file and how it was read (a catalog message),
    /// or of the text box. A workbook's first sheet becomes CSV text, so the
    /// preview and the commit read it as they read a CSV file.
    static func uploaded(_ context: RequestContext) -> Result<(text: String, readAs: String?), UploadRefused> {
        guard let file = context.request.files.first(where: { $0.field == "file" }), !file.bytes.isEmpty else {
            return .success((context.request.form["content"] ?? "", nil))
        }
        if ImportWorkbook.isZip(file.bytes) {
            return ImportWorkbook.rows(file.bytes)
                .map { (ImportWorkbook.csv($0), context.t("import_read_as_workbook")) }
                .mapError { _ in UploadRefused(message: context.t("import_workbook_unreadable")) }
        }
        return ImportText.decode(file.bytes)
            .map { ($0.text, context.t("import_read_as", ["encoding": $0.encoding.rawValue])) }
            .mapError { UploadRefused(message: context.t($0 == .binary ? "import_binary" : "import_encoding_unknown")) }
    }

    static func parse(_ text: String, _ context: RequestContext) throws -> Parsed {
        var parsed = Parsed()
        let table = CSVReader.rows(text)
        guard let typedHeader = table.first else {
            parsed.fileError = context.t("import_empty")
            return parsed
        }
        // Each column's place in the file, and its name as the file has it (messages use it).
        var index: [String: Int] = [:]
        var named: [String: String] = [:]
        for (position, typed) in typedHeader.enumerated() {
            guard let column = column(named: typed, context), index[column] == nil else { continue }
            index[column] = position
            named[column] = typed.trimmed
        }
        let missing = columns.filter { index[$0] == nil && !optional.contains($0) }
        guard missing.isEmpty else {
            parsed.fileError = context.t("import_columns_missing", ["columns": missing.map { header($0, context.lang, context) }.joined(separator: ", ")])
            return parsed
        }
        guard table.count - 1 <= maxRows else {
            parsed.fileError = context.t("import_too_many", ["max": context.format.number(maxRows)])
            return parsed
        }
        // Only a member of a verified initiative may import.
        let (typology, places, terms, choices) = try context.read { db in
            _ = try CaseAccess.memberInitiative(try context.requireUser(), db)
            return (try CaseStore.typology(db, activeOnly: true), try CaseStore.places(db, activeOnly: true), try CaseStore.terms(db, activeOnly: true),
                    try CaseStore.choices(db))
        }
        var placeNames: [Int64: String] = [:]
        for place in places { placeNames[place.id ?? 0] = place.name(context.lang) }
        /// A term of `vocabulary` by key or by a name in any language.
        func term(_ vocabulary: String, _ typed: String) -> Int64? {
            PlaceNames.match(typed, in: terms.filter { $0.vocabulary == vocabulary }.map { ($0.id ?? 0, $0.names) })
        }
        let acts = typology.map { (id: $0.id ?? 0, names: [$0.key, $0.nameEn, $0.nameRu, $0.nameUk]) }
        let countries = Countries.codes.map { code in (key: code, labels: languages.map { context.app.catalogs.text("country_\(code)", $0) }) }
        var choiceOptions: [String: [(key: String, labels: [String])]] = [:]
        for choice in choiceColumns {
            choiceOptions[choice.column] = choice.values.map { value in (key: value, labels: languages.map { label(value, prefix: choice.prefix, $0, context) }) }
        }
        /// A message about `column`, under the name the file gives it.
        func problem(_ column: String, _ key: String) -> String {
            "\(named[column] ?? header(column, context.lang, context)): \(context.t(key))"
        }
        let today = context.today
        for row in table.dropFirst() where !row.allSatisfy({ $0.trimmed.isEmpty }) {
            func value(_ column: String) -> String {
                guard let position = index[column], position < row.count else { return "" }
                return row[position].trimmed
            }
            var problems: [String] = []
            func report(_ column: String, _ key: String) {
                let message = problem(column, key)
                if !problems.contains(message) { problems.append(message) }
            }
            var input = CaseInput()
            // Dates as people write them; the precision follows the date unless the file says it.
            if value("registered_on").isEmpty {
                input.registeredOn = ""
            } else if let registered = ImportValues.date(value("registered_on")), registered.precision == "day" {
                input.registeredOn = registered.iso
            } else {
                report("registered_on", "validation_import_date")
            }
            let incident = ImportValues.date(value("incident_date"))
            if incident == nil && !value("incident_date").isEmpty { report("incident_date", "validation_import_date") }
            input.incidentDate = incident?.iso ?? ""
            for choice in choiceColumns where !value(choice.column).isEmpty {
                let found = ImportValues.choice(value(choice.column), choiceOptions[choice.column] ?? [])
                if found == nil { report(choice.column, "validation_import_value") }
                switch choice.column {
                case "incident_precision": input.precision = found ?? ""
                case "place_type": input.placeType = found ?? ""
                case "age_band": input.ageBand = found ?? ""
                case "police_unit": input.policeUnit = found ?? ""
                case "officers_count": input.officersCount = found ?? ""
                default: input.status = found ?? ""
                }
            }
            if value("incident_precision").isEmpty { input.precision = incident?.precision ?? "month" }
            if value("status").isEmpty { input.status = "open" }
            let country = Countries.isKnown(value("country").uppercased()) ? value("country").uppercased() : ImportValues.choice(value("country"), countries)
            if country == nil { report("country", value("country").isEmpty ? "validation_required" : "validation_import_value") }
            let typedPlace = value("place")
            var placeId: Int64?
            if let country, !typedPlace.isEmpty && PlaceNames.normalized(typedPlace) != "other" {
                placeId = PlaceNames.match(typedPlace, in: places.filter { $0.country == country }.map { ($0.id ?? 0, $0.names) })
                if placeId == nil { report("place", "validation_import_place") }
            }
            input.place = country.map { PlaceChoice(country: $0, place: placeId).key } ?? ""
            let typedActs = value("acts").split(whereSeparator: { $0 == ";" || $0 == "," }).map { String($0).trimmed }.filter { !$0.isEmpty }
            input.acts = typedActs.compactMap { PlaceNames.match($0, in: acts) }
            if input.acts.count != typedActs.count { report("acts", "validation_import_term") }
            let typedConsequences = value("consequences").split(separator: ";").map { String($0).trimmed }.filter { !$0.isEmpty }
            input.consequences = typedConsequences.compactMap { term("consequence", $0) }
            if input.consequences.count != typedConsequences.count { report("consequences", "validation_import_term") }
            // Yes or no in any of the languages; an empty "complaint filed" means none was.
            if value("complaint_filed").isEmpty {
                input.complaintFiled = false
            } else if let filed = ImportValues.boolean(value("complaint_filed")) {
                input.complaintFiled = filed
            } else {
                report("complaint_filed", "validation_import_boolean")
            }
            for (column, vocabulary) in [("complaint_body", "complaint_body"), ("complaint_outcome", "complaint_outcome")] where !value(column).isEmpty {
                let found = term(vocabulary, value(column))
                if found == nil { report(column, "validation_import_term") }
                if vocabulary == "complaint_body" { input.complaintBody = found } else { input.complaintOutcome = found }
            }
            input.consentRecord = true  // recorded by the initiative with consent, as its spreadsheet says
            let consent = ImportValues.boolean(value("consent_statistics"))
            if consent == nil { report("consent_statistics", value("consent_statistics").isEmpty ? "validation_required" : "validation_import_boolean") }
            input.consentStatistics = consent ?? false
            let errors = input.errors(today: today, choices: choices)
            for (field, key) in errors.fields.sorted(by: { $0.key < $1.key }) {
                let column = field == "precision" ? "incident_precision" : columns.contains(field) ? field : "consent_statistics"
                report(column, key)
            }
            parsed.inputs.append(input)
            parsed.places.append(input.placeChoice.map { choice in
                choice.place.flatMap { placeNames[$0] }.map { "\($0), \(context.t("country_\(choice.country)"))" }
                    ?? context.t("place_other_in", ["country": context.t("country_\(choice.country)")])
            } ?? "")
            parsed.acts.append(typology.filter { input.acts.contains($0.id ?? 0) }.map { $0.name(context.lang) }.joined(separator: "; "))
            parsed.consent.append(consent)
            parsed.rowErrors.append(problems)
        }
        if parsed.inputs.isEmpty { parsed.fileError = context.t("import_empty") }
        return parsed
    }
}

/// Importing cases from a spreadsheet: the guide (the template to download
/// and what each column takes), then the preview of every row with its
/// errors, or why the file could not be read.
struct CaseImportPage: PageModel {
    static let template = "cases/import"

    enum Outcome {
        case guide
        /// The file was not read (its kind or its encoding); the message is in her language.
        case refused(String)
        /// Every row read; `text` goes back with the form so the commit reads the same.
        case previewed(CaseImport.Parsed, text: String, readAs: String?)
    }

    /// The active acts and terms, as the guide lists them.
    let typology: [ViolenceType]
    let terms: [CaseTerm]
    let outcome: Outcome

    var status: Int {
        switch outcome {
        case .guide: 200
        case .refused: 422
        case .previewed(let parsed, _, _): parsed.valid ? 200 : 422
        }
    }

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let lang = context.lang
        func names(_ vocabulary: String) -> String { terms.filter { $0.vocabulary == vocabulary }.map { $0.name(lang) }.joined(separator: "; ") }
        var allowed: [String: String] = [
            "registered_on": context.t("import_allowed_day"), "incident_date": context.t("import_allowed_date"),
            "country": context.t("import_allowed_country"), "place": context.t("import_allowed_place"),
            "acts": context.t("import_allowed_list", ["values": typology.map { $0.name(lang) }.joined(separator: "; ")]),
            "consequences": context.t("import_allowed_list", ["values": names("consequence")]),
            "complaint_body": context.t("import_allowed_optional", ["values": names("complaint_body")]),
            "complaint_outcome": context.t("import_allowed_optional", ["values": names("complaint_outcome")]),
            "complaint_filed": context.t("import_allowed_boolean"), "consent_statistics": context.t("import_allowed_boolean"),
        ]
        for choice in CaseImport.choiceColumns {
            allowed[choice.column] = choice.values.map { CaseImport.label($0, prefix: choice.prefix, lang, context) }.joined(separator: "; ")
        }
        var data: [String: TemplateValue] = [
            "templateHref": .string("/cases/import/template"),
            "previewed": false, "fileError": .null,
            "guide": .list(CaseImport.columns.map { column in
                ["name": .string(CaseImport.header(column, lang, context)), "key": .string(column), "allowed": .string(allowed[column] ?? "")]
            }),
        ]
        switch outcome {
        case .guide:
            break
        case .refused(let message):
            data["fileError"] = .string(message)
        case .previewed(let parsed, let text, let readAs):
            let bad = parsed.badRows
            data["encoding"] = TemplateValue(readAs)
            data["previewed"] = .bool(true)
            data["fileError"] = TemplateValue(parsed.fileError)
            data["badSummary"] = bad.isEmpty || parsed.fileError != nil ? .null : .string(context.t("import_bad_rows", [
                "bad": context.format.number(bad.count), "count": context.format.number(parsed.inputs.count),
            ]))
            data["badRows"] = .list(bad.prefix(50).map { ["number": .int($0)] })
            data["rows"] = .list(parsed.inputs.enumerated().map { index, input in
                [
                    "number": .int(index + 2), "incident": .string(input.incidentDate), "place": .string(parsed.places[index]),
                    "acts": .string(parsed.acts[index]),
                    "consent": .string(parsed.consent[index].map { context.t($0 ? "yes" : "no") } ?? "—"),
                    "errors": .list(parsed.rowErrors[index].map { .string($0) }), "ok": .bool(parsed.rowErrors[index].isEmpty),
                ]
            })
            data["count"] = .int(parsed.inputs.count)
            data["valid"] = .bool(parsed.valid)
            data["content"] = .string(text)
        }
        return data
    }
}
