#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

/// Coloured text laid out in rows of a width, by display width: what the preview does with a
/// line longer than its pane (a vendor's URL, a long body string, a finding).
enum Wrap {
    /// The sign at the start of a row that goes on from the row above.
    static let continuation = "↪"

    /// `line` in rows of at most `width` columns; a row after the first starts one column in,
    /// after the continuation sign. A wide character that would be cut goes to the next row.
    /// A line with no more bytes than columns fits as it is (UTF-8 never takes fewer bytes
    /// than columns), so only long lines are measured.
    static func rows(_ line: [(Substring, Style)], width: Int) -> [[(Substring, Style)]] {
        guard width > 1, line.reduce(0, { $0 + $1.0.utf8.count }) > width else { return [line] }
        var rows: [[(Substring, Style)]] = [[]]
        var col = 0
        var capacity = width
        for (text, style) in line {
            var start = text.startIndex
            var i = start
            while i < text.endIndex {
                let w = DisplayWidth.of(text[i])
                if col + w > capacity, col > 0 {
                    if start < i { rows[rows.count - 1].append((text[start..<i], style)) }
                    rows.append([])
                    col = 0
                    capacity = width - 1
                    start = i
                }
                col += w
                i = text.index(after: i)
            }
            if start < text.endIndex { rows[rows.count - 1].append((text[start...], style)) }
        }
        return rows
    }

    /// How many rows `rows` makes of a line of one style.
    static func rowCount(_ text: Substring, width: Int) -> Int {
        text.utf8.count <= width ? 1 : rows([(text, Style())], width: width).count
    }
}

/// The preview pane: the request, wrapped to the pane and scrolled by rows, and the findings
/// under it.
extension Renderer {
    /// What the preview shows for a state, and how it is laid out: worked out the same way for
    /// drawing and for the scroll keys' limit.
    struct PreviewPane {
        /// Head lines (method and URL, headers, a blank), coloured.
        var head: [[(Substring, Style)]] = []
        /// The pretty JSON body; its lines are coloured only when on screen.
        var body: JSONColors.Lines?
        /// Findings, errors first.
        var findings: [Finding]
        /// Each finding's rows (its path and message, wrapped).
        var findingRows: [[[(Substring, Style)]]]
        let width: Int
        /// Rows for the request.
        let textHeight: Int
        /// Rows for the findings, their summary line included.
        let findingsHeight: Int
        /// The message as the customer sees it, before the request.
        var bubble: [[(Substring, Style)]] = []
        /// Findings the pinned area under the request has no room for: shown after the request.
        let overflow: [[(Substring, Style)]]

        init(_ s: AppState, width: Int, height: Int) {
            self.width = width
            if let r = s.preparation.request {
                head.append([("\(r.method) ", Style(.accent, bold: true)), (Substring(r.url), Style(.text))])
                for h in r.headers { head.append([(Substring(h.name + ": "), Style(.jsonKey)), (Substring(h.displayValue(reveal: s.revealSecrets)), Style(.text))]) }
                head.append([])
                body = JSONColors.Lines(r.bodyJSON)
            } else {
                head.append([(Substring("\(s.gateway.gateway.displayName) cannot carry this message"), Style(.error, bold: true))])
            }
            if let m = s.previewMessage {
                bubble = [[("As the customer sees it", Style(.secondary, bold: true))]] + Bubble.lines(m, templates: s.profile.templates).map { [("│ ", Style(.muted))] + $0 } + [[]]
            }
            findings = s.preparation.findings.sorted { $0.severity < $1.severity }
            findingRows = findings.map { f in
                Wrap.rows([(Substring("\(f.path.display): \(f.message)"), Style(Renderer.role(f.severity)))], width: width - 1)
            }
            let wanted = 1 + findingRows.reduce(0) { $0 + $1.count }
            // Findings take up to a third of the pane; the request keeps the rest.
            findingsHeight = findings.isEmpty ? 1 : min(wanted, max(2, height / 3))
            textHeight = max(0, height - 1 - findingsHeight)
            if wanted > findingsHeight {
                overflow = [[]] + [[("All findings", Style(.secondary, bold: true))]] + findingRows.flatMap { $0 }
            } else {
                overflow = []
            }
        }

        var lineCount: Int { bubble.count + head.count + (body?.count ?? 0) + overflow.count }

        /// Line `n`, coloured: the bubble, the request's head and body, then findings that did
        /// not fit under it.
        func line(_ n: Int) -> [(Substring, Style)] {
            if n < bubble.count { return bubble[n] }
            let h = bubble.count + head.count
            if n < h { return head[n - bubble.count] }
            let b = body?.count ?? 0
            if n < h + b { return JSONColors.segments(body![n - h]) }
            return overflow[n - h - b]
        }

        /// How many rows line `n` takes; a body line is measured only when it is long.
        func rowCount(_ n: Int) -> Int {
            let h = bubble.count + head.count
            let b = body?.count ?? 0
            if n >= h, n < h + b { return Wrap.rowCount(body![n - h], width: width) }
            return Wrap.rows(line(n), width: width).count
        }

        /// Every row of the request, wrapped.
        var totalRows: Int { (0..<lineCount).reduce(0) { $0 + rowCount($1) } }

        /// The furthest the request scrolls: its last row at the bottom of the pane.
        var maxScroll: Int { max(0, totalRows - textHeight) }
    }

    /// Where the preview goes on screen: right of the form, under the title bar.
    static func previewArea(_ s: AppState) -> (x: Int, width: Int, height: Int) {
        let layout = Layout(s)
        return (layout.leftWidth + 2, s.width - layout.leftWidth - 2, layout.bodyHeight)
    }

    static func preview(_ s: AppState, _ g: inout CellGrid, x: Int, y: Int, width: Int, height: Int) {
        guard width > 4 else { return }
        let focused = s.focus == .preview
        let pane = PreviewPane(s, width: width, height: height)
        let total = pane.totalRows
        let scroll = min(s.previewScroll, max(0, total - pane.textHeight))
        // A request taller than the pane says which rows are shown.
        let position = total > pane.textHeight ? " · rows \(scroll + 1)–\(min(total, scroll + pane.textHeight)) of \(total)" : ""
        g.put((focused ? "▸ " : "") + "Preview · \(s.gateway.gateway.displayName)" + (s.revealSecrets ? " · secrets shown" : "") + position,
              x: x, y: y, style: Style(focused ? .focus : .secondary, bold: true), maxWidth: width)
        // Rows from `scroll`: skip whole lines above it by their row counts, then draw.
        var row = 0
        var n = 0
        while n < pane.lineCount, row + pane.rowCount(n) <= scroll {
            row += pane.rowCount(n)
            n += 1
        }
        var skip = scroll - row
        var drawn = 0
        while n < pane.lineCount, drawn < pane.textHeight {
            for (k, r) in Wrap.rows(pane.line(n), width: width).enumerated() {
                if skip > 0 { skip -= 1; continue }
                guard drawn < pane.textHeight else { break }
                drawRow(r, continued: k > 0, &g, x: x, y: y + 1 + drawn, width: width)
                drawn += 1
            }
            n += 1
        }
        // Findings under the request.
        let fy = y + 1 + pane.textHeight
        let findings = pane.findings
        let errors = findings.errors.count, warnings = findings.warnings.count, notes = findings.notes.count
        let summary = findings.isEmpty ? "✓ no findings"
            : errors + warnings == 0 ? "✓ no errors or warnings · \(notes) note(s)"
            : "\(errors) error(s), \(warnings) warning(s)" + (notes > 0 ? ", \(notes) note(s)" : "")
        g.put(summary, x: x, y: fy, style: Style(errors > 0 ? .error : warnings > 0 ? .warning : .success, bold: true), maxWidth: width)
        let rows = pane.findingRows.flatMap { $0.enumerated().map { (continued: $0.offset > 0, row: $0.element) } }
        let room = pane.findingsHeight - 1
        let shown = rows.count > room ? max(0, room - 1) : rows.count
        for (i, r) in rows.prefix(shown).enumerated() { drawRow(r.row, continued: r.continued, &g, x: x + 1, y: fy + 1 + i, width: width - 1) }
        if rows.count > room, room > 0 {
            // Not room for all: say so, and where the rest is.
            g.put("… more after the request (scroll down)", x: x + 1, y: fy + room, style: Style(.muted), maxWidth: width - 1)
        }
    }

    /// One wrapped row: a continuation starts with its sign.
    static func drawRow(_ row: [(Substring, Style)], continued: Bool, _ g: inout CellGrid, x: Int, y: Int, width: Int) {
        var cx = x
        if continued { cx += g.put(Wrap.continuation, x: cx, y: y, style: Style(.muted)) }
        for (text, style) in row { cx += g.put(text, x: cx, y: y, style: style, maxWidth: x + width - cx) }
    }
}

extension AppState {
    /// The furthest the preview scrolls at this size: PgDn and the wheel stop there.
    var previewMaxScroll: Int {
        let area = Renderer.previewArea(self)
        return Renderer.PreviewPane(self, width: area.width, height: area.height).maxScroll
    }

    /// Scrolls the preview by `rows`, within the request.
    mutating func scrollPreview(_ rows: Int) {
        previewScroll = max(0, min(previewMaxScroll, min(previewScroll, previewMaxScroll) + rows))
    }
}
