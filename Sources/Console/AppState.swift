import Foundation
import Providers
import Session
import WhatsAppModel

/// A text field being edited: its buffer and the caret (a Character index).
public struct Editing: Sendable, Hashable {
    public var field: FieldID
    public var text: String
    public var caret: Int
}

/// What the send panel shows about the last send.
public struct SendView: Sendable, Hashable {
    public var lines: [(text: String, role: Role)]
    public var id: String?

    public static func == (a: SendView, b: SendView) -> Bool { a.id == b.id && a.lines.map(\.text) == b.lines.map(\.text) }
    public func hash(into h: inout Hasher) { h.combine(id); h.combine(lines.map(\.text)) }
}

/// Everything the console shows, as plain values. Changed only by `update`.
public struct AppState: Sendable {
    public var width: Int
    public var height: Int
    public var draft = Draft()
    public var gateway: GatewayID = .meta
    public var allProfiles: [Profile]
    /// The chosen profile per gateway (by name).
    public var profileName: [GatewayID: String] = [:]
    public var focus: Pane = .recipient
    public var row: [Pane: Int] = [:]
    public var editing: Editing?
    public var revealSecrets = false
    public var showHelp = false
    /// A send through a real (non-sandbox) profile waits for a yes.
    public var confirming = false
    public var sending = false
    /// The history entry the next send replays (set by `r`/`R` in the history pane): the session
    /// sends it as a replay, keeping its sandbox scenario.
    public var replaying: Int64?
    public var sendView: SendView?
    public var statuses: [DeliveryStatus] = []
    public var previewScroll = 0
    public var quit = false
    /// A prompt, the palette or another overlay covering the screen; keys go to it first.
    public var overlay: Overlay?
    /// What the last action did, shown in the key line until the next key.
    public var notice: Notice?
    /// Names of saved messages (for the palette), refreshed by the runtime.
    public var savedNames: [String] = []
    /// Theme names the palette offers, and the one in use.
    public var themeNames: [String] = ["dark"]
    public var themeName = "dark"
    /// A theme was picked in the console (it then applies to every profile).
    public var themePicked = false
    /// Mouse reporting (off by default, so the terminal's own selection works).
    public var mouse = false
    /// Keys → actions: the defaults with the config's `[keys]` overrides.
    public var keymap = Keymap.defaults
    /// The Flow JSON loaded for a flow message (screens, data form, walk).
    public var flow: LoadedFlow?
    /// First-screen data typed per screen, so picking another screen loses nothing.
    public var flowDataByScreen: [String: String] = [:]
    /// Derived from the draft, gateway and profile; recomputed after every change.
    public private(set) var preparation = Preparation(findings: [], request: nil)

    /// A console state showing `gateway` through `profile` (names from `profiles`), its preview
    /// computed for them from the start.
    public init(width: Int, height: Int, profiles: [Profile] = GatewayID.allCases.map(Profile.builtIn),
                gateway: GatewayID = .meta, profile: String? = nil) {
        self.width = width
        self.height = height
        self.allProfiles = profiles
        self.gateway = gateway
        if let profile { profileName[gateway] = profile }
        refresh()
    }

    public func profiles(for g: GatewayID) -> [Profile] { allProfiles.filter { $0.gateway == g } }

    /// The profile in use for the current gateway.
    public var profile: Profile {
        let list = profiles(for: gateway)
        return list.first { $0.name == profileName[gateway] } ?? list.first { $0.name == gateway.rawValue } ?? list.first ?? .builtIn(gateway)
    }

    /// Panes that have something to show for this draft and gateway.
    public var panes: [Pane] {
        Pane.allCases.filter { p in
            switch p {
            case .buttons: return draft.kind == .button || draft.kind == .list
            case .flow: return draft.kind == .flow || (draft.kind == .template && draft.templateFlowButton)
            case .options: return gateway.gateway.optionKeys.contains { $0.formLabel != nil }
            default: return true
            }
        }
    }

    /// Recomputes the preview after a state was changed by hand (a loaded draft, tests, the
    /// benchmark) rather than through `update`.
    public mutating func recompute() { refresh() }

    /// A delivery status for the send panel.
    public mutating func apply(status: DeliveryStatus) { _ = update(.status(status)) }

    /// Recomputes the preview and findings: validate + encode for the chosen gateway.
    mutating func refresh() {
        if draft.kind == .json, case .failure(let e) = draft.parsedJSON {
            preparation = Preparation(findings: [Finding(.error, "json", .format, "the message JSON cannot be read: \(e)")], request: nil)
            return
        }
        preparation = gateway.gateway.prepare(draft.message, profile: profile, options: draft.options)
        // With the Flow at hand, the message is also checked against it: the screen exists, the
        // data matches the screen's declaration.
        if let flow, draft.kind == .flow, case .interactive(let i) = draft.message.content, case .flow(let f) = i.action {
            preparation.findings += FlowLinter.checkMessage(f, against: flow.document)
        }
    }

    /// Findings whose path is at or under this field's path.
    public func findings(for field: FieldSpec) -> [Finding] {
        preparation.findings.filter { f in
            let p = f.path.description
            return p == field.path || p.hasPrefix(field.path + ".") || p.hasPrefix(field.path + "[")
        }
    }

    /// How the recipient reads, against the profile's business number (the validator's reading).
    public var recipientReading: PhoneNumberReading { PhoneNumber.read(draft.to, businessNumber: profile.businessNumber) }

    /// The recipient as the gateway will send it and whose number it is, what Meta would make of
    /// a number without its country code, or why it cannot be sent.
    public var recipientLine: String {
        let reading = recipientReading
        guard let n = reading.number else { return reading.readAs }
        return "sent as \(gateway.gateway.recipientText(n)) (\(n.region.code))"
    }
}

/// What `update` asks the runtime to do.
public enum Effect: Sendable, Equatable {
    case send(OutboundMessage, GatewayID, Profile, VendorOptions)
    /// Send history entry `id` again through this profile (the session keeps its scenario).
    case replay(Int64, Profile)
    case quit
    /// Ctrl-Z: give the terminal back to the shell until `fg`.
    case suspend
    /// Put text on the terminal's clipboard (OSC 52: works over SSH).
    case copy(String)
    /// Saved messages: save, open, rename, duplicate, delete, list (disk work, off the input path).
    case saveDraft(name: String, draft: Draft, gateway: GatewayID, profile: String)
    case openSaved(String)
    case renameSaved(String, String)
    case duplicateSaved(String)
    case deleteSaved(String)
    case listSaved
    /// Switch the terminal's colours.
    case setTheme(String)
    case setMouse(Bool)
    /// History pane work (reading the file off the input path).
    case loadHistory(HistoryQuery, before: Int64?, token: Int)
    case openHistory(Int64, replay: Bool, keepGateway: Bool)
    case exportHistory(Int64, HistoryExportFormat)
    case diffHistory(Int64, Int64)
    /// Read, lint and register a Flow JSON file (disk work, off the input path).
    case loadFlow(String)
    /// Ask the sandbox to play the customer completing the flow message `messageID`.
    case completeFlow(messageID: String, response: JSONObject)
}

/// Results that come back into `update`.
public enum AppEvent: Sendable {
    case key(KeyEvent)
    case sent(SessionSend)
    /// The send could not start (the sandbox would not start, a replayed entry is unreadable).
    case sendFailed(String)
    case status(DeliveryStatus)
    /// A message opened from disk or history: the draft, and the gateway and profile it was for.
    case opened(Draft, GatewayID?, profile: String?, from: String)
    case savedNames([String])
    /// The outcome of a disk action, for the key line.
    case notice(Notice)
    case historyPage(HistoryPage, before: Int64?, token: Int)
    case historyFailed(String, token: Int)
    /// An entry to send again: opened into the form, then sent.
    case replay(Draft, GatewayID?, profile: String?, id: Int64)
    case diff(HistoryPayloadDiff)
    case flowLoaded(LoadedFlow)
    case flowFailed(String)
    /// The `nfm_reply` the receiver got for a walked flow, summed up.
    case flowReply(String)
}

extension AppState {
    /// The one place state changes: an event in, the new state and effects out.
    public mutating func update(_ event: AppEvent) -> [Effect] {
        switch event {
        case .sent(let s):
            sending = false
            sendView = SendView.from(s)
            return []
        case .sendFailed(let why):
            sending = false
            sendView = SendView(lines: [("not sent: \(why)", .error)], id: nil)
            return []
        case .status(let s):
            statuses.append(s)
            return []
        case .opened(let d, let g, let p, let from):
            draft = d
            // Another message: the Flow loaded for the last one does not judge this one.
            flow = nil
            flowDataByScreen = [:]
            if let g { gateway = g }
            if let p, profiles(for: gateway).contains(where: { $0.name == p }) { profileName[gateway] = p }
            overlay = nil
            editing = nil
            notice = Notice(text: "opened \(from)" + (d.kind == .json ? " as JSON (the form cannot hold all of it)" : ""), role: .success)
            refresh()
            return []
        case .savedNames(let names):
            savedNames = names
            if case .palette(let p)? = overlay { overlay = .palette(Palette(items: paletteItems, query: p.query)) }
            return []
        case .notice(let n):
            notice = n
            return []
        case .historyPage(let page, let before, let token):
            received(page, before: before, token: token)
            return []
        case .historyFailed(let why, let token):
            if case .history(var p)? = overlay, p.token == token {
                p.loading = false
                p.error = why
                overlay = .history(p)
            }
            return []
        case .replay(let d, let g, let p, let id):
            _ = update(.opened(d, g, profile: p, from: "#\(id)"))
            replaying = id
            return requestSend()
        case .diff(let d):
            overlay = .lines(title: "Compare #\(d.old.id) and #\(d.new.id)", lines: Self.diffLines(d), scroll: 0)
            return []
        case .flowLoaded(let f):
            flowLoaded(f)
            refresh()
            return []
        case .flowFailed(let why):
            notice = Notice(text: why, role: .error)
            if case .flowWalk(var v)? = overlay { v.message = (why, .error); v.completing = false; overlay = .flowWalk(v) }
            return []
        case .flowReply(let summary):
            if case .flowWalk(var v)? = overlay {
                v.reply = summary
                v.message = nil
                overlay = .flowWalk(v)
            }
            sendView?.lines.append((summary, .success))
            return []
        case .key(let key):
            let effects = handle(key)
            refresh()
            return effects
        }
    }

    mutating func handle(_ key: KeyEvent) -> [Effect] {
        if case .resize(let w, let h) = key { width = w; height = h; return [] }
        if case .mouse(let x, let y, let action) = key { return mouse(x: x, y: y, action) }
        notice = nil
        if showHelp { showHelp = false; return [] }
        switch overlay {
        case .prompt(let p)?: return handlePrompt(p, key)
        case .palette(let p)?: return handlePalette(p, key)
        case .history(let p)?: return handleHistory(p, key)
        case .flowWalk(let v)?: return handleWalk(v, key)
        case .lines(let title, let lines, let scroll)?:
            switch key {
            case .down, .char("j"): overlay = .lines(title: title, lines: lines, scroll: min(scroll + 1, max(0, lines.count - 1)))
            case .up, .char("k"): overlay = .lines(title: title, lines: lines, scroll: max(0, scroll - 1))
            case .pageDown: overlay = .lines(title: title, lines: lines, scroll: min(scroll + height - 4, max(0, lines.count - 1)))
            case .pageUp: overlay = .lines(title: title, lines: lines, scroll: max(0, scroll - height + 4))
            default: overlay = nil
            }
            return []
        case nil: break
        }
        if confirming {
            confirming = false
            if key == .char("y") || key == .char("Y") { return startSend() }
            replaying = nil
            return []
        }
        if editing != nil { return edit(key) }
        // Every other key is an action of the keymap (user overrides included).
        guard let action = keymap.action(for: key, in: focus) else { return [] }
        return perform(action)
    }

    /// A click focuses the pane or field under it (or picks a gateway in the title bar); the
    /// wheel scrolls the preview or moves between fields. Ignored while an overlay is open.
    mutating func mouse(x: Int, y: Int, _ action: MouseAction) -> [Effect] {
        guard case nil = overlay, !showHelp, !confirming else { return [] }
        let hit = Renderer.hit(self, x: x, y: y)
        switch action {
        case .wheelUp, .wheelDown:
            let step = action == .wheelUp ? -3 : 3
            if hit == .pane(.preview) { previewScroll = max(0, previewScroll + step) } else { moveRow(step > 0 ? 1 : -1) }
        case .click:
            editing = nil
            switch hit {
            case .gateway(let g)?: gateway = g; if !panes.contains(focus) { focus = .recipient }
            case .field(let pane, let i)?: focus = pane; row[pane] = i
            case .pane(let pane)?: focus = pane
            case nil: break
            }
        }
        return []
    }

    mutating func chooseTheme(_ name: String) -> [Effect] {
        themeName = name
        themePicked = true
        notice = Notice(text: "theme \(name)", role: .muted)
        return [.setTheme(name)]
    }

    public var currentField: FieldSpec? {
        let f = fields(focus)
        guard !f.isEmpty else { return nil }
        return f[min(row[focus] ?? 0, f.count - 1)]
    }

    mutating func move(pane step: Int) {
        let list = panes
        let i = list.firstIndex(of: focus) ?? 0
        focus = list[(i + step + list.count) % list.count]
    }

    mutating func moveRow(_ step: Int) {
        if focus == .preview { previewScroll = max(0, previewScroll + step); return }
        let count = fields(focus).count
        guard count > 0 else { return }
        row[focus] = min(count - 1, max(0, (row[focus] ?? 0) + step))
    }

    mutating func cycleGateway(_ step: Int) {
        let all = GatewayID.allCases
        gateway = all[(all.firstIndex(of: gateway)! + step + all.count) % all.count]
        if !panes.contains(focus) { focus = .recipient }
    }

    /// Enter on a field: edit text, cycle a choice, flip a toggle.
    mutating func activate(forward: Bool) {
        guard let field = currentField else { return }
        switch field.kind {
        case .text:
            let v = value(field.id)
            editing = Editing(field: field.id, text: v, caret: v.count)
        case .choice(let options):
            guard !options.isEmpty else { return }
            let i = options.firstIndex(of: value(field.id)) ?? 0
            set(field.id, options[(i + (forward ? 1 : -1) + options.count) % options.count])
            if field.id == .gateway, !panes.contains(focus) { focus = .gateway }
        case .toggle:
            set(field.id, value(field.id) == "on" ? "off" : "on")
        }
    }

    // MARK: Text editing (caret by Character, shown by display width)

    mutating func edit(_ key: KeyEvent) -> [Effect] {
        guard var e = editing else { return [] }
        // Typing and deleting edit the string in place (the 1 ms keystroke budget); word moves
        // and kills work on an array of characters.
        let at = e.text.index(e.text.startIndex, offsetBy: e.caret)
        switch key {
        case .enter, .escape, .tab:
            editing = nil
            if key == .tab { move(pane: +1) }
            // A Flow file is read when its path is done, not on every keystroke.
            if e.field == .flowFile, key != .escape, !e.text.isEmpty { return [.loadFlow(e.text)] }
            return []
        case _ where !Self.isText(key) && keymap.action(for: key, in: focus) == .send:
            editing = nil
            return requestSend()
        case .char(let c):
            e.text.insert(c, at: at)
            // A combining mark joins the character before it: the caret stays a character count.
            e.caret = c.isASCII ? e.caret + 1 : min(e.caret + 1, e.text.count)
        case .paste(let text):
            // A single-line field takes the paste on one line.
            let clean = e.field == .body || e.field == .json ? text : String(text.map { $0.isNewline ? " " : $0 })
            e.text.insert(contentsOf: clean, at: at)
            e.caret = min(e.caret + clean.count, e.text.count)
        case .backspace:
            guard e.caret > 0 else { return [] }
            e.text.remove(at: e.text.index(before: at)); e.caret -= 1
        case .delete, .ctrl("d"):
            guard at < e.text.endIndex else { return [] }
            e.text.remove(at: at)
        case .left: e.caret = max(0, e.caret - 1)
        case .right: e.caret = min(e.text.count, e.caret + 1)
        case .home, .ctrl("a"): e.caret = 0
        case .end, .ctrl("e"): e.caret = e.text.count
        case .ctrlLeft, .alt("b"): e.caret = Self.wordStart(Array(e.text), before: e.caret)
        case .ctrlRight, .alt("f"): e.caret = Self.wordEnd(Array(e.text), after: e.caret)
        case .ctrl("w"):
            let start = Self.wordStart(Array(e.text), before: e.caret)
            e.text.removeSubrange(e.text.index(e.text.startIndex, offsetBy: start)..<at)
            e.caret = start
        case .ctrl("u"):
            e.text.removeSubrange(e.text.startIndex..<at)
            e.caret = 0
        case .ctrl("k"): e.text.removeSubrange(at...)
        default: return []
        }
        let changed = e.text != editing?.text
        editing = e
        if changed { set(e.field, e.text) }  // the preview follows every keystroke
        return []
    }

    /// Keys that are text in a field (never looked up in the keymap while editing).
    static func isText(_ key: KeyEvent) -> Bool {
        switch key {
        case .char, .paste: return true
        default: return false
        }
    }

    static func wordStart(_ chars: [Character], before i: Int) -> Int {
        var j = i
        while j > 0, chars[j - 1].isWhitespace { j -= 1 }
        while j > 0, !chars[j - 1].isWhitespace { j -= 1 }
        return j
    }

    static func wordEnd(_ chars: [Character], after i: Int) -> Int {
        var j = i
        while j < chars.count, chars[j].isWhitespace { j += 1 }
        while j < chars.count, !chars[j].isWhitespace { j += 1 }
        return j
    }

    // MARK: Items: buttons, list sections and rows, contact cards, template parameters

    /// The repeatable thing the cursor is on, if any.
    enum Item: Equatable {
        case button(Int), section(Int), row(Int, Int), contact(Int), templateParam(Int)
    }

    var currentItem: Item? {
        guard let f = currentField else { return nil }
        switch f.id {
        case .buttonTitle(let i), .buttonID(let i): return .button(i)
        case .sectionTitle(let s): return .section(s)
        case .rowTitle(let s, let r), .rowID(let s, let r), .rowDescription(let s, let r): return .row(s, r)
        case .contactName(let i), .contactPhone(let i), .contactEmail(let i), .contactCompany(let i): return .contact(i)
        case .templateParam(let i): return .templateParam(i)
        default: return nil
        }
    }

    /// Puts the cursor on the first field of an item after the form changed shape.
    mutating func focusItem(_ item: Item) {
        let first: FieldID
        switch item {
        case .button(let i): first = .buttonTitle(i)
        case .section(let s): first = .sectionTitle(s)
        case .row(let s, let r): first = .rowTitle(s, r)
        case .contact(let i): first = .contactName(i)
        case .templateParam(let i): first = .templateParam(i)
        }
        if let i = fields(focus).firstIndex(where: { $0.id == first }) { row[focus] = i }
    }

    /// `a`: adds a button, a row after the current one, a contact card or a template parameter.
    mutating func addItem() {
        let item = currentItem
        if focus == .content, draft.kind == .template {
            draft.templateParams.append("")
            focusItem(.templateParam(draft.templateParams.count - 1))
        } else if focus == .content, draft.kind == .contacts {
            let at = item.flatMap { if case .contact(let i) = $0 { i + 1 } else { nil } } ?? draft.contacts.count
            draft.contacts.insert(DraftContact(), at: at)
            focusItem(.contact(at))
        } else if focus == .buttons, draft.kind == .button, draft.buttons.count < Limits.replyButtonsMax {
            let n = draft.buttons.count + 1
            draft.buttons.append(DraftButton(id: "b\(n)", title: "Button \(n)"))
            focusItem(.button(n - 1))
        } else if focus == .buttons, draft.kind == .list, draft.rowCount < Limits.listRowsTotal {
            var (s, r) = (max(0, draft.sections.count - 1), draft.sections.last?.rows.count ?? 0)
            if case .row(let cs, let cr)? = item { (s, r) = (cs, cr + 1) } else if case .section(let cs)? = item { (s, r) = (cs, draft.sections[cs].rows.count) }
            let n = draft.rowCount + 1
            draft.sections[s].rows.insert(DraftRow(id: "r\(n)", title: "Option \(n)"), at: r)
            focusItem(.row(s, r))
        }
    }

    /// `A`: adds a list section (with one row, as Meta requires) after the current one.
    mutating func addSection() {
        guard focus == .buttons, draft.kind == .list, draft.sections.count < Limits.listSectionsMax, draft.rowCount < Limits.listRowsTotal else { return }
        var at = draft.sections.count
        if case .section(let s)? = currentItem { at = s + 1 } else if case .row(let s, _)? = currentItem { at = s + 1 }
        let n = draft.rowCount + 1
        draft.sections.insert(DraftSection(title: "Section \(draft.sections.count + 1)", rows: [DraftRow(id: "r\(n)", title: "Option \(n)")]), at: at)
        focusItem(.section(at))
    }

    /// `x`: removes the item under the cursor; the last button, row or card stays.
    mutating func removeItem() {
        switch currentItem {
        case .templateParam(let i)?:
            draft.templateParams.remove(at: i)
        case .contact(let i)? where draft.contacts.count > 1:
            draft.contacts.remove(at: i)
        case .button(let i)? where draft.buttons.count > 1:
            draft.buttons.remove(at: i)
        case .row(let s, let r)? where draft.sections[s].rows.count > 1:
            draft.sections[s].rows.remove(at: r)
        case .row(let s, _)? where draft.sections.count > 1, .section(let s)? where draft.sections.count > 1:
            draft.sections.remove(at: s)  // a section cannot be empty: its last row takes it along
        default:
            if focus == .content, draft.kind == .template, !draft.templateParams.isEmpty { draft.templateParams.removeLast() } else { return }
        }
        row[focus] = min(row[focus] ?? 0, max(0, fields(focus).count - 1))
    }

    /// `K` / `J`: moves the item under the cursor up or down among its siblings; the cursor
    /// follows it.
    mutating func moveItem(_ step: Int) {
        func swapped<T>(_ list: inout [T], _ i: Int) -> Int? {
            let j = i + step
            guard list.indices.contains(i), list.indices.contains(j) else { return nil }
            list.swapAt(i, j)
            return j
        }
        switch currentItem {
        case .button(let i)?: if let j = swapped(&draft.buttons, i) { focusItem(.button(j)) }
        case .contact(let i)?: if let j = swapped(&draft.contacts, i) { focusItem(.contact(j)) }
        case .templateParam(let i)?: if let j = swapped(&draft.templateParams, i) { focusItem(.templateParam(j)) }
        case .section(let s)?: if let j = swapped(&draft.sections, s) { focusItem(.section(j)) }
        case .row(let s, let r)?: if let j = swapped(&draft.sections[s].rows, r) { focusItem(.row(s, j)) }
        default: break
        }
    }

    // MARK: Sending

    mutating func requestSend() -> [Effect] {
        guard !sending else { return [] }
        if !profile.isSandbox { confirming = true; return [] }
        return startSend()
    }

    mutating func startSend() -> [Effect] {
        sending = true
        statuses = []
        sendView = SendView(lines: [("sending to \(gateway.gateway.displayName)…", .muted)], id: nil)
        if let id = replaying {
            replaying = nil
            return [.replay(id, profile)]
        }
        return [.send(draft.message, gateway, profile, draft.options)]
    }
}

extension SendView {
    /// The panel's lines for a finished send.
    static func from(_ s: SessionSend) -> SendView {
        let redactor = Redactor(report: s.report)
        var lines: [(String, Role)] = []
        var id: String?
        let ms = s.report.attempts.last.map { " · " + $0.exchange.total.text } ?? ""
        switch s.report.outcome {
        case nil:
            lines.append(("invalid: not sent (\(s.report.preparation.findings.errors.count) error(s))", .error))
        case .accepted(let a)?:
            id = a.messageID ?? a.requestID
            lines.append(("accepted \(id ?? "")  HTTP \(a.httpStatus)\(ms)", .success))
        case .rejected(let r)?:
            lines.append(("rejected \(r.vendorCode ?? "-") · \(r.category.rawValue) · \(r.retry)  HTTP \(r.httpStatus)\(ms)", .error))
            if let m = r.vendorMessage { lines.append((redactor.text(m), .text)) }
            lines.append((redactor.text(String(decoding: r.rawBody.prefix(300), as: UTF8.self)), .muted))
        case .unexpected(let u)?:
            lines.append(("unexpected response · \(u.category.rawValue)  HTTP \(u.httpStatus)\(ms)", .error))
            lines.append((u.reason, .muted))
        case .transportFailed(let f)?:
            lines.append(("transport failure · \(f.kind.rawValue)\(ms)", .error))
            lines.append((f.message, .muted))
        }
        if let h = s.historyID { lines.append(("history #\(h)", .muted)) }
        if let e = s.historyError { lines.append((e, .warning)) }
        return SendView(lines: lines, id: id)
    }
}
