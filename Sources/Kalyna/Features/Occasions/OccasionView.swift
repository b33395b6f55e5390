import Templating

enum OccasionView {
    static func summary(_ occasion: Occasion, _ context: RequestContext) -> TemplateValue {
        [
            "id": .int(Int(occasion.id ?? 0)),
            "href": .string("/occasions/\(occasion.id ?? 0)"),
            "title": .string(occasion.title(context.lang)),
            "date": .string(CalendarDate(iso: occasion.date).map(context.format.date) ?? occasion.date),
            "signatory": .string(occasion.signatoryName),
            "signatoryTitle": .string(occasion.signatoryTitle(context.lang)),
            "open": .bool(occasion.open),
            "statusLabel": .string(context.t(occasion.open ? "occasion_open" : "occasion_closed")),
        ]
    }
}
