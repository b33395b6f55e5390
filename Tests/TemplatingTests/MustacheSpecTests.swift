import Foundation
import Testing

@testable import Templating

/// The official Mustache specification (copied from ../shared/mustache-spec into
/// Resources/, so the tests run on a clean clone). Every test of every module the
/// renderer implements must pass, except the few listed below.
struct MustacheSpecTests {
    /// Inheritance tests that re-indent overriding block content to the block's
    /// place in the parent. Kalyna's templates never depend on whitespace inside
    /// blocks, so this is left out on purpose.
    static let knownGaps: Set<String> = [
        "inheritance: Standalone block",
        "inheritance: Block reindentation",
        "inheritance: Intrinsic indentation",
        "inheritance: Nested block reindentation",
    ]

    struct SpecCase: CustomTestStringConvertible, Sendable {
        let module: String
        let name: String
        let template: String
        let data: TemplateValue
        let partials: [String: String]
        let expected: String
        var testDescription: String { "\(module): \(name)" }
    }

    static let specDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources")

    struct SpecFile: Decodable {
        struct Test: Decodable {
            let name: String
            let template: String
            let data: JSONValue
            let partials: [String: String]?
            let expected: String
        }
        let tests: [Test]
    }

    /// Spec data as a template value; JSON booleans, integers and fractions kept apart.
    struct JSONValue: Decodable {
        let value: TemplateValue

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                value = .null
            } else if let flag = try? container.decode(Bool.self) {
                value = .bool(flag)
            } else if let number = try? container.decode(Int.self) {
                value = .int(number)
            } else if let number = try? container.decode(Double.self) {
                value = .double(number)
            } else if let text = try? container.decode(String.self) {
                value = .string(text)
            } else if let list = try? container.decode([JSONValue].self) {
                value = .list(list.map(\.value))
            } else {
                value = .object(try container.decode([String: JSONValue].self).mapValues(\.value))
            }
        }
    }

    static func cases() throws -> [SpecCase] {
        var result: [SpecCase] = []
        for module in ["comments", "delimiters", "interpolation", "inverted", "partials", "sections", "inheritance"] {
            let data = try Data(contentsOf: specDirectory.appendingPathComponent("\(module).json"))
            for test in try JSONDecoder().decode(SpecFile.self, from: data).tests {
                result.append(
                    SpecCase(
                        module: module, name: test.name, template: test.template, data: test.data.value,
                        partials: test.partials ?? [:], expected: test.expected))
            }
        }
        return result
    }

    /// Kalyna's own choices beyond the spec.
    @Test func flagsKeepTheEnclosingContextAndEmptyStringsAreFalsy() throws {
        let library = try TemplateLibrary(sources: [
            "flag": "{{#items}}{{#show}}[{{.}}]{{/show}}{{/items}}",
            "empty": "{{#text}}yes{{/text}}{{^text}}no{{/text}}",
        ])
        let items: TemplateValue = ["items": ["a", "b"], "show": true]
        #expect(library.render("flag", items).map { String(decoding: $0, as: UTF8.self) } == "[a][b]")
        #expect(library.render("empty", ["text": ""]).map { String(decoding: $0, as: UTF8.self) } == "no")
    }

    /// Catalog tags written in at load time render exactly as looked up at
    /// rendering time: in sections, partials (indented too), parents and
    /// blocks, escaped or not; a key the catalog lacks is still reported.
    @Test func resolvedCatalogTagsRenderAsLookedUp() throws {
        let library = try TemplateLibrary(sources: [
            "layout": "<title>{{t.site}}</title>\n{{$body}}{{t.empty}}{{/body}}<footer>{{{t.raw}}}</footer>",
            "row": "<td data-label=\"{{t.name}}\">{{name}}</td>\n<td>{{t.quote}}</td>\n",
            "page": "{{<layout}}{{$body}}<table>{{#rows}}\n  {{> row}}\n{{/rows}}</table>{{^rows}}{{t.none}}{{/rows}}{{t.missing}}{{/body}}{{/layout}}",
        ])
        let catalog = ["site": "Калина & co", "empty": "—", "raw": "<b>©</b>", "name": "Ім’я", "quote": "\"a\" <b>", "none": "Нічого"]
        let resolved = library.resolving("t", catalog)
        let t: TemplateValue = .object(catalog.mapValues { .string($0) })
        for rows: TemplateValue in [.list([["name": "Олена <1>"], ["name": "Ірина"]]), .list([])] {
            let value: TemplateValue = ["t": t, "rows": rows]
            let looked = try #require(library.renderChecked("page", value))
            let written = try #require(resolved.renderChecked("page", value))
            #expect(written.output == looked.output)
            #expect(written.missing == ["t.missing"] && looked.missing == ["t.missing"])
        }
        #expect(String(decoding: try #require(resolved.render("page", ["t": t, "rows": .list([])])), as: UTF8.self)
            == "<title>Калина &amp; co</title>\n<table></table>Нічого<footer><b>©</b></footer>")
    }

    /// What strict rendering refuses: a variable or a section whose name the
    /// value gives nowhere. False and null say "not here" and pass.
    @Test func namesTheValueDoesNotGiveAreReported() throws {
        let library = try TemplateLibrary(sources: [
            "page": "{{title}}{{#error}}!{{/error}}{{^user}}visitor{{/user}}{{#rows}}{{name}}{{#late}}*{{/late}}{{/rows}}",
        ])
        let complete: TemplateValue = ["title": "T", "error": .null, "user": false, "rows": .list([["name": "a", "late": true]])]
        #expect(library.renderChecked("page", complete)?.missing == [])
        // A misspelt section and a row without its flag are named, as a missing variable is.
        let misspelt: TemplateValue = ["title": "T", "eror": .null, "user": false, "rows": .list([["name": "a"]])]
        #expect(library.renderChecked("page", misspelt)?.missing == ["#error", "#late"])
        #expect(library.renderChecked("page", ["error": .null, "user": .null, "rows": .null])?.missing == ["title"])
        #expect(library.renderChecked("page", ["title": "T", "error": .null, "rows": .null])?.missing == ["^user"])
    }

    @Test func specFilesArePresent() throws {
        #expect(try Self.cases().count >= 150)
    }

    @Test(arguments: try MustacheSpecTests.cases())
    func spec(_ spec: SpecCase) throws {
        var sources = spec.partials
        sources["__main"] = spec.template
        let library = try TemplateLibrary(sources: sources)
        let output = library.render("__main", spec.data).map { String(decoding: $0, as: UTF8.self) }
        if Self.knownGaps.contains(spec.testDescription) {
            withKnownIssue { #expect(output == spec.expected) }
        } else {
            #expect(output == spec.expected, "template: \(spec.template.debugDescription)")
        }
    }
}
