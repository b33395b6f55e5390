import Templating

/// What a file's preview is on a page: PDFs in a frame, images as images,
/// inside a closed `<details>`, so that nothing is fetched on a slow link
/// until it is opened (the frame and image load lazily).
enum FilePreview {
    enum Kind: String {
        case pdf, image
    }

    static func kind(_ contentType: String) -> Kind? {
        switch contentType {
        case "application/pdf": .pdf
        case "image/png", "image/jpeg": .image
        default: nil
        }
    }

    /// `preview` for a file's template values: its kind and where it is shown from.
    static func value(href: String, contentType: String) -> TemplateValue {
        guard let kind = kind(contentType) else { return .null }
        return ["href": .string(href + "?view=inline"), "pdf": .bool(kind == .pdf), "image": .bool(kind == .image)]
    }
}
