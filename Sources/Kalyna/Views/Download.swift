import Foundation
import HTTPServer

/// Responses that the browser saves rather than shows: attachments, exports.
enum Download {
    /// `bytes` as a download named `filename` (any characters: the ASCII name
    /// for old browsers, the UTF-8 one for the rest).
    static func file(_ bytes: [UInt8], filename: String, contentType: String) -> Response {
        Response(
            status: 200, headers: [("Content-Type", contentType), ("Content-Disposition", disposition("attachment", filename))], body: .bytes(bytes))
    }

    /// `attachment` or `inline`, with the name in ASCII for old browsers and in UTF-8 for the rest.
    static func disposition(_ kind: String, _ filename: String) -> String {
        let ascii = String(filename.map { $0.isASCII && $0 != "\"" && $0 != "\\" && !$0.isNewline ? $0 : "_" })
        return "\(kind); filename=\"\(ascii)\"; filename*=UTF-8''\(percentEncode(filename))"
    }

    /// A PDF or an image shown inside our own pages (the preview under a file's
    /// name), or nil for any other kind, which is only ever downloaded. The
    /// type is the one checked at upload, and `nosniff` holds the browser to it.
    static func preview(_ bytes: [UInt8], filename: String, contentType: String) -> Response? {
        guard FilePreview.kind(contentType) != nil else { return nil }
        return Response(
            status: 200,
            headers: [
                ("Content-Type", contentType),
                ("Content-Disposition", disposition("inline", filename)),
                // Framed by our pages only; nothing in it may load anything.
                ("Content-Security-Policy", "default-src 'none'; img-src 'self'; frame-ancestors 'self'"),
                ("X-Frame-Options", "SAMEORIGIN"),
            ],
            body: .bytes(bytes))
    }

    /// The file shown (`?view=inline`, when it can be) or downloaded.
    static func served(_ bytes: [UInt8], filename: String, contentType: String, _ context: RequestContext) -> Response {
        if context.request.query["view"] == "inline", let shown = preview(bytes, filename: filename, contentType: contentType) { return shown }
        return file(bytes, filename: filename, contentType: contentType)
    }

    static func csv(_ rows: [[String]], filename: String) -> Response {
        file(CSV.document(rows), filename: filename, contentType: "text/csv; charset=utf-8")
    }
}

/// CSV that spreadsheet programs open with Cyrillic intact: UTF-8 with a byte
/// order mark, CRLF line ends, fields quoted when needed. Cells that a
/// spreadsheet would run as formulas are prefixed with an apostrophe.
enum CSV {
    static func document(_ rows: [[String]]) -> [UInt8] {
        var text = "\u{FEFF}"
        for row in rows { text += row.map(field).joined(separator: ",") + "\r\n" }
        return Array(text.utf8)
    }

    static func field(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
