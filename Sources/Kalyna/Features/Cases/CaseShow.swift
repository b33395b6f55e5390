import Foundation
import HTTPServer
import Templating

/// `GET /cases/:id`: the case, its acts and referrals (members add and update
/// referrals as the follow-up goes on); a link to the narrative for those allowed.
enum CaseShow {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let user = try context.requireUser()
        let page = try context.read { db in
            let record = try CaseAccess.load(user, db, id: id)
            let acts = Set(try CaseStore.acts(db, case: id))
            return CasePage(
                record: record, acts: try CaseStore.typology(db).filter { acts.contains($0.id ?? 0) }, names: try CaseStore.names(db, for: record),
                referrals: try CaseStore.referrals(db, case: id), member: !context.isProgrammeStaff,
                narrativeLink: CaseAccess.mayReadNarrative(user, record) && record.narrative != nil, today: context.today)
        }
        return try context.page(page, title: context.t("case_title", ["id": String(id)]))
    }
}

/// A case as those who may see it see it: what happened, in words from the
/// lists, and the referrals; a member of its initiative adds and updates
/// referrals here. Never the narrative itself: at most a link to it.
struct CasePage: PageModel {
    static let template = "cases/show"
    let record: CaseRecord
    /// The acts recorded for the case.
    let acts: [ViolenceType]
    let names: CaseStore.Names
    let referrals: [Referral]
    /// She belongs to the case's initiative (staff only read).
    let member: Bool
    let narrativeLink: Bool
    let today: CalendarDate

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        [
            "case": CaseView.details(record, acts: acts, names, context),
            "narrativeLink": .bool(narrativeLink),
            "referrals": .list(referrals.map { referral in
                [
                    "id": .int(Int(referral.id ?? 0)),
                    "service": .string(context.t("service_\(referral.service)")),
                    "date": .string(CalendarDate(iso: referral.referredOn).map(context.format.date) ?? referral.referredOn),
                    "status": .string(context.t("referral_\(referral.status)")),
                    "statuses": .list(CaseVocabulary.referralStatuses.map {
                        ["value": .string($0), "label": .string(context.t("referral_\($0)")), "selected": .bool($0 == referral.status)]
                    }),
                    "canUpdate": .bool(member),
                ]
            }),
            "member": .bool(member),
            "services": .list(CaseVocabulary.services.map { ["value": .string($0), "label": .string(context.t("service_\($0)"))] }),
            "referralStatuses": .list(CaseVocabulary.referralStatuses.map { ["value": .string($0), "label": .string(context.t("referral_\($0)"))] }),
            "today": .string(today.iso),
        ]
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
