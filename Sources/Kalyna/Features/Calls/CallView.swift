import Templating

/// How a call shows in lists and on its page.
enum CallView {
    static func summary(_ call: Call, awarded: Int64, _ context: RequestContext) -> TemplateValue {
        let money = call.currency
        let today = context.today
        let phase = call.phase(on: today)
        return [
            "id": .int(Int(call.id ?? 0)),
            "href": .string("/calls/\(call.id ?? 0)"),
            "title": .string(call.title(context.lang)),
            "description": .string(call.description(context.lang)),
            "eligibility": .string(call.eligibility(context.lang)),
            // As it stands today: an opened call past its closing day shows as closed.
            "status": .string(phase == .upcoming ? "draft" : phase.rawValue),
            "statusLabel": .string(context.t("call_phase_\(phase.rawValue)")),
            "currency": .string(call.currency.code),
            "totalBudget": .string(context.format.money(Money(minorUnits: call.totalBudget, currency: money))),
            "maxGrant": .string(context.format.money(Money(minorUnits: call.maxGrant, currency: money))),
            "available": .string(context.format.money(Money(minorUnits: call.totalBudget - awarded, currency: money))),
            "opens": .string(call.opens.map(context.format.date) ?? call.opensOn),
            "closes": .string(call.closes.map(context.format.date) ?? call.closesOn),
            "closesAt": .string(context.t("call_closes_at", [
                "date": call.closes.map(context.format.date) ?? call.closesOn, "zone": context.app.config.timeZone,
            ])),
            "acceptsSubmissions": .bool(call.acceptsSubmissions(on: today)),
        ]
    }
}
