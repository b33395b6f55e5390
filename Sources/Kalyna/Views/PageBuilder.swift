import Foundation
import HTTPServer
import Templating

/// Fills in what every page shares (language, switcher, navigation, flash
/// message, stylesheet) and renders a page template inside the layout.
extension RequestContext {
    /// Renders `template` with `data` (plus the shared values) as an HTML page.
    public func page(_ template: String, title: String, _ data: [String: TemplateValue] = [:], status: Int = 200) throws -> Response {
        // A form sent back refused says so first in its title, where a screen reader starts.
        var values = layoutValues(title: status == 422 ? t("error_title_prefix") + title : title)
        values.merge(data) { _, page in page }
        guard let (html, missing) = (app.pageTemplates[lang] ?? app.templates).renderChecked(template, .object(values)) else {
            throw ViewError.unknownTemplate(template)
        }
        if app.config.strictTemplates, !missing.isEmpty { throw ViewError.missingValues(template, missing) }
        var response = Response(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: .bytes(html))
        if let minted = anonymousCSRF.minted {
            response.cookies.append(
                Cookie(name: AnonymousCSRF.cookieName(app), value: minted, httpOnly: true, secure: app.config.secureCookies, sameSite: .lax))
        }
        return response
    }

    func layoutValues(title: String) -> [String: TemplateValue] {
        let next = percentEncode(request.path + queryString)
        let languages: [TemplateValue] = Language.supported.map { code in
            [
                "code": .string(code),
                "name": .string(Language.ownNames[code] ?? code),
                "href": .string("/language/\(code)?next=\(next)"),
                "current": .bool(code == lang),
            ]
        }
        var values: [String: TemplateValue] = [
            "t": app.catalogValues[lang] ?? .null,
            "lang": .string(lang),
            "title": .string(title),
            "organisation": .string(app.config.organisationName),
            "stylesheet": .string(app.assets.url("app.css")),
            "languages": .list(languages),
            "languageNext": .string(request.path + queryString),
            "version": .string(AppInfo.version),
            // Given on every page so that strict rendering can tell "not here" from a misspelt name.
            "user": .null, "navigation": .null, "flash": .null,
        ]
        if let user {
            let unread = user.id.flatMap { id in try? NoticeStore.unreadCount(user: id, kept: kept) } ?? 0
            values["user"] = [
                "name": .string(user.name), "role": .string(t("role_\(user.role.rawValue)")),
                "unread": unread > 0 ? .int(unread) : .null, "unreadLabel": .string(t("inbox_unread", count: unread)),
            ]
            values["csrf"] = .string(csrfToken())
        }
        let items = navigation()
        if !items.isEmpty { values["navigation"] = ["items": .list(items)] }
        if let flash = request.query["notice"].flatMap({ app.catalogs.catalog(lang)["flash_\($0)"] }) {
            values["flash"] = .string(flash)
        }
        return values
    }

    /// The main menu: what this user's role can reach.
    func navigation() -> [TemplateValue] {
        var links: [(String, String)] = []
        guard let user else {
            return [("/calls", "nav_calls"), ("/statistics", "nav_statistics"), ("/sign-in", "nav_sign_in"), ("/register", "nav_register")].map { navItem($0.0, $0.1) }
        }
        links.append(("/dashboard", "nav_dashboard"))
        links.append(("/calls", "nav_calls"))
        if user.role.followsGrants { links.append(("/grants", "nav_grants")) }
        if user.role.isProgrammeStaff {
            links.append(("/applications", "nav_applications"))
            links.append(("/initiatives", "nav_initiatives"))
        }
        if user.role == .reviewer || user.role == .programmeOfficer { links.append(("/reviews", "nav_reviews")) }
        if user.role.isInitiativeMember || user.role.isProgrammeStaff { links.append(("/cases", "nav_cases")) }
        if user.role.isProgrammeStaff {
            links.append(("/picture", "nav_picture"))
            links.append(("/releases", "nav_releases"))
            links.append(("/admin/places", "nav_places"))
        }
        if user.role.isProgrammeStaff || user.role == .coordinator { links.append(("/occasions", "nav_occasions")) }
        if user.role.isProgrammeStaff { links.append(("/officers", "nav_officers")) }
        if user.role.isInitiativeMember, let initiative = user.initiativeId { links.append(("/initiatives/\(initiative)", "nav_my_initiative")) }
        if user.role == .admin {
            links.append(("/admin/users", "nav_users"))
            links.append(("/admin/audit", "nav_audit"))
            links.append(("/admin/outbox", "nav_outbox"))
            links.append(("/admin/typology", "nav_typology"))
        }
        links.append(("/profile", "nav_profile"))
        return links.map { navItem($0.0, $0.1) }
    }

    private func navItem(_ href: String, _ key: String) -> TemplateValue {
        ["href": .string(href), "label": .string(t(key)), "current": .bool(request.path == href)]
    }

    private var queryString: String {
        guard !request.query.isEmpty else { return "" }
        return "?" + request.query.pairs.map { "\(percentEncode($0.name))=\(percentEncode($0.value))" }.joined(separator: "&")
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
func percentEncode(_ text: String) -> String {
    var result: [UInt8] = []
    result.reserveCapacity(text.utf8.count)
    let hex = Array("0123456789ABCDEF".utf8)
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            result.append(byte)
        default:
            result += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
        }
    }
    return String(decoding: result, as: UTF8.self)
}
