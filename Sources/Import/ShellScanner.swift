import WhatsAppModel

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
        var text = WordText()
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
        let decoded = try text.finish()
        if !quoted, !decoded.isEmpty, decoded.unicodeScalars.allSatisfy({ $0.properties.numericType != nil && $0.isASCII }),
           i < s.count, s[i] == "<" || s[i] == ">" {
            return nil
        }
        return ShellWord(text: decoded, position: start, hasExpansion: expands)
    }

    func startsExpansion(_ k: Int) -> Bool {
        guard k < s.count else { return false }
        let c = s[k]
        return c == "{" || c == "(" || c == "_" || c.properties.isAlphabetic || c.properties.numericType != nil
    }

    private mutating func singleQuoted(into text: inout WordText) throws(CurlImportError) {
        let open = positions[i]
        i += 1
        while i < s.count, s[i] != "'" { text.append(s[i]); i += 1 }
        guard i < s.count else { throw .unterminatedQuote(quote: "'", at: open) }
        i += 1
    }

    private mutating func doubleQuoted(into text: inout WordText, expands: inout Bool) throws(CurlImportError) {
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

    /// `$'…'`: C-style escapes. `\xHH` (one or two digits) and `\NNN` (one to three octal
    /// digits, modulo 256 as in bash) are bytes, decoded as UTF-8 together with the text around
    /// them, so `\xc3\xa9` is one `é`; `\uHHHH` and `\UHHHHHHHH` are Unicode scalars. An escape
    /// without digits stays as written, as in bash.
    private mutating func ansiCQuoted(into text: inout WordText) throws(CurlImportError) {
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
            let escape = positions[i]
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
            case "x":
                guard let v = hex(2) else { text.append("\\"); text.append(e); break }
                try text.append(byte: UInt8(v), at: escape)
            case octal:
                var v = e.value - 0x30, n = 1
                while n < 3, i < s.count, octal.contains(s[i]) { v = v * 8 + s[i].value - 0x30; i += 1; n += 1 }
                try text.append(byte: UInt8(v & 0xFF), at: escape)
            case "u", "U":
                guard let v = hex(e == "u" ? 4 : 8) else { text.append("\\"); text.append(e); break }
                try text.append(scalarValue: v, at: escape)
            case "\\", "'", "\"", "?": text.append(e)
            default: text.append("\\"); text.append(e)
            }
        }
        guard i < s.count else { throw .unterminatedQuote(quote: "$'", at: open) }
        i += 1
    }
}

/// The text of a word being read. Scalars are kept as written; the bytes `$'…'` escapes spell
/// wait until the next scalar or the end of the word and are then decoded as UTF-8 together,
/// so a character may be split across escapes (`\xc3\xa9`) and even across quotes
/// (`$'\xc3'$'\xa9'`), as bash joins them. Bytes that are not UTF-8 are an error at the escape
/// where the bad sequence starts, reported when the word ends.
struct WordText {
    private var scalars = String.UnicodeScalarView()
    /// Escaped bytes not yet decoded, each with where its escape starts.
    private var bytes: [(value: UInt8, at: SourcePosition)] = []
    /// The first bad sequence; the rest of the word is still read, so a later unclosed quote
    /// is not mistaken for the end of the word.
    private var invalidAt: SourcePosition?

    mutating func append(_ scalar: Unicode.Scalar) {
        decodeBytes()
        scalars.append(scalar)
    }

    mutating func append(contentsOf more: some Sequence<Unicode.Scalar>) {
        decodeBytes()
        scalars.append(contentsOf: more)
    }

    /// One byte from `\xHH` or `\NNN`. A NUL byte is refused at once: bash drops the rest of
    /// the quote after it, which would leave wacon and the reader of the paste seeing different text.
    mutating func append(byte: UInt8, at position: SourcePosition) throws(CurlImportError) {
        guard byte != 0 else { throw .nulByte(at: position) }
        bytes.append((byte, position))
    }

    /// A scalar from `\uHHHH` or `\UHHHHHHHH`. A surrogate or a value past U+10FFFF is no
    /// scalar: bash writes bytes for it that are not UTF-8, so it is a bad sequence here too.
    mutating func append(scalarValue value: UInt32, at position: SourcePosition) throws(CurlImportError) {
        guard value != 0 else { throw .nulByte(at: position) }
        guard let scalar = Unicode.Scalar(value) else {
            decodeBytes()
            if invalidAt == nil { invalidAt = position }
            return
        }
        append(scalar)
    }

    /// The word's text.
    mutating func finish() throws(CurlImportError) -> String {
        decodeBytes()
        if let invalidAt { throw .invalidUTF8(at: invalidAt) }
        return String(scalars)
    }

    /// Decodes the waiting bytes strictly (no overlong forms, surrogates or values past
    /// U+10FFFF), noting where the first bad sequence starts.
    private mutating func decodeBytes() {
        guard !bytes.isEmpty else { return }
        var parser = Unicode.UTF8.ForwardParser()
        var input = bytes.lazy.map(\.value).makeIterator()
        var offset = 0
        decoding: while true {
            switch parser.parseScalar(from: &input) {
            case .valid(let encoded):
                scalars.append(Unicode.UTF8.decode(encoded))
                offset += encoded.count
            case .error:
                if invalidAt == nil { invalidAt = bytes[offset].at }
                break decoding
            case .emptyInput:
                break decoding
            }
        }
        bytes = []
    }
}
