import Foundation

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

    public init(_ role: Role = .text, bold: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.role = role
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
    }
}

/// One screen cell: a grapheme (or "" for the right half of a wide one) and its style.
public struct Cell: Sendable, Hashable {
    public var text: String
    public var style: Style
    /// 2 for the left half of a wide character (CJK, most emoji), 0 for its right half.
    public var width: UInt8

    public static let blank = Cell(text: " ", style: Style(), width: 1)
}

/// A screen as a grid of cells: what every pane renders into and what both terminal backends
/// show. Tests compare its text with snapshots.
public struct CellGrid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` at (x, y), clipped to `maxWidth` columns (and the grid). Wide characters
    /// take two cells; one that would be cut in half is not drawn. Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = Style(), maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var col = x
        for ch in text {
            let w = DisplayWidth.of(ch)
            if w == 0 { continue }
            if col + w > limit { break }
            if col >= 0 {
                // Overwriting half of a wide character blanks its other half.
                if self[col, y].width == 0, col > 0 { self[col - 1, y] = .blank }
                if w == 1, col + 1 < width, self[col, y].width == 2 { self[col + 1, y] = .blank }
                self[col, y] = Cell(text: ch == "\t" ? " " : String(ch), style: style, width: UInt8(w))
                if w == 2 { self[col + 1, y] = Cell(text: "", style: style, width: 0) }
            }
            col += w
        }
        return col - x
    }

    /// Fills a rectangle with blanks of a style.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: Style = Style()) {
        for row in max(0, y)..<min(height, y + h) {
            for col in max(0, x)..<min(width, x + w) { self[col, row] = Cell(text: " ", style: style, width: 1) }
        }
    }

    /// The text of each row (wide characters once), trailing spaces kept: what snapshots hold.
    public var lines: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width where self[x, y].width != 0 { s += self[x, y].text }
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
