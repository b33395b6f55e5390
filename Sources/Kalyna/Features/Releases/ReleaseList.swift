import HTTPServer
import Templating

/// `GET /releases`: programme staff's releases, newest first, and the form
/// that prepares a new one.
enum ReleaseList {
    static func handle(_ context: RequestContext) throws -> Response {
        let today = context.today
        let input = ReleaseInput(from: String(today.year - 1) + "-01", to: String(today.year - 1) + "-12", cutoff: today.iso)
        return try render(context, input: input, errors: FormErrors())
    }

    static func render(_ context: RequestContext, input: ReleaseInput, errors: FormErrors, refusal: String? = nil, status: Int = 200) throws -> Response {
        let releases = try context.read { try ReleaseStore.all($0) }
        return try context.page(
            ReleaseListPage(releases: releases, input: input, errors: errors, refusal: refusal, threshold: context.app.config.suppressionThreshold),
            title: context.t("releases_title"), status: status)
    }
}

/// Staff's releases, newest first, and the form that prepares the next one
/// (as typed, with its messages, or why it was refused).
struct ReleaseListPage: PageModel {
    static let template = "releases/list"
    let releases: [Release]
    let input: ReleaseInput
    let errors: FormErrors
    /// Why the release was refused, in her language.
    let refusal: String?
    /// Counts below this are never published.
    let threshold: Int

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let form = FormView(context, values: ["from": input.from, "to": input.to, "cutoff": input.cutoff], errors: errors)
        return [
            "releases": .list(releases.map { release in
                var item = ReleaseTables.describe(release, context)
                item["href"] = .string("/releases/\(release.id)")
                item["status"] = .string(context.t("release_status_\(release.status.rawValue)"))
                item["draft"] = .bool(release.status == .draft)
                return .object(item)
            }),
            "summary": form.summary,
            "refusal": TemplateValue(refusal),
            "fields": .list([
                form.field("from", label: context.t("field_release_from"), type: "month", hint: context.t("hint_month")),
                form.field("to", label: context.t("field_release_to"), type: "month", hint: context.t("hint_month")),
                form.field("cutoff", label: context.t("field_release_cutoff"), type: "date", hint: context.t("hint_release_cutoff")),
            ]),
            "threshold": .string(context.t("release_threshold", ["threshold": String(threshold)])),
        ]
    }
}
