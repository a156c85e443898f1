/// Where and why a JSON document failed to parse. Lines and columns count from 1; columns count
/// characters (Unicode scalars), which is what an editor shows.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let reason: String

    public var description: String { "line \(line), column \(column): \(reason)" }
}

/// A strict RFC 8259 parser over UTF-8 bytes that keeps key order and number literals.
///
/// `lenient` accepts one mistake vendors make in their own documentation: a missing comma between
/// object members (Kaleyra's and Botika's sample success bodies have it). It is only used to read
/// responses, never message files.
public struct JSONParser {
    private let bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var lineStart = 0
    private let lenient: Bool
    private let rejectDuplicateKeys: Bool
    private var depth = 0
    private static let maxDepth = 512
    /// Set when the caller wants to know where each value starts (`parseWithSourceMap`).
    private var map: JSONSourceMap?

    /// Parses a whole document. Trailing non-whitespace is an error.
    public static func parse(_ text: String, lenient: Bool = false, rejectDuplicateKeys: Bool = false) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), lenient: lenient, rejectDuplicateKeys: rejectDuplicateKeys)
    }

    /// Parses a whole document from bytes. `rejectDuplicateKeys` makes a repeated member name an
    /// error instead of keeping the last value (message files: nothing may vanish silently).
    public static func parse(_ bytes: [UInt8], lenient: Bool = false, rejectDuplicateKeys: Bool = false) throws(JSONParseError) -> JSONValue {
        var p = JSONParser(bytes: bytes, lenient: lenient, rejectDuplicateKeys: rejectDuplicateKeys)
        return try p.document()
    }

    /// Parses a whole document and records where every value starts, by field path, so a linter
    /// can point at a line and column. Duplicate member names are an error here too.
    public static func parseWithSourceMap(_ bytes: [UInt8]) throws(JSONParseError) -> (JSONValue, JSONSourceMap) {
        var p = JSONParser(bytes: bytes, lenient: false, rejectDuplicateKeys: true)
        // Positions are kept as 32-bit offsets; a document that large is no Flow (the limit is 10 MB).
        guard bytes.count < Int(Int32.max) else { throw JSONParseError(line: 1, column: 1, reason: "the document is \(bytes.count) bytes: too large to map") }
        p.map = JSONSourceMap(bytes: bytes)
        let v = try p.document()
        p.map!.root = v
        return (v, p.map!)
    }

    /// One whole document: a value with nothing but whitespace around it.
    private mutating func document() throws(JSONParseError) -> JSONValue {
        // A UTF-8 byte-order mark is harmless; skip it.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3; lineStart = 3 }
        skipWhitespace()
        if i >= bytes.count { throw error("the document is empty") }
        let v = try value()
        skipWhitespace()
        if i < bytes.count { throw error("unexpected \(describeCurrent()) after the end of the document") }
        return v
    }

    private init(bytes: [UInt8], lenient: Bool, rejectDuplicateKeys: Bool) {
        self.bytes = bytes
        self.lenient = lenient
        self.rejectDuplicateKeys = rejectDuplicateKeys
    }

    private func error(_ reason: String) -> JSONParseError {
        // Column in characters: count UTF-8 lead bytes between the line start and the position.
        var col = 1
        var k = lineStart
        while k < i && k < bytes.count {
            if bytes[k] & 0xC0 != 0x80 { col += 1 }
            k += 1
        }
        return JSONParseError(line: line, column: col, reason: reason)
    }

    private func describeCurrent() -> String {
        guard i < bytes.count else { return "end of input" }
        let b = bytes[i]
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + NumberText.hexUpper(UInt32(b), width: 2)
    }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0D: i += 1
            case 0x0A:
                i += 1
                line += 1
                lineStart = i
            default: return
            }
        }
    }

    private mutating func value() throws(JSONParseError) -> JSONValue {
        guard i < bytes.count else { throw error("unexpected end of input, expected a value") }
        // Where this value starts, and (once read) how many values it holds, in reading order.
        let mapped = map?.begin(line: line, lineStart: lineStart, offset: i)
        defer { if let mapped { map!.end(mapped) } }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected \(describeCurrent()), expected a value")
        }
    }

    private mutating func literal(_ word: String) throws(JSONParseError) {
        let w = Array(word.utf8)
        let n = w.count
        for k in 0..<n {
            guard i + k < bytes.count, bytes[i + k] == w[k] else {
                throw error("invalid literal, expected '\(word)'")
            }
        }
        i += n
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth) levels") }
    }

    private mutating func object() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var members: [(key: String, value: JSONValue)] = []
        // Where each key is, once the object is large enough that a scan per key would cost
        // quadratic time.
        var index: KeyIndex?
        func position(of key: String) -> Int? {
            if let index { return index.position(of: key) }
            return members.firstIndex { $0.key == key }
        }
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1; return .object(JSONObject()) }
        while true {
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input inside an object") }
            guard bytes[i] == UInt8(ascii: "\"") else {
                throw error("unexpected \(describeCurrent()), expected a quoted member name")
            }
            let key = try string()
            let earlier = members.isEmpty ? nil : position(of: key)
            if rejectDuplicateKeys && earlier != nil { throw error("duplicate member name \"\(key)\"") }
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                throw error("unexpected \(describeCurrent()), expected ':' after member name \"\(key)\"")
            }
            i += 1
            skipWhitespace()
            let v = try value()
            if let earlier {
                // A repeated key keeps the last value, as most parsers (and Meta's) do.
                members[earlier].value = v
            } else {
                members.append((key, v))
                if index != nil {
                    index!.add(key, at: members.count - 1)
                } else if members.count >= JSONObject.indexedCount {
                    index = KeyIndex(members)
                }
            }
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input inside an object") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(JSONObject(distinct: members)) }
            if lenient && bytes[i] == UInt8(ascii: "\"") { continue }
            throw error("unexpected \(describeCurrent()), expected ',' or '}'")
        }
    }

    private mutating func array() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try value())
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input inside an array") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw error("unexpected \(describeCurrent()), expected ',' or ']'")
        }
    }

    private mutating func number() throws(JSONParseError) -> JSONNumber {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw error("invalid number: expected a digit") }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count, isDigit(bytes[i]) { throw error("invalid number: leading zero") }
        } else {
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("invalid number: expected a digit after '.'") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("invalid number: expected an exponent") }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        return JSONNumber(literal: String(decoding: bytes[start..<i], as: UTF8.self))
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private mutating func string() throws(JSONParseError) -> String {
        i += 1  // opening quote
        let start = i
        // Fast path: no escapes.
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let s = try validUTF8(bytes[start..<i])
                i += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error(b == 0x0A ? "line break inside a string (write \\n)" : "control character inside a string") }
            i += 1
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return try validUTF8(out[...])
            }
            if b < 0x20 { throw error(b == 0x0A ? "line break inside a string (write \\n)" : "control character inside a string") }
            if b != UInt8(ascii: "\\") { out.append(b); i += 1; continue }
            i += 1
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // A high surrogate must be followed by \u and a low surrogate.
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw error("lone high surrogate in \\u escape")
                    }
                    i += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw error("invalid low surrogate in \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw error("lone low surrogate in \\u escape")
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                i -= 1
                throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
            }
        }
        throw error("unterminated string")
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("incomplete \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    private func validUTF8(_ slice: ArraySlice<UInt8>) throws(JSONParseError) -> String {
        // Most strings are ASCII, which needs no validation; the validating initialiser is
        // generic and costs a metadata lookup per string (a tenth of the time on a large Flow).
        if slice.allSatisfy({ $0 < 0x80 }) { return String(decoding: slice, as: UTF8.self) }
        guard let s = String(validating: slice, as: UTF8.self) else { throw error("invalid UTF-8 in a string") }
        return s
    }
}

/// A place in a source text (a JSON file, a pasted curl command). Lines and columns count from
/// 1; columns count characters, as an editor shows them.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

/// Where each value of a parsed document starts, found by field path (`screens[2].layout.children[0]`).
/// Parsing only appends each value's start and size in reading order (cheap: no path strings, no
/// hashing); a lookup walks the parsed tree down the path, skipping whole siblings by their size.
/// Columns are worked out only when asked for, so mapping a minified one-line document stays linear.
public struct JSONSourceMap: Sendable {
    private struct Start: Sendable {
        var line: Int32
        var lineStart: Int32
        var offset: Int32
        /// This value and every value inside it.
        var size: Int32
    }

    private let bytes: [UInt8]
    private var starts: [Start] = []
    /// The parsed document the starts belong to.
    var root: JSONValue = .null

    init(bytes: [UInt8]) {
        self.bytes = bytes
        starts.reserveCapacity(bytes.count / 12)
    }

    mutating func begin(line: Int, lineStart: Int, offset: Int) -> Int {
        starts.append(Start(line: Int32(line), lineStart: Int32(lineStart), offset: Int32(offset), size: 1))
        return starts.count - 1
    }

    mutating func end(_ index: Int) { starts[index].size = Int32(starts.count - index) }

    /// Where the value at `path` starts; for a path that names no value (a missing member), where
    /// its nearest enclosing value starts.
    public func position(of path: FieldPath) -> SourcePosition? {
        guard !starts.isEmpty else { return nil }
        let steps = path.steps
        var node = root
        var index = 0
        var k = 0
        /// The reading-order index of the `n`th child of the value at `index`.
        func child(_ n: Int) -> Int {
            var c = index + 1
            for _ in 0..<n { c += Int(starts[c].size) }
            return c
        }
        walk: while k < steps.count {
            switch (steps[k], node) {
            case (.index(let i), .array(let items)) where i >= 0 && i < items.count:
                index = child(i)
                node = items[i]
                k += 1
            case (.quoted(let name), .object(let object)):
                guard let m = object.index(of: name) else { break walk }
                index = child(m)
                node = object.members[m].value
                k += 1
            case (.key(var name), .object(let object)):
                // A path read from text splits a member name with a dot in it: put it back
                // together while walking.
                var j = k
                while true {
                    if let m = object.index(of: name) {
                        index = child(m)
                        node = object.members[m].value
                        k = j + 1
                        continue walk
                    }
                    j += 1
                    guard j < steps.count, case .key(let more) = steps[j] else { break walk }
                    name += "." + more
                }
            default: break walk
            }
        }
        return column(starts[index])
    }

    /// `findings` with the position of each one's path in the mapped document (for a path
    /// the document does not have, its nearest enclosing value).
    public func locating(_ findings: [Finding]) -> [Finding] {
        findings.map { f in
            var f = f
            f.position = position(of: f.path)
            return f
        }
    }

    private func column(_ s: Start) -> SourcePosition {
        var col = 1
        var k = Int(s.lineStart)
        while k < Int(s.offset) {
            if bytes[k] & 0xC0 != 0x80 { col += 1 }
            k += 1
        }
        return SourcePosition(line: Int(s.line), column: col)
    }
}
