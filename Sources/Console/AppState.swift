#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import Session
import WhatsAppModel

/// A form field being edited: which one, and its line.
public struct FieldEditing: Sendable, Hashable {
    /// The field the text goes to.
    public var field: FieldID
    /// Its text and caret while typing; the draft follows every keystroke.
    public var line: LineEditor
}

/// What has the keyboard. One value, so no two of them can claim a key at once.
public enum Mode: Sendable {
    /// The form: keys are the keymap's actions for the focused pane.
    case form
    /// A text field takes the keys (its line editor; Enter, Esc or Tab end it).
    case editing(FieldEditing)
    /// The message JSON in its multi-line editor (Esc ends it).
    case editingJSON(JSONEditor)
    /// A prompt, the palette, the history pane, read-only lines or a Flow walk covers the form.
    case overlay(Overlay)
    /// The keys of the focused pane (↑↓ scroll a help longer than the screen); any other key
    /// closes it.
    case help
    /// A send through a real (non-sandbox) profile waits for a yes; `replay` is the history
    /// entry it sends again, if it is a replay (the session keeps the entry's sandbox scenario).
    case confirmingSend(replay: Int64?)
    /// Quitting with unsent changes waits for a yes (they are kept as the draft either way).
    case confirmingQuit
    /// Saving the draft as `name` waits for a yes: a saved message already has that name.
    case confirmingReplace(name: String)

    /// The field being edited, if any.
    public var editing: FieldEditing? { if case .editing(let e) = self { e } else { nil } }
    /// What covers the form, if anything.
    public var overlay: Overlay? { if case .overlay(let o) = self { o } else { nil } }
    /// The help overlay is up.
    public var isHelp: Bool { if case .help = self { true } else { false } }
    /// A send waits for the user's yes.
    public var isConfirmingSend: Bool { if case .confirmingSend = self { true } else { false } }
    /// Quitting waits for the user's yes.
    public var isConfirmingQuit: Bool { if case .confirmingQuit = self { true } else { false } }
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
    /// What has the keyboard.
    public var mode = Mode.form
    public var revealSecrets = false
    public var sending = false
    public var sendView: SendView?
    /// The id of the customer's last message the console saw (a Flow's reply): what the
    /// mark-as-read prompt starts from.
    public var lastInboundID: String?
    /// The service window with the recipient, as last read (asked again when the recipient,
    /// the profile or the conversation changes).
    public var recipientWindow: RecipientWindow?
    /// The message id the conversation pane's `r` put in reply-to: cleared after the next send
    /// or when the recipient changes, so a quote never follows the user to another message.
    var replyFromPane: String?
    /// The customer and profile the window was last asked for (`customer|profile`).
    var windowAsked: String?
    /// Ask for the window as the recipient changes: set by the runtime, which has a session
    /// to answer (a state driven by tests alone asks nothing unless they set it).
    public var followsWindow = false
    public var statuses: [DeliveryStatus] = []
    /// The last send of the form's message (nil after a send of something else, such as the
    /// conversation pane's reaction): what "save as case" records.
    public var formSend: FormSend?
    /// The saved message file the form was opened from or last saved to: "save as case"
    /// writes its expectation there (nil: it asks for a name).
    public var savedFile: String?
    /// Where saved messages live (the suites pane starts there).
    public var savedFolder = SavedMessages.defaultFolder()
    /// The suites pane, kept while closed: a run goes on behind the form.
    public var suites: SuitesPane?
    public var previewScroll = 0
    /// The help's first row on screen, when it is longer than the screen.
    public var helpScroll = 0
    /// The user quit: the runtime ends after this event.
    public var quit = false
    /// The draft as it was last sent or opened: quitting with another one asks first.
    public var sentOrOpened = Draft()
    /// Why the draft file cannot be written, while it cannot (the quit question says so).
    public var draftNotKept: String?
    /// What the last action did, shown in the key line until the next key.
    public var notice: Notice?
    /// Names of saved messages (for the palette), refreshed by the runtime.
    public var savedNames: [String] = []
    /// The theme in use, the ones the palette offers, and what the config says.
    public var theme = ThemeSelection()
    /// Mouse reporting (off by default, so the terminal's own selection works).
    public var mouse = false
    /// The console runs inside tmux (`$TMUX`): copies go through tmux, which keeps OSC 52 to
    /// itself unless its set-clipboard is on.
    public var insideTmux = false
    /// Keys → actions: the defaults with the config's `[keys]` overrides.
    public var keymap = Keymap.defaults
    /// The Flow JSON loaded for a flow message (screens, data form, walk).
    public var flow: LoadedFlow?
    /// First-screen data typed per screen, so picking another screen loses nothing.
    public var flowDataByScreen: [String: String] = [:]
    /// Derived from the draft, gateway and profile; recomputed after every change.
    public private(set) var preparation = Preparation(findings: [], request: nil)
    /// The message the preview shows (nil while the JSON cannot be read), as the last refresh
    /// made it: the bubble draws it without making it again.
    public private(set) var previewMessage: OutboundMessage?

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

    /// The draft differs from what was last sent or opened.
    public var hasUnsentChanges: Bool { draft != sentOrOpened }

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
        // The message JSON is read once per change (a long one is read on every keystroke).
        let parsed = draft.kind == .json ? draft.parsedJSON : nil
        if case .failure(let e)? = parsed {
            preparation = Preparation(findings: [Finding(.error, "json", .format, "the message JSON cannot be read: \(e)")], request: nil)
            previewMessage = nil
            return
        }
        let message = if case .success(let m)? = parsed { m } else { draft.message }
        previewMessage = message
        preparation = gateway.gateway.prepare(message, profile: profile, options: draft.options)
        // With the Flow at hand, the message is also checked against it: the screen exists, the
        // data matches the screen's declaration.
        if let flow, draft.kind == .flow, case .interactive(let i) = draft.message.content, case .flow(let f) = i.action {
            preparation.findings += FlowLinter.checkMessage(f, against: flow.document)
        }
    }

    /// The field under the cursor in the focused pane.
    public var currentField: FieldSpec? {
        let f = fields(focus)
        guard !f.isEmpty else { return nil }
        return f[min(row[focus] ?? 0, f.count - 1)]
    }

    /// Findings whose path is at or under this field's path.
    public func findings(for field: FieldSpec) -> [Finding] {
        preparation.findings.filter { f in
            let p = f.path.description
            return p == field.path || p.hasPrefix(field.path + ".") || p.hasPrefix(field.path + "[")
        }
    }

    /// The definition of a template picked from the profile's library, while the form's name
    /// and language still name it.
    public var templateDefinition: TemplateDefinition? { draft.pickedTemplate }

    /// The recipient field holds a well-formed business-scoped user id.
    public var recipientIsUserID: Bool {
        if case .success = BusinessUserID.parse(draft.to.trimmed) { return true } else { return false }
    }

    /// How the recipient reads, against the profile's business number (the validator's reading).
    public var recipientReading: PhoneNumberReading { PhoneNumber.read(draft.to, businessNumber: profile.businessNumber) }

    /// The recipient as the gateway will send it and whose number it is, what Meta would make of
    /// a number without its country code, or why it cannot be sent.
    public var recipientLine: String {
        if case .success(let id) = BusinessUserID.parse(draft.to.trimmed) {
            return "sent as recipient: \(id.isParent ? "a parent user id" : "a user id") (\(id.country))"
        }
        let reading = recipientReading
        guard let n = reading.number else { return reading.readAs }
        return "sent as \(gateway.gateway.recipientText(n)) (\(n.region.code))"
    }
}

extension SendView {
    /// The panel's lines for a finished send. The first line is the history id and the
    /// outcome together (`#42 rejected 131047 …`): statuses go under it, so neither pushes the
    /// other out of the panel, and it stays until the next send.
    static func from(_ s: SessionSend) -> SendView {
        let redactor = Redactor(report: s.report)
        var lines: [(String, Role)] = []
        var id: String?
        let ms = s.report.elapsed.map { " · " + $0.text } ?? ""
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
        case .transportFailed(let f)? where f.kind == .cancelled:
            lines.append(("cancelled\(ms)", .warning))
            lines.append(("the request may have reached \(s.report.gateway.gateway.displayName) before it was stopped", .muted))
        case .transportFailed(let f)?:
            lines.append(("transport failure · \(f.kind.rawValue) · \(f.retry)\(ms)", .error))
            lines.append((f.message, .muted))
        }
        if let h = s.historyID { lines[0].0 = "#\(h) " + lines[0].0 }
        // Not recorded: said next to the outcome, where it is seen.
        if let e = s.historyError { lines.insert((e, .warning), at: 1) }
        return SendView(lines: lines, id: id)
    }
}
