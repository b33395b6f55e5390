import Foundation
import Synchronization

/// Named templates that can include each other as partials (`{{> name}}`) and
/// extend each other (`{{< name}}…{{/name}}`).
public final class TemplateLibrary: Sendable {
    private let sources: [String: String]
    private let templates: [String: Template]
    /// Partials placed alone on an indented line are indented line by line; those
    /// variants are parsed once, on first use.
    private let indented = Mutex<[String: Template]>([:])
    /// Tags resolved at load time (see `resolving`), applied to indented variants too.
    private let constants: (name: String, values: [String: String])?

    public var names: Set<String> { Set(templates.keys) }

    /// Parses every source; throws on the first that does not parse, naming it.
    public init(sources: [String: String]) throws(TemplateLibraryError) {
        var templates: [String: Template] = [:]
        for (name, source) in sources {
            do {
                templates[name] = try Template(source)
            } catch {
                throw TemplateLibraryError(name: name, error: error)
            }
        }
        self.sources = sources
        self.templates = templates
        self.constants = nil
    }

    private init(sources: [String: String], templates: [String: Template], constants: (name: String, values: [String: String])) {
        self.sources = sources
        self.templates = templates
        self.constants = constants
    }

    /// The same templates with every `{{name.key}}` whose key `values` has
    /// written in as text, escaped as the tag asks: a page's catalog strings
    /// (`{{t.key}}`, hundreds of them on a list, one per cell label) then cost
    /// nothing to render. A key `values` lacks stays a tag, looked up (and, in
    /// strict rendering, reported) as before; so do sections over such names.
    /// The value under `name` must stay the same for every rendering.
    public func resolving(_ name: String, _ values: [String: String]) -> TemplateLibrary {
        TemplateLibrary(
            sources: sources, templates: templates.mapValues { $0.resolving(name, values) }, constants: (name, values))
    }

    /// Every `*.mustache` file under `directory`, named by its relative path
    /// without the extension (`home/index`, `partials/flash`).
    public static func load(directory: String) throws -> TemplateLibrary {
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: root])
        }
        var sources: [String: String] = [:]
        for case let relative as String in walker where relative.hasSuffix(".mustache") {
            let data = try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative))
            sources[String(relative.dropLast(".mustache".count))] = String(decoding: data, as: UTF8.self)
        }
        return try TemplateLibrary(sources: sources)
    }

    /// Renders template `name` with `value` as its context; nil if there is no
    /// such template.
    public func render(_ name: String, _ value: TemplateValue) -> [UInt8]? {
        renderChecked(name, value)?.output
    }

    /// The same, and every name the template asked for that the value did
    /// not give (`{{title}}` with no title, `{{t.missing_key}}`, `{{#erorr}}`):
    /// what strict rendering refuses. A page says "not here" with false or
    /// null, never by leaving the name out, so that a misspelt section fails.
    public func renderChecked(_ name: String, _ value: TemplateValue) -> (output: [UInt8], missing: [String])? {
        guard let template = templates[name] else { return nil }
        var renderer = Renderer(library: self, stack: [value])
        renderer.out.reserveCapacity(16 * 1024)
        renderer.render(template.nodes, overrides: [:], depth: 0)
        return (renderer.out, renderer.missing)
    }

    func template(_ name: String, indent: String) -> Template? {
        if indent.isEmpty { return templates[name] }
        let key = name + "\u{0}" + indent
        if let cached = indented.withLock({ $0[key] }) { return cached }
        guard let source = sources[name], var template = try? Template(Self.indent(source, with: indent)) else {
            return templates[name]
        }
        if let constants { template = template.resolving(constants.name, constants.values) }
        indented.withLock { $0[key] = template }
        return template
    }

    private static func indent(_ source: String, with indent: String) -> String {
        var result = indent
        var rest = Substring(source)
        while let newline = rest.firstIndex(of: "\n") {
            result += rest[...newline]
            rest = rest[rest.index(after: newline)...]
            if !rest.isEmpty { result += indent }
        }
        return result + rest
    }
}

public struct TemplateLibraryError: Error, CustomStringConvertible {
    public let name: String
    public let error: TemplateError

    public var description: String { "template \(name), \(error)" }
}
