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
        return try context.page("cases/narrative", title: context.t("narrative_title", ["id": String(id)]), [
            "id": .int(Int(id)), "narrative": TemplateValue(text), "unreadable": .bool(record.narrative != nil && text == nil),
        ])
    }
}
