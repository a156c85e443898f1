#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel
import Providers

/// The JSON editor on screen: it takes the form's and the preview's room (JSON wants width);
/// line numbers, a mark per line with a finding or the syntax error, coloured text scrolled
/// both ways by display width, the findings beside their lines and a status line.
extension Renderer {
    /// Where the editor goes and how much text it shows.
    struct JSONEditorArea {
        var x: Int, y: Int, width: Int, height: Int
        /// Line number digits, then the mark column and a space.
        var gutter: Int
        var rows: Int { max(1, height - 2) }
        var columns: Int { max(1, width - gutter) }
    }

    static func jsonEditorArea(_ s: AppState, _ e: JSONEditor) -> JSONEditorArea {
        let digits = max(3, String(e.lines.count).count)
        return JSONEditorArea(x: 0, y: 1, width: s.width, height: Layout(s).bodyHeight, gutter: digits + 2)
    }

    /// Draws the editor; returns where the cursor goes.
    static func jsonEditor(_ s: AppState, _ e: JSONEditor, _ g: inout CellGrid, _ regions: inout [HitRegion]) -> (x: Int, y: Int)? {
        let a = jsonEditorArea(s, e)
        regions.append(HitRegion(x: a.x, y: a.y, width: a.width, height: a.height, target: .pane(.content)))
        // The view the state keeps, moved if a resize left the cursor outside it.
        var top = min(e.top, e.cursor.line)
        if e.cursor.line >= top + a.rows { top = e.cursor.line - a.rows + 1 }
        let cursorColumn = e.cursorColumn
        var left = min(e.left, cursorColumn)
        if cursorColumn >= left + a.columns { left = cursorColumn - a.columns + 1 }
        let shownTo = min(e.lines.count, top + a.rows)
        g.put("▸ Message JSON · line \(e.cursor.line + 1) of \(e.lines.count), column \(cursorColumn + 1)"
              + (e.lines.count > a.rows ? " · lines \(top + 1)–\(shownTo)" : ""),
              x: a.x, y: a.y, style: Style(.focus, bold: true), maxWidth: a.width)
        let textX = a.x + a.gutter
        for n in top..<shownTo {
            let y = a.y + 1 + n - top
            let line = e.lines[n]
            let marks = e.marks(on: n)
            let number = String(n + 1)
            g.put(number, x: a.x + a.gutter - 2 - number.count, y: y, style: Style(n == e.cursor.line ? .focus : .muted, bold: n == e.cursor.line))
            if let worst = marks.map(\.severity).min() {
                g.put(worst == .note ? "·" : "!", x: a.x + a.gutter - 2, y: y, style: Style(role(worst), bold: true))
            }
            // Text scrolled off to the left is marked in the gutter.
            if left > 0, !line.isEmpty { g.put("‹", x: a.x + a.gutter - 1, y: y, style: Style(.muted)) }
            let end = drawScrolled(JSONColors.segments(Substring(line)), from: left, &g, x: textX, y: y, width: a.columns)
            if let error = e.syntaxError, error.line == n, let c = error.mark.column {
                // The character the parser stopped at (a blank past the end of the line).
                let col = JSONEditor.width(of: line.prefix(c)) - left
                if col >= 0, col < a.columns {
                    let ch = c < line.count ? String(line[line.index(line.startIndex, offsetBy: c)]) : " "
                    g.put(ch, x: textX + col, y: y, style: Style(.error, bold: true, reverse: true), maxWidth: a.columns - col)
                }
            }
            // Findings beside their line, where the text leaves room.
            if let first = marks.first {
                let fx = end + 2
                let more = marks.count > 1 ? " (+\(marks.count - 1) more)" : ""
                if fx < a.x + a.width - 8 {
                    g.put("◂ " + first.message + more, x: fx, y: y, style: Style(role(first.severity)), maxWidth: a.x + a.width - fx)
                }
            }
        }
        // The status line: the syntax error, else what is said about the cursor's line, else
        // the summary.
        let sy = a.y + a.height - 1
        let findings = s.preparation.findings
        let status: (String, Role)
        if let error = e.syntaxError {
            status = ("✗ " + error.mark.message, .error)
        } else if let mark = e.marks(on: e.cursor.line).first {
            status = ("line \(e.cursor.line + 1): " + mark.message, role(mark.severity))
        } else if findings.errors.isEmpty {
            status = ("✓ reads as a message · \(findings.warnings.count) warning(s), \(findings.notes.count) note(s)", findings.warnings.isEmpty ? .success : .warning)
        } else {
            status = ("\(findings.errors.count) error(s), \(findings.warnings.count) warning(s): marked ! in the gutter", .error)
        }
        g.put(status.0, x: a.x, y: sy, style: Style(status.1, bold: true), maxWidth: a.width)
        return (textX + cursorColumn - left, a.y + 1 + e.cursor.line - top)
    }

    /// Coloured text from display column `from`, clipped at `width` (a cut ends in "…");
    /// returns the column after the last one drawn.
    static func drawScrolled(_ segments: [(Substring, Style)], from: Int, _ g: inout CellGrid, x: Int, y: Int, width: Int) -> Int {
        var col = 0
        var cx = x
        for (text, style) in segments {
            var start = text.startIndex
            // Skip what is left of the view.
            while col < from, start < text.endIndex {
                col += DisplayWidth.of(text[start])
                start = text.index(after: start)
            }
            // A wide character cut by the left edge leaves its second column blank.
            if cx == x, col > from { cx += col - from }
            guard start < text.endIndex else { continue }
            guard cx < x + width else {
                // The line goes on past the view.
                g.put("…", x: x + width - 1, y: y, style: Style(.muted))
                break
            }
            cx += g.put(text[start...], x: cx, y: y, style: style, maxWidth: x + width - cx)
        }
        return cx
    }
}
