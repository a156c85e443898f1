/// WhatsApp's text formatting, as the customer's phone shows a message: `*bold*`, `_italic_`,
/// `~strikethrough~`, ```` ```monospace``` ```` and `` `inline code` ``. A marker opens at the
/// start of a word (after a space, punctuation or the line's start, before a non-space) and
/// closes at the end of one, on the same line; markers that do not pair are shown as written.
/// Styles nest (`*_both_*`).
public enum WhatsAppFormatting {
    /// How a run of text is shown.
    public struct Style: Sendable, Hashable, OptionSet {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let bold = Style(rawValue: 1)
        public static let italic = Style(rawValue: 2)
        public static let strikethrough = Style(rawValue: 4)
        public static let monospace = Style(rawValue: 8)
    }

    /// A piece of text in one style, markers removed.
    public struct Run: Sendable, Hashable {
        public var text: String
        public var style: Style
        public init(_ text: String, _ style: Style = []) {
            self.text = text
            self.style = style
        }
    }

    /// The runs of one line of text (format each line of a message separately: markers do not
    /// span lines). Linear in the line's length but for the search of closing markers, which
    /// moves forward only (each marker kind keeps its own cursor).
    public static func runs(_ line: String) -> [Run] {
        let chars = Array(line)
        // ``` first: inside it nothing else is read.
        var out: [Run] = []
        var i = 0
        var plainStart = 0
        func flushPlain(upTo end: Int) {
            if end > plainStart { out += inline(Array(chars[plainStart..<end])) }
        }
        while i < chars.count {
            if isTripleTick(chars, i), let close = closingTripleTick(chars, from: i + 3) {
                flushPlain(upTo: i)
                out.append(Run(String(chars[(i + 3)..<close]), .monospace))
                i = close + 3
                plainStart = i
            } else {
                i += 1
            }
        }
        flushPlain(upTo: chars.count)
        return merged(out)
    }

    /// The text as the phone shows it, without markers.
    public static func plain(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { runs(String($0)).map(\.text).joined() }.joined(separator: "\n")
    }

    // MARK: Inline markers

    static let markers: [(Character, Style)] = [("*", .bold), ("_", .italic), ("~", .strikethrough), ("`", .monospace)]

    /// The runs of text without ``` blocks.
    static func inline(_ chars: [Character]) -> [Run] {
        // Where each marker may close, in order; an opener pairs with the first closer after it.
        var closers: [Character: [Int]] = [:]
        for (m, _) in markers { closers[m] = [] }
        for (i, c) in chars.enumerated() where closers[c] != nil && canClose(chars, i) { closers[c]!.append(i) }
        var cursor: [Character: Int] = [:]
        // Each position's marker role: opening or closing a style, or nothing.
        var opens: [Int: (close: Int, style: Style)] = [:]
        var consumed = Set<Int>()
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let style = markers.first(where: { $0.0 == c })?.1, !consumed.contains(i), canOpen(chars, i) {
                var k = cursor[c] ?? 0
                let list = closers[c]!
                while k < list.count && (list[k] <= i + 1 || consumed.contains(list[k])) { k += 1 }
                cursor[c] = k
                // Markers alone (`***`) style nothing: WhatsApp shows them as written.
                if k < list.count, chars[(i + 1)..<list[k]].contains(where: { $0 != c }) {
                    opens[i] = (list[k], style)
                    consumed.insert(list[k])
                    cursor[c] = k + 1
                }
            }
            i += 1
        }
        // Walk once, applying the styles between each opener and its closer.
        var out: [Run] = []
        var active: [Int: Style] = [:]  // closer position → style
        var current = ""
        var style: Style = []
        func flush() {
            if !current.isEmpty { out.append(Run(current, style)) }
            current = ""
        }
        for (p, c) in chars.enumerated() {
            if let o = opens[p] {
                flush()
                active[o.close] = o.style
                style = active.values.reduce([]) { $0.union($1) }
            } else if let s = active.removeValue(forKey: p) {
                _ = s
                flush()
                style = active.values.reduce([]) { $0.union($1) }
            } else {
                current.append(c)
            }
        }
        flush()
        return out
    }

    static func isWordBoundary(_ c: Character?) -> Bool {
        guard let c else { return true }
        return c.isWhitespace || (c.isPunctuation && !markers.contains { $0.0 == c }) || c.isSymbol
    }

    /// A marker opens before a non-space, at the line's start or after a boundary (or another
    /// marker, for nested styles).
    static func canOpen(_ chars: [Character], _ i: Int) -> Bool {
        guard i + 1 < chars.count, !chars[i + 1].isWhitespace else { return false }
        let before: Character? = i > 0 ? chars[i - 1] : nil
        return isWordBoundary(before) || markers.contains { $0.0 == before }
    }

    /// A marker closes after a non-space, at the line's end or before a boundary (or another
    /// marker).
    static func canClose(_ chars: [Character], _ i: Int) -> Bool {
        guard i > 0, !chars[i - 1].isWhitespace else { return false }
        let after: Character? = i + 1 < chars.count ? chars[i + 1] : nil
        return isWordBoundary(after) || markers.contains { $0.0 == after }
    }

    static func isTripleTick(_ chars: [Character], _ i: Int) -> Bool {
        i + 2 < chars.count && chars[i] == "`" && chars[i + 1] == "`" && chars[i + 2] == "`"
    }

    static func closingTripleTick(_ chars: [Character], from start: Int) -> Int? {
        var j = start
        while j + 2 < chars.count {
            if isTripleTick(chars, j) { return j > start ? j : nil }
            j += 1
        }
        return nil
    }

    /// Neighbouring runs of one style joined.
    static func merged(_ runs: [Run]) -> [Run] {
        var out: [Run] = []
        for r in runs where !r.text.isEmpty {
            if let last = out.last, last.style == r.style { out[out.count - 1].text += r.text } else { out.append(r) }
        }
        return out
    }
}
