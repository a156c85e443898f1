import Foundation
import Providers
import WhatsAppModel

/// Draws the whole screen for a state. Pure: the same state gives the same grid.
public enum Renderer {
    public static func render(_ s: AppState) -> (grid: CellGrid, cursor: (x: Int, y: Int)?) {
        var g = CellGrid(width: s.width, height: s.height)
        guard s.width >= 20, s.height >= 6 else {
            g.put("too small", x: 0, y: 0, style: Style(.warning))
            return (g, nil)
        }
        titleBar(s, &g)
        let bottom = 4  // send panel (3) + key line (1)
        let bodyHeight = s.height - 1 - bottom
        let leftWidth = min(56, max(30, s.width * 42 / 100))
        var cursor = compose(s, &g, x: 0, y: 1, width: leftWidth, height: bodyHeight)
        for y in 1..<(1 + bodyHeight) { g.put("│", x: leftWidth, y: y, style: Style(.border)) }
        preview(s, &g, x: leftWidth + 2, y: 1, width: s.width - leftWidth - 2, height: bodyHeight)
        sendPanel(s, &g, y: 1 + bodyHeight)
        keyLine(s, &g, y: s.height - 1)
        if s.showHelp { help(s, &g); cursor = nil }
        if s.confirming { confirm(s, &g); cursor = nil }
        return (g, cursor)
    }

    static func titleBar(_ s: AppState, _ g: inout CellGrid) {
        g.fill(x: 0, y: 0, width: g.width, height: 1, style: Style(.surface))
        var x = g.put(" wacon ", x: 0, y: 0, style: Style(.primary, bold: true))
        for id in GatewayID.allCases {
            let selected = id == s.gateway
            x += g.put(selected ? "[\(id.rawValue)]" : " \(id.rawValue) ", x: x, y: 0, style: Style(selected ? .accent : .muted, bold: selected))
        }
        let badge = s.profile.isSandbox ? " SANDBOX " : " PRODUCTION "
        let right = "profile \(s.profile.name) " + badge
        let rx = g.width - DisplayWidth.of(right)
        if rx > x + 1 {
            g.put("profile \(s.profile.name) ", x: rx, y: 0, style: Style(.muted))
            g.put(badge, x: g.width - DisplayWidth.of(badge), y: 0, style: Style(s.profile.isSandbox ? .sandboxBadge : .productionBadge, bold: true, reverse: true))
        }
    }

    /// One line of the compose column.
    struct Line {
        var text: String
        var style: Style
        var indent = 0
        var value: String?
        var valueStyle = Style()
        var pane: Pane
        var isCurrent = false
        var editing: Editing?
    }

    static func compose(_ s: AppState, _ g: inout CellGrid, x: Int, y: Int, width: Int, height: Int) -> (x: Int, y: Int)? {
        var lines: [Line] = []
        var focusLine = 0
        let labelWidth = 14
        for pane in s.panes where pane != .preview && pane != .send {
            let focused = s.focus == pane
            lines.append(Line(text: (focused ? "▸ " : "  ") + pane.title, style: Style(focused ? .focus : .secondary, bold: true), pane: pane))
            if focused { focusLine = lines.count - 1 }
            let fields = s.fields(pane)
            let current = min(s.row[pane] ?? 0, max(0, fields.count - 1))
            for (i, f) in fields.enumerated() {
                let isCurrent = focused && i == current
                let problems = s.findings(for: f)
                let hasError = problems.contains { $0.isError }
                let editing = s.editing?.field == f.id ? s.editing : nil
                var value = s.value(f.id)
                if case .choice = f.kind { value = "‹ \(value) ›" }
                if value.contains("\n") { value = value.replacingOccurrences(of: "\n", with: "⏎") }
                lines.append(Line(text: (hasError ? "! " : "  ") + f.label, style: Style(hasError ? .error : .text, reverse: isCurrent && editing == nil),
                                  indent: 2, value: value, valueStyle: Style(editing != nil ? .accent : .text, underline: editing != nil),
                                  pane: pane, isCurrent: isCurrent, editing: editing))
                if isCurrent { focusLine = lines.count - 1 }
                for p in problems.prefix(isCurrent ? 3 : 1) {
                    lines.append(Line(text: "    ↳ \(p.message)", style: Style(p.isError ? .error : .warning), indent: 0, pane: pane))
                }
            }
            // The number as it goes out (a bad one is already explained under the field).
            if pane == .recipient, case .success = PhoneNumber.parse(s.draft.to) {
                lines.append(Line(text: "    \(s.recipientLine)", style: Style(.muted), pane: pane))
            }
            if pane == .buttons && focused {
                lines.append(Line(text: "    a add · x remove · K/J move", style: Style(.muted), pane: pane))
            }
        }
        // Scroll so the focused line stays visible.
        let offset = max(0, min(focusLine - height / 2, lines.count - height))
        var cursor: (x: Int, y: Int)?
        for (i, line) in lines.dropFirst(offset).prefix(height).enumerated() {
            let row = y + i
            guard let value = line.value else {
                g.put(line.text, x: x + line.indent, y: row, style: line.style, maxWidth: width - line.indent - 1)
                continue
            }
            g.put(line.text, x: x + line.indent, y: row, style: line.style, maxWidth: labelWidth + 2)
            let vx = x + line.indent + labelWidth + 2
            let room = width - (vx - x) - 1
            guard room > 0 else { continue }
            if let e = line.editing {
                // Keep the caret in view: show the part of the text around it.
                // Keep the caret in view: walk back from it once, summing widths.
                let chars = Array(e.text.replacingOccurrences(of: "\n", with: "⏎"))
                var start = e.caret
                var used = 0
                while start > 0, used + DisplayWidth.of(chars[start - 1]) <= room - 1 {
                    used += DisplayWidth.of(chars[start - 1])
                    start -= 1
                }
                g.put(String(chars[start...]), x: vx, y: row, style: line.valueStyle, maxWidth: room)
                cursor = (vx + used, row)
            } else {
                g.put(value, x: vx, y: row, style: line.isCurrent ? Style(.focus, bold: true) : line.valueStyle, maxWidth: room)
            }
        }
        return cursor
    }

    static func preview(_ s: AppState, _ g: inout CellGrid, x: Int, y: Int, width: Int, height: Int) {
        guard width > 4 else { return }
        let focused = s.focus == .preview
        g.put((focused ? "▸ " : "") + "Preview · \(s.gateway.gateway.displayName)" + (s.revealSecrets ? " · secrets shown" : ""),
              x: x, y: y, style: Style(focused ? .focus : .secondary, bold: true), maxWidth: width)
        let findings = s.preparation.findings.sorted { $0.severity < $1.severity }
        let findingRows = findings.isEmpty ? 1 : min(findings.count + 1, max(2, height / 3))
        let previewHeight = height - 1 - findingRows
        // Head lines are coloured here; body lines only when they are on screen.
        var head: [[(String, Style)]] = []
        var body: [Substring] = []
        if let r = s.preparation.request {
            head.append([("\(r.method) ", Style(.accent, bold: true)), (r.url, Style(.text))])
            for h in r.headers { head.append([(h.name + ": ", Style(.jsonKey)), (h.displayValue(reveal: s.revealSecrets), Style(.text))]) }
            head.append([])
            body = JSONColors.rawLines(r.bodyJSON)
        } else {
            head.append([("\(s.gateway.gateway.displayName) cannot carry this message", Style(.error, bold: true))])
        }
        let total = head.count + body.count
        let scroll = min(s.previewScroll, max(0, total - previewHeight))
        for i in 0..<max(0, min(previewHeight, total - scroll)) {
            let n = scroll + i
            let line = n < head.count ? head[n] : JSONColors.segments(String(body[n - head.count]))
            var cx = x
            for (text, style) in line { cx += g.put(text, x: cx, y: y + 1 + i, style: style, maxWidth: x + width - cx) }
        }
        // Findings under the preview.
        let fy = y + 1 + previewHeight
        let errors = findings.filter(\.isError).count
        let summary = findings.isEmpty ? "✓ no findings" : "\(errors) error(s), \(findings.count - errors) warning(s)"
        g.put(summary, x: x, y: fy, style: Style(findings.isEmpty ? .success : errors > 0 ? .error : .warning, bold: true), maxWidth: width)
        for (i, f) in findings.prefix(max(0, findingRows - 1)).enumerated() {
            g.put("\(f.path.display): \(f.message)", x: x + 1, y: fy + 1 + i, style: Style(f.isError ? .error : .warning), maxWidth: width - 1)
        }
    }

    static func sendPanel(_ s: AppState, _ g: inout CellGrid, y: Int) {
        let focused = s.focus == .send
        g.put(String(repeating: "─", count: g.width), x: 0, y: y, style: Style(.border))
        g.put((focused ? "▸ " : " ") + "Send ", x: 1, y: y, style: Style(focused ? .focus : .secondary, bold: true))
        var rows: [(String, Role)] = s.sendView?.lines ?? [("^S or F5 sends through \(s.gateway.gateway.displayName)" + (s.profile.isSandbox ? " (sandbox)" : ""), .muted)]
        if !s.statuses.isEmpty {
            let st = s.statuses.map { st in st.status + (st.errors.first.map { " (\($0.code))" } ?? "") }.joined(separator: " → ")
            rows.insert(("status: " + st, s.statuses.contains { $0.status == "failed" } ? .error : .success), at: min(1, rows.count))
        }
        for (i, r) in rows.prefix(2).enumerated() { g.put(" " + r.0, x: 0, y: y + 1 + i, style: Style(r.1), maxWidth: g.width) }
    }

    static func keyLine(_ s: AppState, _ g: inout CellGrid, y: Int) {
        g.fill(x: 0, y: y, width: g.width, height: 1, style: Style(.surface))
        let keys = s.editing != nil
            ? "Enter/Esc done  ←→ move  ^A/^E start/end  ^W delete word  ^S send"
            : "Tab pane  ↑↓ field  Enter edit  g gateway  ^S send  r reveal  ? help  q quit"
        g.put(" " + keys, x: 0, y: y, style: Style(.muted), maxWidth: g.width)
    }

    /// The help overlay: the keys of the focused pane, then the global ones.
    static func help(_ s: AppState, _ g: inout CellGrid) {
        var rows = ["Keys · \(s.focus.title)", ""]
        switch s.focus {
        case .buttons: rows += ["a / +   add a button or row", "x / -   remove it", "K / J   move it up / down"]
        case .preview: rows += ["↑ ↓     scroll", "PgUp/Dn scroll a page", "r       reveal / mask secrets"]
        default: rows += ["Enter   edit text, cycle a choice, flip a toggle", "← →     cycle a choice"]
        }
        rows += ["", "Tab / Shift-Tab   next / previous pane", "↑ ↓ or j k        move between fields", "g / G             next / previous gateway",
                 "Ctrl-S or F5      send", "r                 reveal secrets", "Esc               back", "q                 quit", "", "any key closes this"]
        let w = min(g.width - 4, (rows.map { DisplayWidth.of($0) }.max() ?? 20) + 4)
        let h = min(g.height - 2, rows.count + 2)
        let x0 = (g.width - w) / 2, y0 = (g.height - h) / 2
        box(&g, x: x0, y: y0, width: w, height: h)
        for (i, r) in rows.prefix(h - 2).enumerated() { g.put(r, x: x0 + 2, y: y0 + 1 + i, style: Style(i == 0 ? .primary : .text, bold: i == 0), maxWidth: w - 3) }
    }

    static func confirm(_ s: AppState, _ g: inout CellGrid) {
        let rows = ["Send through \(s.profile.name)?", "This profile is not the sandbox:", "the message goes to \(s.gateway.gateway.displayName) for real.", "", "y send · any other key cancels"]
        let w = min(g.width - 4, (rows.map { DisplayWidth.of($0) }.max() ?? 20) + 4)
        let x0 = (g.width - w) / 2, y0 = (g.height - 7) / 2
        box(&g, x: x0, y: y0, width: w, height: 7)
        for (i, r) in rows.enumerated() { g.put(r, x: x0 + 2, y: y0 + 1 + i, style: Style(i == 0 ? .productionBadge : .text, bold: i == 0), maxWidth: w - 3) }
    }

    static func box(_ g: inout CellGrid, x: Int, y: Int, width w: Int, height h: Int) {
        g.fill(x: x, y: y, width: w, height: h, style: Style(.panel))
        g.put("┌" + String(repeating: "─", count: max(0, w - 2)) + "┐", x: x, y: y, style: Style(.border))
        for r in (y + 1)..<(y + h - 1) {
            g.put("│", x: x, y: r, style: Style(.border))
            g.put("│", x: x + w - 1, y: r, style: Style(.border))
        }
        g.put("└" + String(repeating: "─", count: max(0, w - 2)) + "┘", x: x, y: y + h - 1, style: Style(.border))
    }
}

/// Pretty JSON as coloured segments: keys, strings, numbers, booleans, null, punctuation.
enum JSONColors {
    static func rawLines(_ value: JSONValue) -> [Substring] {
        JSONWriter.prettyString(value).split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// One line split into coloured tokens, in a single pass over its characters.
    static func segments(_ line: String) -> [(String, Style)] {
        var out: [(String, Style)] = []
        let chars = Array(line)
        func matches(_ word: [Character], at i: Int) -> Bool {
            guard i + word.count <= chars.count, chars[i] == word[0] else { return false }
            for k in 1..<word.count where chars[i + k] != word[k] { return false }
            return true
        }
        func numeric(_ c: Character) -> Bool {
            switch c {
            case "0"..."9", ".", "e", "E", "+", "-": return true
            default: return false
            }
        }
        var punct = ""
        func flush() {
            if !punct.isEmpty { out.append((punct, Style(.muted))); punct = "" }
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\"" {
                flush()
                var j = i + 1
                while j < chars.count, chars[j] != "\"" { j += chars[j] == "\\" ? 2 : 1 }
                let end = min(j, chars.count - 1)
                var k = end + 1
                while k < chars.count, chars[k] == " " { k += 1 }
                let isKey = k < chars.count && chars[k] == ":"
                out.append((String(chars[i...end]), Style(isKey ? .jsonKey : .jsonString)))
                i = end + 1
            } else if c == "-" || ("0"..."9").contains(c) {
                flush()
                var j = i
                while j < chars.count, numeric(chars[j]) { j += 1 }
                out.append((String(chars[i..<j]), Style(.jsonNumber)))
                i = j
            } else if matches(["t", "r", "u", "e"], at: i) || matches(["f", "a", "l", "s", "e"], at: i) {
                flush()
                let n = c == "t" ? 4 : 5
                out.append((String(chars[i..<(i + n)]), Style(.jsonBoolean)))
                i += n
            } else if matches(["n", "u", "l", "l"], at: i) {
                flush()
                out.append(("null", Style(.jsonNull)))
                i += 4
            } else {
                punct.append(c)
                i += 1
            }
        }
        flush()
        return out
    }
}
