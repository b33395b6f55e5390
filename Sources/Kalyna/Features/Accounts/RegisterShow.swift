import HTTPServer
import Templating

/// `GET /register`: an initiative registers itself and its coordinator.
enum RegisterShow {
    static func handle(_ context: RequestContext) throws -> Response {
        if context.user != nil { throw Redirect("/dashboard") }
        return try render(context, values: ["language": context.lang])
    }

    static func render(_ context: RequestContext, values: [String: String], errors: FormErrors = FormErrors(), status: Int = 200) throws -> Response {
        try context.page(RegisterPage(values: values, errors: errors), title: context.t("register_title"), status: status)
    }
}

/// An initiative registering itself and its coordinator: what was typed, and
/// a message per field.
struct RegisterPage: PageModel {
    static let template = "accounts/register"
    let values: [String: String]
    let errors: FormErrors

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let form = FormView(context, values: values, errors: errors)
        return [
            "csrf": .string(context.csrfToken()),
            "summary": form.summary,
            "initiativeFields": .list(InitiativeFields.fields(form, context)),
            "personFields": .list([
                form.field("name", label: context.t("field_your_name"), autocomplete: "name"),
                form.field("email", label: context.t("field_email"), type: "email", autocomplete: "email"),
                form.field("password", label: context.t("field_new_password"), type: "password", autocomplete: "new-password",
                           hint: context.t("hint_password", ["count": String(Validate.minimumPasswordLength)])),
                form.field("password_confirmation", label: context.t("field_password_again"), type: "password", autocomplete: "new-password"),
                form.select("language", label: context.t("field_language"), options: Language.supported.map { ($0, Language.ownNames[$0] ?? $0) }),
            ]),
        ]
    }
}

/// The initiative's own fields, shared by registration and editing.
enum InitiativeFields {
    static func fields(_ form: FormView, _ context: RequestContext) -> [TemplateValue] {
        let countries = Countries.codes.map { ($0, context.t("country_\($0)")) }.sorted { $0.1 < $1.1 }
        return [
            form.field("initiative_name", label: context.t("field_initiative_name"), autocomplete: "organization"),
            form.select("country", label: context.t("field_country"), options: countries, placeholder: context.t("select_placeholder")),
            form.field("city", label: context.t("field_city"), autocomplete: "address-level2", maxLength: 100),
            form.select("legal_form", label: context.t("field_legal_form"),
                        options: LegalForm.allCases.map { ($0.rawValue, context.t("legal_form_\($0.rawValue)")) },
                        placeholder: context.t("select_placeholder")),
            form.textarea("description", label: context.t("field_description"), required: true, hint: context.t("hint_description"), maxLength: 2000),
            form.field("contact", label: context.t("field_contact"), hint: context.t("hint_contact"), maxLength: 300),
        ]
    }

    /// How the initiative appears in published data; the safest first.
    static func listingField(_ form: FormView, _ context: RequestContext) -> TemplateValue {
        form.select(
            "public_listing", label: context.t("field_public_listing"),
            options: PublicListing.allCases.map { ($0.rawValue, context.t("public_listing_\($0.rawValue)")) },
            hint: context.t("hint_public_listing"))
    }

    /// What finance needs to pay the initiative; none of it is required to apply.
    static func payeeFields(_ form: FormView, _ context: RequestContext) -> [TemplateValue] {
        [
            form.field("legal_name", label: context.t("field_legal_name"), required: false, hint: context.t("hint_legal_name"), maxLength: 300),
            form.field("registration_number", label: context.t("field_registration_number"), required: false, maxLength: 100),
            form.textarea("bank_details", label: context.t("field_bank_details"), hint: context.t("hint_bank_details"), maxLength: 1000),
        ]
    }

    /// Reads and checks the initiative's fields.
    static func read(_ form: FormData, into errors: inout FormErrors) -> (name: String, country: String, city: String, legalForm: LegalForm?, description: String, contact: String) {
        let name = Validate.text(form["initiative_name"], field: "initiative_name", into: &errors)
        let country = form["country"] ?? ""
        if !Countries.isKnown(country) { errors.add("country", "validation_choose") }
        let city = Validate.text(form["city"], field: "city", max: 100, into: &errors)
        let legalForm = Validate.choice(form["legal_form"], as: LegalForm.self, field: "legal_form", into: &errors)
        let description = Validate.text(form["description"], field: "description", max: 2000, into: &errors)
        let contact = Validate.text(form["contact"], field: "contact", max: 300, into: &errors)
        return (name, country, city, legalForm, description, contact)
    }

    /// Every field of the edit form, checked; nil when anything is wrong.
    static func readDetails(_ form: FormData, into errors: inout FormErrors) -> InitiativeDetails? {
        let basic = read(form, into: &errors)
        let listing = Validate.choice(form["public_listing"], as: PublicListing.self, field: "public_listing", into: &errors)
        let legalName = Validate.text(form["legal_name"], field: "legal_name", required: false, max: 300, into: &errors)
        let registration = Validate.text(form["registration_number"], field: "registration_number", required: false, max: 100, into: &errors)
        let bank = Validate.text(form["bank_details"], field: "bank_details", required: false, max: 1000, into: &errors)
        guard errors.isEmpty, let legalForm = basic.legalForm, let listing else { return nil }
        return InitiativeDetails(
            name: basic.name, country: basic.country, city: basic.city, legalForm: legalForm, description: basic.description,
            contact: basic.contact, publicListing: listing, legalName: legalName, registrationNumber: registration, bankDetails: bank)
    }

    /// The form's values from the stored record.
    static func values(_ initiative: Initiative) -> [String: String] {
        [
            "initiative_name": initiative.name, "country": initiative.country, "city": initiative.city,
            "legal_form": initiative.legalForm.rawValue, "description": initiative.description, "contact": initiative.contact,
            "public_listing": initiative.publicListing.rawValue, "legal_name": initiative.legalName,
            "registration_number": initiative.registrationNumber, "bank_details": initiative.bankDetails,
        ]
    }
}
