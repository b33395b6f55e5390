/// Writes a template's output as UTF-8 bytes. Values are looked up on a stack
/// of contexts, innermost first, as the Mustache spec says.
struct Renderer {
    let library: TemplateLibrary
    var stack: [TemplateValue]
    var out: [UInt8] = []
    /// Names that found nothing, in the order met: variable tags, and sections
    /// (`#name`, `^name`) whose name is given nowhere, not even as false or null.
    var missing: [String] = []

    /// Partials may include themselves; past this depth they render nothing.
    static let maxDepth = 64

    init(library: TemplateLibrary, stack: [TemplateValue]) {
        self.library = library
        self.stack = stack
    }

    mutating func render(_ nodes: [Template.Node], overrides: [String: [Template.Node]], depth: Int) {
        guard depth < Self.maxDepth else { return }
        for node in nodes {
            switch node {
            case .text(let bytes):
                out.append(contentsOf: bytes)
            case .variable(let path, let escaped):
                if let value = lookup(path) { write(value, escaped: escaped) } else { missing.append(path.joined(separator: ".")) }
            case .section(let path, let children, let inverted):
                let value = lookup(path)
                if value == nil { missing.append((inverted ? "^" : "#") + path.joined(separator: ".")) }
                if inverted {
                    if value?.isFalsy ?? true { render(children, overrides: overrides, depth: depth) }
                } else if let value, !value.isFalsy {
                    if case .list(let items) = value {
                        for item in items {
                            stack.append(item)
                            render(children, overrides: overrides, depth: depth)
                            stack.removeLast()
                        }
                    } else if case .bool = value {
                        // A true flag opens its section in the current context, so that
                        // `{{.}}` inside still means the enclosing value (as in mustache.js).
                        render(children, overrides: overrides, depth: depth)
                    } else {
                        stack.append(value)
                        render(children, overrides: overrides, depth: depth)
                        stack.removeLast()
                    }
                }
            case .partial(let name, let indent):
                if let template = library.template(name, indent: indent) {
                    render(template.nodes, overrides: overrides, depth: depth + 1)
                }
            case .parent(let name, let indent, let blocks):
                if let template = library.template(name, indent: indent) {
                    // Blocks given further out win over those given here.
                    let merged = blocks.merging(overrides) { _, outer in outer }
                    render(template.nodes, overrides: merged, depth: depth + 1)
                }
            case .block(let name, let defaults):
                render(overrides[name] ?? defaults, overrides: overrides, depth: depth)
            }
        }
    }

    /// The first name is searched from the innermost context outwards; the rest
    /// of a dotted name only inside what was found.
    private func lookup(_ path: [String]) -> TemplateValue? {
        guard let first = path.first else { return stack.last }
        var found: TemplateValue?
        // By index: iterating `reversed()` would copy (retain) every context passed.
        var index = stack.count - 1
        while index >= 0 {
            if let value = stack[index].child(first) {
                found = value
                break
            }
            index -= 1
        }
        guard var value = found else { return nil }
        for name in path.dropFirst() {
            guard let child = value.child(name) else { return nil }
            value = child
        }
        return value
    }

    private mutating func write(_ value: TemplateValue, escaped: Bool) {
        switch value {
        case .string(let text):
            if escaped { appendEscaped(text) } else { out.append(contentsOf: text.utf8) }
        case .int(let number):
            out.append(contentsOf: String(number).utf8)
        case .double(let number):
            let text = number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
            out.append(contentsOf: text.utf8)
        case .bool(let flag):
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null, .list, .object, .fields:
            break
        }
    }

    private mutating func appendEscaped(_ text: String) {
        Templating.appendEscaped(text, to: &out)
    }
}

private let amp = Array("&amp;".utf8), lt = Array("&lt;".utf8), gt = Array("&gt;".utf8)
private let quot = Array("&quot;".utf8), apos = Array("&#39;".utf8)

/// HTML-escapes over the UTF-8 bytes: the five special characters are ASCII
/// and never part of a multi-byte sequence.
func appendEscaped(_ text: String, to out: inout [UInt8]) {
    var text = text
    text.withUTF8 { bytes in
        var start = 0
        for index in 0..<bytes.count {
            let replacement: [UInt8]
            switch bytes[index] {
            case 0x26: replacement = amp
            case 0x3C: replacement = lt
            case 0x3E: replacement = gt
            case 0x22: replacement = quot
            case 0x27: replacement = apos
            default: continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            out.append(contentsOf: replacement)
            start = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
    }
}
