/// Why a message file could not be read into the model: the JSON is valid but a field has the
/// wrong JSON type, or `type` names no known kind. Limits and missing fields are not decoding
/// errors; they are validation findings.
public struct MessageDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: FieldPath
    public let reason: String

    public init(path: FieldPath, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path.display): \(reason)" }
}

/// Reads the members of one JSON object into a model struct and remembers which keys it used, so
/// the rest can be kept as `unknownFields` (round-trip without loss) and reported by validation.
/// Other files wacon reads (a saved case's expectations) use it too, for the same errors.
public struct ObjectReader {
    public let object: JSONObject
    public let path: FieldPath
    private var used: Set<String> = []

    /// A reader of `value`, which must be an object; `path` is where it is, for errors.
    public init(_ value: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        guard case .object(let o) = value else {
            throw MessageDecodingError(path: path, reason: "expected an object, found \(value.typeName)")
        }
        self.object = o
        self.path = path
    }

    public mutating func raw(_ key: String) -> JSONValue? {
        used.insert(key)
        return object[key]
    }

    public mutating func string(_ key: String) throws(MessageDecodingError) -> String? {
        guard let v = raw(key) else { return nil }
        guard case .string(let s) = v else {
            throw MessageDecodingError(path: path.key(key), reason: "expected a string, found \(v.typeName)")
        }
        return s
    }

    public mutating func bool(_ key: String) throws(MessageDecodingError) -> Bool? {
        guard let v = raw(key) else { return nil }
        guard case .bool(let b) = v else {
            throw MessageDecodingError(path: path.key(key), reason: "expected true or false, found \(v.typeName)")
        }
        return b
    }

    public mutating func objectValue(_ key: String) throws(MessageDecodingError) -> JSONObject? {
        guard let v = raw(key) else { return nil }
        guard case .object(let o) = v else {
            throw MessageDecodingError(path: path.key(key), reason: "expected an object, found \(v.typeName)")
        }
        return o
    }

    /// Decodes each element of an array member with `element`.
    public mutating func array<T>(_ key: String, _ element: (JSONValue, FieldPath) throws(MessageDecodingError) -> T) throws(MessageDecodingError) -> [T]? {
        guard let v = raw(key) else { return nil }
        guard case .array(let items) = v else {
            throw MessageDecodingError(path: path.key(key), reason: "expected an array, found \(v.typeName)")
        }
        var out: [T] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            out.append(try element(item, path.key(key).index(i)))
        }
        return out
    }

    /// Decodes a nested object member with `decode`.
    public mutating func nested<T>(_ key: String, _ decode: (JSONValue, FieldPath) throws(MessageDecodingError) -> T) throws(MessageDecodingError) -> T? {
        guard let v = raw(key) else { return nil }
        return try decode(v, path.key(key))
    }

    /// The members no `raw`/`string`/… call asked for.
    public var unknown: JSONObject {
        JSONObject(object.members.filter { !used.contains($0.key) })
    }
}

extension JSONObject {
    /// Appends the unknown members a struct kept, after its known ones. The unknown keys are
    /// distinct among themselves (an object's keys are), so only the known ones written so far
    /// are checked, through a set: a scan per key made an object of many keys quadratic.
    mutating func appendUnknown(_ extra: JSONObject) {
        guard !extra.isEmpty else { return }
        let written = Set(keys)
        for (k, v) in extra where !written.contains(k) { append(k, v) }
    }
}
