import Foundation
import Templating

/// A notice in words, in one language: the subject and body the inbox shows
/// and the e-mail carries. Dates in its parameters are written as the
/// language writes them; `days` picks the plural form.
struct NoticeText {
    let subject: String
    let body: String

    /// Parameters that hold calendar dates.
    static let dateParameters: Set<String> = ["due", "planned", "closes"]

    init(_ notice: Notice, catalogs: Catalogs, format: LocaleFormat) {
        let lang = format.lang
        var arguments = notice.parameters
        for (name, value) in arguments where Self.dateParameters.contains(name) {
            if let date = CalendarDate(iso: value) { arguments[name] = format.date(date) }
        }
        let key = "notice_\(notice.kind)" + (arguments["variant"].map { "_" + $0 } ?? "")
        if let days = arguments["days"].flatMap(Int.init) {
            subject = catalogs.plural(key + "_subject", count: days, lang, formatted: format.number(days), arguments)
        } else {
            subject = catalogs.text(key + "_subject", lang, arguments)
        }
        body = catalogs.text(key + "_body", lang, arguments)
    }
}

/// Builds the e-mail for a notice: the same words as the inbox, the one link
/// it exists to deliver, and a footer saying why it came.
struct NoticeMail {
    let app: App

    func message(for notice: Notice, recipient: User?) -> MailMessage? {
        let lang = recipient?.language ?? notice.language
        guard let format = app.formats[lang] ?? app.formats["en"] else { return nil }
        let words = NoticeText(notice, catalogs: app.catalogs, format: format)
        let base = app.config.publicBaseURL.hasSuffix("/") ? String(app.config.publicBaseURL.dropLast()) : app.config.publicBaseURL
        var link: String?
        if let sealed = notice.sealedLink {
            // A one-time link that cannot be opened is not sent without it.
            guard let opened = app.narratives.open(Array(sealed)) else { return nil }
            link = opened
        } else if !notice.link.isEmpty {
            link = base + notice.link
        }
        let t = { (key: String) in app.catalogs.text(key, lang, ["organisation": app.config.organisationName(lang)]) }
        let footer = recipient == nil ? t("mail_footer_no_account") : t("mail_footer_account")
        let preferences = recipient == nil ? nil : base + "/profile#notices"
        var text = words.body + "\n\n"
        if let link { text += link + "\n\n" }
        text += "-- \n" + footer + (preferences.map { "\n" + $0 } ?? "") + "\n"
        let values: TemplateValue = [
            "lang": .string(lang),
            "subject": .string(words.subject),
            "body": .string(words.body),
            "link": link.map { .string($0) } ?? .null,
            "linkLabel": .string(t(notice.sealedLink == nil ? "mail_open_in_kalyna" : "mail_open_link")),
            "footer": .string(footer),
            "preferences": preferences.map { .string($0) } ?? .null,
            "preferencesLabel": .string(t("mail_preferences")),
        ]
        let html = app.templates.render("mail/message", values).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let host = URL(string: base)?.host ?? "kalyna"
        return MailMessage(
            from: app.config.mailFrom, to: notice.email, subject: words.subject, text: text, html: html,
            messageId: "notice-\(notice.key.replacingOccurrences(of: ":", with: "."))@\(host)", date: notice.createdAt, language: lang)
    }
}
