import Foundation
import WhatsAppModel

// Curl import: a developer pastes a curl command from a vendor's documentation and wacon turns it
// into its own terms (gateway, profile facts, canonical message, vendor options). Three layers,
// each a plain function over values:
//   1. `ShellWords` splits the paste into words as a POSIX shell would (no expansion).
//   2. `CurlInvocation` reads curl's options: method, URL, headers, body.
//   3. `CurlImport` detects the gateway from the URL, recovers the profile facts, reads the body
//      with the gateway's own `read(body:path:)`, then re-encodes the message and lists every
//      place where what wacon would send differs from what the command sends.
// Files are never read: `-d @file` is refused, since a paste cannot carry the file with it.

// MARK: - Positions and errors

/// Why a pasted curl command could not be imported. Each message says what was wrong and where.
/// None quotes a header value or an option's value, so a secret in the paste cannot leak
/// through an error.
public enum CurlImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The paste has nothing but blanks and comments.
    case empty
    /// The command is not curl (`wget …`, `http POST …`).
    case notCurl(command: String, at: SourcePosition)
    /// A quote opened here is never closed.
    case unterminatedQuote(quote: String, at: SourcePosition)
    /// This line starts with an option, but the line before does not end with `\`: a shell would
    /// run it as a command of its own.
    case missingLineContinuation(line: Int)
    /// An option that takes a value is the last word.
    case missingValue(option: String, at: SourcePosition)
    /// An option curl does not have, or one written `--name=value` (curl takes the next word).
    case unknownOption(String, at: SourcePosition)
    /// A curl option that shapes the request in a way wacon cannot import (`--form`, `-u`).
    case unsupportedOption(String, at: SourcePosition, reason: String)
    /// `@file` or `@-`: the value is read from a file or standard input, which a paste does not carry.
    case readsFile(option: String, at: SourcePosition)
    /// A `-H` value without a `:` between name and value.
    case malformedHeader(at: SourcePosition)
    /// No URL in the command.
    case missingURL
    /// A second URL: curl would make a second request.
    case secondURL(at: SourcePosition)
    /// The URL cannot be read (credentials, if any, are left out of the text).
    case invalidURL(String, reason: String)
    /// The host is none of the gateways' API hosts.
    case unknownHost(String, known: [String])
    /// The host is a gateway's, but the path is not its send endpoint.
    case unexpectedPath(gateway: GatewayID, path: String, expected: String)
    /// A local (sandbox) URL whose path is no gateway's send endpoint.
    case unknownEndpoint(path: String)
    /// No `-d`/`--data…`/`--json`: there is no message to import.
    case missingBody
    /// The body is not JSON even in lenient mode. The parse position is within the body; `at`
    /// is where the data option's value starts in the paste.
    case bodyNotJSON(JSONParseError, at: SourcePosition)
    /// The body is JSON but not a message the gateway's API takes.
    case unreadableBody(gateway: GatewayID, MessageDecodingError)

    public var description: String {
        switch self {
        case .empty:
            return "the paste has no command"
        case .notCurl(let command, let at):
            return "\(at): the command is \"\(command.prefix(24))\", not curl"
        case .unterminatedQuote(let quote, let at):
            return "\(at): the quote \(quote) opened here is never closed"
        case .missingLineContinuation(let line):
            return "line \(line) starts with an option, but line \(line - 1) does not end with a backslash, so a shell would run it as a separate command"
        case .missingValue(let option, let at):
            return "\(at): \(option) needs a value"
        case .unknownOption(let option, let at):
            if let eq = option.firstIndex(of: "=") {
                let name = option[..<eq]
                return "\(at): unknown option \(name)=…; curl takes the value as the next word: \(name) VALUE"
            }
            return "\(at): unknown curl option \(option)"
        case .unsupportedOption(let option, let at, let reason):
            return "\(at): \(option) is not supported: \(reason)"
        case .readsFile(let option, let at):
            return "\(at): \(option) reads its value from a file (@…), which a pasted command does not carry; paste the value inline"
        case .malformedHeader(let at):
            return "\(at): the header has no ':' between name and value"
        case .missingURL:
            return "the command has no URL"
        case .secondURL(let at):
            return "\(at): a second URL; import one request at a time"
        case .invalidURL(let url, let reason):
            return "the URL \(url) cannot be imported: \(reason)"
        case .unknownHost(let host, let known):
            let placeholder = host.contains("<") || host.contains("{") ? " (it looks like a placeholder from the documentation: put the real host)" : ""
            return "unknown host \(host)\(placeholder); wacon knows \(known.joined(separator: ", ")), and localhost for the sandbox"
        case .unexpectedPath(let gateway, let path, let expected):
            return "\(path) is not \(gateway.gateway.displayName)'s send endpoint; expected \(expected)"
        case .unknownEndpoint(let path):
            let all = CurlImport.endpointOrder.map { "\($0.id) \($0.endpointShape)" }
            return "\(path) is no gateway's send endpoint; one of: \(all.joined(separator: ", "))"
        case .missingBody:
            return "the command sends no body (-d, --data, --data-raw, --data-binary or --json): there is no message to import"
        case .bodyNotJSON(let error, let at):
            return "the body (the data starting at \(at)) is not JSON, even leniently: body \(error)"
        case .unreadableBody(let gateway, let error):
            return "the body is not a \(gateway.gateway.displayName) message: \(error)"
        }
    }
}

// MARK: - Shell words

/// One word of a shell command after quote removal, with where it starts in the paste.
public struct ShellWord: Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var position: SourcePosition
    /// The word has a `$NAME`, `${…}`, `$(…)` or backquote outside single quotes: a shell would
    /// expand it. wacon never does; it keeps the text as written.
    public var hasExpansion: Bool

    public init(text: String, position: SourcePosition, hasExpansion: Bool = false) {
        self.text = text
        self.position = position
        self.hasExpansion = hasExpansion
    }

    public var description: String { text }
}

/// The first simple command of a shell text.
public struct ShellCommand: Sendable, Hashable {
    public var words: [ShellWord]
    /// Redirections (`> out.json`, `2>/dev/null`), operator and target: they do not change the request.
    public var redirections: [String]
    /// What ended the command: `|`, `||`, `&`, `&&`, `;`, a line break (`"\n"`), or nil at the end.
    public var terminator: String?
    public var terminatorPosition: SourcePosition?
    /// The text after the terminator (line ends normalised to `\n`).
    public var remainder: String
    /// The line the remainder starts on.
    public var remainderLine: Int
}

/// Splits shell text into words the way a POSIX shell does, without expanding anything:
/// blanks separate words; single quotes keep everything; double quotes keep everything but
/// `\"`, `\\`, `\$`, `` \` `` and backslash-newline; an unquoted backslash escapes the next
/// character; backslash-newline continues the line; `$'…'` takes C escapes; `#` at the start
/// of a word comments to the end of the line. Line ends may be `\r\n`. Two things a shell does
/// not do, because pastes from documentation need them: a leading `$ ` prompt is dropped, and
/// `<name>` glued into a word is a documentation placeholder, not two redirections.
public enum ShellWords {
    /// The first command in `text` (blank and comment lines before it are skipped).
    public static func firstCommand(in text: String) throws(CurlImportError) -> ShellCommand {
        var scanner = ShellScanner(text)
        return try scanner.command()
    }

    /// The words of the first command in `text`.
    public static func split(_ text: String) throws(CurlImportError) -> [String] {
        try firstCommand(in: text).words.map(\.text)
    }
}

/// The scanner behind `ShellWords`, over Unicode scalars with `\r\n` and lone `\r` made `\n`.
struct ShellScanner {
    let s: [Unicode.Scalar]
    /// `positions[k]` is where `s[k]` was in the paste; one more entry for the end.
    let positions: [SourcePosition]
    var i = 0

    init(_ text: String) {
        var scalars: [Unicode.Scalar] = []
        var positions: [SourcePosition] = []
        let raw = Array(text.unicodeScalars)
        var line = 1, column = 1, k = 0
        while k < raw.count {
            var c = raw[k]
            if c == "\r" {
                if k + 1 < raw.count, raw[k + 1] == "\n" { k += 1 }
                c = "\n"
            }
            scalars.append(c)
            positions.append(SourcePosition(line: line, column: column))
            if c == "\n" { line += 1; column = 1 } else { column += 1 }
            k += 1
        }
        positions.append(SourcePosition(line: line, column: column))
        s = scalars
        self.positions = positions
    }

    func peek(_ offset: Int) -> Unicode.Scalar? { i + offset < s.count ? s[i + offset] : nil }

    /// Blanks between words. A no-break space counts: web pages put them in copied commands.
    static func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\u{A0}" }

    mutating func skipBlanks() {
        while i < s.count, Self.isBlank(s[i]) { i += 1 }
    }

    /// Reads one command, stopping after its terminator.
    mutating func command() throws(CurlImportError) -> ShellCommand {
        var words: [ShellWord] = []
        var redirections: [String] = []
        while true {
            skipBlanks()
            guard i < s.count else { return finish(words, redirections, terminator: nil) }
            let c = s[i]
            if c == "\\", peek(1) == "\n" { i += 2; continue }
            if c == "\n" {
                if words.isEmpty { i += 1; continue }
                return finish(words, redirections, terminator: "\n")
            }
            if c == "#" {
                while i < s.count, s[i] != "\n" { i += 1 }
                continue
            }
            // A prompt copied along with the command: "$ curl …".
            if words.isEmpty, c == "$", let next = peek(1), Self.isBlank(next) { i += 2; continue }
            if let op = operatorHere() {
                if op.hasPrefix("<") || op.hasPrefix(">") {
                    i += op.unicodeScalars.count
                    skipBlanks()
                    var target = ""
                    if i < s.count, s[i] != "\n", operatorHere() == nil, let w = try word() { target = w.text }
                    redirections.append(op + target)
                    continue
                }
                return finish(words, redirections, terminator: op)
            }
            if let w = try word() { words.append(w) }
        }
    }

    private mutating func finish(_ words: [ShellWord], _ redirections: [String], terminator: String?) -> ShellCommand {
        let at = terminator.map { _ in positions[i] }
        if let terminator { i += terminator.unicodeScalars.count }
        var rest = String.UnicodeScalarView()
        rest.append(contentsOf: s[i...])
        return ShellCommand(words: words, redirections: redirections, terminator: terminator, terminatorPosition: at,
                            remainder: String(rest), remainderLine: positions[i].line)
    }

    /// The control or redirection operator at `i`, if any (a `<name>` placeholder is not one).
    func operatorHere() -> String? {
        guard i < s.count else { return nil }
        let two = peek(1).map { String(s[i]) + String($0) }
        switch s[i] {
        case "|": return two == "||" ? "||" : "|"
        case "&": return two == "&&" ? "&&" : two == "&>" ? "&>" : "&"
        case ";": return ";"
        case ">": return two == ">>" ? ">>" : two == ">&" ? ">&" : two == ">|" ? ">|" : ">"
        case "<": return placeholderEnd(i) != nil ? nil : two == "<<" ? "<<" : two == "<&" ? "<&" : "<"
        default: return nil
        }
    }

    /// The index of the `>` closing a `<name>` placeholder that starts at `k`.
    func placeholderEnd(_ k: Int) -> Int? {
        var j = k + 1
        while j < s.count, s[j].properties.isAlphabetic || s[j].properties.numericType != nil || "_-.".unicodeScalars.contains(s[j]) { j += 1 }
        return j > k + 1 && j < s.count && s[j] == ">" ? j : nil
    }

    /// Reads one word; nil when it was the number of a redirection (`2>/dev/null`).
    mutating func word() throws(CurlImportError) -> ShellWord? {
        let start = positions[i]
        var text = String.UnicodeScalarView()
        var expands = false, quoted = false
        loop: while i < s.count {
            let c = s[i]
            switch c {
            case " ", "\t", "\u{A0}", "\n", "|", "&", ";", ">":
                break loop
            case "<":
                guard let end = placeholderEnd(i) else { break loop }
                text.append(contentsOf: s[i...end])
                i = end + 1
            case "\\":
                quoted = true
                if i + 1 >= s.count {
                    text.append(c)  // a lone backslash at the very end stays itself
                    i += 1
                } else {
                    if s[i + 1] != "\n" { text.append(s[i + 1]) }
                    i += 2
                }
            case "'":
                quoted = true
                try singleQuoted(into: &text)
            case "\"":
                quoted = true
                try doubleQuoted(into: &text, expands: &expands)
            case "$" where peek(1) == "'":
                quoted = true
                try ansiCQuoted(into: &text)
            case "$" where peek(1) == "\"":
                i += 1  // $"…" is a translated string: double-quoted for our purpose
            case "$":
                if startsExpansion(i + 1) { expands = true }
                text.append(c)
                i += 1
            case "`":
                expands = true
                text.append(c)
                i += 1
            default:
                text.append(c)
                i += 1
            }
        }
        if !quoted, !text.isEmpty, text.allSatisfy({ $0.properties.numericType != nil && $0.isASCII }), i < s.count, s[i] == "<" || s[i] == ">" {
            return nil
        }
        return ShellWord(text: String(text), position: start, hasExpansion: expands)
    }

    func startsExpansion(_ k: Int) -> Bool {
        guard k < s.count else { return false }
        let c = s[k]
        return c == "{" || c == "(" || c == "_" || c.properties.isAlphabetic || c.properties.numericType != nil
    }

    private mutating func singleQuoted(into text: inout String.UnicodeScalarView) throws(CurlImportError) {
        let open = positions[i]
        i += 1
        while i < s.count, s[i] != "'" { text.append(s[i]); i += 1 }
        guard i < s.count else { throw .unterminatedQuote(quote: "'", at: open) }
        i += 1
    }

    private mutating func doubleQuoted(into text: inout String.UnicodeScalarView, expands: inout Bool) throws(CurlImportError) {
        let open = positions[i]
        i += 1
        while i < s.count, s[i] != "\"" {
            let c = s[i]
            if c == "\\", i + 1 < s.count {
                let n = s[i + 1]
                if n == "\n" { i += 2; continue }
                if "$`\"\\".unicodeScalars.contains(n) { text.append(n); i += 2; continue }
            }
            if c == "$", startsExpansion(i + 1) { expands = true }
            if c == "`" { expands = true }
            text.append(c)
            i += 1
        }
        guard i < s.count else { throw .unterminatedQuote(quote: "\"", at: open) }
        i += 1
    }

    /// `$'…'`: C-style escapes (`\n`, `\t`, `\'`, `\xHH`, `\uHHHH`, octal, …).
    private mutating func ansiCQuoted(into text: inout String.UnicodeScalarView) throws(CurlImportError) {
        let open = positions[i]
        i += 2
        func hex(_ maxDigits: Int) -> UInt32? {
            var v: UInt32 = 0, n = 0
            while n < maxDigits, i < s.count, let d = UInt32(String(s[i]), radix: 16) {
                v = v * 16 + d
                i += 1
                n += 1
            }
            return n == 0 ? nil : v
        }
        let octal = Unicode.Scalar("0")...Unicode.Scalar("7")
        while i < s.count, s[i] != "'" {
            guard s[i] == "\\", i + 1 < s.count else { text.append(s[i]); i += 1; continue }
            let e = s[i + 1]
            i += 2
            switch e {
            case "n": text.append("\n")
            case "t": text.append("\t")
            case "r": text.append("\r")
            case "a": text.append("\u{07}")
            case "b": text.append("\u{08}")
            case "e", "E": text.append("\u{1B}")
            case "f": text.append("\u{0C}")
            case "v": text.append("\u{0B}")
            case "x", "u", "U":
                let digits = e == "x" ? 2 : e == "u" ? 4 : 8
                if let v = hex(digits), let u = Unicode.Scalar(v) { text.append(u) } else { text.append("\\"); text.append(e) }
            case octal:
                var v = UInt32(String(e))!, n = 1
                while n < 3, i < s.count, octal.contains(s[i]) { v = v * 8 + UInt32(String(s[i]))!; i += 1; n += 1 }
                if let u = Unicode.Scalar(v) { text.append(u) }
            case "\\", "'", "\"", "?": text.append(e)
            default: text.append("\\"); text.append(e)
            }
        }
        guard i < s.count else { throw .unterminatedQuote(quote: "$'", at: open) }
        i += 1
    }
}

// MARK: - Curl options

/// What a curl command line asks for, before any gateway knowledge. Internal: its headers hold
/// the secret as pasted; `ImportedRequest` keeps it only in its `secret` field.
struct CurlInvocation {
    struct Header {
        var name: String
        var value: String
        /// nil for the headers curl adds itself (`--json`, the form content type of `-d`).
        var position: SourcePosition?
        var hasExpansion: Bool
    }

    var explicitMethod: String?
    var url: ShellWord?
    var headers: [Header] = []
    var body: String?
    var bodyPosition: SourcePosition?
    var bodyHasExpansion = false
    var notes: [String] = []

    /// `-X` wins; otherwise a body makes it POST, as curl does.
    var method: String { explicitMethod ?? (body != nil ? "POST" : "GET") }

    /// The last header with this name (case-insensitive), as a server that keeps one would see.
    func header(_ name: String) -> Header? { headers.last { $0.name.lowercased() == name.lowercased() } }

    enum DataMode { case ascii, binary, raw, json }

    enum Option {
        case method, header, url
        case data(DataMode)
        /// Changes nothing the gateway receives (`-s`, `-L`, `--compressed`).
        case flag
        /// Takes a value that changes nothing the gateway receives (`-o FILE`, `--max-time S`).
        case ignored
        case unsupported(takesValue: Bool, reason: String)

        var takesValue: Bool {
            switch self {
            case .method, .header, .url, .data, .ignored: return true
            case .flag: return false
            case .unsupported(let takesValue, _): return takesValue
            }
        }
    }

    static let form = "the gateways take a JSON body; this sends a form"
    static let short: [Character: Option] = [
        "X": .method, "H": .header, "d": .data(.ascii),
        "s": .flag, "S": .flag, "v": .flag, "i": .flag, "L": .flag, "k": .flag, "f": .flag, "N": .flag, "g": .flag, "#": .flag,
        "o": .ignored, "m": .ignored, "w": .ignored, "A": .ignored, "e": .ignored, "x": .ignored, "b": .ignored, "c": .ignored,
        "F": .unsupported(takesValue: true, reason: form),
        "T": .unsupported(takesValue: true, reason: "it uploads a file"),
        "u": .unsupported(takesValue: true, reason: "none of the gateways uses basic authentication; they take an API key or token header"),
        "G": .unsupported(takesValue: false, reason: "it moves the data into the URL query and sends GET"),
        "I": .unsupported(takesValue: false, reason: "it sends HEAD, with no body"),
        "K": .unsupported(takesValue: true, reason: "it reads options from a file"),
    ]
    static let long: [String: Option] = [
        "request": .method, "header": .header, "url": .url,
        "data": .data(.ascii), "data-ascii": .data(.ascii), "data-binary": .data(.binary), "data-raw": .data(.raw), "json": .data(.json),
        "silent": .flag, "show-error": .flag, "verbose": .flag, "include": .flag, "location": .flag, "location-trusted": .flag,
        "insecure": .flag, "compressed": .flag, "fail": .flag, "fail-with-body": .flag, "no-buffer": .flag, "globoff": .flag,
        "progress-bar": .flag, "no-progress-meter": .flag, "http1.1": .flag, "http2": .flag, "http2-prior-knowledge": .flag, "http3": .flag,
        "output": .ignored, "max-time": .ignored, "connect-timeout": .ignored, "retry": .ignored, "retry-delay": .ignored,
        "retry-max-time": .ignored, "write-out": .ignored, "user-agent": .ignored, "referer": .ignored, "proxy": .ignored,
        "cookie": .ignored, "cookie-jar": .ignored, "trace": .ignored, "trace-ascii": .ignored, "stderr": .ignored,
        "form": .unsupported(takesValue: true, reason: form),
        "form-string": .unsupported(takesValue: true, reason: form),
        "data-urlencode": .unsupported(takesValue: true, reason: "the gateways take a JSON body; this sends URL-encoded form data"),
        "upload-file": .unsupported(takesValue: true, reason: "it uploads a file"),
        "user": .unsupported(takesValue: true, reason: "none of the gateways uses basic authentication; they take an API key or token header"),
        "oauth2-bearer": .unsupported(takesValue: true, reason: "write the token as a header: -H 'Authorization: Bearer …'"),
        "get": .unsupported(takesValue: false, reason: "it moves the data into the URL query and sends GET"),
        "head": .unsupported(takesValue: false, reason: "it sends HEAD, with no body"),
        "config": .unsupported(takesValue: true, reason: "it reads options from a file"),
        "next": .unsupported(takesValue: false, reason: "it starts a second request; import one at a time"),
    ]

    /// Reads curl's options from the words after `curl`.
    init(_ words: ArraySlice<ShellWord>) throws(CurlImportError) {
        var rest = words[...]
        var dataParts = 0
        var usedJSON = false
        var optionsEnded = false
        while let word = rest.popFirst() {
            let text = word.text
            if optionsEnded || !text.hasPrefix("-") || text == "-" {
                if text == "-" { throw .unknownOption(text, at: word.position) }
                try setURL(word)
                continue
            }
            if text == "--" { optionsEnded = true; continue }
            // Each entry: the option as written, what it is, and its value from the same word if any.
            var found: [(name: String, option: Option, attached: String?)] = []
            if text.hasPrefix("--") {
                let name = String(text.dropFirst(2))
                if let o = Self.long[name] {
                    found.append((text, o, nil))
                } else if name.hasPrefix("no-"), case .flag? = Self.long[String(name.dropFirst(3))] {
                    continue
                } else {
                    // Only the part before "=" is quoted back: the rest may be a secret.
                    throw .unknownOption(name.contains("=") ? "--" + name.prefix { $0 != "=" } + "=" : text, at: word.position)
                }
            } else {
                // A cluster of short options: "-sSL", "-XPOST", "-sX POST".
                var chars = text.dropFirst()
                while let c = chars.popFirst() {
                    guard let o = Self.short[c] else { throw .unknownOption("-\(c)", at: word.position) }
                    if o.takesValue {
                        found.append(("-\(c)", o, chars.isEmpty ? nil : String(chars)))
                        break
                    }
                    found.append(("-\(c)", o, nil))
                }
            }
            for (name, option, attached) in found {
                var value: ShellWord?
                if option.takesValue {
                    if let attached {
                        value = ShellWord(text: attached, position: word.position, hasExpansion: word.hasExpansion)
                    } else {
                        guard let next = rest.popFirst() else { throw .missingValue(option: name, at: word.position) }
                        value = next
                    }
                }
                switch option {
                case .flag: break
                case .ignored: notes.append("ignored \(name): it does not change what the gateway receives")
                case .unsupported(_, let reason): throw .unsupportedOption(name, at: word.position, reason: reason)
                case .method: explicitMethod = value!.text.uppercased()
                case .url: try setURL(value!)
                case .header: try addHeader(value!, option: name)
                case .data(let mode):
                    let v = value!
                    if mode != .raw, v.text.hasPrefix("@") { throw .readsFile(option: name, at: v.position) }
                    // curl joins several data options with "&"; --json parts are joined with nothing.
                    if let b = body { body = b + (mode == .json ? "" : "&") + v.text } else { body = v.text; bodyPosition = v.position }
                    bodyHasExpansion = bodyHasExpansion || v.hasExpansion
                    dataParts += 1
                    if mode == .json { usedJSON = true }
                }
            }
        }
        if dataParts > 1 { notes.append("the command has \(dataParts) data options; curl joins them into one body") }
        // The headers curl adds on its own, unless the command sets them.
        if usedJSON {
            if header("Content-Type") == nil { headers.append(Header(name: "Content-Type", value: "application/json", position: nil, hasExpansion: false)) }
            if header("Accept") == nil { headers.append(Header(name: "Accept", value: "application/json", position: nil, hasExpansion: false)) }
        } else if body != nil, header("Content-Type") == nil {
            headers.append(Header(name: "Content-Type", value: "application/x-www-form-urlencoded", position: nil, hasExpansion: false))
            notes.append("the command sets no Content-Type, so curl would send application/x-www-form-urlencoded; the gateways take JSON")
        }
    }

    private mutating func setURL(_ word: ShellWord) throws(CurlImportError) {
        if url != nil { throw .secondURL(at: word.position) }
        url = word
    }

    private mutating func addHeader(_ word: ShellWord, option: String) throws(CurlImportError) {
        let text = word.text
        if text.hasPrefix("@") { throw .readsFile(option: option, at: word.position) }
        let name: Substring, value: Substring
        if let colon = text.firstIndex(of: ":") {
            name = text[..<colon]
            value = text[text.index(after: colon)...]
        } else if text.hasSuffix(";") {
            name = text.dropLast()  // curl's "Name;" sends the header with an empty value
            value = ""
        } else {
            throw .malformedHeader(at: word.position)
        }
        let trimmedName = name.trimmingCharacters(in: .whitespaces)
        guard !trimmedName.isEmpty, !trimmedName.contains(" ") else { throw .malformedHeader(at: word.position) }
        headers.append(Header(name: trimmedName, value: value.trimmingCharacters(in: .whitespaces), position: word.position, hasExpansion: word.hasExpansion))
    }
}

// MARK: - URLs and endpoints

/// A pasted URL in parts. Hand-split rather than `URLComponents`, which refuses the `<sid>`-style
/// placeholders documentation is full of; the import must get far enough to name them.
struct PastedURL {
    var scheme: String
    var host: String
    var port: String?
    var path: String
    var query: [(name: String, value: String)]

    /// scheme://host[:port], lowercased as HTTP compares them.
    var origin: String { scheme + "://" + host + (port.map { ":" + $0 } ?? "") }

    /// The path's segments, percent-decoded.
    var segments: [String] {
        path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
    }

    init(_ text: String, notes: inout [String]) throws(CurlImportError) {
        var rest = Substring(text)
        if let sep = rest.range(of: "://") {
            scheme = rest[..<sep.lowerBound].lowercased()
            rest = rest[sep.upperBound...]
        } else {
            scheme = "http"
            notes.append("the URL has no scheme; curl assumes http://")
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        if let at = authority.lastIndex(of: "@") {
            // Never echo the credentials.
            throw .invalidURL(scheme + "://" + authority[authority.index(after: at)...] + rest,
                              reason: "it carries credentials (user:password@); the gateways take an API key or token header")
        }
        guard scheme == "https" || scheme == "http" else { throw .invalidURL(text, reason: "wacon imports http:// and https:// URLs") }
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            port = String(authority[authority.index(after: colon)...])
            authority = authority[..<colon]
        }
        host = authority.lowercased()
        guard !host.isEmpty else { throw .invalidURL(text, reason: "it has no host") }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }  // curl never sends a fragment
        let queryStart = rest.firstIndex(of: "?")
        let rawPath = queryStart.map { rest[..<$0] } ?? rest
        path = rawPath.isEmpty ? "/" : String(rawPath)
        query = []
        if let q = queryStart {
            for pair in rest[rest.index(after: q)...].split(separator: "&") where !pair.isEmpty {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                let value = parts.count > 1 ? String(parts[1]).removingPercentEncoding ?? String(parts[1]) : ""
                query.append((name, value))
            }
        }
    }

    /// The URL as compared with the one wacon builds: scheme and host lowercased, fragment
    /// dropped, percent-escapes decoded (`%2B91…` and `+91…` reach the server as the same path).
    var normalised: String {
        let q = query.isEmpty ? "" : "?" + query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        return origin + (path.removingPercentEncoding ?? path) + q
    }
}

// MARK: - The import

/// What a pasted curl command says about the profile that would send it, under the names the
/// config file uses. None of these is secret; the key or token is in `ImportedRequest.secret`.
/// The gateway's own values read as on a profile: `facts.sid`, `facts.phoneID`.
@dynamicMemberLookup
public struct ImportedProfileFacts: Sendable, Hashable {
    /// Set only when the URL is not the gateway's documented one (a sandbox, a proxy).
    public var baseURL: String?
    /// The gateway's profile keys found in the URL, the headers and the body.
    public var values = ProfileValues()
    /// The header that carried the secret (`Authorization`, `api-key`, `x-api-key`).
    public var secretHeader: String?

    public init() {}

    public subscript<T>(dynamicMember key: WritableKeyPath<ProfileValues, T>) -> T {
        get { values[keyPath: key] }
        set { values[keyPath: key] = newValue }
    }

    /// The facts that are set, as (config key, value) in a stable order, for printing.
    public var entries: [(key: String, value: String)] {
        (baseURL.map { [(key: "base_url", value: $0)] } ?? []) + values.entries
    }
}

/// One place where what wacon would send for the imported message and profile differs from
/// what the pasted command sends. Values of the secret header, and of headers wacon does not
/// know, are masked.
public struct ImportDifference: Sendable, Hashable, CustomStringConvertible {
    public enum Place: Sendable, Hashable, CustomStringConvertible {
        case method, url
        case header(String)
        case body(FieldPath)

        public var description: String {
            switch self {
            case .method: return "method"
            case .url: return "url"
            case .header(let name): return "header \(name)"
            case .body(let path): return "body \(path.display)"
            }
        }
    }

    public var place: Place
    /// What the command sends there; nil when it sends nothing there. Body values are compact JSON.
    public var pasted: String?
    /// What wacon would send there; nil when it sends nothing there.
    public var wacon: String?

    public init(_ place: Place, pasted: String?, wacon: String?) {
        self.place = place
        self.pasted = pasted
        self.wacon = wacon
    }

    public var description: String {
        let sent = pasted.map { "the command sends \($0)" } ?? "the command has none"
        let ours = wacon.map { "wacon sends \($0)" } ?? "wacon leaves it out"
        return "\(place): \(sent); \(ours)"
    }
}

/// A curl command read into wacon's terms.
public struct ImportedRequest: Sendable, Hashable, CustomStringConvertible {
    public var gateway: GatewayID
    /// The method and URL as the command sends them.
    public var method: String
    public var url: String
    public var facts: ImportedProfileFacts
    /// The API key or token from the paste: `.inline` with the value as written, or `.env(NAME)`
    /// when the command takes it from a shell variable (`"Bearer $TOKEN"`). This is the only
    /// place the secret is kept; `description`, `notes` and `differences` never show it. The
    /// caller decides whether to store it.
    public var secret: SecretRef?
    /// The canonical message and the vendor options, as the gateway's `read` sees the body.
    public var message: OutboundMessage
    public var options: VendorOptions
    /// What the import had to do or noticed: lenient JSON, ignored options, placeholders.
    public var notes: [String]
    /// Where re-encoding the message with the imported profile does not give back the command's
    /// request. Empty means the import is exact.
    public var differences: [ImportDifference]
    /// What the gateway would say of the imported message, as `validate` and `send` would: an
    /// exact import of a request the gateway refuses still has its errors here.
    public var findings: [Finding]

    /// Re-encoding gives back the command's method, URL, headers and body (as JSON values).
    public var isExact: Bool { differences.isEmpty }

    /// The secret as printed: `env:NAME`, or the masked value.
    public var maskedSecret: String? {
        switch secret {
        case .env(let name)?: return "env:\(name)"
        case .inline(let value)?: return Secret(value: value, source: .inline(value)).masked
        case nil: return nil
        }
    }

    /// A profile with the imported facts and the given secret (pass `secret` to keep the pasted
    /// one, a `.env` reference to keep it out of the config file, or nil).
    public func profile(named name: String, secret: SecretRef?) -> Profile {
        var p = Profile(name: name, gateway: gateway)
        p.baseURL = facts.baseURL
        p.values = facts.values
        p.secret = secret
        return p
    }

    public var description: String {
        var s = "\(gateway.gateway.displayName): \(message.kind) message to \(message.to) (\(method) \(url))"
        let facts = self.facts.entries.map { "\($0.key)=\($0.value)" }
        if !facts.isEmpty { s += "; profile \(facts.joined(separator: ", "))" }
        if let secret { s += "; secret \(secret) from \(self.facts.secretHeader ?? "a header")" }
        s += isExact ? "; exact" : "; \(differences.count) difference(s)"
        let errors = findings.errors.count
        if errors > 0 { s += "; \(errors) error(s): the gateway would refuse it" }
        return s
    }
}

/// Imports a pasted curl command: the gateway from the URL, the profile facts from the URL,
/// headers and body, and the canonical message through the gateway's own `read`.
public enum CurlImport {
    /// The API hosts wacon recognises: every gateway's.
    public static var knownHosts: [GatewayHost] { GatewayRegistry.apiHosts }

    /// Hosts of a local wacon sandbox: the gateway is then found from the path.
    static let loopbackHosts: Set<String> = ["localhost", "127.0.0.1", "[::1]", "0.0.0.0"]

    /// The gateways with the longest endpoint paths first, so a path prefix cannot make one
    /// endpoint look like another.
    static let endpointOrder: [any Gateway] = GatewayRegistry.all.enumerated().sorted { a, b in
        let (x, y) = (segmentCount(a.element.endpointShape), segmentCount(b.element.endpointShape))
        return x != y ? x > y : a.offset < b.offset
    }.map(\.element)

    /// The segments of an endpoint's shape (the first, where it names several).
    static func segmentCount(_ shape: String) -> Int {
        (shape.components(separatedBy: " or ").first ?? shape).split(separator: "/").count
    }

    /// Headers the HTTP client sets on its own; a command that sets them does not change the message.
    static let transportHeaders: Set<String> = ["accept", "accept-encoding", "accept-language", "user-agent", "connection", "content-length", "host", "expect"]

    /// Imports the first command in `command`.
    ///
    /// - Parameter gateway: skips host detection, for a gateway behind a proxy or a custom base
    ///   URL: the URL's path must end in that gateway's endpoint, and what is before it becomes
    ///   the profile's base URL.
    public static func parse(_ command: String, gateway forced: GatewayID? = nil) throws(CurlImportError) -> ImportedRequest {
        let shell = try ShellWords.firstCommand(in: command)
        guard let first = shell.words.first else { throw .empty }
        let name = first.text.split(separator: "/").last.map(String.init) ?? first.text
        guard name == "curl" || name == "curl.exe" else { throw .notCurl(command: first.text, at: first.position) }
        var notes: [String] = []
        try checkRemainder(shell, notes: &notes)
        for r in shell.redirections { notes.append("ignored the redirection \(r): it does not change the request") }

        let curl = try CurlInvocation(shell.words.dropFirst())
        notes += curl.notes
        guard let urlWord = curl.url else { throw .missingURL }
        if urlWord.hasExpansion { notes.append("the URL uses shell variables ($…), which wacon does not expand") }
        let url = try PastedURL(urlWord.text, notes: &notes)

        // Gateway and the facts in the URL: the path's, the host's (a pod), the query's.
        let (gateway, match) = try detect(url, forced: forced)
        let g = gateway.gateway
        var facts = ImportedProfileFacts()
        facts.values = match.values
        if let host = knownHosts.first(where: { $0.host == url.host }), !host.values.isEmpty, match.prefixCount == 0, url.scheme == "https", url.port == nil {
            facts.values.merge(host.values)
        } else {
            let base = url.origin + url.segments.prefix(match.prefixCount).map { "/" + $0 }.joined()
            if base != g.defaultBaseURL { facts.baseURL = base }
        }
        for key in g.profileKeys {
            if case .query(let name)? = key.wirePlace { facts.values[key.name] = url.query.last { $0.name == name }?.value }
        }

        // The secret and the facts in headers, where the gateway's encoder puts them.
        let auth = g.authHeader
        var secret: SecretRef?
        var secretAsPasted: String?
        var secretIsVariable = false
        if let h = curl.header(auth.name) {
            facts.secretHeader = h.name
            var value = h.value
            if value.lowercased().hasPrefix(auth.prefix.lowercased()) {
                value = String(value.dropFirst(auth.prefix.count))
            } else if !auth.prefix.isEmpty {
                notes.append("the \(h.name) header does not start with \"\(auth.prefix)\"; wacon sends it with that prefix")
            }
            secretAsPasted = value
            if h.hasExpansion, let variable = shellVariable(value) {
                secret = .env(variable)
                secretIsVariable = true
            } else {
                secret = .inline(value)
                if looksLikePlaceholder(value) { notes.append("the secret in \(h.name) looks like a documentation placeholder; use the real key in the profile") }
            }
        }
        for key in g.profileKeys {
            if case .header(let name)? = key.wirePlace, let h = curl.header(name) { facts.values[key.name] = h.value }
        }
        for h in curl.headers where h.hasExpansion && !(secretIsVariable && h.name == facts.secretHeader) {
            notes.append("the \(h.name) header uses shell variables ($…), which wacon does not expand")
        }

        // The body, read by the gateway itself.
        guard let bodyText = curl.body else { throw .missingBody }
        if curl.bodyHasExpansion { notes.append("the body uses shell variables ($…), which wacon does not expand") }
        let body = try parseBody(bodyText, at: curl.bodyPosition ?? urlWord.position, notes: &notes)
        let read: ReadRequest
        do { read = try g.read(body: body, path: url.path) } catch { throw .unreadableBody(gateway: gateway, error) }
        // A body may carry profile values next to the message (Zixflow's phone id).
        for key in g.profileKeys {
            if case .bodyMember(let name)? = key.wirePlace { facts.values[key.name] = body[name]?.stringValue }
        }

        var imported = ImportedRequest(gateway: gateway, method: curl.method, url: urlWord.text, facts: facts, secret: secret,
                                       message: read.message, options: read.options, notes: notes, differences: [], findings: [])
        // The secret exactly as pasted (a "${TOKEN}" stays as written), so the headers compare.
        let profile = imported.profile(named: "import", secret: secretAsPasted.map(SecretRef.inline))
        let wire = g.encode(read.message, profile: profile, options: read.options)
        imported.differences = differences(curl, url, body, wire, notes: &imported.notes)
        // What the gateway's reader filled in joins the verdict as notes, at the request's own paths.
        imported.findings = g.messageFindings(read.message, profile: profile, options: read.options) + read.notes
        return imported
    }

    /// Every curl command in a text such as a documentation page: each line whose first word is
    /// `curl`, through the end of that command. A command that cannot be split (an unclosed
    /// quote) runs to the next such line, so `parse` can report the problem.
    public static func commands(in text: String) -> [String] {
        var scanner = ShellScanner(text)
        var starts: [Int] = []
        var lineStart = 0
        for k in 0...scanner.s.count where k == scanner.s.count || scanner.s[k] == "\n" {
            var j = lineStart
            while j < k, ShellScanner.isBlank(scanner.s[j]) { j += 1 }
            if j + 1 < k, scanner.s[j] == "$", ShellScanner.isBlank(scanner.s[j + 1]) { j += 2 }
            if j + 4 <= k, String(String.UnicodeScalarView(scanner.s[j..<(j + 4)])) == "curl",
               j + 4 == k || ShellScanner.isBlank(scanner.s[j + 4]) || scanner.s[j + 4] == "\\" {
                starts.append(lineStart)
            }
            lineStart = k + 1
        }
        var out: [String] = []
        for (n, start) in starts.enumerated() {
            let limit = n + 1 < starts.count ? starts[n + 1] : scanner.s.count
            if start < scanner.i { continue }  // inside the previous command (a quoted body)
            scanner.i = start
            var end = limit
            if (try? scanner.command()) != nil {
                // Back over the terminator and trailing blanks.
                end = scanner.i
                while end > start, scanner.s[end - 1] == "\n" || ShellScanner.isBlank(scanner.s[end - 1]) || "|;&".unicodeScalars.contains(scanner.s[end - 1]) { end -= 1 }
            } else {
                scanner.i = limit
            }
            out.append(String(String.UnicodeScalarView(scanner.s[start..<end])))
        }
        return out
    }

    // MARK: Steps

    /// What follows the command: another command is ignored with a note, but a line that starts
    /// with an option is a continuation whose backslash was lost, and the import stops there.
    static func checkRemainder(_ shell: ShellCommand, notes: inout [String]) throws(CurlImportError) {
        guard let terminator = shell.terminator else { return }
        let lines = shell.remainder.split(separator: "\n", omittingEmptySubsequences: false)
        if terminator == "\n" {
            for (k, line) in lines.enumerated() {
                let t = line.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { continue }
                if t.hasPrefix("-") { throw .missingLineContinuation(line: shell.remainderLine + k) }
                notes.append("ignored the text after the command, from line \(shell.remainderLine + k)")
                return
            }
        } else if let at = shell.terminatorPosition {
            notes.append("ignored everything after \(terminator) at \(at)")
        }
    }

    static func detect(_ url: PastedURL, forced: GatewayID?) throws(CurlImportError) -> (GatewayID, EndpointMatch) {
        let segments = url.segments
        if let forced {
            guard let m = forced.gateway.matchEndpoint(segments) else {
                throw .unexpectedPath(gateway: forced, path: url.path, expected: forced.gateway.endpointShape)
            }
            return (forced, m)
        }
        if let known = knownHosts.first(where: { $0.host == url.host }) {
            guard let m = known.gateway.gateway.matchEndpoint(segments), m.prefixCount == 0 else {
                throw .unexpectedPath(gateway: known.gateway, path: url.path, expected: known.gateway.gateway.endpointShape)
            }
            return (known.gateway, m)
        }
        guard loopbackHosts.contains(url.host) else { throw .unknownHost(url.host, known: knownHosts.map(\.host)) }
        for g in endpointOrder {
            if let m = g.matchEndpoint(segments) { return (g.id, m) }
        }
        throw .unknownEndpoint(path: url.path)
    }

    /// Strict JSON first; then without `#` and `//` comments and in the parser's lenient mode
    /// (missing commas), which vendors' own examples need. Either fallback is reported in a note.
    static func parseBody(_ text: String, at: SourcePosition, notes: inout [String]) throws(CurlImportError) -> JSONValue {
        let bytes = Array(text.utf8)
        let strictError: JSONParseError
        do { return try JSONParser.parse(bytes) } catch { strictError = error }
        let (cleaned, commentLines) = JSONComments.strip(bytes)
        let value: JSONValue
        do { value = try JSONParser.parse(cleaned, lenient: true) } catch { throw .bodyNotJSON(error, at: at) }
        var done: [String] = []
        if !commentLines.isEmpty {
            done.append("removed the comment(s) on body line(s) \(commentLines.map(String.init).joined(separator: ", "))")
        }
        if (try? JSONParser.parse(cleaned)) == nil { done.append("read it in lenient mode (missing commas between members)") }
        notes.append("the body is not valid JSON (body \(strictError)); wacon \(done.joined(separator: " and "))")
        return value
    }

    /// `$NAME` or `${NAME}`, the whole value: the secret comes from the environment.
    static func shellVariable(_ value: String) -> String? {
        var v = Substring(value)
        guard v.hasPrefix("$") else { return nil }
        v = v.dropFirst()
        if v.hasPrefix("{") && v.hasSuffix("}") { v = v.dropFirst().dropLast() }
        guard let first = v.first, first == "_" || first.isLetter,
              v.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }) else { return nil }
        return String(v)
    }

    /// `<token>`, `{{ API_TOKEN }}`, `fiq_YOUR_API_KEY`, `Axxxxxxxx…`: what documentation writes
    /// where a key goes.
    static func looksLikePlaceholder(_ value: String) -> Bool {
        value.isEmpty || value.contains("<") || value.contains("{{") || value.contains("YOUR")
            || value.lowercased().contains("xxxxx")
    }

    // MARK: Differences

    static func differences(_ curl: CurlInvocation, _ url: PastedURL, _ body: JSONValue, _ wire: WireRequest,
                            notes: inout [String]) -> [ImportDifference] {
        var out: [ImportDifference] = []
        if curl.method != wire.method { out.append(ImportDifference(.method, pasted: curl.method, wacon: wire.method)) }
        var discard: [String] = []
        let ours = (try? PastedURL(wire.url, notes: &discard))?.normalised ?? wire.url
        if url.normalised != ours { out.append(ImportDifference(.url, pasted: url.normalised, wacon: ours)) }

        // Headers: by name, case-insensitively, as HTTP compares them.
        func masked(_ value: String, secret: String?) -> String {
            guard let secret, !secret.isEmpty else { return Secret(value: value, source: .inline(value)).masked }
            return value.replacing(secret, with: Secret(value: secret, source: .inline(secret)).masked)
        }
        for h in wire.headers {
            let pasted = curl.header(h.name)?.value
            guard pasted != h.value else { continue }
            if let secret = h.secret {
                out.append(ImportDifference(.header(h.name), pasted: pasted.map { masked($0, secret: secret.value) }, wacon: masked(h.value, secret: secret.value)))
            } else {
                out.append(ImportDifference(.header(h.name), pasted: pasted, wacon: h.value))
            }
        }
        var seen: Set<String> = []
        for h in curl.headers where wire.header(h.name) == nil && seen.insert(h.name.lowercased()).inserted {
            if transportHeaders.contains(h.name.lowercased()) {
                notes.append("ignored the \(h.name) header: wacon's HTTP client sets its own")
            } else {
                // wacon does not know this header, so it cannot know whether the value is secret.
                out.append(ImportDifference(.header(h.name), pasted: masked(h.value, secret: nil), wacon: nil))
            }
        }
        jsonDifferences(body, wire.bodyJSON, at: .root, into: &out)
        return out
    }

    static func jsonDifferences(_ a: JSONValue, _ b: JSONValue, at path: FieldPath, into out: inout [ImportDifference]) {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            for (k, v) in x {
                if let w = y[k] { jsonDifferences(v, w, at: path.key(k), into: &out) } else {
                    out.append(ImportDifference(.body(path.key(k)), pasted: JSONWriter.compactString(v), wacon: nil))
                }
            }
            for (k, w) in y where x[k] == nil {
                out.append(ImportDifference(.body(path.key(k)), pasted: nil, wacon: JSONWriter.compactString(w)))
            }
        case (.array(let x), .array(let y)):
            for k in 0..<max(x.count, y.count) {
                if k < x.count, k < y.count { jsonDifferences(x[k], y[k], at: path.index(k), into: &out) } else {
                    out.append(ImportDifference(.body(path.index(k)), pasted: k < x.count ? JSONWriter.compactString(x[k]) : nil,
                                                wacon: k < y.count ? JSONWriter.compactString(y[k]) : nil))
                }
            }
        default:
            if a != b { out.append(ImportDifference(.body(path), pasted: JSONWriter.compactString(a), wacon: JSONWriter.compactString(b))) }
        }
    }
}

/// Drops `#` and `//` line comments outside JSON strings, keeping the line breaks so positions
/// stay right. Vendors annotate their examples this way ("media": "URL" # if media).
enum JSONComments {
    static func strip(_ bytes: [UInt8]) -> (bytes: [UInt8], lines: [Int]) {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var lines: [Int] = []
        var line = 1, k = 0, inString = false
        while k < bytes.count {
            let b = bytes[k]
            if inString {
                out.append(b)
                if b == UInt8(ascii: "\\"), k + 1 < bytes.count { out.append(bytes[k + 1]); k += 2; continue }
                if b == UInt8(ascii: "\"") { inString = false }
                if b == 0x0A { line += 1 }
                k += 1
                continue
            }
            let comment = b == UInt8(ascii: "#") || (b == UInt8(ascii: "/") && k + 1 < bytes.count && bytes[k + 1] == UInt8(ascii: "/"))
            if comment {
                lines.append(line)
                while k < bytes.count, bytes[k] != 0x0A { k += 1 }
                continue
            }
            if b == UInt8(ascii: "\"") { inString = true }
            if b == 0x0A { line += 1 }
            out.append(b)
            k += 1
        }
        return (out, lines)
    }
}
