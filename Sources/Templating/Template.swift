/// A parsed template: a tree of nodes, built once when the templates load.
public struct Template: Sendable {
    indirect enum Node: Sendable {
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
}

public struct TemplateError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public let line: Int

    public var description: String { "line \(line): \(message)" }
}
