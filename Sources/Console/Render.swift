#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

/// One drawn screen: its cells, where the caret goes, and what each part of it is, so a click
/// lands on what the user saw.
public struct Frame: Sendable {
    public var grid: CellGrid
    /// The real cursor (for IMEs); nil hides it.
    public var cursor: (x: Int, y: Int)?
    /// What the mouse can point at, in drawing order (a later region is on top).
    public var regions: [HitRegion] = []

    /// What the cell at (x, y) shows, if anything the mouse can point at.
    public func target(x: Int, y: Int) -> HitTarget? {
        regions.last { $0.contains(x: x, y: y) }?.target
    }
}

/// What a click or the wheel can land on.
public enum HitTarget: Sendable, Hashable {
    /// A gateway's name in the title bar.
    case gateway(GatewayID)
    /// A field of a pane, by its index in the pane.
    case field(Pane, Int)
    case pane(Pane)
}

/// A rectangle of the screen and what it shows.
public struct HitRegion: Sendable, Hashable {
    public var x: Int, y: Int, width: Int, height: Int
    public var target: HitTarget

    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < x + width && py >= y && py < y + height }
}

/// Draws the whole screen for a state. Pure: the same state gives the same frame.
public enum Renderer {
    /// The frame for a state: the layout is worked out once, and the regions the mouse can
    /// point at come from the same pass that draws them.
    public static func render(_ s: AppState) -> Frame {
        var frame = Frame(grid: CellGrid(width: s.width, height: s.height))
        guard s.width >= 20, s.height >= 6 else {
            frame.grid.put("too small", x: 0, y: 0, style: Style(.warning))
            return frame
        }
        let layout = Layout(s)
        titleBar(s, &frame.grid, &frame.regions)
        if case .editingJSON(let e) = s.mode {
            frame.cursor = jsonEditor(s, e, &frame.grid, &frame.regions)
        } else {
            frame.cursor = compose(s, &frame.grid, &frame.regions, x: 0, y: 1, width: layout.leftWidth, height: layout.bodyHeight)
            for y in 1..<(1 + layout.bodyHeight) { frame.grid.put("│", x: layout.leftWidth, y: y, style: Style(.border)) }
            preview(s, &frame.grid, x: layout.leftWidth + 2, y: 1, width: s.width - layout.leftWidth - 2, height: layout.bodyHeight)
            frame.regions.append(HitRegion(x: layout.leftWidth + 1, y: 1, width: s.width - layout.leftWidth - 1, height: layout.bodyHeight, target: .pane(.preview)))
        }
        sendPanel(s, &frame.grid, y: 1 + layout.bodyHeight)
        // The send panel's rows and the key line under it.
        frame.regions.append(HitRegion(x: 0, y: 1 + layout.bodyHeight, width: s.width, height: s.height - 1 - layout.bodyHeight, target: .pane(.send)))
        keyLine(s, &frame.grid, y: s.height - 1)
        switch s.mode {
        case .form, .editing, .editingJSON: break
        case .overlay(let overlay):
            switch overlay {
            case .prompt(let p): frame.cursor = prompt(p, &frame.grid)
            case .palette(let p): frame.cursor = palette(p, &frame.grid)
            case .history(let p): frame.cursor = history(p, &frame.grid)
            case .lines(let title, let lines, let scroll): textLines(title, lines, scroll, &frame.grid); frame.cursor = nil
            case .flowWalk(let v): flowWalk(v, &frame.grid); frame.cursor = nil
            case .conversation(let p): frame.cursor = conversation(p, &frame.grid)
            case .suites: frame.cursor = s.suites.map { suites($0, &frame.grid) } ?? nil
            }
        case .help:
            help(s, scroll: s.helpScroll, &frame.grid)
            frame.cursor = nil
        case .confirmingSend:
            confirm(s, &frame.grid)
            frame.cursor = nil
        case .confirmingQuit:
            confirmQuit(s, &frame.grid)
            frame.cursor = nil
        case .confirmingReplace(let name):
            question(["Replace “\(name)”?", "A saved message has this name.", "", "y replace it · any other key keeps it"], role: .warning, &frame.grid)
            frame.cursor = nil
        }
        return frame
    }

    /// What the title bar holds at a width. The badge always shows: the rest gives way to it,
    /// first the name, then the word "profile", the other gateways, the profile, and last the
    /// badge's long form.
    struct TitlePlan: Equatable {
        var brand: Bool
        /// Every gateway (a click picks one), or only the chosen one.
        var allGateways: Bool
        var profile: String
        var badge: String

        init(brand: Bool, allGateways: Bool, profile: String, badge: String) {
            (self.brand, self.allGateways, self.profile, self.badge) = (brand, allGateways, profile, badge)
        }

        /// The fullest plan that fits in `width`.
        init(_ s: AppState, width: Int) {
            let name = s.profile.name + " "
            let (long, short) = s.profile.isSandbox ? (" SANDBOX ", " SBX ") : (" PRODUCTION ", " PROD ")
            let plans = [
                TitlePlan(brand: true, allGateways: true, profile: "profile " + name, badge: long),
                TitlePlan(brand: true, allGateways: true, profile: name, badge: long),
                TitlePlan(brand: false, allGateways: true, profile: name, badge: long),
                TitlePlan(brand: false, allGateways: false, profile: name, badge: long),
                TitlePlan(brand: false, allGateways: false, profile: "", badge: long),
            ]
            self = plans.first { $0.width(s) < width } ?? TitlePlan(brand: false, allGateways: false, profile: "", badge: short)
        }

        static let brandText = " wacon "

        /// The gateways' names as drawn, the chosen one in brackets.
        func gateways(_ s: AppState) -> [(GatewayID, String)] {
            (allGateways ? GatewayID.allCases : [s.gateway]).map { ($0, $0 == s.gateway ? "[\($0.rawValue)]" : " \($0.rawValue) ") }
        }

        /// Columns taken, with at least one between the left and the right parts.
        func width(_ s: AppState) -> Int {
            (brand ? DisplayWidth.of(Self.brandText) : 0) + gateways(s).reduce(0) { $0 + DisplayWidth.of($1.1) } + DisplayWidth.of(profile) + DisplayWidth.of(badge)
        }
    }

    /// The title bar: each gateway's name (a click picks it), the profile and its badge.
    static func titleBar(_ s: AppState, _ g: inout CellGrid, _ regions: inout [HitRegion]) {
        g.fill(x: 0, y: 0, width: g.width, height: 1, style: Style(.surface))
        let plan = TitlePlan(s, width: g.width)
        let badgeX = g.width - DisplayWidth.of(plan.badge)
        var x = plan.brand ? g.put(TitlePlan.brandText, x: 0, y: 0, style: Style(.primary, bold: true)) : 0
        for (id, text) in plan.gateways(s) {
            let selected = id == s.gateway
            let w = g.put(text, x: x, y: 0, style: Style(selected ? .accent : .muted, bold: selected), maxWidth: max(0, badgeX - x))
            regions.append(HitRegion(x: x, y: 0, width: w, height: 1, target: .gateway(id)))
            x += w
        }
        g.put(plan.profile, x: badgeX - DisplayWidth.of(plan.profile), y: 0, style: Style(.muted))
        g.put(plan.badge, x: badgeX, y: 0, style: Style(s.profile.isSandbox ? .sandboxBadge : .productionBadge, bold: true, reverse: true))
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
        var editing: LineEditor?
        /// The field this line edits (its index in the pane), for mouse clicks.
        var field: Int?
    }

    /// Where the parts of the screen go, worked out once per frame.
    struct Layout {
        let bodyHeight: Int
        let leftWidth: Int
        init(_ s: AppState) {
            bodyHeight = s.height - 1 - 4  // title bar; send panel (3) + key line (1)
            leftWidth = min(56, max(30, s.width * 42 / 100))
        }
    }

    /// The compose column: the panes' lines, scrolled so the focused one shows; each line is a
    /// region the mouse can point at.
    static func compose(_ s: AppState, _ g: inout CellGrid, _ regions: inout [HitRegion], x: Int, y: Int, width: Int, height: Int) -> (x: Int, y: Int)? {
        let (lines, focusLine) = composeLines(s)
        // The label column fits the longest label (a Flow's data names can be long), up to a
        // third of the form; longer ones end in "…".
        let longest = lines.lazy.filter { $0.value != nil }.map { DisplayWidth.of($0.text) }.max() ?? 0
        let labelWidth = min(max(14, longest - 1), max(14, width / 3))
        // Scroll so the focused line stays visible.
        let offset = max(0, min(focusLine - height / 2, lines.count - height))
        for (i, line) in lines.dropFirst(offset).prefix(height).enumerated() {
            // Up to the rule between the columns, which belongs to the form too.
            regions.append(HitRegion(x: x, y: y + i, width: width + 1, height: 1, target: line.field.map { .field(line.pane, $0) } ?? .pane(line.pane)))
        }
        return drawCompose(lines, offset: offset, s, &g, x: x, y: y, width: width, height: height, labelWidth: labelWidth)
    }

    /// The compose column's lines (pane titles, fields, their findings, hints) and the line
    /// that must stay in view.
    static func composeLines(_ s: AppState) -> (lines: [Line], focusLine: Int) {
        var lines: [Line] = []
        var focusLine = 0
        for pane in s.panes where pane != .preview && pane != .send {
            let focused = s.focus == pane
            lines.append(Line(text: (focused ? "▸ " : "  ") + pane.title, style: Style(focused ? .focus : .secondary, bold: true), pane: pane))
            if focused { focusLine = lines.count - 1 }
            let fields = s.fields(pane)
            let current = min(s.row[pane] ?? 0, max(0, fields.count - 1))
            for (i, f) in fields.enumerated() {
                let isCurrent = focused && i == current
                // Under a field: what stands in the way (errors, warnings); notes go under the preview.
                let problems = s.findings(for: f).filter { $0.severity != .note }
                let hasError = problems.contains { $0.isError }
                let editing = s.mode.editing.flatMap { $0.field == f.id ? $0.line : nil }
                var value = s.value(f.id)
                if case .choice = f.kind { value = "‹ \(value) ›" }
                value = value.showingNewlines
                lines.append(Line(text: (hasError ? "! " : "  ") + f.label, style: Style(hasError ? .error : .text, reverse: isCurrent && editing == nil),
                                  indent: 2, value: value, valueStyle: Style(editing != nil ? .accent : .text, underline: editing != nil),
                                  pane: pane, isCurrent: isCurrent, editing: editing, field: i))
                if isCurrent { focusLine = lines.count - 1 }
                for p in problems.prefix(isCurrent ? 3 : 1) {
                    lines.append(Line(text: "    ↳ \(p.message)", style: Style(role(p.severity)), indent: 0, pane: pane))
                }
            }
            // The number as it goes out (a bad one is already explained under the field).
            if pane == .recipient, (s.recipientIsUserID && !s.preparation.findings.contains { $0.isError && $0.path == "recipient" })
                || s.recipientReading.number != nil || s.recipientReading.isNational {
                lines.append(Line(text: "    \(s.recipientLine)", style: Style(.muted), pane: pane))
            }
            if pane == .recipient, let window = s.recipientWindowLine {
                lines.append(Line(text: "    \(window.text)", style: Style(window.role), pane: pane))
            }
            if pane == .flow {
                for info in s.flowPaneInfo { lines.append(Line(text: "    " + info, style: Style(.muted), pane: pane)) }
            }
            if focused, let hint = itemHint(s, pane) {
                lines.append(Line(text: "    " + hint, style: Style(.muted), pane: pane))
            }
        }
        return (lines, focusLine)
    }

    static func drawCompose(_ lines: [Line], offset: Int, _ s: AppState, _ g: inout CellGrid, x: Int, y: Int, width: Int, height: Int,
                            labelWidth: Int) -> (x: Int, y: Int)? {
        var cursor: (x: Int, y: Int)?
        for (i, line) in lines.dropFirst(offset).prefix(height).enumerated() {
            let row = y + i
            guard let value = line.value else {
                g.put(line.text, x: x + line.indent, y: row, style: line.style, maxWidth: width - line.indent - 1)
                continue
            }
            // A label longer than its column ends in "…" rather than running into the value.
            let crowded = (!value.isEmpty || line.editing != nil) && DisplayWidth.of(line.text) > labelWidth + 1
            let label = crowded ? DisplayWidth.prefix(line.text, columns: labelWidth) + "…" : line.text
            g.put(label, x: x + line.indent, y: row, style: line.style, maxWidth: labelWidth + 2)
            let vx = x + line.indent + labelWidth + 2
            let room = width - (vx - x) - 1
            guard room > 0 else { continue }
            if let e = line.editing {
                let shown = e.visible(columns: room)
                g.put(shown.text, x: vx, y: row, style: line.valueStyle, maxWidth: room)
                cursor = (vx + shown.caretColumn, row)
            } else {
                // Up to the rule: the column kept for an editing caret shows one more character.
                g.put(value, x: vx, y: row, style: line.isCurrent ? Style(.focus, bold: true) : line.valueStyle, maxWidth: room + 1)
            }
        }
        return cursor
    }

    /// The keys for repeatable items, shown under a focused pane that has them.
    static func itemHint(_ s: AppState, _ pane: Pane) -> String? {
        switch (pane, s.draft.kind) {
        case (.buttons, .list): return "a row · A section · x remove · K/J move"
        case (.buttons, _): return "a add · x remove · K/J move"
        case (.content, .contacts): return "a add card · x remove · K/J move"
        // A template from the library has the values its definition asks for, no more.
        case (.content, .template) where s.templateDefinition != nil: return "the template's values: Enter edits one"
        case (.content, .template): return "a add parameter · x remove · K/J move"
        default: return nil
        }
    }

    /// The colour of a finding: errors and warnings stand out, notes (what wacon did) do not.
    static func role(_ severity: Finding.Severity) -> Role {
        switch severity {
        case .error: return .error
        case .warning: return .warning
        case .note: return .muted
        }
    }

    static func sendPanel(_ s: AppState, _ g: inout CellGrid, y: Int) {
        let focused = s.focus == .send
        g.repeatCharacter("─", x: 0, y: y, count: g.width, style: Style(.border))
        let titleEnd = 1 + g.put((focused ? "▸ " : " ") + "Send ", x: 1, y: y, style: Style(focused ? .focus : .secondary, bold: true))
        // Once the form's message came to something, it can be saved as a case.
        if s.formSend?.sent != nil, !s.sending, let key = s.keymap.keys(for: .saveCase).first {
            g.put(" \(key.display) save as case ", x: titleEnd + 1, y: y, style: Style(.muted), maxWidth: max(0, g.width - titleEnd - 2))
        }
        // The keys in force (the config may have moved send elsewhere, or to no key at all).
        let sendKeys = s.keymap.keys(for: .send).map(\.display)
        let how = sendKeys.isEmpty ? "send has no key (see [keys] in the config; the palette has it)" : sendKeys.joined(separator: " or ") + " sends"
        var rows: [(String, Role)] = s.sendView?.lines ?? [("\(how) through \(s.gateway.gateway.displayName)" + (s.profile.isSandbox ? " (sandbox)" : ""), .muted)]
        if !s.statuses.isEmpty {
            rows.insert(statusRow(s.statuses), at: min(1, rows.count))
        }
        for (i, r) in rows.prefix(2).enumerated() { g.put(" " + r.0, x: 0, y: y + 1 + i, style: Style(r.1), maxWidth: g.width) }
    }

    /// The statuses as they came (`sent → delivered → read`); a failure says why and what to
    /// do, and statuses that came out of order say which one counts.
    static func statusRow(_ statuses: [DeliveryStatus]) -> (String, Role) {
        let trail = statuses.map { st in st.status + (st.errors.first.map { " (\($0.code))" } ?? "") }.joined(separator: " → ")
        guard let final = DeliveryStatus.final(of: statuses, word: \.status) else { return ("status: " + trail, .success) }
        if final.isFailure {
            let error = final.errors.first
            let why = [error?.title, error?.retry.map { "\($0)" }].compactMap { $0 }.joined(separator: " · ")
            return ("status: " + trail + (why.isEmpty ? "" : " " + why), .error)
        }
        let inOrder = final.status == statuses.last?.status
        return ("status: " + trail + (inOrder ? "" : " · final: \(final.status)"), .success)
    }

    static func keyLine(_ s: AppState, _ g: inout CellGrid, y: Int) {
        g.fill(x: 0, y: y, width: g.width, height: 1, style: Style(.surface))
        if let n = s.notice {
            // A notice longer than the line goes on upwards over the send panel until the next
            // key, so nothing is cut unseen; one longer than half the screen ends in "…".
            var rows = wrap(n.text, width: g.width - 2)
            let room = max(1, g.height / 2)
            if rows.count > room { rows = Array(rows.prefix(room)); rows[room - 1] = DisplayWidth.prefix(rows[room - 1], columns: g.width - 3) + "…" }
            for (i, row) in rows.enumerated() {
                let ry = y - rows.count + 1 + i
                g.fill(x: 0, y: ry, width: g.width, height: 1, style: Style(.surface))
                g.put(" " + row, x: 0, y: ry, style: Style(n.role), maxWidth: g.width)
            }
            return
        }
        // The first key of each action, from the keymap.
        func k(_ a: ActionID) -> String { s.keymap.keys(for: a).first?.display ?? "-" }
        // Quit without a key of its own still has Ctrl-C.
        let quitKey = (s.keymap.keys(for: .quit).first ?? Keymap.alwaysQuits).display
        let keys: String
        switch s.mode {
        case .overlay(.prompt): keys = "type or paste  Enter done  ^U clear  Esc cancel"
        case .overlay(.palette): keys = "type to filter  ↑↓ choose  Enter run  Esc close"
        case .overlay(.history(let p)): keys = p.editingFilter ? "type to filter  Enter/Esc done" : "↑↓ choose  Enter open  / filter  Esc close"
        case .overlay(.lines): keys = "↑↓ PgUp PgDn scroll  any other key closes"
        case .overlay(.flowWalk(let v)): keys = v.keyHint
        case .overlay(.suites):
            keys = s.suites?.editingFolder == true ? "type the folder  Enter run  Esc back" : "↑↓ choose  Enter open  x exchange  r rerun  s stop  f folder  Esc close"
        case .overlay(.conversation(let p)):
            keys = p.asking == nil ? "↑↓ choose  r reply  e react  m/t read  " + (p.canPlay ? "w/b/x as the customer  " : "") + "Esc close" : "Enter send  Esc cancel"
        case .editing: keys = "Enter/Esc done  ←→ move  ^A/^E start/end  ^W delete word  \(k(.send)) send"
        case .confirmingQuit: keys = "y quit (the draft is kept)  any other key stays  \(Keymap.alwaysQuits.display) quits"
        case .editingJSON: keys = "Esc done  arrows PgUp PgDn Home End move  Enter new line  Tab indent  ^X clear  ^Z undo  ^Y redo  \(k(.send)) send"
        case .form, .help, .confirmingSend, .confirmingReplace:
            keys = "\(k(.nextPane)) pane  ↑↓ field  Enter edit  \(k(.nextGateway)) gateway  \(k(.send)) send  \(k(.palette)) palette  "
                + "\(k(.historyPane)) history  \(k(.help)) help  \(quitKey) quit  \(k(.conversationPane)) conversation  \(k(.suitesPane)) suites"
        }
        g.put(" " + keys, x: 0, y: y, style: Style(.muted), maxWidth: g.width)
    }

    /// How the help is laid out at a size: its lines wrapped to their column (never clipped),
    /// in one column, in two when one is too long, and scrolled when two are too long as well.
    struct HelpLayout {
        /// Each row on screen, and whether it is a section heading.
        var rows: [(text: String, heading: Bool)] = []
        var columns = 1
        var columnWidth: Int
        /// Rows per column on screen.
        var visible: Int
        /// The last first row (0 when everything shows at once).
        var maxScroll: Int { columns == 1 ? max(0, rows.count - visible) : 0 }

        init(_ s: AppState) {
            let headings = Set(s.keymap.helpSections(focus: s.focus).map(\.title) + ["Text fields"])
            let body = s.keymap.helpLines(focus: s.focus) + ["", "Text fields", "←→ Home End  move", "^← ^→       by word", "^W ^U ^K    delete", "Enter Esc   done"]
            let rowsFit = max(1, s.height - 6)
            let natural = (body.map { DisplayWidth.of($0) }.max() ?? 20) + 2
            // A line too long for its column goes on below its start, indented.
            func rows(_ width: Int) -> [(text: String, heading: Bool)] {
                let room = max(5, width - 1)
                return body.flatMap { line -> [(text: String, heading: Bool)] in
                    let heading = headings.contains(line)
                    let parts = Renderer.wrap(line, width: room)
                    guard parts.count > 1 else { return [(line, heading)] }
                    let rest = Renderer.wrap(parts.dropFirst().joined(separator: " "), width: room - 4)
                    return [(parts[0], heading)] + rest.map { ("    " + $0, heading) }
                }
            }
            columnWidth = min(natural, max(10, s.width - 6))
            self.rows = rows(columnWidth)
            visible = min(rowsFit, self.rows.count)
            guard self.rows.count > rowsFit else { return }
            let half = min(natural, max(10, (s.width - 5) / 2))
            let two = rows(half)
            if (two.count + 1) / 2 <= rowsFit {
                (columns, columnWidth, self.rows, visible) = (2, half, two, (two.count + 1) / 2)
            }
        }
    }

    /// The help overlay, made from the keymap (so it never drifts from the bindings): the keys
    /// of the focused pane, then the global ones; from row `scroll` when it is longer than the
    /// screen.
    static func help(_ s: AppState, scroll: Int, _ g: inout CellGrid) {
        let layout = HelpLayout(s)
        let first = min(max(0, scroll), layout.maxScroll)
        let footer = layout.maxScroll == 0 ? "any key closes this"
            : "↑↓ PgUp PgDn: rows \(first + 1)–\(first + layout.visible) of \(layout.rows.count) · other keys close"
        let w = min(g.width - 2, max(layout.columnWidth * layout.columns, DisplayWidth.of(footer) + 1) + 3)
        let h = min(g.height - 2, layout.visible + 4)
        let x0 = (g.width - w) / 2, y0 = (g.height - h) / 2
        box(&g, x: x0, y: y0, width: w, height: h)
        g.put("Keys · \(s.focus.title)", x: x0 + 2, y: y0 + 1, style: Style(.primary, bold: true), maxWidth: w - 3)
        let shown = layout.rows.dropFirst(first).prefix(layout.visible * layout.columns)
        for (i, row) in shown.enumerated() {
            let x = x0 + 2 + (i / layout.visible) * layout.columnWidth
            g.put(row.text, x: x, y: y0 + 2 + i % layout.visible, style: Style(row.heading ? .secondary : .text, bold: row.heading),
                  maxWidth: min(layout.columnWidth - 1, x0 + w - 1 - x))
        }
        g.put(footer, x: x0 + 2, y: y0 + h - 2, style: Style(.muted), maxWidth: w - 3)
    }

    static func confirm(_ s: AppState, _ g: inout CellGrid) {
        question(["Send through \(s.profile.name)?", "This profile is not the sandbox:", "the message goes to \(s.gateway.gateway.displayName) for real.", "", "y send · any other key cancels"],
                 role: .productionBadge, &g)
    }

    /// Quitting with unsent changes: they are kept as the draft (unless the file cannot be
    /// written, which it says).
    static func confirmQuit(_ s: AppState, _ g: inout CellGrid) {
        let kept = s.draftNotKept.map { ["They could not be kept: \($0)"] } ?? ["They are kept as the draft and come back", "the next time the console opens."]
        question(["Quit wacon?", "This draft has changes that were not sent."] + kept + ["", "y quit · any other key cancels"],
                 role: s.draftNotKept == nil ? .primary : .error, &g)
    }

    /// A question in a box in the middle of the screen; the first row is its title.
    static func question(_ rows: [String], role: Role, _ g: inout CellGrid) {
        let w = min(g.width - 4, (rows.map { DisplayWidth.of($0) }.max() ?? 20) + 4)
        let h = rows.count + 2
        let x0 = (g.width - w) / 2, y0 = max(0, (g.height - h) / 2)
        box(&g, x: x0, y: y0, width: w, height: h)
        for (i, r) in rows.enumerated() { g.put(r, x: x0 + 2, y: y0 + 1 + i, style: Style(i == 0 ? role : .text, bold: i == 0), maxWidth: w - 3) }
    }

    /// A one-line prompt in a box; the cursor at its caret (long text shows the part around it).
    static func prompt(_ p: Prompt, _ g: inout CellGrid) -> (x: Int, y: Int)? {
        let w = max(10, g.width - 8)
        // Why the last Enter did not work, whole: wrapped under the text.
        let errorRows = p.error.map { Array(wrap($0, width: w - 4).prefix(max(1, g.height - 6))) } ?? []
        let h = 4 + errorRows.count
        let x0 = (g.width - w) / 2, y0 = max(0, (g.height - h) / 3)
        box(&g, x: x0, y: y0, width: w, height: h)
        g.put(p.title, x: x0 + 2, y: y0 + 1, style: Style(.primary, bold: true), maxWidth: w - 4)
        // Up to the box's edge, where the caret may stand after the last character.
        let shown = p.line.visible(columns: w - 4)
        g.put("› " + shown.text, x: x0 + 2, y: y0 + 2, style: Style(.accent), maxWidth: w - 3)
        for (i, row) in errorRows.enumerated() { g.put(row, x: x0 + 2, y: y0 + 3 + i, style: Style(.error), maxWidth: w - 4) }
        return (x0 + 4 + shown.caretColumn, y0 + 2)
    }

    /// The palette: the query, then the best matches with their matched letters underlined.
    static func palette(_ p: Palette, _ g: inout CellGrid) -> (x: Int, y: Int)? {
        let w = min(g.width - 4, 72), h = min(g.height - 2, 18)
        let x0 = (g.width - w) / 2, y0 = max(0, (g.height - h) / 4)
        box(&g, x: x0, y: y0, width: w, height: h)
        let q = p.query.visible(columns: w - 7)
        g.put(": " + q.text, x: x0 + 2, y: y0 + 1, style: Style(.accent, bold: true), maxWidth: w - 4)
        let rows = h - 3
        let first = max(0, min(p.selected - rows + 1, p.matches.count - rows))
        for (i, m) in p.matches.dropFirst(first).prefix(rows).enumerated() {
            let y = y0 + 2 + i
            let selected = first + i == p.selected
            let base = Style(selected ? .focus : .text, reverse: selected)
            if selected { g.fill(x: x0 + 1, y: y, width: w - 2, height: 1, style: base) }
            var x = x0 + 2
            for (k, ch) in m.item.title.enumerated() {
                var st = base
                if m.positions.contains(k) { st.underline = true; st.bold = true }
                x += g.put(String(ch), x: x, y: y, style: st, maxWidth: x0 + w - 2 - x)
            }
            let detail = m.item.detail
            let dw = DisplayWidth.of(detail)
            if x + 2 + dw < x0 + w - 2 { g.put(detail, x: x0 + w - 2 - dw, y: y, style: Style(selected ? .focus : .muted, reverse: selected)) }
        }
        if p.matches.isEmpty { g.put("no match", x: x0 + 2, y: y0 + 2, style: Style(.muted)) }
        return (x0 + 4 + q.caretColumn, y0 + 1)
    }

    /// Read-only lines in a box (a payload diff), from `scroll`.
    static func textLines(_ title: String, _ lines: [(String, Role)], _ scroll: Int, _ g: inout CellGrid) {
        let w = g.width - 2, h = g.height - 2
        box(&g, x: 1, y: 1, width: w, height: h)
        g.put(title, x: 3, y: 1, style: Style(.primary, bold: true), maxWidth: w - 4)
        for (i, line) in lines.dropFirst(scroll).prefix(h - 2).enumerated() {
            g.put(line.0, x: 3, y: 2 + i, style: Style(line.1), maxWidth: w - 4)
        }
        g.put("↑↓ scroll · any other key closes", x: 3, y: h, style: Style(.muted), maxWidth: w - 4)
    }

    static func box(_ g: inout CellGrid, x: Int, y: Int, width w: Int, height h: Int) {
        g.fill(x: x, y: y, width: w, height: h, style: Style(.panel))
        g.put("┌", x: x, y: y, style: Style(.border))
        g.repeatCharacter("─", x: x + 1, y: y, count: w - 2, style: Style(.border))
        g.put("┐", x: x + w - 1, y: y, style: Style(.border))
        for r in (y + 1)..<(y + h - 1) {
            g.put("│", x: x, y: r, style: Style(.border))
            g.put("│", x: x + w - 1, y: r, style: Style(.border))
        }
        g.put("└", x: x, y: y + h - 1, style: Style(.border))
        g.repeatCharacter("─", x: x + 1, y: y + h - 1, count: w - 2, style: Style(.border))
        g.put("┘", x: x + w - 1, y: y + h - 1, style: Style(.border))
    }
}

/// Pretty JSON as coloured segments: keys, strings, numbers, booleans, null, punctuation.
enum JSONColors {
    /// The pretty body and where each line starts. Only the lines on screen become substrings;
    /// finding the breaks is one tight pass over the bytes (a newline byte is always a whole
    /// character in UTF-8).
    struct Lines {
        let text: String
        private var starts: [Int] = [0]

        init(_ value: JSONValue) {
            var text = JSONWriter.prettyString(value)
            var starts = [0]
            text.withUTF8 { buf in
                for i in 0..<buf.count where buf[i] == 10 { starts.append(i + 1) }
            }
            self.text = text
            self.starts = starts
        }

        var count: Int { starts.count }

        subscript(n: Int) -> Substring {
            let u = text.utf8
            let a = u.index(u.startIndex, offsetBy: starts[n])
            let b = n + 1 < starts.count ? u.index(u.startIndex, offsetBy: starts[n + 1] - 1) : u.endIndex
            return Substring(u[a..<b])
        }
    }

    /// One line split into coloured tokens, in a single pass over its bytes. Every JSON token
    /// boundary is an ASCII byte, so slicing there never splits a character.
    static func segments(_ line: Substring) -> [(Substring, Style)] {
        var out: [(Substring, Style)] = []
        let bytes = line.utf8
        var i = bytes.startIndex
        var punctStart: String.Index?
        func flush(_ end: String.Index) {
            if let p = punctStart { out.append((line[p..<end], Style(.muted))); punctStart = nil }
        }
        func word(_ w: StaticString, at i: String.Index) -> String.Index? {
            var j = i
            for b in UnsafeBufferPointer(start: w.utf8Start, count: w.utf8CodeUnitCount) {
                guard j < bytes.endIndex, bytes[j] == b else { return nil }
                j = bytes.index(after: j)
            }
            return j
        }
        while i < bytes.endIndex {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                flush(i)
                var j = bytes.index(after: i)
                while j < bytes.endIndex, bytes[j] != UInt8(ascii: "\"") {
                    j = bytes.index(after: j)
                    if bytes[bytes.index(before: j)] == UInt8(ascii: "\\"), j < bytes.endIndex { j = bytes.index(after: j) }
                }
                let end = j < bytes.endIndex ? bytes.index(after: j) : j
                var k = end
                while k < bytes.endIndex, bytes[k] == UInt8(ascii: " ") { k = bytes.index(after: k) }
                let isKey = k < bytes.endIndex && bytes[k] == UInt8(ascii: ":")
                out.append((line[i..<end], Style(isKey ? .jsonKey : .jsonString)))
                i = end
            } else if c == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) {
                flush(i)
                var j = i
                while j < bytes.endIndex, isNumeric(bytes[j]) { j = bytes.index(after: j) }
                out.append((line[i..<j], Style(.jsonNumber)))
                i = j
            } else if let end = word("true", at: i) ?? word("false", at: i) {
                flush(i)
                out.append((line[i..<end], Style(.jsonBoolean)))
                i = end
            } else if let end = word("null", at: i) {
                flush(i)
                out.append((line[i..<end], Style(.jsonNull)))
                i = end
            } else {
                if punctStart == nil { punctStart = i }
                i = bytes.index(after: i)
            }
        }
        flush(bytes.endIndex)
        return out
    }

    private static func isNumeric(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"): return true
        default: return false
        }
    }
}

extension String {
    /// The text on one line: each line break shown as ⏎ (a field row has one line).
    var showingNewlines: String {
        var copy = self
        let hasBreak = copy.withUTF8 { buf in buf.contains { $0 == 10 || $0 == 13 } }
        guard hasBreak else { return self }
        return String(map { $0.isNewline ? "⏎" : $0 })
    }
}
