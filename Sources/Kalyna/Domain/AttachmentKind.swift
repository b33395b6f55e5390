/// The kinds of file an application may carry, recognised by their first bytes
/// and not only by their name: a file whose content and extension disagree is
/// refused.
public enum AttachmentKind: String, Sendable, CaseIterable {
    case pdf, png, jpeg, officeOpenXML, openDocument, legacyOffice

    /// Extensions allowed for each kind.
    var extensions: [String] {
        switch self {
        case .pdf: ["pdf"]
        case .png: ["png"]
        case .jpeg: ["jpg", "jpeg"]
        case .officeOpenXML: ["docx", "xlsx", "pptx"]
        case .openDocument: ["odt", "ods", "odp"]
        case .legacyOffice: ["doc", "xls", "ppt"]
        }
    }

    public static let acceptAttribute = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt"

    /// The content type to serve the file with.
    public func contentType(for filename: String) -> String {
        let ext = Self.extensionOf(filename)
        switch self {
        case .pdf: return "application/pdf"
        case .png: return "image/png"
        case .jpeg: return "image/jpeg"
        case .officeOpenXML:
            return ext == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                : ext == "pptx" ? "application/vnd.openxmlformats-officedocument.presentationml.presentation"
                : "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .openDocument:
            return ext == "ods" ? "application/vnd.oasis.opendocument.spreadsheet"
                : ext == "odp" ? "application/vnd.oasis.opendocument.presentation" : "application/vnd.oasis.opendocument.text"
        case .legacyOffice:
            return ext == "xls" ? "application/vnd.ms-excel" : ext == "ppt" ? "application/vnd.ms-powerpoint" : "application/msword"
        }
    }

    /// The kind of `bytes` named `filename`, or nil when it is none of the
    /// allowed kinds or its name says something else than its content.
    public static func detect(_ bytes: [UInt8], filename: String) -> AttachmentKind? {
        func starts(_ magic: [UInt8]) -> Bool { bytes.count >= magic.count && Array(bytes.prefix(magic.count)) == magic }
        let kind: AttachmentKind?
        if starts(Array("%PDF-".utf8)) {
            kind = .pdf
        } else if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            kind = .png
        } else if starts([0xFF, 0xD8, 0xFF]) {
            kind = .jpeg
        } else if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            kind = .legacyOffice
        } else if starts([0x50, 0x4B, 0x03, 0x04]) {
            // Both families are ZIP files; OpenDocument names its type in the first entry.
            kind = containsASCII(bytes.prefix(200), "mimetypeapplication/vnd.oasis.opendocument") ? .openDocument : .officeOpenXML
        } else {
            kind = nil
        }
        guard let kind, kind.extensions.contains(extensionOf(filename)) else { return nil }
        return kind
    }

    static func extensionOf(_ filename: String) -> String {
        guard let dot = filename.lastIndex(of: ".") else { return "" }
        return filename[filename.index(after: dot)...].lowercased()
    }

    private static func containsASCII(_ bytes: ArraySlice<UInt8>, _ text: String) -> Bool {
        let needle = Array(text.utf8)
        let haystack = Array(bytes)
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<(start + needle.count)]) == needle {
            return true
        }
        return false
    }
}
