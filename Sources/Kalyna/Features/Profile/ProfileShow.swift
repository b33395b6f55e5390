import HTTPServer
import Templating

/// `GET /profile`: her name, language and password.
enum ProfileShow {
    static func handle(_ context: RequestContext) throws -> Response {
        let user = try context.requireUser()
        return try render(context, details: FormView(context, values: ["name": user.name, "language": user.language]), password: FormView(context))
    }

    /// `details` and `password`: the two forms, as typed when one was sent back.
    static func render(_ context: RequestContext, details: FormView, password: FormView, status: Int = 200) throws -> Response {
        let user = try context.requireUser()
        let mailed = try user.id.map { id in try context.read { try NoticeStore.mailedKinds($0, user: id) } } ?? []
        let page = ProfilePage(
            user: user, mailed: mailed, details: (details.values, details.errors), password: (password.values, password.errors),
            sendsMail: context.app.sendsMail)
        return try context.page(page, title: context.t("profile_title"), status: status)
    }
}

/// Her account: name and language, which notices come by e-mail, and the password form.
struct ProfilePage: PageModel {
    static let template = "profile/show"
    let user: User
    /// The kinds of notice she gets by e-mail as well.
    let mailed: Set<NoticeKind>
    let details: (values: [String: String], errors: FormErrors)
    let password: (values: [String: String], errors: FormErrors)
    /// This installation sends e-mail at all.
    let sendsMail: Bool

    func values(_ context: RequestContext) -> [String: TemplateValue] {
        let details = FormView(context, values: self.details.values, errors: self.details.errors)
        let password = FormView(context, values: self.password.values, errors: self.password.errors)
        let kinds: [TemplateValue] = NoticeKind.kinds(for: user.role).map { kind in
            ["kind": .string(kind.rawValue), "label": .string(context.t("notice_kind_\(kind.rawValue)")), "on": .bool(mailed.contains(kind))]
        }
        return [
            "email": .string(user.email),
            "role": .string(context.t("role_\(user.role.rawValue)")),
            "detailsSummary": details.summary,
            "details": .list([
                details.field("name", label: context.t("field_your_name"), autocomplete: "name"),
                details.select("language", label: context.t("field_language"), options: Language.supported.map { ($0, Language.ownNames[$0] ?? $0) }),
            ]),
            "noticeKinds": .list(kinds),
            "hasNoticeKinds": .bool(!kinds.isEmpty),
            "sendsMail": .bool(sendsMail),
            "passwordSummary": password.summary,
            "password": .list([
                password.field("current_password", label: context.t("field_current_password"), type: "password", autocomplete: "current-password"),
                password.field("password", label: context.t("field_new_password"), type: "password", autocomplete: "new-password",
                               hint: context.t("hint_password", ["count": String(Validate.minimumPasswordLength)])),
                password.field("password_confirmation", label: context.t("field_password_again"), type: "password", autocomplete: "new-password"),
            ]),
        ]
    }
}
