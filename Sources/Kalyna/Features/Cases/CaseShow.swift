import Foundation
import HTTPServer
import Templating

/// `GET /cases/:id`: the case, its acts and referrals (members add and update
/// referrals as the follow-up goes on); a link to the narrative for those allowed.
enum CaseShow {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        var data: [String: TemplateValue] = [:]
        try context.read { db in
            let record = try CaseAccess.load(try context.requireUser(), db, id: id)
            let acts = Set(try CaseStore.acts(db, case: id))
            let member = !context.isProgrammeStaff
            data["case"] = CaseView.details(record, acts: try CaseStore.typology(db).filter { acts.contains($0.id ?? 0) }, try CaseStore.names(db, for: record), context)
            data["narrativeLink"] = .bool(CaseAccess.mayReadNarrative(try context.requireUser(), record) && record.narrative != nil)
            data["referrals"] = .list(try CaseStore.referrals(db, case: id).map { referral in
                [
                    "id": .int(Int(referral.id ?? 0)),
                    "service": .string(context.t("service_\(referral.service)")),
                    "date": .string(CalendarDate(iso: referral.referredOn).map(context.format.date) ?? referral.referredOn),
                    "status": .string(context.t("referral_\(referral.status)")),
                    "statuses": .list(CaseVocabulary.referralStatuses.map { ["value": .string($0), "label": .string(context.t("referral_\($0)")), "selected": .bool($0 == referral.status)] }),
                    "canUpdate": .bool(member),
                ]
            })
            data["member"] = .bool(member)
            data["services"] = .list(CaseVocabulary.services.map { ["value": .string($0), "label": .string(context.t("service_\($0)"))] })
            data["referralStatuses"] = .list(CaseVocabulary.referralStatuses.map { ["value": .string($0), "label": .string(context.t("referral_\($0)"))] })
            data["today"] = .string(context.today.iso)
        }
        return try context.page("cases/show", title: context.t("case_title", ["id": String(id)]), data)
    }
}

enum CaseView {
    static func details(_ record: CaseRecord, acts: [ViolenceType], _ known: CaseStore.Names, _ context: RequestContext) -> TemplateValue {
        func label(_ prefix: String, _ value: String) -> String {
            context.t("\(prefix)_\(value.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: "+", with: "_plus"))")
        }
        var names: [Int64: String] = [:]
        if let place = known.place { names[place.id ?? 0] = place.name(context.lang) }
        let consequences = known.consequences
        var terms: [Int64: CaseTerm] = [:]
        for term in known.terms { terms[term.id ?? 0] = term }
        func term(_ id: Int64?) -> String { id.flatMap { terms[$0]?.name(context.lang) } ?? "" }
        return [
            "id": .int(Int(record.id ?? 0)),
            "href": .string("/cases/\(record.id ?? 0)"),
            "incident": .string(incidentLabel(record.incidentDate, context)),
            "registered": .string(CalendarDate(iso: record.registeredOn).map(context.format.date) ?? record.registeredOn),
            "place": .string(CaseList.placeLabel(record.placeChoice, names: names, context)),
            "placeType": .string(label("place", record.placeType)),
            "ageBand": .string(label("age", record.ageBand)),
            "acts": .string(acts.map { $0.name(context.lang) }.joined(separator: ", ")),
            "policeUnit": .string(label("unit", record.policeUnit)),
            "officers": .string(label("officers", record.officersCount)),
            "consequences": .string(terms.values.filter { consequences.contains($0.id ?? 0) }.sorted { $0.position < $1.position }
                .map { $0.name(context.lang) }.joined(separator: ", ")),
            "complaint": .bool(record.complaintFiled),
            "complaintBody": .string(term(record.complaintBodyId)),
            "complaintOutcome": .string(term(record.complaintOutcomeId)),
            "status": .string(label("case_status", record.status)),
            "consentStatistics": .string(context.t(record.consentStatistics ? "yes" : "no")),
        ]
    }

    /// "2026", "November 2026" or "3 November 2026", as precise as recorded.
    static func incidentLabel(_ stored: String, _ context: RequestContext) -> String {
        if let date = CalendarDate(iso: stored) { return context.format.date(date) }
        let parts = stored.split(separator: "-")
        if parts.count == 2, let month = Int(parts[1]), (1...12).contains(month) {
            return context.t("month_name_\(month)") + " " + parts[0]
        }
        return stored
    }
}
