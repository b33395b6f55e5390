import Foundation
import HTTPServer

/// Fills in what every page shares (language, switcher, navigation, flash
/// message, stylesheet) and renders a page template inside the layout.
extension RequestContext {
    /// Renders `template` with `data` (plus the shared values) as an HTML page.
    public func page(_ template: String, title: String, _ data: [String: Any] = [:], status: Int = 200) throws -> Response {
        var values = layoutValues(title: title)
        values.merge(data) { _, page in page }
        let html = try app.templates.render(template, values)
        return Response(status: status, contentType: "text/html; charset=utf-8", text: html)
    }

    func layoutValues(title: String) -> [String: Any] {
        let here = request.path + queryString
        let next = percentEncode(here)
        let languages: [[String: Any]] = Language.supported.map { code in
            [
                "code": code,
                "name": Language.ownNames[code] ?? code,
                "href": "/language/\(code)?next=\(next)",
                "current": code == lang,
            ]
        }
        var values: [String: Any] = [
            "t": app.catalogs.catalog(lang),
            "lang": lang,
            "title": title,
            "organisation": app.config.organisationName,
            "stylesheet": app.assets.url("app.css"),
            "languages": languages,
            "version": AppInfo.version,
        ]
        if let flash = request.query["notice"].flatMap({ app.catalogs.catalog(lang)["flash_\($0)"] }) {
            values["flash"] = flash
        }
        return values
    }

    private var queryString: String {
        guard !request.query.isEmpty else { return "" }
        return "?" + request.query.pairs.map { "\(percentEncode($0.name))=\(percentEncode($0.value))" }.joined(separator: "&")
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
func percentEncode(_ text: String) -> String {
    let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
}
