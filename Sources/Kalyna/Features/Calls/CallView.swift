import Templating

/// How a call shows in lists and on its page.
enum CallView {
    static func summary(_ call: Call, awarded: Int64, _ context: RequestContext) -> TemplateValue {
        let money = call.money
        let today = CalendarDate(context.now)
        return [
            "id": .int(Int(call.id ?? 0)),
            "href": .string("/calls/\(call.id ?? 0)"),
            "title": .string(call.title),
            "description": .string(call.description),
            "eligibility": .string(call.eligibility),
            "status": .string(call.status.rawValue),
            "statusLabel": .string(context.t("call_status_\(call.status.rawValue)")),
            "currency": .string(call.currency),
            "totalBudget": .string(context.format.money(Money(minorUnits: call.totalBudget, currency: money))),
            "maxGrant": .string(context.format.money(Money(minorUnits: call.maxGrant, currency: money))),
            "available": .string(context.format.money(Money(minorUnits: call.totalBudget - awarded, currency: money))),
            "opens": .string(call.opens.map(context.format.date) ?? call.opensOn),
            "closes": .string(call.closes.map(context.format.date) ?? call.closesOn),
            "acceptsSubmissions": .bool(call.acceptsSubmissions(on: today)),
        ]
    }
}
