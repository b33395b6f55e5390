import Foundation
import HTTPServer
import Templating

/// `GET /cases/:id/narrative`: the woman's account in her documenter's words,
/// for programme officers and the case's coordinator only (not administrators,
/// not the documenter, as the form promises). Never kept in the page cache.
enum CaseNarrativeShow {
    static func handle(_ context: RequestContext) throws -> Response {
        let id = try context.id()
        let record = try context.read { try CaseAccess.load(try context.requireUser(), $0, id: id) }
        guard CaseAccess.mayReadNarrative(try context.requireUser(), record) else { throw HTTPError.forbidden }
        let text = record.narrative.flatMap { context.app.narratives.open([UInt8]($0)) }
        return try context.page(
            NarrativePage(caseId: id, text: text, unreadable: record.narrative != nil && text == nil), title: context.t("narrative_title", ["id": String(id)]))
    }
}

/// A case's narrative, opened: the only page that shows it.
struct NarrativePage: PageModel {
    static let template = "cases/narrative"
    let caseId: Int64
    /// nil when the case has none or this key cannot open it.
    let text: String?
    /// A narrative is stored but this key cannot open it.
    let unreadable: Bool

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        ["id": .int(Int(caseId)), "narrative": TemplateValue(text), "unreadable": .bool(unreadable)]
    }
}
