#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import Session
import WhatsAppModel
import History

/// The history pane: the same filters as `wacon history list` (typed as one line, see
/// `HistoryQuery(parsing:)`), newest first, loaded a page at a time off the input path.
public struct HistoryPane: Sendable {
    /// The filter line, e.g. `kaleyra E110 to:+27… since:2026-11-01 words`.
    public var filter = LineEditor()
    /// Typing goes to the filter line (after `/`) instead of the list keys.
    public var editingFilter = false
    public var rows: [HistorySummary] = []
    public var selected = 0
    /// Where the next page starts (nil: no more).
    public var nextBefore: Int64?
    public var loading = true
    /// The entry marked with `d`, to be compared with the next one.
    public var marked: Int64?
    public var problems: [String] = []
    public var error: String?
    /// Answers to older queries are dropped: only the newest token's page is shown.
    public var token = 0

    public init() {}

    public var query: HistoryQuery { HistoryQuery(parsing: filter.text) }
    public var current: HistorySummary? { rows.indices.contains(selected) ? rows[selected] : nil }
}

extension AppState {
    mutating func openHistoryPane() -> [Effect] {
        let pane = HistoryPane()
        mode = .overlay(.history(pane))
        return [.history(.load(pane.query, before: nil, token: pane.token))]
    }

    /// Keys in the history pane.
    mutating func handleHistory(_ pane: HistoryPane, _ key: KeyEvent) -> [Effect] {
        var p = pane
        if p.editingFilter {
            switch key {
            case .enter, .escape, .tab: p.editingFilter = false
            default: guard p.filter.apply(key) else { return [] }
            }
            // Every keystroke that changes the filter searches; the newest answer wins.
            guard p.filter.text != pane.filter.text else { mode = .overlay(.history(p)); return [] }
            return reload(p)
        }
        switch key {
        case .escape, .char("q"):
            mode = .form
            return []
        case .char("/"): p.editingFilter = true
        case .down, .char("j"):
            p.selected = min(p.selected + 1, max(0, p.rows.count - 1))
            mode = .overlay(.history(p))
            return loadMoreIfNeeded(p)
        case .up, .char("k"): p.selected = max(0, p.selected - 1)
        case .pageDown:
            p.selected = min(p.selected + max(1, height - 8), max(0, p.rows.count - 1))
            mode = .overlay(.history(p))
            return loadMoreIfNeeded(p)
        case .pageUp: p.selected = max(0, p.selected - max(1, height - 8))
        case .home: p.selected = 0
        case .enter:
            guard let row = p.current else { return [] }
            return [.history(.open(row.id, replay: false, keepGateway: false))]
        case .char("r"):
            guard let row = p.current else { return [] }
            return [.history(.open(row.id, replay: true, keepGateway: false))]
        case .char("R"):
            guard let row = p.current else { return [] }
            return [.history(.open(row.id, replay: true, keepGateway: true))]
        case .char("e"), .char("E"):
            guard let row = p.current else { return [] }
            return [.history(.export(row.id, key == .char("e") ? .curl : .har))]
        case .char("d"):
            guard let row = p.current else { return [] }
            if let m = p.marked, m != row.id {
                p.marked = nil
                mode = .overlay(.history(p))
                return [.history(.diff(m, row.id))]
            }
            p.marked = p.marked == row.id ? nil : row.id
            notice = p.marked.map { Notice(text: "marked #\($0): press d on another entry to compare", role: .muted) }
        default: return []
        }
        mode = .overlay(.history(p))
        return []
    }

    /// A new query: the list starts again from the newest entry.
    private mutating func reload(_ pane: HistoryPane) -> [Effect] {
        var p = pane
        p.token += 1
        p.loading = true
        p.selected = 0
        p.problems = p.query.problems.map(\.description)
        mode = .overlay(.history(p))
        return [.history(.load(p.query, before: nil, token: p.token))]
    }

    /// Near the end of what is loaded, the next page comes (keyset: stays fast at any depth).
    private func loadMoreIfNeeded(_ p: HistoryPane) -> [Effect] {
        guard !p.loading, let before = p.nextBefore, p.selected >= p.rows.count - 10 else { return [] }
        return [.history(.load(p.query, before: before, token: p.token))]
    }

    /// A page arrived.
    mutating func received(_ page: HistoryPage, before: Int64?, token: Int) {
        guard case .overlay(.history(var p)) = mode, p.token == token else { return }
        if before == nil { p.rows = page.rows } else { p.rows += page.rows }
        p.nextBefore = page.nextBefore
        p.loading = false
        p.error = nil
        p.selected = min(p.selected, max(0, p.rows.count - 1))
        mode = .overlay(.history(p))
    }

    /// The lines of a payload diff: the verdict first, then each part that changed.
    static func diffLines(_ d: HistoryPayloadDiff) -> [(String, Role)] {
        var out: [(String, Role)] = [("#\(d.old.id) → #\(d.new.id): \(d.verdict.rawValue)", .primary),
                                     ("- only in #\(d.old.id) · + only in #\(d.new.id)", .muted), ("", .text)]
        for (name, part) in [("message", d.message), ("request body", d.request), ("response body", d.response)] {
            guard part.changed else {
                out.append(("\(name): the same", .muted))
                continue
            }
            out.append(("\(name):" + (part.truncated ? " (a body was cut at the history's cap)" : ""), .secondary))
            for line in part.unifiedLines() {
                // The gutter says what the colour says, so the diff reads without colour too.
                let (gutter, role): (String, Role) = switch line.marker {
                case .removed: ("- ", .error)
                case .added: ("+ ", .success)
                case .same, .omitted: ("  ", .muted)
                }
                out.append(("  " + gutter + line.text, role))
            }
            out.append(("", .text))
        }
        return out
    }
}

extension Renderer {
    /// The history pane over the whole screen.
    static func history(_ p: HistoryPane, _ g: inout CellGrid) -> (x: Int, y: Int)? {
        let w = g.width, h = g.height - 1
        box(&g, x: 0, y: 0, width: w, height: h)
        let count = p.loading ? "loading…" : "\(p.rows.count)\(p.nextBefore == nil ? "" : "+") shown"
        g.put("History · \(count)", x: 2, y: 0, style: Style(.primary, bold: true), maxWidth: w - 4)
        let label = p.editingFilter ? "/ " : "filter: "
        let filterX = 2 + DisplayWidth.of(label)
        g.put(label, x: 2, y: 1, style: Style(p.editingFilter ? .accent : .muted, bold: p.editingFilter))
        let unfiltered = p.filter.text.isEmpty && !p.editingFilter
        let shown = p.filter.visible(columns: w - filterX - 2)
        g.put(unfiltered ? "(none: / to filter, e.g. kaleyra E110 to:+27… since:2026-11-01 words)" : shown.text,
              x: filterX, y: 1, style: Style(unfiltered ? .muted : .text), maxWidth: w - filterX - 2)
        var y = 2
        if let e = p.error ?? p.problems.first {
            g.put(e, x: 2, y: y, style: Style(.warning), maxWidth: w - 4)
            y += 1
        }
        let rows = h - y - 2
        let first = max(0, min(p.selected - rows / 2, p.rows.count - rows))
        let shownRows = p.rows.dropFirst(first).prefix(max(0, rows))
        let columns = HistoryColumns(shownRows, width: w - 2)
        for (i, r) in shownRows.enumerated() {
            let selected = first + i == p.selected
            let outcomeRole: Role = r.outcome == "accepted" ? .success : r.outcome == "invalid" ? .warning : .error
            let style = Style(selected ? .focus : .text, reverse: selected)
            if selected { g.fill(x: 1, y: y + i, width: w - 2, height: 1, style: style) }
            let mark = p.marked == r.id ? "◆" : " "
            var x = g.put(mark + HistoryColumns.cell("#\(r.id)", columns.id, alignRight: true) + " ", x: 1, y: y + i, style: style)
            x += g.put(WallClock.local.format(r.createdAt, "MM-dd HH:mm:ss") + " ", x: 1 + x, y: y + i, style: Style(selected ? .focus : .muted, reverse: selected))
            x += g.put(HistoryColumns.cell(r.gateway, columns.gateway) + " ", x: 1 + x, y: y + i, style: style)
            x += g.put(HistoryColumns.cell(r.recipient, columns.recipient) + " ", x: 1 + x, y: y + i, style: style)
            x += g.put(HistoryColumns.kind(r.kind, columns.kind) + " ", x: 1 + x, y: y + i, style: style)
            g.put(r.outcomeSummary + (r.messageID.map { "  " + $0 } ?? ""), x: 1 + x, y: y + i,
                  style: selected ? style : Style(outcomeRole), maxWidth: max(0, w - 2 - x))
        }
        if !p.loading, p.rows.isEmpty { g.put(p.filter.text.isEmpty ? "no sends yet" : "nothing matches", x: 2, y: y, style: Style(.muted)) }
        g.put("Enter open · r replay · R replay via the chosen gateway · e curl · E HAR · d compare · / filter · Esc close",
              x: 2, y: h - 1, style: Style(.muted), maxWidth: w - 4)
        return p.editingFilter ? (filterX + shown.caretColumn, 1) : nil
    }
}

/// The history list's column widths, sized to the rows on screen: ids right-aligned to the
/// widest, each column as wide as its widest value, and a value that must be cut ends in "…".
struct HistoryColumns: Equatable {
    var id: Int, gateway: Int, recipient: Int, kind: Int

    /// Columns the time takes, with its space (`MM-dd HH:mm:ss `).
    static let time = 15
    /// What a recipient may take: any grouped number fits whole (15 digits, +, spaces); text
    /// that reads as no number, shown as typed, is cut past it.
    static let recipientMax = 22
    /// What the outcome keeps at least (`transport-failure timeout`), before the kind is cut.
    static let outcomeMin = 24
    /// What the kind keeps at least: enough for `…button`, `…cta_url`, `…product`.
    static let kindMin = 10

    /// The widths for `rows` in a list `width` columns wide; the kind gives way first.
    init(_ rows: some Collection<HistorySummary>, width: Int) {
        func widest(_ value: (HistorySummary) -> String) -> Int { rows.map { DisplayWidth.of(value($0)) }.max() ?? 0 }
        id = widest { "#\($0.id)" }
        gateway = widest(\.gateway)
        recipient = min(Self.recipientMax, widest(\.recipient))
        // The mark, then each column and the space after it.
        let before = 1 + id + 1 + Self.time + gateway + 1 + recipient + 1
        kind = min(widest(\.kind), max(Self.kindMin, width - before - 1 - Self.outcomeMin))
    }

    /// `text` in exactly `width` columns: padded (on the left with `alignRight`), or cut with a
    /// visible "…".
    static func cell(_ text: String, _ width: Int, alignRight: Bool = false) -> String {
        let fitted = DisplayWidth.of(text) > width ? DisplayWidth.prefix(text, columns: max(0, width - 1)) + "…" : text
        let pad = String(repeating: " ", count: max(0, width - DisplayWidth.of(fitted)))
        return alignRight ? pad + fitted : fitted + pad
    }

    /// A kind in `width` columns: whole if it fits, else without its group, which is what the
    /// kinds of a group share (`interactive.button` → `…button`), else cut.
    static func kind(_ kind: String, _ width: Int) -> String {
        guard DisplayWidth.of(kind) > width, let dot = kind.lastIndex(of: ".") else { return cell(kind, width) }
        return cell("…" + kind[kind.index(after: dot)...], width)
    }
}
