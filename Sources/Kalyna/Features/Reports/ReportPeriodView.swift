import Templating

/// The report page's "what Kalyna knows of the period": the initiative's own
/// cases, referrals and included recognitions in the report's period.
enum ReportPeriodView {
    static func value(_ picture: ReportStore.PeriodPicture, period: ClosedRange<CalendarDate>, _ context: RequestContext) -> TemplateValue {
        let format = context.format
        func rows(_ pairs: [(String, Int)]) -> TemplateValue {
            .list(pairs.map { ["label": .string($0.0), "count": .string(format.number($0.1))] })
        }
        let months = picture.months.map { month -> (String, Int) in
            let parts = month.month.split(separator: "-")
            guard parts.count == 2, let m = Int(parts[1]), (1...12).contains(m) else { return (month.month, month.count) }
            return (context.t("month_name_\(m)") + " " + parts[0], month.count)
        }
        return [
            "period": .string(context.t("report_period", ["from": format.date(period.lowerBound), "to": format.date(period.upperBound)])),
            "cases": .string(context.t("report_period_cases", count: picture.cases)),
            "hasCases": .bool(picture.cases > 0),
            "acts": rows(picture.acts.map { ($0.name, $0.count) }),
            "months": rows(months),
            "referrals": rows(picture.referrals.map { (context.t("referral_\($0.status)"), $0.count) }),
            "officers": .list(picture.officers.map { ["name": .string($0.name), "occasion": .string($0.occasion)] }),
        ]
    }
}
