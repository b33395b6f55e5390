import Foundation
import HTTPServer
import Templating

/// `GET /calls/new`, `GET /calls/:id/edit`, `POST /calls`, `POST /calls/:id`:
/// programme staff write a call. Criteria rows are added and removed by
/// buttons that post the form back, so no script is needed.
enum CallForm {
    /// The longest agreement text, in characters (a few A4 pages).
    static let agreementLimit = 20_000
    static func new(_ context: RequestContext) throws -> Response {
        let values = ["currency": context.app.config.defaultCurrency, "tranche_split": "70,30"]
        return try render(context, id: nil, values: values, criteria: [CriterionRow()])
    }

    static func edit(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let (call, criteria) = try context.read { db -> (Call, [Criterion]) in
            guard let call = try CallStore.find(db, id: id) else { throw HTTPError.notFound }
            return (call, try CallStore.criteria(db, call: id))
        }
        guard call.status != .closed else { throw HTTPError(409) }
        let values = [
            "title": call.title, "description": call.description, "currency": call.currency.code,
            "total_budget": Money(minorUnits: call.totalBudget, currency: call.currency).plainDecimal,
            "max_grant": Money(minorUnits: call.maxGrant, currency: call.currency).plainDecimal,
            "opens_on": call.opensOn, "closes_on": call.closesOn, "eligibility": call.eligibility, "tranche_split": call.trancheSplit,
            "title_ru": call.titleRu, "title_uk": call.titleUk, "description_ru": call.descriptionRu, "description_uk": call.descriptionUk,
            "eligibility_ru": call.eligibilityRu, "eligibility_uk": call.eligibilityUk,
            "agreement_en": call.agreementEn, "agreement_ru": call.agreementRu, "agreement_uk": call.agreementUk,
        ]
        return try render(context, id: id, values: values, criteria: criteria.map { CriterionRow(name: $0.name, weight: String($0.weight), nameRu: $0.nameRu, nameUk: $0.nameUk) })
    }

    static func render(
        _ context: RequestContext, id: Int64?, values: [String: String], errors: FormErrors = FormErrors(), criteria: [CriterionRow], status: Int = 200
    ) throws -> Response {
        try context.page(
            CallFormPage(id: id, values: values, errors: errors, criteria: criteria),
            title: context.t(id == nil ? "call_new_title" : "call_edit_title"), status: status)
    }

    static func save(_ context: RequestContext) throws -> Response {
        let id = context.parameters["id"].flatMap { Int64($0) }
        let form = context.request.form
        let (names, weights, russian, ukrainian) = (form.values("criterion_name"), form.values("criterion_weight"), form.values("criterion_name_ru"), form.values("criterion_name_uk"))
        var criteria = names.indices.map { index in
            CriterionRow(
                name: names[index], weight: weights.indices.contains(index) ? weights[index] : "",
                nameRu: russian.indices.contains(index) ? russian[index] : "", nameUk: ukrainian.indices.contains(index) ? ukrainian[index] : "")
        }
        let action = form["action"] ?? "save"
        var values: [String: String] = [:]
        for pair in form.pairs where !pair.name.hasPrefix("criterion_") && pair.name != "_csrf" { values[pair.name] = pair.value }
        // Adding or removing a row only shows the form again, with everything kept.
        if action == "add_criterion" {
            criteria.append(CriterionRow())
            return try render(context, id: id, values: values, criteria: criteria)
        }
        if action.hasPrefix("remove_criterion_"), let index = Int(action.dropFirst("remove_criterion_".count)), criteria.indices.contains(index) {
            criteria.remove(at: index)
            return try render(context, id: id, values: values, criteria: criteria.isEmpty ? [CriterionRow()] : criteria)
        }
        var errors = FormErrors()
        let title = Validate.text(form["title"], field: "title", into: &errors)
        let description = Validate.text(form["description"], field: "description", max: 8000, into: &errors)
        let eligibility = Validate.text(form["eligibility"], field: "eligibility", max: 8000, into: &errors)
        let translations = ["title", "description", "eligibility"].flatMap { field in
            ["ru", "uk"].map { lang in
                Validate.text(form["\(field)_\(lang)"], field: "\(field)_\(lang)", required: false, max: field == "title" ? 200 : 8000, into: &errors)
            }
        }
        let agreements = ["en", "ru", "uk"].map { Validate.text(form["agreement_\($0)"], field: "agreement_\($0)", required: false, max: agreementLimit, into: &errors) }
        let currency = Currency(code: form["currency"] ?? "")
        if currency == nil { errors.add("currency", "validation_choose") }
        let money = currency ?? .euro
        let total = Money.parse(form["total_budget"] ?? "", currency: money)
        let maxGrant = Money.parse(form["max_grant"] ?? "", currency: money)
        if total == nil || total?.minorUnits == 0 { errors.add("total_budget", "validation_amount") }
        if maxGrant == nil || maxGrant?.minorUnits == 0 { errors.add("max_grant", "validation_amount") }
        if let total, let maxGrant, maxGrant.minorUnits > total.minorUnits { errors.add("max_grant", "validation_max_over_total") }
        let opens = CalendarDate(iso: form["opens_on"] ?? "")
        let closes = CalendarDate(iso: form["closes_on"] ?? "")
        if opens == nil { errors.add("opens_on", "validation_date") }
        if closes == nil { errors.add("closes_on", "validation_date") }
        if let opens, let closes, closes < opens { errors.add("closes_on", "validation_date_order") }
        let split = (form["tranche_split"] ?? "").trimmed.isEmpty ? "100" : (form["tranche_split"] ?? "")
        if GrantSchedule.percentages(split) == nil { errors.add("tranche_split", "validation_tranche_split") }
        var checked: [CriterionInput] = []
        for (index, row) in criteria.enumerated() where !(row.name.trimmed.isEmpty && row.weight.trimmed.isEmpty) {
            let name = Validate.text(row.name, field: "criterion_\(index)_name", into: &errors)
            let nameRu = Validate.text(row.nameRu, field: "criterion_\(index)_name", required: false, into: &errors)
            let nameUk = Validate.text(row.nameUk, field: "criterion_\(index)_name", required: false, into: &errors)
            guard let weight = Int(row.weight.trimmed), (1...100).contains(weight) else {
                errors.add("criterion_\(index)_weight", "validation_weight")
                continue
            }
            checked.append(CriterionInput(name: name, nameRu: nameRu, nameUk: nameUk, weight: weight))
        }
        if checked.isEmpty && errors.fields.keys.allSatisfy({ !$0.hasPrefix("criterion_") }) { errors.add("criteria", "validation_criteria_empty") }
        guard errors.isEmpty, let currency, let total, let maxGrant, let opens, let closes else {
            return try render(context, id: id, values: values, errors: errors, criteria: criteria.isEmpty ? [CriterionRow()] : criteria, status: 422)
        }
        let now = context.now
        let user = try context.requireUser()
        let details = CallStore.Details(
            title: title, description: description, eligibility: eligibility, agreements: (agreements[0], agreements[1], agreements[2]),
            translations: translations, currency: currency, total: total.minorUnits, maxGrant: maxGrant.minorUnits, opens: opens, closes: closes,
            trancheSplit: (GrantSchedule.percentages(split) ?? [100]).map(String.init).joined(separator: ","), criteria: checked)
        let saved: Int64?
        do {
            saved = try context.write { db in try CallStore.save(db, id: id, details, by: user, now: now) }
        } catch is CallStore.CriteriaFrozen {
            // Nothing of the form was saved; it comes back as typed with the reason.
            var refused = FormErrors()
            refused.add("criteria", "validation_criteria_frozen")
            return try render(context, id: id, values: values, errors: refused, criteria: criteria, status: 409)
        }
        guard let saved else {
            var refused = FormErrors()
            refused.add("total_budget", "validation_budget_below_awarded")
            var shown = values
            shown["total_budget"] = form["total_budget"] ?? ""
            return try render(context, id: id, values: shown, errors: refused, criteria: criteria.isEmpty ? [CriterionRow()] : criteria, status: 409)
        }
        throw Redirect("/calls/\(saved)?notice=saved")
    }
}

/// A criterion's row on the call form, as typed.
struct CriterionRow {
    var name = ""
    var weight = ""
    var nameRu = ""
    var nameUk = ""
}

/// The call form, new or edit: what was typed, a message per field, and the
/// criteria rows.
struct CallFormPage: PageModel {
    static let template = "calls/form"
    /// nil for a new call.
    let id: Int64?
    let values: [String: String]
    let errors: FormErrors
    let criteria: [CriterionRow]

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let form = FormView(context, values: values, errors: errors)
        let rows: [TemplateValue] = criteria.enumerated().map { index, row in
            [
                "index": .int(index), "number": .int(index + 1), "name": .string(row.name), "weight": .string(row.weight),
                "nameRu": .string(row.nameRu), "nameUk": .string(row.nameUk),
                "nameError": TemplateValue(errors["criterion_\(index)_name"].map { context.t($0) }),
                "weightError": TemplateValue(errors["criterion_\(index)_weight"].map { context.t($0) }),
            ]
        }
        return [
            "action": .string(id.map { "/calls/\($0)" } ?? "/calls"),
            "summary": form.summary,
            "fields": .list([
                form.field("title", label: context.t("field_call_title")),
                form.field("title_ru", label: context.t("field_call_title_ru"), required: false, hint: context.t("hint_translation_shown")),
                form.field("title_uk", label: context.t("field_call_title_uk"), required: false, hint: context.t("hint_translation_shown")),
                form.textarea("description", label: context.t("field_call_description"), required: true),
                form.textarea("description_ru", label: context.t("field_call_description_ru"), hint: context.t("hint_translation_shown"), maxLength: 8000),
                form.textarea("description_uk", label: context.t("field_call_description_uk"), hint: context.t("hint_translation_shown"), maxLength: 8000),
                form.select("currency", label: context.t("field_currency"), options: Currency.allCodes.map { ($0, $0) }),
                form.field("total_budget", label: context.t("field_total_budget"), hint: context.t("hint_amount"), maxLength: 20),
                form.field("max_grant", label: context.t("field_max_grant"), hint: context.t("hint_amount"), maxLength: 20),
                form.field("opens_on", label: context.t("field_opens_on"), type: "date", maxLength: 10),
                form.field("closes_on", label: context.t("field_closes_on"), type: "date", maxLength: 10),
                form.textarea("eligibility", label: context.t("field_eligibility"), required: true),
                form.textarea("eligibility_ru", label: context.t("field_eligibility_ru"), hint: context.t("hint_translation_shown"), maxLength: 8000),
                form.textarea("eligibility_uk", label: context.t("field_eligibility_uk"), hint: context.t("hint_translation_shown"), maxLength: 8000),
                form.field("tranche_split", label: context.t("field_tranche_split"), hint: context.t("hint_tranche_split"), maxLength: 30),
            ] + ["en", "ru", "uk"].map { lang in
                form.textarea(
                    "agreement_\(lang)", label: context.t("field_agreement_\(lang)"), required: false,
                    hint: context.t("hint_agreement", ["placeholders": GrantAgreement.placeholders.map { "{\($0)}" }.joined(separator: ", ")]),
                    maxLength: CallForm.agreementLimit)
            }),
            "criteria": .list(rows),
            "criteriaError": TemplateValue(errors["criteria"].map { context.t($0) }),
        ]
    }
}
