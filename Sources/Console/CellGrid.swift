#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// The semantic colour roles a theme assigns (issue: primary … production badge).
public enum Role: String, Sendable, Hashable, CaseIterable {
    case text, primary, secondary, accent, background, surface, panel, border, focus, muted
    case error, success, warning
    case jsonKey = "json_key", jsonString = "json_string", jsonNumber = "json_number", jsonBoolean = "json_boolean", jsonNull = "json_null"
    case sandboxBadge = "sandbox_badge", productionBadge = "production_badge"
}

/// How one cell looks: a role and a few attributes; the theme turns it into colours.
public struct Style: Sendable, Hashable {
    public var role: Role
    public var bold = false
    public var underline = false
    public var reverse = false
    /// Italic where the terminal has it (WhatsApp's `_italic_` in the bubble).
    public var italic = false

    public init(_ role: Role = .text, bold: Bool = false, underline: Bool = false, reverse: Bool = false, italic: Bool = false) {
        self.role = role
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.italic = italic
    }
}

/// One screen cell: its first scalar, its style and width. A plain value with no references, so
/// a frame is one flat buffer and comparing two frames is cheap (the keystroke budget is 1 ms).
/// A grapheme of several scalars (ZWJ emoji, flags, combining marks) keeps its whole text in
/// the grid's side table; `isCluster` says to look there.
public struct Cell: Sendable, Hashable {
    public var scalar: Unicode.Scalar
    public var style: Style
    /// 2 for the left half of a wide character (CJK, most emoji), 0 for its right half.
    public var width: UInt8
    public var isCluster: Bool

    public init(_ scalar: Unicode.Scalar, style: Style = Style(), width: UInt8 = 1, isCluster: Bool = false) {
        self.scalar = scalar
        self.style = style
        self.width = width
        self.isCluster = isCluster
    }

    public static let blank = Cell(" ")
}

/// A screen as a grid of cells: what every pane renders into and what both terminal backends
/// show. Tests compare its text with snapshots.
public struct CellGrid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// The full text of multi-scalar graphemes, by cell index.
    private var clusters: [Int: String] = [:]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            let i = y * width + x
            if cells[i].isCluster { clusters[i] = nil }
            cells[i] = newValue
        }
    }

    /// The grapheme shown at (x, y): "" for the right half of a wide character.
    public func text(x: Int, y: Int) -> String {
        let i = y * width + x
        let c = cells[i]
        if c.width == 0 { return "" }
        if c.isCluster, let s = clusters[i] { return s }
        return String(Character(c.scalar))
    }

    /// Writes `text` at (x, y), clipped to `maxWidth` columns (and the grid). Wide characters
    /// take two cells; one that would be cut in half is not drawn. Text that does not fit ends
    /// in "…" in its last column, so a cut never passes for the whole text. Returns the
    /// columns used.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, x: Int, y: Int, style: Style = Style(), maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var cut = false
        // Most of the screen is ASCII, punctuation, arrows and box drawing: scalars that are a
        // whole character on their own, placed without grapheme breaking (the keystroke budget
        // is 1 ms). At the first scalar that may join a neighbour (a combining mark, ZWJ,
        // a variation selector, a flag) the rest goes the slow way, by Character.
        let scalars = text.unicodeScalars
        var col = x
        var i = scalars.startIndex
        var previous: (index: String.Index, col: Int)?
        while i < scalars.endIndex {
            let s = scalars[i]
            let next = scalars.index(after: i)
            let from: (index: String.Index, col: Int)?
            if !Self.standsAlone(s) { from = previous ?? (i, col) }
            else if next < scalars.endIndex, !Self.standsAlone(scalars[next]) { from = (i, col) }
            else { from = nil }
            if let from {
                let used = putCharacters(text[from.index...], x: from.col, y: y, style: style, limit: limit)
                if used.cut { return markCut(x: x, y: y, style: style, limit: limit) }
                return from.col - x + used.columns
            }
            // A control character from outside text is shown as its escape, never acted upon.
            if s.isASCII, s.value != 9, TerminalText.isUnsafe(s) {
                guard col < limit else { cut = true; break }
                col += put(TerminalText.escape(s), x: col, y: y, style: style, maxWidth: limit - col)
                previous = nil
                i = next
                continue
            }
            let w = s.isASCII ? 1 : DisplayWidth.of(Character(s))
            if w > 0 {
                // Only spaces left over (padding) is no cut.
                if col + w > limit { cut = !scalars[i...].allSatisfy { $0 == " " }; break }
                if col >= 0 { placeScalar(s.value == 9 ? " " : s, width: w, x: col, y: y, style: style) }
                col += w
            }
            previous = (i, col - w)
            i = next
        }
        return cut ? markCut(x: x, y: y, style: style, limit: limit) : col - x
    }

    /// Scalars that never join the one before or after them into one character.
    static func standsAlone(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0..<0x80, 0xA0..<0x300, 0x2010..<0x2028, 0x2030..<0x2060, 0x2070..<0x20D0, 0x2100..<0x2C00: return true
        default: return false
        }
    }

    /// Places one single-scalar character of width 1 or 2.
    private mutating func placeScalar(_ s: Unicode.Scalar, width w: Int, x: Int, y: Int, style: Style) {
        place(Cell(s, style: style, width: UInt8(w)), x: x, y: y)
        if w == 2 {
            if self[x + 1, y].width == 2, x + 2 < width { self[x + 2, y] = .blank }
            self[x + 1, y] = Cell(" ", style: style, width: 0)
        }
    }

    private mutating func putCharacters(_ text: some StringProtocol, x: Int, y: Int, style: Style, limit: Int) -> (columns: Int, cut: Bool) {
        var col = x
        var k = text.startIndex
        while k < text.endIndex {
            let ch = text[k]
            k = text.index(after: k)
            if ch != "\t", ch.unicodeScalars.contains(where: { TerminalText.isUnsafe($0) }) {
                guard col < limit else { return (col - x, true) }
                col += put(TerminalText.safe(String(ch), .line), x: col, y: y, style: style, maxWidth: limit - col)
                continue
            }
            let w = DisplayWidth.of(ch)
            if w == 0 { continue }
            if col + w > limit { return (col - x, ch != " " || !text[k...].allSatisfy { $0 == " " }) }
            if col >= 0 {
                let scalars = ch.unicodeScalars
                placeScalar(ch == "\t" ? " " : scalars.first!, width: w, x: col, y: y, style: style)
                if scalars.count > 1 {
                    cells[y * width + col].isCluster = true
                    clusters[y * width + col] = String(ch)
                }
            }
            col += w
        }
        return (col - x, false)
    }

    /// Puts "…" in the last column text from `x` may use (over the right half of a wide
    /// character, its left half): the sign that the text went on. Returns the columns used.
    private mutating func markCut(x: Int, y: Int, style: Style, limit: Int) -> Int {
        var at = limit - 1
        guard at >= max(0, x) else { return max(0, limit - x) }
        if at > max(0, x), self[at, y].width == 0 { at -= 1 }
        place(Cell("…", style: style), x: at, y: y)
        return limit - x
    }

    /// Sets a cell, first blanking the other half of a wide character it overwrites.
    private mutating func place(_ cell: Cell, x: Int, y: Int) {
        let old = self[x, y]
        if old.width == 0, x > 0 { self[x - 1, y] = .blank }
        if cell.width == 1, old.width == 2, x + 1 < width { self[x + 1, y] = .blank }
        self[x, y] = cell
    }

    /// Repeats one single-width character across a row segment (rules and borders).
    public mutating func repeatCharacter(_ scalar: Unicode.Scalar, x: Int, y: Int, count: Int, style: Style = Style()) {
        guard y >= 0, y < height else { return }
        for col in max(0, x)..<max(max(0, x), min(width, x + count)) { place(Cell(scalar, style: style), x: col, y: y) }
    }

    /// Fills a rectangle with blanks of a style.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: Style = Style()) {
        for row in max(0, y)..<max(max(0, y), min(height, y + h)) { repeatCharacter(" ", x: x, y: row, count: w, style: style) }
    }

    /// The text of each row (wide characters once), trailing spaces kept: what snapshots hold.
    public var lines: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width { s += text(x: x, y: y) }
            return s
        }
    }

    /// The rows joined, for snapshot files.
    public var text: String { lines.joined(separator: "\n") }
}

/// Display width of characters in a terminal: what cursor movement and clipping use.
public enum DisplayWidth {
    /// 0 for controls and lone combining marks, 2 for East Asian wide and emoji, else 1.
    public static func of(_ ch: Character) -> Int {
        // Most text is ASCII: one printable scalar is one column.
        if let a = ch.asciiValue { return a >= 0x20 && a != 0x7F ? 1 : (a == 9 ? 1 : 0) }
        let scalars = ch.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x20 || first.value == 0x7F { return ch == "\t" ? 1 : 0 }
        // Emoji shown as emoji: by default, or made so by VS16 or a skin tone; ZWJ sequences and
        // flags are one glyph of width 2.
        if scalars.contains(where: { $0.properties.isEmojiPresentation }) { return 2 }
        if scalars.contains(where: { $0.value == 0xFE0F }), first.properties.isEmoji { return 2 }
        if (0x1F1E6...0x1F1FF).contains(first.value) { return 2 }
        if first.properties.generalCategory == .nonspacingMark || first.properties.generalCategory == .enclosingMark { return 0 }
        return isWide(first.value) ? 2 : 1
    }

    /// The width of a string.
    public static func of(_ s: String) -> Int { s.reduce(0) { $0 + of($1) } }

    /// East Asian Wide and Fullwidth ranges (Unicode 15), the ones that matter in messages.
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The longest prefix of `s` that fits in `columns`.
    public static func prefix(_ s: String, columns: Int) -> String {
        var used = 0
        var out = ""
        for ch in s {
            let w = of(ch)
            if used + w > columns { break }
            used += w
            out.append(ch)
        }
        return out
    }
}
