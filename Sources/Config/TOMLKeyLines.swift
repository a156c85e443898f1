/// The line each table and key of a TOML text is written on, by key path: TOMLKit reports a
/// position only for a syntax error, and an error that says where is worth one scan of the text.
///
/// The text has already parsed as TOML, so the scan follows only what moves keys around:
/// `[table]` and `[[array]]` headers, bare, quoted and dotted keys, comments, and values that run
/// over several lines (arrays, inline tables, multi-line strings), whose lines are never taken
/// for keys. Lines are counted by "\n" alone, as TOMLKit counts them (a CRLF file too).
struct TOMLKeyLines: Sendable {
    /// The first line that writes each path: a header, a key, or a dotted key's leading part.
    private var lines: [[String]: Int] = [:]
    /// The first line with a `\u0000` escape in a quoted string or key: TOMLKit hands strings
    /// over as C strings, so such a value would arrive cut short at the NUL.
    private(set) var nulEscapeLine: Int?
    /// The first `[` or `[[` header whose key does not start with a key character or a quote
    /// (`[[[`, `[ =]`): TOMLKit's parser aborts the whole process on some of these instead of
    /// reporting them, so they are refused before it sees the text.
    private(set) var malformedHeaderLine: Int?

    init(text: String) {
        var scanner = Scanner(bytes: Array(text.utf8))
        while let (path, line) = scanner.next() {
            // A header cut short at the end of the text (`[`) has no path.
            guard !path.isEmpty else { continue }
            for n in 1...path.count where lines[Array(path.prefix(n))] == nil {
                lines[Array(path.prefix(n))] = line
            }
        }
        nulEscapeLine = scanner.nulEscapeLine
        malformedHeaderLine = scanner.malformedHeaderLine
    }

    /// The line of `path` (`["profiles", "prod", "sid"]`): its `key = …` line or its `[header]`.
    /// A path that is not written itself (a missing key, a key inside an inline table) gets the
    /// line of the nearest enclosing table or key that is; nil when none is.
    func line(_ path: [String]) -> Int? {
        var path = path
        while !path.isEmpty {
            if let line = lines[path] { return line }
            path.removeLast()
        }
        return nil
    }

    /// Reads headers and keys out of TOML bytes, one statement at a time.
    private struct Scanner {
        let bytes: [UInt8]
        var i = 0
        var line = 1
        /// The table the keys being read belong to: the last header's path.
        var table: [String] = []
        var nulEscapeLine: Int?
        var malformedHeaderLine: Int?

        init(bytes: [UInt8]) { self.bytes = bytes }

        /// The next header's path or key's full path, with its line; nil at the end.
        mutating func next() -> (path: [String], line: Int)? {
            while i < bytes.count {
                switch bytes[i] {
                case .space, .tab, .carriageReturn: i += 1
                case .newline: line += 1; i += 1
                case .hash: skipRestOfLine()
                case .openBracket:
                    i += 1
                    if i < bytes.count && bytes[i] == .openBracket { i += 1 }
                    skipBlanks()
                    if malformedHeaderLine == nil, !(i < bytes.count && (Self.startsKey(bytes[i]))) { malformedHeaderLine = line }
                    let start = line
                    table = readKey()
                    skipRestOfLine()
                    return (table, start)
                default:
                    let start = line
                    let key = readKey()
                    if i < bytes.count && bytes[i] == .equals { i += 1 }
                    skipValue()
                    if key.isEmpty { continue }
                    return (table + key, start)
                }
            }
            return nil
        }

        /// A dotted key (`a`, `"a b".c`, `'x'`), up to `=`, `]` or the end of the line.
        mutating func readKey() -> [String] {
            var parts: [String] = []
            while i < bytes.count {
                skipBlanks()
                guard i < bytes.count else { break }
                switch bytes[i] {
                case .quote: parts.append(readBasicKey())
                case .apostrophe: parts.append(readLiteralKey())
                default:
                    let start = i
                    while i < bytes.count, !Self.endsBareKey(bytes[i]) { i += 1 }
                    if i > start { parts.append(String(decoding: bytes[start..<i], as: UTF8.self)) }
                }
                skipBlanks()
                guard i < bytes.count, bytes[i] == .dot else { break }
                i += 1
            }
            return parts
        }

        /// A bare key character (`A-Za-z0-9_-`) or a quote.
        static func startsKey(_ b: UInt8) -> Bool {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"), .quote, .apostrophe: return true
            default: return false
            }
        }

        static func endsBareKey(_ b: UInt8) -> Bool {
            [.space, .tab, .carriageReturn, .newline, .dot, .equals, .closeBracket, .hash, .quote, .apostrophe].contains(b)
        }

        /// `"…"` as a key: its escapes resolved (`\"`, `\\`, `\uXXXX`, …).
        mutating func readBasicKey() -> String {
            i += 1
            var scalars = String.UnicodeScalarView()
            var start = i
            func flush(_ end: Int) { scalars.append(contentsOf: String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars) }
            while i < bytes.count, bytes[i] != .quote, bytes[i] != .newline {
                guard bytes[i] == .backslash, i + 1 < bytes.count else { i += 1; continue }
                flush(i)
                let escape = bytes[i + 1]
                i += 2
                switch escape {
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let end = min(i + (escape == UInt8(ascii: "u") ? 4 : 8), bytes.count)
                    let v = UInt32(String(decoding: bytes[i..<end], as: UTF8.self), radix: 16)
                    if v == 0 { noteNulEscape() }
                    if let v, let s = Unicode.Scalar(v) { scalars.append(s) }
                    i = end
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{8}")
                case UInt8(ascii: "f"): scalars.append("\u{C}")
                default: scalars.append(Unicode.Scalar(escape))
                }
                start = i
            }
            flush(i)
            if i < bytes.count, bytes[i] == .quote { i += 1 }
            return String(scalars)
        }

        /// `'…'` as a key: taken as it is.
        mutating func readLiteralKey() -> String {
            i += 1
            let start = i
            while i < bytes.count, bytes[i] != .apostrophe, bytes[i] != .newline { i += 1 }
            defer { if i < bytes.count, bytes[i] == .apostrophe { i += 1 } }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }

        /// Past a value, however many lines it takes, up to the newline that ends it.
        mutating func skipValue() {
            var depth = 0
            while i < bytes.count {
                switch bytes[i] {
                case .newline:
                    if depth == 0 { return }
                    line += 1
                    i += 1
                case .hash: skipRestOfLine()
                case .quote, .apostrophe: skipString()
                case .openBracket, .openBrace: depth += 1; i += 1
                case .closeBracket, .closeBrace: depth -= 1; i += 1
                default: i += 1
                }
            }
        }

        /// Past a string value: `"…"`, `'…'`, or a multi-line `"""…"""` / `'''…'''`.
        mutating func skipString() {
            let quote = bytes[i]
            let escapes = quote == .quote
            let multiLine = i + 2 < bytes.count && bytes[i + 1] == quote && bytes[i + 2] == quote
            i += multiLine ? 3 : 1
            while i < bytes.count {
                let b = bytes[i]
                if escapes && b == .backslash {
                    if i + 1 < bytes.count && bytes[i + 1] == .newline { line += 1 }
                    if isNulEscape(at: i + 1) { noteNulEscape() }
                    i += 2
                    continue
                }
                if b == .newline {
                    guard multiLine else { return }
                    line += 1
                } else if b == quote {
                    if !multiLine { i += 1; return }
                    if i + 2 < bytes.count && bytes[i + 1] == quote && bytes[i + 2] == quote {
                        i += 3
                        // Up to two more quotes belong to the string ("""a""""" is a"").
                        var extra = 0
                        while extra < 2 && i < bytes.count && bytes[i] == quote { i += 1; extra += 1 }
                        return
                    }
                }
                i += 1
            }
        }

        /// Whether `u0000` or `U00000000` starts at `j` (just after a backslash).
        func isNulEscape(at j: Int) -> Bool {
            guard j < bytes.count else { return false }
            let width = bytes[j] == UInt8(ascii: "u") ? 4 : bytes[j] == UInt8(ascii: "U") ? 8 : 0
            guard width > 0, j + width < bytes.count else { return false }
            return bytes[(j + 1)...(j + width)].allSatisfy { $0 == UInt8(ascii: "0") }
        }

        mutating func noteNulEscape() {
            if nulEscapeLine == nil { nulEscapeLine = line }
        }

        mutating func skipBlanks() {
            while i < bytes.count, bytes[i] == .space || bytes[i] == .tab { i += 1 }
        }

        /// Up to the newline: a comment, or what follows a header.
        mutating func skipRestOfLine() {
            while i < bytes.count, bytes[i] != .newline { i += 1 }
        }
    }
}

private extension UInt8 {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let carriageReturn = UInt8(ascii: "\r")
    static let newline = UInt8(ascii: "\n")
    static let hash = UInt8(ascii: "#")
    static let equals = UInt8(ascii: "=")
    static let dot = UInt8(ascii: ".")
    static let quote = UInt8(ascii: "\"")
    static let apostrophe = UInt8(ascii: "'")
    static let backslash = UInt8(ascii: "\\")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
}
