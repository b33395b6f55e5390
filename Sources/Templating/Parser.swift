/// Turns template text into nodes, following the Mustache spec, including its
/// rule that a line holding only a section, comment, partial, block or delimiter
/// tag (and white space) leaves no trace in the output. The approach is
/// mustache.js's: text is kept byte by byte while a line is read, so the white
/// space of a standalone line can be dropped when the line ends.
struct Parser {
    private enum TagKind: Equatable {
        case variable(escaped: Bool), section, inverted, close, comment, partial, parent, block, delimiters
    }

    private enum Kind {
        case text(UInt8)
        case tag(TagKind, String)
    }

    private struct Token {
        var kind: Kind
        var line: Int
        var indent = ""
        var deleted = false
    }

    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private var open: [UInt8] = Array("{{".utf8)
    private var close: [UInt8] = Array("}}".utf8)
    private var tokens: [Token] = []

    // The state of the current line, for standalone tags.
    private var spaces: [Int] = []
    private var lineTags: [Int] = []
    private var hasTag = false
    private var nonSpace = false
    private var lineIndent = ""

    init(_ source: String) {
        bytes = Array(source.utf8)
    }

    mutating func parse() throws(TemplateError) -> [Template.Node] {
        while position < bytes.count {
            if starts(with: open, at: position) {
                try readTag()
            } else {
                readByte()
            }
        }
        endLine()
        var index = 0
        return try build(&index, closing: nil)
    }

    private mutating func readByte() {
        let byte = bytes[position]
        position += 1
        let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        if isSpace {
            spaces.append(tokens.count)
            if lineTags.isEmpty && !nonSpace && byte != 0x0A && byte != 0x0D {
                lineIndent.append(Character(Unicode.Scalar(byte)))
            }
        } else {
            nonSpace = true
        }
        tokens.append(Token(kind: .text(byte), line: line))
        if byte == 0x0A {
            endLine()
            line += 1
        }
    }

    /// At the end of a line: if it held tags and nothing but white space, drop
    /// its white space (and line break), and give its partials their indentation.
    private mutating func endLine() {
        if hasTag && !nonSpace {
            for index in spaces { tokens[index].deleted = true }
            for index in lineTags { tokens[index].indent = lineIndent }
        }
        spaces = []
        lineTags = []
        hasTag = false
        nonSpace = false
        lineIndent = ""
    }

    private mutating func readTag() throws(TemplateError) {
        let tagLine = line
        position += open.count
        guard position < bytes.count else { throw TemplateError(message: "unclosed tag", line: tagLine) }
        var closing = close
        let kind: TagKind
        switch bytes[position] {
        case UInt8(ascii: "{"):
            kind = .variable(escaped: false)
            closing = [UInt8(ascii: "}")] + close
            position += 1
        case UInt8(ascii: "&"): kind = .variable(escaped: false); position += 1
        case UInt8(ascii: "#"): kind = .section; position += 1
        case UInt8(ascii: "^"): kind = .inverted; position += 1
        case UInt8(ascii: "/"): kind = .close; position += 1
        case UInt8(ascii: "!"): kind = .comment; position += 1
        case UInt8(ascii: ">"): kind = .partial; position += 1
        case UInt8(ascii: "<"): kind = .parent; position += 1
        case UInt8(ascii: "$"): kind = .block; position += 1
        case UInt8(ascii: "="):
            kind = .delimiters
            closing = [UInt8(ascii: "=")] + close
            position += 1
        default: kind = .variable(escaped: true)
        }
        guard let end = find(closing, from: position) else {
            throw TemplateError(message: "unclosed tag", line: tagLine)
        }
        let inside = bytes[position..<end]
        line += inside.filter { $0 == 0x0A }.count
        position = end + closing.count
        let content = String(decoding: inside, as: UTF8.self).trimmingWhitespace()

        switch kind {
        case .delimiters:
            let parts = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
                throw TemplateError(message: "bad delimiter tag", line: tagLine)
            }
            open = Array(parts[0].utf8)
            close = Array(parts[1].utf8)
        case .comment:
            break
        default:
            guard !content.isEmpty else { throw TemplateError(message: "empty tag name", line: tagLine) }
        }
        hasTag = true
        if case .variable = kind { nonSpace = true }
        lineTags.append(tokens.count)
        tokens.append(Token(kind: .tag(kind, content), line: tagLine))
    }

    /// Nests the flat tokens into sections, parents and blocks.
    private func build(_ index: inout Int, closing: String?) throws(TemplateError) -> [Template.Node] {
        var nodes: [Template.Node] = []
        var text: [UInt8] = []
        func flush() {
            if !text.isEmpty { nodes.append(.text(text)) }
            text = []
        }
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if token.deleted { continue }
            switch token.kind {
            case .text(let byte):
                text.append(byte)
            case .tag(let kind, let name):
                flush()
                switch kind {
                case .variable(let escaped):
                    nodes.append(.variable(path: Self.path(name), escaped: escaped))
                case .section, .inverted:
                    let children = try build(&index, closing: name)
                    nodes.append(.section(path: Self.path(name), nodes: children, inverted: kind == .inverted))
                case .block:
                    nodes.append(.block(name: name, nodes: try build(&index, closing: name)))
                case .parent:
                    var blocks: [String: [Template.Node]] = [:]
                    for case .block(let blockName, let children) in try build(&index, closing: name) {
                        blocks[blockName] = children
                    }
                    nodes.append(.parent(name: name, indent: token.indent, blocks: blocks))
                case .partial:
                    nodes.append(.partial(name: name, indent: token.indent))
                case .close:
                    guard name == closing else {
                        throw TemplateError(message: "{{/\(name)}} closes nothing open (open: \(closing ?? "none"))", line: token.line)
                    }
                    return nodes
                case .comment, .delimiters:
                    break
                }
            }
        }
        if let closing { throw TemplateError(message: "{{#\(closing)}} is never closed", line: line) }
        flush()
        return nodes
    }

    private static func path(_ name: String) -> [String] {
        name == "." ? [] : name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    private func starts(with pattern: [UInt8], at index: Int) -> Bool {
        guard index + pattern.count <= bytes.count else { return false }
        for offset in 0..<pattern.count where bytes[index + offset] != pattern[offset] { return false }
        return true
    }

    private func find(_ pattern: [UInt8], from index: Int) -> Int? {
        var candidate = index
        while candidate + pattern.count <= bytes.count {
            if starts(with: pattern, at: candidate) { return candidate }
            candidate += 1
        }
        return nil
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
