import Foundation
import Mustache

/// Every `*.mustache` file under `templates/`, parsed once at start. A template
/// is named by its path without the extension: `home/index`, `partials/flash`.
public struct Templates: Sendable {
    let library: MustacheLibrary
    public let names: Set<String>

    public static func load(directory: String) throws -> Templates {
        var library = MustacheLibrary()
        var names = Set<String>()
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw ViewError.missingFile(root)
        }
        for case let relative as String in walker where relative.hasSuffix(".mustache") {
            let path = root + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else { throw ViewError.missingFile(path) }
            let name = String(relative.dropLast(".mustache".count))
            do {
                try library.register(String(decoding: data, as: UTF8.self), named: name)
            } catch {
                throw ViewError.invalidTemplate(path, "\(error)")
            }
            names.insert(name)
        }
        return Templates(library: library, names: names)
    }

    public func render(_ name: String, _ data: [String: Any]) throws -> String {
        guard let html = library.render(data, withTemplate: name) else {
            throw ViewError.unknownTemplate(name)
        }
        return html
    }
}
