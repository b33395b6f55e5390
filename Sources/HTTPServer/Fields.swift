/// Headers or cookies as they came, in order. A request carries a dozen at
/// most and the application asks for a few, so a walk over them costs less
/// than hashing every name into a dictionary on every request (kept pages are
/// answered in a few microseconds, and that hashing was a tenth of it).
public struct Fields: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public private(set) var fields: [Field] = []
    /// Header names are compared without regard to ASCII case; cookie names exactly.
    public let foldsCase: Bool

    public init(foldsCase: Bool = false) { self.foldsCase = foldsCase }

    public init(_ pairs: [(name: String, value: String)], foldsCase: Bool = false) {
        self.foldsCase = foldsCase
        fields = pairs.map { Field(name: $0.name, value: $0.value) }
    }

    init(fields: [Field], foldsCase: Bool = false) {
        self.foldsCase = foldsCase
        self.fields = fields
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements.map { (name: $0.0, value: $0.1) })
    }

    public var names: [String] { fields.map(\.name) }
    public var isEmpty: Bool { fields.isEmpty }

    /// The first value under `name`; setting replaces it (nil removes every one).
    public subscript(name: String) -> String? {
        get { fields.first { matches($0.name, name) }?.value }
        set {
            guard let newValue else {
                let foldsCase = foldsCase
                fields.removeAll { Self.matches($0.name, name, foldsCase: foldsCase) }
                return
            }
            if let index = fields.firstIndex(where: { matches($0.name, name) }) {
                fields[index].value = newValue
            } else {
                fields.append(Field(name: name, value: newValue))
            }
        }
    }

    /// The value under `name`; several (a header sent more than once) joined as HTTP joins them.
    /// No array is made unless there are several: this runs a few times for every request.
    public func joined(_ name: String) -> String? {
        guard let first = fields.firstIndex(where: { matches($0.name, name) }) else { return nil }
        guard fields[(first + 1)...].contains(where: { matches($0.name, name) }) else { return fields[first].value }
        return values(name).joined(separator: ", ")
    }

    /// Every value under `name`, in order.
    public func values(_ name: String) -> [String] { fields.filter { matches($0.name, name) }.map(\.value) }

    public mutating func append(_ name: String, _ value: String) { fields.append(Field(name: name, value: value)) }

    private func matches(_ stored: String, _ wanted: String) -> Bool {
        Self.matches(stored, wanted, foldsCase: foldsCase)
    }

    private static func matches(_ stored: String, _ wanted: String, foldsCase: Bool) -> Bool {
        foldsCase ? asciiCaseInsensitiveEqual(stored, wanted) : stored == wanted
    }
}
