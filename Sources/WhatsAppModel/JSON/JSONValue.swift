/// A JSON value that keeps what a developer wrote: object keys in their order, numbers as their
/// literal text. Foundation's `JSONSerialization` loses both, and message files must round-trip
/// unchanged and print in a stable order.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The object, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The number as a `Double`, if this is a number.
    public var doubleValue: Double? {
        if case .number(let n) = self { return n.doubleValue }
        return nil
    }

    /// The number as an `Int`, if this is a whole number that fits.
    public var intValue: Int? {
        if case .number(let n) = self { return n.intValue }
        return nil
    }

    /// The boolean, if this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// A short name of the JSON type, for error messages ("expected a string, found a number").
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// Looks up a member of an object value by key; `nil` for other values.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

/// A JSON number kept as its literal text, so `37.4847` or `1e3` print back as written.
/// Two numbers are equal when their values are equal (`1` equals `1.0`).
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal as it appears in JSON.
    public let literal: String

    /// Makes a number from a JSON literal. The caller guarantees it is valid JSON number syntax.
    public init(literal: String) { self.literal = literal }

    /// Makes a number from an integer.
    public init(_ value: Int) { self.literal = String(value) }

    /// Makes a number from a double, printed in Swift's shortest round-trip form.
    public init(_ value: Double) {
        if value.rounded() == value, abs(value) < 1e15 {
            self.literal = String(Int64(value))
        } else {
            self.literal = String(value)
        }
    }

    public var doubleValue: Double { Double(literal) ?? .nan }
    /// The value as an `Int` when it is a whole number that fits (`131047`, `1.0`); nil for
    /// `1.5`, `1e400` or anything out of range. Never traps.
    public var intValue: Int? {
        if let i = Int(literal) { return i }
        let d = doubleValue
        guard d.isFinite, d.rounded() == d else { return nil }
        return Int(exactly: d)
    }
    public var description: String { literal }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.literal == rhs.literal || lhs.doubleValue == rhs.doubleValue
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(doubleValue) }
}

/// A JSON object with its members in document order. Equality ignores order, as JSON does.
///
/// A lookup scans the members: message objects have a handful of keys, and a scan beats hashing
/// at that size (an index kept in every object cost the Flow linter 5% more instructions). What
/// looks up every key of an object — building one, comparing two, parsing — uses a hash table
/// from `indexedCount` members on (`KeyIndex`), so a document with one object of many keys still
/// takes linear time.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var members: [(key: String, value: JSONValue)]

    /// How many members an object has before building, comparing or parsing it hashes its keys.
    static let indexedCount = 16

    public init() { members = [] }

    /// An object of these members; a repeated key keeps its first place and its last value.
    public init(_ members: [(key: String, value: JSONValue)]) {
        guard members.count >= Self.indexedCount else {
            self.members = []
            self.members.reserveCapacity(members.count)
            for (k, v) in members { self[k] = v }
            return
        }
        var index = KeyIndex()
        var unique: [(key: String, value: JSONValue)] = []
        unique.reserveCapacity(members.count)
        for (k, v) in members {
            if let i = index.position(of: k) { unique[i].value = v } else { index.add(k, at: unique.count); unique.append((k, v)) }
        }
        self.members = unique
    }

    /// Members known to have distinct keys, kept as they are (the parser checks keys as it reads).
    init(distinct members: [(key: String, value: JSONValue)]) { self.members = members }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }

    public var keys: [String] { members.map(\.key) }
    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }

    /// The position of the member named `key` in `members`.
    public func index(of key: String) -> Int? { members.firstIndex { $0.key == key } }

    /// Reads or writes a member. Writing `nil` removes it; writing an existing key keeps its place.
    public subscript(key: String) -> JSONValue? {
        get {
            for m in members where m.key == key { return m.value }
            return nil
        }
        set {
            if let i = members.firstIndex(where: { $0.key == key }) {
                if let v = newValue { members[i].value = v } else { members.remove(at: i) }
            } else if let v = newValue {
                members.append((key, v))
            }
        }
    }

    /// Appends a member without checking for an existing key: for builders that know keys are new.
    public mutating func append(_ key: String, _ value: JSONValue) {
        members.append((key, value))
    }

    /// Sets a member only when the value is present, so optional fields stay absent rather than `null`.
    public mutating func set(_ key: String, _ value: JSONValue?) {
        if let value { self[key] = value }
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        members.makeIterator()
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        let other = KeyIndex.Lookup(rhs)
        for (k, v) in lhs.members {
            guard let w = other[k], w == v else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: XOR of member hashes.
        var acc = 0
        for (k, v) in members {
            var h = Hasher()
            h.combine(k)
            h.combine(v)
            acc ^= h.finalize()
        }
        hasher.combine(acc)
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { (key: $0.0, value: $0.1) }))
    }
    public init(nilLiteral: ()) { self = .null }
}

/// Where each key of an object is, for code that looks up many keys: a hash table, where a scan
/// per key would take quadratic time in a large object.
struct KeyIndex {
    private var positions: [String: Int] = [:]

    init() {}

    /// The index of `members` (a repeated key: its first place).
    init(_ members: [(key: String, value: JSONValue)]) {
        positions.reserveCapacity(members.count)
        for (i, m) in members.enumerated() { add(m.key, at: i) }
    }

    func position(of key: String) -> Int? { positions[key] }

    /// Records that `key` is at `position`, unless it is already known.
    mutating func add(_ key: String, at position: Int) {
        if positions[key] == nil { positions[key] = position }
    }

    /// Finds members of one object by key: a scan for a small object, an index built once for a
    /// large one.
    struct Lookup {
        let object: JSONObject
        private let index: KeyIndex?

        init(_ object: JSONObject) {
            self.object = object
            index = object.count >= JSONObject.indexedCount ? KeyIndex(object.members) : nil
        }

        subscript(key: String) -> JSONValue? {
            guard let index else { return object[key] }
            return index.position(of: key).map { object.members[$0].value }
        }
    }
}
