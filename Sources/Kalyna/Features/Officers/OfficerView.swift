import HTTPServer
import Templating

enum OfficerView {
    static func row(_ officer: Officer, _ context: RequestContext) -> TemplateValue {
        [
            "id": .int(Int(officer.id ?? 0)),
            "href": .string("/officers/\(officer.id ?? 0)"),
            "name": .string(officer.name),
            "rank": .string(officer.rank),
            "unit": .string(officer.unit),
            "city": .string(officer.city),
            "country": .string(context.t("country_\(officer.country)")),
            "consent": .bool(officer.consentPublic),
            "consentLabel": .string(context.t(officer.consentPublic ? "officer_consent_yes" : "officer_consent_no")),
        ]
    }

    /// The officer's own fields, for the registry form and the proposal form.
    static func fields(_ form: FormView, _ context: RequestContext, withCountry: Bool) -> [TemplateValue] {
        var fields = [
            form.field("officer_name", label: context.t("field_officer_name")),
            form.field("rank", label: context.t("field_rank"), required: false, maxLength: 100),
            form.field("unit", label: context.t("field_unit"), required: false),
            form.field("city", label: context.t("field_city"), maxLength: 100),
        ]
        if withCountry {
            let countries = Countries.codes.map { ($0, context.t("country_\($0)")) }.sorted { $0.1 < $1.1 }
            fields.append(form.select("country", label: context.t("field_country"), options: countries, placeholder: context.t("select_placeholder")))
        }
        fields.append(form.select("consent_public", label: context.t("field_consent_public"),
                                  options: [("no", context.t("officer_consent_no")), ("yes", context.t("officer_consent_yes"))],
                                  hint: context.t("hint_consent_public")))
        return fields
    }

    /// Reads and checks the officer's fields.
    static func read(_ form: FormData, country fixed: String?, into errors: inout FormErrors) -> (name: String, rank: String, unit: String, city: String, country: String, consent: Bool) {
        let name = Validate.text(form["officer_name"], field: "officer_name", into: &errors)
        let rank = Validate.text(form["rank"], field: "rank", required: false, max: 100, into: &errors)
        let unit = Validate.text(form["unit"], field: "unit", required: false, into: &errors)
        let city = Validate.text(form["city"], field: "city", max: 100, into: &errors)
        let country = fixed ?? (form["country"] ?? "")
        if !Countries.isKnown(country) { errors.add("country", "validation_choose") }
        let consent = form["consent_public"] == "yes"
        if form["consent_public"] != "yes" && form["consent_public"] != "no" { errors.add("consent_public", "validation_choose") }
        return (name, rank, unit, city, country, consent)
    }
}
