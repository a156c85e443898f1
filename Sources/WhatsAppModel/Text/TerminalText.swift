/// Text from outside (a vendor's answer, a webhook, a file, a user's JSON) made safe for a
/// terminal: every control character — C0, DEL, C1 — and every bidirectional override is shown
/// as a visible escape (`\u{1B}`), so no byte sequence can retitle a window, clear the screen,
/// move the cursor or reorder what is shown. The one function every CLI output path and the
/// console's screen go through.
public enum TerminalText {
    /// `text` with unsafe characters escaped. Line breaks (`\n`, CR LF) and tabs are kept in
    /// `.block` text (a pretty-printed body, a multi-line listing) and escaped in `.line` text
    /// (one value on one line).
    public static func safe(_ text: String, _ layout: Layout = .block) -> String {
        // Most output is plain: one pass over the bytes decides.
        if !text.utf8.contains(where: { needsLook($0, layout) }) { return text }
        var out = String.UnicodeScalarView()
        let scalars = text.unicodeScalars
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let s = scalars[i]
            let next = scalars.index(after: i)
            // In a block, CR LF is a line break; a lone CR would let later text overwrite the line.
            let crlf = layout == .block && s == "\r" && next < scalars.endIndex && scalars[next] == "\n"
            if !crlf && isUnsafe(s, layout) { out.append(contentsOf: escape(s).unicodeScalars) } else { out.append(s) }
            i = next
        }
        return String(out)
    }

    /// Whether text keeps its line structure.
    public enum Layout: Sendable {
        /// Several lines: `\n`, CR LF and `\t` are kept.
        case block
        /// One line: line breaks and tabs are escaped too.
        case line
    }

    /// True for a scalar that must not reach a terminal as it is.
    public static func isUnsafe(_ s: Unicode.Scalar, _ layout: Layout = .line) -> Bool {
        switch s.value {
        case 0x0A, 0x09: return layout == .line
        case 0x0D: return true
        case 0x00...0x1F, 0x7F...0x9F: return true
        // Bidirectional embeddings, overrides and isolates: they reorder what follows.
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// The visible form of a scalar: `\u{1B}`.
    public static func escape(_ s: Unicode.Scalar) -> String {
        "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
    }

    /// A byte that may start an unsafe scalar: an ASCII control, or the lead byte of a C1
    /// control (0xC2) or of U+2000…U+2FFF (0xE2).
    @inline(__always)
    static func needsLook(_ b: UInt8, _ layout: Layout) -> Bool {
        switch b {
        case 0x0A, 0x09: return layout == .line
        case 0x00...0x1F, 0x7F, 0xC2, 0xE2: return true
        default: return false
        }
    }
}
