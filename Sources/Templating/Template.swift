/// A parsed template: a tree of nodes, built once when the templates load.
public struct Template: Sendable {
    enum Node: Sendable {
        case text([UInt8])
        /// `{{name}}` (escaped) or `{{{name}}}` / `{{& name}}`; an empty path is `{{.}}`.
        case variable(path: [String], escaped: Bool)
        case section(path: [String], nodes: [Node], inverted: Bool)
        /// `{{> name}}`; `indent` is the whitespace before a partial alone on its line.
        case partial(name: String, indent: String)
        /// `{{< name}}…{{/name}}`: render `name` with these blocks overriding its own.
        case parent(name: String, indent: String, blocks: [String: [Node]])
        /// `{{$ name}}default{{/name}}`.
        case block(name: String, nodes: [Node])
    }

    let nodes: [Node]

    public init(_ source: String) throws(TemplateError) {
        var parser = Parser(source)
        nodes = try parser.parse()
    }

    private init(nodes: [Node]) {
        self.nodes = nodes
    }

    /// `{{name.key}}` tags with a key in `values` turned into text (see `TemplateLibrary.resolving`).
    func resolving(_ name: String, _ values: [String: String]) -> Template {
        Template(nodes: Self.resolving(nodes, name, values))
    }

    private static func resolving(_ nodes: [Node], _ name: String, _ values: [String: String]) -> [Node] {
        var result: [Node] = []
        for node in nodes {
            let resolved: Node
            switch node {
            case .variable(let path, let escaped) where path.count == 2 && path[0] == name && values[path[1]] != nil:
                let text = values[path[1]] ?? ""
                var bytes: [UInt8] = []
                if escaped { appendEscaped(text, to: &bytes) } else { bytes = Array(text.utf8) }
                resolved = .text(bytes)
            case .section(let path, let children, let inverted):
                resolved = .section(path: path, nodes: resolving(children, name, values), inverted: inverted)
            case .parent(let parent, let indent, let blocks):
                resolved = .parent(name: parent, indent: indent, blocks: blocks.mapValues { resolving($0, name, values) })
            case .block(let block, let children):
                resolved = .block(name: block, nodes: resolving(children, name, values))
            default:
                resolved = node
            }
            // Neighbouring text becomes one node: one append when rendered.
            if case .text(let bytes) = resolved, case .text(let previous)? = result.last {
                result[result.count - 1] = .text(previous + bytes)
            } else {
                result.append(resolved)
            }
        }
        return result
    }
}

public struct TemplateError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public let line: Int

    public var description: String { "line \(line): \(message)" }
}
