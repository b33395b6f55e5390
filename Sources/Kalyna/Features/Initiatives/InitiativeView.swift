import Templating

/// How an initiative shows in lists and on the dashboard.
enum InitiativeView {
    static func summary(_ initiative: Initiative, _ context: RequestContext) -> TemplateValue {
        [
            "id": .int(Int(initiative.id ?? 0)),
            "href": .string("/initiatives/\(initiative.id ?? 0)"),
            "name": .string(initiative.name),
            "country": .string(context.t("country_\(initiative.country)")),
            "city": .string(initiative.city),
            "legalForm": .string(context.t("legal_form_\(initiative.legalForm.rawValue)")),
            "status": .string(initiative.status.rawValue),
            "statusLabel": .string(context.t("initiative_status_\(initiative.status.rawValue)")),
            "pending": .bool(initiative.status == .pending),
            "verified": .bool(initiative.status == .verified),
            "declined": .bool(initiative.status == .declined),
            "declineReason": TemplateValue(initiative.declineReason),
            "registered": .string(context.format.date(CalendarDate(initiative.createdAt))),
            "description": .string(initiative.description),
            "contact": .string(initiative.contact),
            "publicListing": .string(context.t("public_listing_\(initiative.publicListing.rawValue)")),
            "changedSinceVerification": .bool(initiative.status == .verified && initiative.changedSinceVerification),
        ]
    }
}
