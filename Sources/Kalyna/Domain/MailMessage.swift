import Foundation

/// E-mail addresses as a `From:` setting gives them.
public enum MailAddress {
    /// The address alone from `Name <address>` or `address`; nil when it is not one.
    public static func bare(_ text: String) -> String? {
        var address = text.trimmingCharacters(in: .whitespaces)
        if let open = address.lastIndex(of: "<"), address.hasSuffix(">") {
            address = String(address[address.index(after: open)..<address.index(before: address.endIndex)])
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
            address.allSatisfy({ $0.isASCII && !$0.isWhitespace && !"<>,;\"".contains($0) })
        else { return nil }
        return address
    }

    /// The display name of `Name <address>`, if any.
    public static func displayName(_ text: String) -> String? {
        guard let open = text.lastIndex(of: "<") else { return nil }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }
}

/// One e-mail as RFC 5322 and MIME (RFC 2045–2047) write it: a plain-text and
/// an HTML part of the same words, UTF-8 in base64, the subject and the
/// sender's name encoded-word. No tracking pixels, no remote images.
public struct MailMessage: Sendable {
    public var from: String
    public var to: String
    public var subject: String
    public var text: String
    public var html: String
    /// Stable for the notice it carries: a message sent again after an
    /// uncertain first attempt has the same id, so receivers keep one copy.
    public var messageId: String
    public var date: Date
    public var language: String

    public init(from: String, to: String, subject: String, text: String, html: String, messageId: String, date: Date, language: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageId = messageId
        self.date = date
        self.language = language
    }

    /// The whole message with CRLF line ends, as the SMTP DATA command sends it.
    public func rendered(boundary: String) -> String {
        let fromHeader: String
        if let bare = MailAddress.bare(from), let name = MailAddress.displayName(from) {
            fromHeader = "\(Self.encodedWord(name)) <\(bare)>"
        } else {
            fromHeader = MailAddress.bare(from) ?? from
        }
        let lines = [
            "From: \(fromHeader)",
            "To: \(to)",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(messageId)>",
            "Content-Language: \(language)",
            "MIME-Version: 1.0",
            // Automatic messages: no vacation replies back to them (RFC 3834).
            "Auto-Submitted: auto-generated",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "--\(boundary)",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            Self.base64Lines(text),
            "--\(boundary)",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            Self.base64Lines(html),
            "--\(boundary)--",
            "",
        ]
        return lines.joined(separator: "\r\n")
    }

    /// `=?UTF-8?B?…?=` words of at most 75 characters each, split between
    /// characters (never inside one), when the text is not plain ASCII.
    static func encodedWord(_ text: String) -> String {
        guard text.contains(where: { !$0.isASCII || $0 == "\r" || $0 == "\n" }) else { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            // 45 bytes make 60 base64 characters: with "=?UTF-8?B?" and "?=", 72.
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    static func base64Lines(_ text: String) -> String {
        let encoded = Data(text.utf8).base64EncodedString()
        var lines: [Substring] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(encoded[index..<end])
            index = end
        }
        return lines.joined(separator: "\r\n")
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
