#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import History
import Providers
import Session
import WhatsAppModel

/// What `update` asks the runtime to do, by what does it: the session sends, the saved-message
/// folder, the history file, the Flow loader and sandbox, the terminal. Each comes back, if it
/// has an answer, as an `AppEvent`.
public enum Effect: Sendable, Equatable {
    case send(SendEffect)
    case saved(SavedEffect)
    case history(HistoryEffect)
    case flow(FlowEffect)
    case conversation(ConversationEffect)
    case suite(SuiteEffect)
    case terminal(TerminalEffect)
}

/// Sends, through the session, off the input path.
public enum SendEffect: Sendable, Equatable {
    case message(OutboundMessage, GatewayID, Profile, VendorOptions)
    /// Send history entry `id` again through this profile (the session keeps its scenario).
    case replay(Int64, Profile)
    /// Stop the send in flight: its task is cancelled; what went out is still recorded.
    case cancel
    /// Mark a customer's message as read through this profile.
    case markRead(ReadReceipt, Profile)
}

/// Saved messages: disk work, off the input path.
public enum SavedEffect: Sendable, Equatable {
    /// Save the draft as `name`; a message of that name is replaced only when `replacing`
    /// (otherwise the answer is `savedNameTaken`).
    case save(name: String, draft: Draft, gateway: GatewayID, profile: String, replacing: Bool = false)
    /// Save the draft over the saved message `file` (the one it was opened from or saved to).
    case write(file: String, draft: Draft, gateway: GatewayID, profile: String)
    case open(String)
    case rename(String, to: String)
    case duplicate(String)
    case delete(String)
    /// The names, for the palette.
    case list
    /// The form as it is now, to the draft file (in order; the latest wins).
    case keep(Draft, gateway: GatewayID, profile: String)
}

/// The history pane's work: reading the file off the input path.
public enum HistoryEffect: Sendable, Equatable {
    /// A page of `query`, older than `before`; the answer carries `token`, so only the newest
    /// query's page is shown.
    case load(HistoryQuery, before: Int64?, token: Int)
    /// Open an entry into the form (and send it again, through its own gateway or the one
    /// chosen now).
    case open(Int64, replay: Bool, keepGateway: Bool)
    case export(Int64, HistoryExportFormat)
    case diff(Int64, Int64)
}

/// Flow work, off the input path.
public enum FlowEffect: Sendable, Equatable {
    /// Read, lint and (for a built-in profile) register a Flow JSON file with the sandbox.
    case load(String)
    /// Ask the sandbox to play the customer completing the flow message `messageID`.
    case complete(messageID: String, response: JSONObject)
}

/// Conversations, off the input path: history, the sandbox playing the customer, the window.
public enum ConversationEffect: Sendable, Equatable {
    /// The transcript with `customer` (digits or a user id); the answer carries `token`.
    case load(customer: String, profile: Profile, token: Int)
    /// The sandbox plays `customer` (as the form names them) doing `reply`, answering the
    /// message `context` if any, on `gateway`'s webhook.
    case play(CustomerReply, customer: String, context: String?, gateway: GatewayID)
    /// The service window with `customer` (digits or a user id; `recipient` as the form
    /// names them), through `profile`.
    case window(customer: String, recipient: String, profile: Profile)
}

/// The terminal the console runs in.
public enum TerminalEffect: Sendable, Equatable {
    /// Ctrl-Z: give the terminal back to the shell until `fg`.
    case suspend
    /// Put text on the terminal's clipboard (OSC 52: works over SSH).
    case copy(String)
    /// Inside tmux: hand the text to tmux (`load-buffer -w`), off the input path; the outcome
    /// comes back as a notice about the `what`.
    case copyThroughTmux(String, what: String)
    /// Draw with this theme (loading it may warn: an unreadable theme file).
    case setTheme(ThemeChoice)
    /// Mouse reporting on or off.
    case setMouse(Bool)
}

/// What comes into `update`: the user's keys and clicks, and the results of effects.
public enum AppEvent: Sendable {
    case key(KeyEvent)
    /// A click or a wheel turn on what the last frame drew at that cell (nil: nothing there).
    case mouse(MouseAction, on: HitTarget?)
    case sent(SessionSend)
    /// The send could not start (the sandbox would not start, a replayed entry is unreadable).
    case sendFailed(String)
    case status(DeliveryStatus)
    /// A message opened from disk or history: the draft, and the gateway and profile it was for;
    /// `file`, the saved message file it came from, if it came from one.
    case opened(Draft, GatewayID?, profile: String?, from: String, file: String? = nil)
    /// The send in flight runs under this sandbox scenario (a replayed entry's).
    case sendScenario(String)
    /// The draft was saved to `file`: what to say.
    case savedAs(file: String, Notice)
    /// The suites pane's run `token`: its cases, before any runs.
    case suitePlanned(SuitePlan, token: Int)
    /// A case of run `token` started or finished.
    case suiteProgress(SuiteEvent, token: Int)
    /// Run `token` ended.
    case suiteFinished(SuiteSummary, token: Int)
    /// Run `token` could not start (why, in words).
    case suiteFailed(String, token: Int)
    /// A case's exchange, read from history.
    case exchange(HistoryExchange)
    case savedNames([String])
    /// A save found a saved message of that name: nothing was written.
    case savedNameTaken(String)
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
    case flowReply(String, id: String)
    /// What marking a message as read gave.
    case markedRead(SessionSend, ReadReceipt)
    /// Writing the draft file started failing (why) or works again (nil).
    case draftKept(String?)
    /// The runtime is up (what is asked of it at start, such as the window, is asked now).
    case started
    /// The history file was written (by this session or another process, e.g. `wacon listen`).
    case historyChanged
    /// The transcript for the conversation pane's load `token`, read at `at`.
    case conversation(Conversation, token: Int, at: Date)
    case conversationFailed(String, token: Int)
    /// What playing the customer gave.
    case played(Notice)
    /// The service window with `customer` (nil: unknown), as of `at`.
    case window(customer: String, ServiceWindow?, at: Date)
    /// A webhook event wacon received (a status, a customer's message, …), summed up.
    case webhook(ReceivedWebhookSummary)

    /// What a terminal event is to `update`: a mouse event lands on what `frame` (the last one
    /// drawn) shows at its cell; any other is a key.
    public init(_ event: KeyEvent, over frame: Frame?) {
        if case .mouse(let x, let y, let action) = event {
            self = .mouse(action, on: frame?.target(x: x, y: y))
        } else {
            self = .key(event)
        }
    }
}

extension AppState {
    /// The one place state changes: an event in, the new state and effects out.
    public mutating func update(_ event: AppEvent) -> [Effect] {
        let shownFor = profile.name
        let before = (draft, gateway)
        let customerBefore = recipientCustomer
        var effects = react(to: event)
        // Another recipient: a quote picked in the pane for the last one does not follow.
        if recipientCustomer != customerBefore, let r = replyFromPane {
            if draft.replyTo == r { draft.replyTo = "" }
            replyFromPane = nil
            refresh()
        }
        settleFocus()
        effects += windowEffects()
        // Another profile may have another look (a production profile is marked).
        if profile.name != shownFor { effects.append(.terminal(.setTheme(theme.choice(for: profile)))) }
        // Kept as it changes, so a closed terminal or a crash loses nothing either.
        if before != (draft, gateway) || profile.name != shownFor { effects.append(.saved(.keep(draft, gateway: gateway, profile: profile.name))) }
        return effects
    }

    private mutating func react(to event: AppEvent) -> [Effect] {
        switch event {
        case .sent(let s):
            sending = false
            if var f = formSend, f.sent == nil {
                f.sent = s
                formSend = f
            }
            sendView = SendView.from(s)
            // The pane's quote goes with the message that carried it.
            if let r = replyFromPane, draft.replyTo == r, s.report.outcome != nil { draft.replyTo = "" }
            replyFromPane = nil
            if let first = sendView?.lines.first { notePane(Notice(text: first.text, role: first.role)) }
            return []
        case .sendFailed(let why):
            sending = false
            formSend = nil
            sendView = SendView(lines: [("not sent: \(why)", .error)], id: nil)
            return []
        case .status(let s):
            // The job's own statuses and the session's stream may both bring one: kept once.
            if !statuses.contains(where: { $0.dedupKey == s.dedupKey }) { statuses.append(s) }
            return []
        case .opened(let d, let g, let p, let from, let file):
            open(d, gateway: g, profile: p, from: from)
            savedFile = file
            return []
        case .sendScenario(let name):
            if sending, formSend != nil { formSend?.scenario = name }
            return []
        case .savedAs(let file, let n):
            savedFile = file
            notice = n
            return []
        case .suitePlanned(let plan, let token):
            suitePlanned(plan, token: token)
            return []
        case .suiteProgress(let event, let token):
            suiteEvent(event, token: token)
            return []
        case .suiteFinished(let summary, let token):
            suiteFinished(summary, token: token)
            return []
        case .suiteFailed(let why, let token):
            suiteFailed(why, token: token)
            return []
        case .exchange(let e):
            mode = .overlay(.lines(title: "Exchange #\(e.id)", lines: Self.exchangeLines(e), scroll: 0))
            return []
        case .savedNames(let names):
            savedNames = names
            if case .overlay(.palette(var p)) = mode {
                p.setItems(paletteItems)
                mode = .overlay(.palette(p))
            }
            return []
        case .notice(let n):
            notice = n
            return []
        case .savedNameTaken(let name):
            // Asked only if nothing else took the keyboard meanwhile.
            if case .form = mode { mode = .confirmingReplace(name: name) } else { notice = Notice(text: "not saved: a saved message “\(name)” exists", role: .warning) }
            return []
        case .historyPage(let page, let before, let token):
            received(page, before: before, token: token)
            return []
        case .historyFailed(let why, let token):
            if case .overlay(.history(var p)) = mode, p.token == token {
                p.loading = false
                p.error = why
                mode = .overlay(.history(p))
            }
            return []
        case .replay(let d, let g, let p, let id):
            open(d, gateway: g, profile: p, from: "#\(id)")
            savedFile = nil
            return requestSend(replaying: id)
        case .diff(let d):
            mode = .overlay(.lines(title: "Compare #\(d.old.id) and #\(d.new.id)", lines: Self.diffLines(d), scroll: 0))
            return []
        case .flowLoaded(let f):
            flowLoaded(f)
            refresh()
            return []
        case .flowFailed(let why):
            notice = Notice(text: why, role: .error)
            if case .overlay(.flowWalk(var v)) = mode {
                v.message = (why, .error)
                v.completing = false
                mode = .overlay(.flowWalk(v))
            }
            return []
        case .markedRead(let sent, let receipt):
            notice = Self.markReadNotice(sent, receipt)
            if let n = notice { notePane(n) }
            return []
        case .flowReply(let summary, let id):
            lastInboundID = id
            if case .overlay(.flowWalk(var v)) = mode {
                v.reply = summary
                v.message = nil
                mode = .overlay(.flowWalk(v))
            }
            sendView?.lines.append((summary, .success))
            return []
        case .conversation(let c, let token, let at):
            received(c, token: token, at: at)
            return []
        case .conversationFailed(let why, let token):
            if case .overlay(.conversation(var p)) = mode, p.token == token {
                p.loading = false
                p.error = why
                mode = .overlay(.conversation(p))
            }
            return []
        case .started:
            return []
        case .historyChanged:
            // A real profile's window comes from history: ask again (a sandbox's comes with its webhooks).
            if !profile.isBuiltIn { windowAsked = nil }
            if case .overlay(.conversation) = mode { return reloadConversation() }
            return []
        case .played(let outcome):
            played(outcome)
            return []
        case .window(let customer, let window, let at):
            recipientWindow = RecipientWindow(customer: customer, window: window, asOf: at)
            refresh()
            return []
        case .webhook(let event):
            return receivedWebhook(event)
        case .draftKept(let problem):
            draftNotKept = problem
            if let problem { notice = Notice(text: "the draft cannot be kept: \(problem)", role: .error) }
            return []
        case .mouse(let action, let target):
            return mouse(action, on: target)
        case .key(let key):
            let effects = handle(key)
            refresh()
            checkJSONEditor()
            return effects
        }
    }

    /// A message opened into the form: what covered the form or edited a field gives way.
    private mutating func open(_ d: Draft, gateway g: GatewayID?, profile p: String?, from: String) {
        draft = d
        // Another message: the Flow loaded for the last one does not judge this one.
        flow = nil
        flowDataByScreen = [:]
        if let g { gateway = g }
        if let p, profiles(for: gateway).contains(where: { $0.name == p }) { profileName[gateway] = p }
        switch mode {
        case .editing, .editingJSON, .overlay: mode = .form
        case .form, .help, .confirmingSend, .confirmingQuit, .confirmingReplace: break
        }
        sentOrOpened = d
        notice = Notice(text: "opened \(from)" + (d.kind == .json ? " as JSON (the form cannot hold all of it)" : ""), role: .success)
        refresh()
    }

    /// A key goes to what has the keyboard.
    mutating func handle(_ key: KeyEvent) -> [Effect] {
        switch key {
        case .resize(let w, let h):
            width = w
            height = h
            return []
        case .mouse, .wake:
            return []  // a click arrives resolved against the last frame (`AppEvent.mouse`)
        default: break
        }
        notice = nil
        // Before the mode and the keymap: no field, overlay or remap can keep Ctrl-C from leaving.
        if key == Keymap.alwaysQuits { return requestQuit() }
        switch mode {
        case .form:
            // While a send is in flight Esc stops it, ahead of the keymap's Esc (which only moves the focus).
            if sending, key == .escape { return cancelSend() }
            // Every key is an action of the keymap (user overrides included).
            guard let action = keymap.action(for: key, in: focus) else { return [] }
            return perform(action)
        case .editing(let e): return edit(e, key)
        case .editingJSON(let e): return editJSON(e, key)
        case .overlay(let overlay): return handle(key, in: overlay)
        case .help:
            let page = max(1, Renderer.HelpLayout(self).visible - 1)
            let step: Int
            switch key {
            case .down, .char("j"): step = 1
            case .up, .char("k"): step = -1
            case .pageDown: step = page
            case .pageUp: step = -page
            default:
                mode = .form
                return []
            }
            helpScroll = min(max(0, helpScroll + step), Renderer.HelpLayout(self).maxScroll)
            return []
        case .confirmingSend(let replay):
            mode = .form
            guard key == .char("y") || key == .char("Y") else { return [] }
            return startSend(replaying: replay)
        case .confirmingQuit:
            // y, or the quit key again; anything else stays.
            mode = .form
            if key == .char("y") || key == .char("Y") || keymap.action(for: key, in: focus) == .quit { quit = true }
            return []
        case .confirmingReplace(let name):
            mode = .form
            guard key == .char("y") || key == .char("Y") else {
                notice = Notice(text: "not saved: “\(name)” is kept as it was", role: .muted)
                return []
            }
            return [.saved(.save(name: name, draft: draft, gateway: gateway, profile: profile.name, replacing: true))]
        }
    }

    /// A click focuses the pane or field under it (or picks a gateway in the title bar); the
    /// wheel scrolls the preview or moves between fields. Only the form (or a field being
    /// edited) takes the mouse.
    mutating func mouse(_ action: MouseAction, on target: HitTarget?) -> [Effect] {
        switch mode {
        case .form, .editing: break
        case .editingJSON(var e):
            // The wheel scrolls the editor's text.
            if action != .click { e.scroll(action == .wheelUp ? -3 : 3) }
            mode = .editingJSON(e)
            return []
        case .overlay, .help, .confirmingSend, .confirmingQuit, .confirmingReplace: return []
        }
        switch action {
        case .wheelUp, .wheelDown:
            let step = action == .wheelUp ? -3 : 3
            if target == .pane(.preview) { scrollPreview(step) } else { moveRow(step > 0 ? 1 : -1) }
        case .click:
            mode = .form
            switch target {
            case .gateway(let g)?: gateway = g
            case .field(let pane, let i)?: focus = pane; row[pane] = i
            case .pane(let pane)?: focus = pane
            case nil: break
            }
        }
        refresh()
        return []
    }

    /// Keys in a field being edited: its line editor's, Enter / Esc / Tab end it, and the send
    /// key sends (so a message can go without leaving the field).
    mutating func edit(_ editing: FieldEditing, _ key: KeyEvent) -> [Effect] {
        var e = editing
        switch key {
        case .enter, .escape, .tab:
            mode = .form
            if key == .tab { move(pane: +1) }
            // A Flow file is read when its path is done, not on every keystroke.
            if e.field == .flowFile, key != .escape, !e.line.text.isEmpty { return [.flow(.load(e.line.text))] }
            return []
        case _ where !LineEditor.isText(key) && keymap.action(for: key, in: focus) == .send:
            mode = .form
            return requestSend()
        default:
            guard e.line.apply(key) else { return [] }
            let changed = e.line.text != editing.line.text
            mode = .editing(e)
            if changed { set(e.field, e.line.text) }  // the preview follows every keystroke
            return []
        }
    }
}
