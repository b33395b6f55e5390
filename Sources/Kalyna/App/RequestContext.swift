import HTTPServer

/// What a handler gets: the request, its path parameters, the application and
/// the language the page is to be written in.
public struct RequestContext {
    public let request: Request
    public let parameters: [String: String]
    public let app: App
    public let lang: String

    public var format: LocaleFormat { app.formats[lang] ?? LocaleFormat(lang: lang, catalogs: app.catalogs) }

    /// A message from the catalog in the page's language.
    public func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        app.catalogs.text(key, lang, arguments)
    }

    /// An integer path parameter such as `:id`, or 404.
    public func id(_ name: String = "id") throws -> Int64 {
        guard let text = parameters[name], let value = Int64(text), value > 0 else { throw HTTPError.notFound }
        return value
    }
}
