import Templating

/// What a file's preview is on a page, inside a closed `<details>`. An image is
/// an `<img loading="lazy">`. A PDF's frame starts empty and the file is loaded
/// into it only when she asks (a link that targets the frame): a browser with
/// scripts off ignores `loading="lazy"`, and Chromium's PDF viewer, once
/// loaded, takes the focus from the field she is typing in, so the keys she
/// types next are lost.
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

    /// `preview` for a file's template values: its kind, where it is shown
    /// from, and its frame's name (unique on the page: made from the path).
    static func value(href: String, contentType: String) -> TemplateValue {
        guard let kind = kind(contentType) else { return .null }
        let frame = "preview" + String(href.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        return ["href": .string(href + "?view=inline"), "frame": .string(frame), "pdf": .bool(kind == .pdf), "image": .bool(kind == .image)]
    }
}
