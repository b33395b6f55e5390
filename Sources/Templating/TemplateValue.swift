/// A value a template can show. Typed (not `Any`), so that rendering needs no
/// dynamic casts or reflection.
public enum TemplateValue: Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case list([TemplateValue])
    case object([String: TemplateValue])
    /// A small object written as a literal: its names in order, searched one by
    /// one. Names are short, and comparing short strings costs less than
    /// hashing them; a page's rows are mostly such objects.
    case fields([(String, TemplateValue)])
    case null

    /// Sections skip false, null, empty lists and empty strings.
    var isFalsy: Bool {
        switch self {
        case .bool(let value): !value
        case .null: true
        case .list(let items): items.isEmpty
        case .string(let text): text.isEmpty
        default: false
        }
    }

    @inline(__always)
    func child(_ name: String) -> TemplateValue? {
        switch self {
        case .object(let fields): return fields[name]
        case .fields(let fields):
            // Lengths first: most names passed over differ in length, and comparing
            // counts is inline while string equality is a call.
            let length = name.utf8.count
            return fields.withUnsafeBufferPointer { pairs in
                // The last of a repeated name wins, as in a dictionary literal.
                var index = pairs.count - 1
                while index >= 0 {
                    if pairs[index].0.utf8.count == length, pairs[index].0 == name { return pairs[index].1 }
                    index -= 1
                }
                return nil
            }
        default: return nil
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = elements.count <= 24 ? .fields(elements) : .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension TemplateValue {
    /// An optional string: null when absent.
    public init(_ text: String?) { self = text.map { .string($0) } ?? .null }
}
