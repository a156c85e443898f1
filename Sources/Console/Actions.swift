#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import Session
import WhatsAppModel

/// What the keymap's actions do (a key in the form, or a palette entry).
extension AppState {
    /// Runs an action: what a key of the keymap or a palette entry does.
    mutating func perform(_ action: ActionID) -> [Effect] {
        switch action {
        case .send: return requestSend()
        case .quit: return requestQuit()
        case .help:
            mode = .help
            helpScroll = 0
        case .suspend: return [.terminal(.suspend)]
        case .nextPane: move(pane: +1)
        case .prevPane: move(pane: -1)
        case .fieldDown: moveRow(+1)
        case .fieldUp: moveRow(-1)
        case .edit: activate(forward: true)
        case .back: focus = .recipient
        case .choiceNext: if case .choice = currentField?.kind { activate(forward: true) }
        case .choicePrev: if case .choice = currentField?.kind { activate(forward: false) }
        case .nextGateway: cycleGateway(+1)
        case .prevGateway: cycleGateway(-1)
        case .revealSecrets: revealSecrets.toggle()
        case .addItem: addItem()
        case .addSection: addSection()
        case .removeItem: removeItem()
        case .moveItemUp: moveItem(-1)
        case .moveItemDown: moveItem(+1)
        case .pageUp: if focus == .preview { scrollPreview(-max(1, height - 6)) }
        case .pageDown: if focus == .preview { scrollPreview(max(1, height - 6)) }
        case .palette, .filter: return openPalette()
        case .historyPane: return openHistoryPane()
        case .conversationPane: return openConversation()
        case .saveCase: return saveAsCase()
        case .suitesPane: return openSuites()
        case .nextTheme: return chooseTheme(nextThemeName)
        case .copyPayload: return copy(curl: false)
        case .copyCurl: return copy(curl: true)
        case .importCurl: mode = .overlay(.prompt(Prompt(purpose: .importCurl)))
        case .toggleMouse:
            mouse.toggle()
            notice = Notice(text: mouse ? "mouse on: click to focus, wheel to scroll (\(keymap.display(.toggleMouse)) turns it off for the terminal's selection)" : "mouse off", role: .muted)
            return [.terminal(.setMouse(mouse))]
        case .saveDraft: mode = .overlay(.prompt(Prompt(purpose: .saveDraft)))
        case .markRead: openMarkRead()
        case .walkFlow: startWalk()
        case .flowLint: showFlowLint()
        case .newFlowToken:
            if draft.kind == .flow {
                draft.flowToken = Self.newFlowToken()
                notice = Notice(text: "flow token \(draft.flowToken)", role: .muted)
            } else if draft.kind == .template && draft.templateFlowButton {
                draft.templateFlowToken = Self.newFlowToken()
                notice = Notice(text: "flow token \(draft.templateFlowToken)", role: .muted)
            } else {
                notice = Notice(text: "flow tokens are for flow messages and template flow buttons", role: .warning)
            }
        }
        return []
    }

    /// The one way out: the quit key, the palette's entry and Ctrl-C all come here. With
    /// unsent changes it asks first (they are kept as the draft, but a stray `q` should not
    /// close the console); asked already, it leaves (Ctrl-C twice).
    mutating func requestQuit() -> [Effect] {
        if hasUnsentChanges, !mode.isConfirmingQuit {
            mode = .confirmingQuit
        } else {
            quit = true
        }
        return []
    }

    /// The theme after the one in use, in the palette's order.
    var nextThemeName: String {
        let i = theme.available.firstIndex(of: theme.name) ?? -1
        return theme.available.isEmpty ? theme.name : theme.available[(i + 1) % theme.available.count]
    }

    /// Picks a theme for every profile from now on.
    mutating func chooseTheme(_ name: String) -> [Effect] {
        theme.name = name
        theme.picked = true
        notice = Notice(text: "theme \(name)", role: .muted)
        return [.terminal(.setTheme(theme.choice(for: profile)))]
    }

    // MARK: Moving

    mutating func move(pane step: Int) {
        let list = panes
        let i = list.firstIndex(of: focus) ?? 0
        focus = list[(i + step + list.count) % list.count]
    }

    mutating func moveRow(_ step: Int) {
        if focus == .preview { scrollPreview(step); return }
        let count = fields(focus).count
        guard count > 0 else { return }
        row[focus] = min(count - 1, max(0, (row[focus] ?? 0) + step))
    }

    mutating func cycleGateway(_ step: Int) {
        let all = GatewayID.allCases
        gateway = all[(all.firstIndex(of: gateway)! + step + all.count) % all.count]
    }

    /// Whatever changed the panes or their fields (another draft or type, another gateway, a
    /// Flow loaded, a resize), the focus is on a pane that is there, on a row it has, and an
    /// edit on a field it has; so `?` always describes what has the focus. Runs after every
    /// event.
    mutating func settleFocus() {
        let list = panes
        if !list.contains(focus) {
            // The nearest pane before it in Tab order: Content for the buttons or Flow pane.
            focus = list.last { $0.rawValue < focus.rawValue } ?? list[0]
        }
        let fields = fields(focus)
        if let r = row[focus], r >= fields.count { row[focus] = max(0, fields.count - 1) }
        if let e = mode.editing, !fields.contains(where: { $0.id == e.field }) { mode = .form }
    }

    /// Enter on a field: edit text, cycle a choice, flip a toggle.
    mutating func activate(forward: Bool) {
        guard let field = currentField else { return }
        switch field.kind {
        case .text where field.id == .json:
            openJSONEditor()
        case .text:
            // A message body keeps a paste's line breaks.
            mode = .editing(FieldEditing(field: field.id, line: LineEditor(value(field.id), keepsNewlines: field.id == .body)))
        case .choice(let options):
            guard !options.isEmpty else { return }
            let i = options.firstIndex(of: value(field.id)) ?? 0
            set(field.id, options[(i + (forward ? 1 : -1) + options.count) % options.count])
        case .toggle:
            set(field.id, value(field.id) == "on" ? "off" : "on")
        }
    }

    // MARK: Sending

    /// Sends the draft (or, with `replaying`, that history entry again, which keeps its sandbox
    /// scenario); a profile that is not a sandbox asks first. One send at a time.
    mutating func requestSend(replaying: Int64? = nil) -> [Effect] {
        guard !sending else {
            notice = Notice(text: "a send is in flight: Esc cancels it", role: .warning)
            return []
        }
        if !profile.isSandbox {
            mode = .confirmingSend(replay: replaying)
            return []
        }
        return startSend(replaying: replaying)
    }

    mutating func startSend(replaying: Int64?) -> [Effect] {
        if replaying == nil { sentOrOpened = draft }
        let effects: [Effect]
        if let id = replaying {
            startSending()
            effects = [.send(.replay(id, profile))]
        } else {
            effects = startSending(draft.message, options: draft.options)
        }
        // The form's own message: "save as case" can record what it comes to.
        formSend = FormSend(draft: draft)
        return effects
    }

    /// Any send from the console (the form's, or a reaction from the conversation pane): the
    /// panel starts again, so no earlier send's statuses stay under it.
    mutating func startSending(_ message: OutboundMessage, options: VendorOptions) -> [Effect] {
        startSending()
        return [.send(.message(message, gateway, profile, options))]
    }

    private mutating func startSending() {
        sending = true
        statuses = []
        formSend = nil
        sendView = SendView(lines: [("sending to \(gateway.gateway.displayName)… (Esc cancels)", .muted)], id: nil)
    }

    /// Esc while a send is in flight. The panel says so until the session's report (a cancelled
    /// transport failure, recorded in history like any other) comes back.
    mutating func cancelSend() -> [Effect] {
        sendView = SendView(lines: [("cancelling the send…", .warning)], id: nil)
        return [.send(.cancel)]
    }

    /// `y` / `Y`: the request body, or the whole request as curl, to the terminal's clipboard.
    /// Secrets stay masked unless they are revealed on screen.
    mutating func copy(curl: Bool) -> [Effect] {
        guard let r = preparation.request else {
            notice = Notice(text: "nothing to copy: \(gateway.gateway.displayName) cannot carry this message", role: .warning)
            return []
        }
        let text = curl ? RequestFormatter.curl(r, reveal: revealSecrets) : JSONWriter.prettyString(r.bodyJSON)
        let what = curl ? "curl command" + (revealSecrets ? "" : " (key masked)") : "request body"
        // tmux drops OSC 52 unless its set-clipboard is on: tmux is asked instead, and says
        // itself whether the copy happened.
        if insideTmux {
            notice = Notice(text: "copying the \(what) through tmux…", role: .muted)
            return [.terminal(.copyThroughTmux(text, what: what))]
        }
        notice = Notice(text: "copied the \(what) by OSC 52", role: .success)
        return [.terminal(.copy(text))]
    }
}
