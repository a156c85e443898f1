#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import History
import Providers
import Session
import WhatsAppModel

/// The conversation pane: the transcript with the recipient in the form (what was sent, with
/// its ticks and failure codes; what the customer sent, by type), the service window, and what
/// can be done from a message: reply to it, react, mark it read; and, on the sandbox, answer as
/// the customer. Loaded off the input path and again whenever a webhook for it arrives.
public struct ConversationPane: Sendable {
    /// The customer as history files them (digits, else a user id).
    public var customer: String
    /// The recipient as the form shows it.
    public var shownAs: String
    public var conversation: Conversation?
    /// The selected item (an index into `conversation.items`); the newest when it loads.
    public var selected = 0
    public var loading = true
    public var error: String?
    /// Answers to older loads are dropped: only the newest token's is shown.
    public var token = 0
    /// What the pane asks before acting: the customer's text, a reaction's emoji, a choice.
    public var asking: Asking?
    /// What the last action did, under the transcript.
    public var note: Notice?
    /// The profile is the in-process sandbox's: the customer can be played.
    public var canPlay: Bool
    /// The profile sends go through (named in the confirmation).
    public var profileName = ""
    /// When the window was read (its "open 23 h 12 m" is as of then: nothing ticks while idle).
    public var asOf = Date()

    /// A question the pane asks before it acts.
    public enum Asking: Sendable {
        /// The customer's text message.
        case customerText(LineEditor)
        /// The emoji of a reaction, by the business (`customer: false`) or the customer.
        case emoji(LineEditor, messageID: String, customer: Bool)
        /// Which of a sent message's buttons or rows the customer taps.
        case tap([CustomerReply], selected: Int, messageID: String)
        /// A send through a profile that is not a sandbox waits for a yes, as the form's does.
        case confirm(PaneSend)
    }

    /// What the pane sends as the business.
    public enum PaneSend: Sendable, Hashable {
        case reaction(OutboundMessage)
        case markRead(ReadReceipt)

        var what: String {
            switch self {
            case .reaction(let m):
                if case .reaction(let r) = m.content { return "the reaction \(r.emoji ?? "") to \(r.messageID)" }
                return "the reaction"
            case .markRead(let r): return "the read receipt for \(r.messageID)\(r.typing ? " with the typing indicator" : "")"
            }
        }
    }

    public init(customer: String, shownAs: String, canPlay: Bool) {
        self.customer = customer
        self.shownAs = shownAs
        self.canPlay = canPlay
    }

    public var items: [ConversationItem] { conversation?.items ?? [] }
    public var current: ConversationItem? { items.indices.contains(selected) ? items[selected] : nil }
}

extension ConversationItem {
    /// The WhatsApp message id: a send's wamid (or request id), a customer's message's own.
    public var messageID: String? {
        switch self {
        case .sent(let e): return e.messageID ?? e.requestID
        case .received(let m): return m.messageID
        case .event: return nil
        }
    }

    /// The message that was sent, read again from history.
    var sentMessage: OutboundMessage? {
        guard case .sent(let e) = self, !e.message.isEmpty else { return nil }
        return try? OutboundMessage.parse(e.message)
    }
}

extension AppState {
    /// The customer the form's recipient names, as history files them: the number's digits,
    /// else the user id; nil when the field names neither.
    var recipientCustomer: String? {
        let typed = draft.to.trimmed
        if case .success(let id) = BusinessUserID.parse(typed) { return id.text }
        return recipientReading.number?.digits
    }

    /// Opens the conversation with the form's recipient.
    mutating func openConversation() -> [Effect] {
        guard let customer = recipientCustomer else {
            notice = Notice(text: "no conversation: the recipient is not a phone number or a user id", role: .warning)
            return []
        }
        var pane = ConversationPane(customer: customer, shownAs: draft.to, canPlay: profile.isBuiltIn)
        pane.profileName = profile.name
        mode = .overlay(.conversation(pane))
        return [.conversation(.load(customer: customer, profile: profile, token: pane.token))]
    }

    /// Loads the open pane's conversation again (a webhook for it arrived, or the user asked).
    mutating func reloadConversation() -> [Effect] {
        guard case .overlay(.conversation(var p)) = mode else { return [] }
        p.token += 1
        mode = .overlay(.conversation(p))
        return [.conversation(.load(customer: p.customer, profile: profile, token: p.token))]
    }

    /// A conversation arrived.
    mutating func received(_ c: Conversation, token: Int, at date: Date) {
        guard case .overlay(.conversation(var p)) = mode, p.token == token else { return }
        let wasAtEnd = p.conversation == nil || p.selected >= p.items.count - 1
        p.conversation = c
        p.loading = false
        p.error = nil
        p.asOf = date
        // The newest item stays selected as new ones come, unless the user moved up.
        p.selected = wasAtEnd ? max(0, c.items.count - 1) : min(p.selected, max(0, c.items.count - 1))
        mode = .overlay(.conversation(p))
    }

    /// Keys in the conversation pane.
    mutating func handleConversation(_ pane: ConversationPane, _ key: KeyEvent) -> [Effect] {
        var p = pane
        if let asking = p.asking { return answer(p, asking, key) }
        p.note = nil
        switch key {
        case .escape, .char("q"):
            mode = .form
            return []
        case .down, .char("j"): p.selected = min(p.selected + 1, max(0, p.items.count - 1))
        case .up, .char("k"): p.selected = max(0, p.selected - 1)
        case .pageDown: p.selected = min(p.selected + max(1, height - 8), max(0, p.items.count - 1))
        case .pageUp: p.selected = max(0, p.selected - max(1, height - 8))
        case .home: p.selected = 0
        case .end: p.selected = max(0, p.items.count - 1)
        case .ctrl("r"):
            mode = .overlay(.conversation(p))
            return reloadConversation()
        case .char("r"):
            // Reply: the next message from the form quotes this one (context).
            guard let id = p.current?.messageID else { return noteOnly(p, "nothing to reply to: select a message with an id", .warning) }
            draft.replyTo = id
            replyFromPane = id
            mode = .form
            focus = .content
            notice = Notice(text: "replying to \(id): the form's next message quotes it (once)", role: .success)
            refresh()
            return []
        case .char("e"):
            guard let id = p.current?.messageID else { return noteOnly(p, "nothing to react to: select a message with an id", .warning) }
            p.asking = .emoji(LineEditor("👍"), messageID: id, customer: false)
        case .char("m"), .char("t"):
            guard case .received(let m)? = p.current else {
                return noteOnly(p, "only a message the customer sent can be marked read: select one (←)", .warning)
            }
            return paneSend(p, .markRead(ReadReceipt(messageID: m.messageID, typing: key == .char("t"))))
        case .char("w"):
            guard p.canPlay else { return noteOnly(p, Self.cannotPlay, .warning) }
            p.asking = .customerText(LineEditor())
        case .char("b"):
            guard p.canPlay else { return noteOnly(p, Self.cannotPlay, .warning) }
            guard let item = p.current, case .sent = item, let id = item.messageID else {
                return noteOnly(p, "select a message you sent with buttons or a list, then b taps one as the customer", .warning)
            }
            let choices = item.sentMessage.map(CustomerReply.choices(in:)) ?? []
            guard !choices.isEmpty else { return noteOnly(p, "this message has no reply buttons, list rows or quick replies to tap", .warning) }
            p.asking = .tap(choices, selected: 0, messageID: id)
        case .char("x"):
            guard p.canPlay else { return noteOnly(p, Self.cannotPlay, .warning) }
            guard let item = p.current, case .sent = item, let id = item.messageID else {
                return noteOnly(p, "select a message you sent: x reacts to it as the customer", .warning)
            }
            p.asking = .emoji(LineEditor("❤️"), messageID: id, customer: true)
        default:
            return []
        }
        mode = .overlay(.conversation(p))
        return []
    }

    static let cannotPlay = "the customer can be played only on the built-in sandbox profiles"

    private mutating func noteOnly(_ pane: ConversationPane, _ text: String, _ role: Role) -> [Effect] {
        var p = pane
        p.note = Notice(text: text, role: role)
        mode = .overlay(.conversation(p))
        return []
    }

    /// Keys while the pane asks something: Enter acts, Esc drops the question.
    private mutating func answer(_ pane: ConversationPane, _ asking: ConversationPane.Asking, _ key: KeyEvent) -> [Effect] {
        var p = pane
        if key == .escape {
            p.asking = nil
            mode = .overlay(.conversation(p))
            return []
        }
        switch asking {
        case .customerText(var line):
            if key == .enter {
                let text = line.text
                guard !text.trimmed.isEmpty else { return noteOnly(p, "the customer's message needs some text", .warning) }
                p.asking = nil
                return play(p, .text(text), context: nil)
            }
            guard line.apply(key) else { return [] }
            p.asking = .customerText(line)
        case .emoji(var line, let id, let customer):
            if key == .enter {
                p.asking = nil
                let emoji = line.text.trimmed
                if customer { return play(p, .reaction(messageID: id, emoji: emoji), context: nil) }
                // The business's reaction goes out like any message, through the send panel,
                // checked first as the form checks a message.
                var m = OutboundMessage(to: draft.to, content: .reaction(ReactionContent(messageID: id, emoji: emoji)))
                m.address(to: draft.to)
                if let error = gateway.gateway.prepare(m, profile: profile).findings.first(where: \.isError) {
                    p.asking = .emoji(line, messageID: id, customer: customer)
                    p.note = Notice(text: "not sent: \(error.path): \(error.message)", role: .error)
                    mode = .overlay(.conversation(p))
                    return []
                }
                return paneSend(p, .reaction(m))
            }
            guard line.apply(key) else { return [] }
            p.asking = .emoji(line, messageID: id, customer: customer)
        case .confirm(let send):
            p.asking = nil
            guard key == .char("y") || key == .char("Y") else {
                p.note = Notice(text: "not sent: \(send.what)", role: .muted)
                mode = .overlay(.conversation(p))
                return []
            }
            return startPaneSend(p, send)
        case .tap(let choices, let selected, let id):
            switch key {
            case .down, .char("j"): p.asking = .tap(choices, selected: min(selected + 1, choices.count - 1), messageID: id)
            case .up, .char("k"): p.asking = .tap(choices, selected: max(0, selected - 1), messageID: id)
            case .enter:
                p.asking = nil
                return play(p, choices[selected], context: id)
            case .char(let c) where c.isNumber:
                guard let n = Int(String(c)), n >= 1, n <= choices.count else { return [] }
                p.asking = nil
                return play(p, choices[n - 1], context: id)
            default: return []
            }
        }
        mode = .overlay(.conversation(p))
        return []
    }

    /// A send as the business from the pane: through a profile that is not a sandbox, only
    /// after a yes.
    private mutating func paneSend(_ pane: ConversationPane, _ send: ConversationPane.PaneSend) -> [Effect] {
        var p = pane
        if sending {
            p.note = Notice(text: "a send is in flight: wait for it (Esc in the form cancels it)", role: .warning)
            mode = .overlay(.conversation(p))
            return []
        }
        guard profile.isSandbox else {
            p.asking = .confirm(send)
            mode = .overlay(.conversation(p))
            return []
        }
        return startPaneSend(p, send)
    }

    private mutating func startPaneSend(_ pane: ConversationPane, _ send: ConversationPane.PaneSend) -> [Effect] {
        var p = pane
        p.note = Notice(text: "sending \(send.what)…", role: .muted)
        mode = .overlay(.conversation(p))
        switch send {
        case .reaction(let m): return startSending(m, options: VendorOptions())
        case .markRead(let r): return [.send(.markRead(r, profile))]
        }
    }

    /// The sandbox plays the customer; the webhook comes back through wacon's receiver.
    private mutating func play(_ pane: ConversationPane, _ reply: CustomerReply, context: String?) -> [Effect] {
        var p = pane
        p.note = Notice(text: "the customer sends \(reply.label)…", role: .muted)
        mode = .overlay(.conversation(p))
        return [.conversation(.play(reply, customer: p.shownAs, context: context, gateway: gateway))]
    }

    /// An outcome said in the open pane (instead of the progress line it replaces).
    mutating func notePane(_ n: Notice) {
        guard case .overlay(.conversation(var p)) = mode else { return }
        p.note = n
        mode = .overlay(.conversation(p))
    }

    /// What playing the customer gave.
    mutating func played(_ outcome: Notice) {
        if case .overlay(.conversation(var p)) = mode {
            p.note = outcome
            mode = .overlay(.conversation(p))
        } else {
            notice = outcome
        }
    }
}

// MARK: - Drawing

extension Renderer {
    /// The conversation over the whole screen: a title with the window, the transcript (newest
    /// at the bottom, as in WhatsApp), what the pane asks, and its keys.
    static func conversation(_ p: ConversationPane, _ g: inout CellGrid) -> (x: Int, y: Int)? {
        let w = g.width, h = g.height - 1
        box(&g, x: 0, y: 0, width: w, height: h)
        var title = "Conversation · \(p.shownAs)"
        if let name = p.conversation?.items.lazy.compactMap({ if case .received(let m) = $0 { m.customerName } else { nil } }).last { title += " · \(name)" }
        g.put(title, x: 2, y: 0, style: Style(.primary, bold: true), maxWidth: w - 4)
        if let c = p.conversation {
            let open = c.window.isOpen(at: p.asOf)
            g.put("window " + c.window.summary(at: p.asOf), x: 2, y: 1, style: Style(open ? .success : .warning), maxWidth: w - 4)
        } else {
            g.put(p.loading ? "loading…" : "", x: 2, y: 1, style: Style(.muted), maxWidth: w - 4)
        }
        var bottom = h - 2
        var cursor: (x: Int, y: Int)?
        // What the pane asks takes the rows above the keys.
        if let asking = p.asking {
            switch asking {
            case .customerText(let line):
                let shown = line.visible(columns: w - 24)
                let label = "as the customer › "
                g.put(label + shown.text, x: 2, y: bottom, style: Style(.accent), maxWidth: w - 4)
                cursor = (2 + DisplayWidth.of(label) + shown.caretColumn, bottom)
                bottom -= 1
            case .emoji(let line, let id, let customer):
                let label = (customer ? "the customer reacts to \(id) with › " : "react to \(id) with › ")
                let shown = line.visible(columns: max(4, w - 4 - DisplayWidth.of(label)))
                g.put(label + shown.text, x: 2, y: bottom, style: Style(.accent), maxWidth: w - 4)
                cursor = (min(w - 2, 2 + DisplayWidth.of(label) + shown.caretColumn), bottom)
                bottom -= 1
            case .confirm(let send):
                g.put("Send \(send.what) through \(p.profileName) (not a sandbox)? y sends · any other key cancels", x: 2, y: bottom,
                      style: Style(.warning, bold: true), maxWidth: w - 4)
                bottom -= 1
            case .tap(let choices, let selected, _):
                let shownChoices = choices.prefix(max(1, h / 2))
                for (i, c) in shownChoices.enumerated().reversed() {
                    let on = i == selected
                    g.put("\(i + 1) \(c.label)", x: 4, y: bottom, style: Style(on ? .focus : .text, reverse: on), maxWidth: w - 6)
                    bottom -= 1
                }
                g.put("the customer taps (↑↓ Enter, or its number):", x: 2, y: bottom, style: Style(.accent), maxWidth: w - 4)
                bottom -= 1
            }
        }
        if let note = p.note ?? p.error.map({ Notice(text: $0, role: .error) }) {
            g.put(note.text, x: 2, y: bottom, style: Style(note.role), maxWidth: w - 4)
            bottom -= 1
        }
        // The transcript: each item's lines, the selected one kept on screen.
        let top = 2
        let rows = max(0, bottom - top + 1)
        let blocks = p.items.enumerated().map { TranscriptBlock($0.element, in: p.items, selected: $0.offset == p.selected, asOf: p.asOf) }
        var end = min(blocks.count, p.selected + 1)
        var start = end
        var used = 0
        while start > 0, used + blocks[start - 1].lines.count <= rows { start -= 1; used += blocks[start].lines.count }
        // Fill the rest of the screen with what follows the selection.
        while end < blocks.count, used + blocks[end].lines.count <= rows { used += blocks[end].lines.count; end += 1 }
        var y = top + max(0, rows - used)
        for block in blocks[start..<end] {
            for line in block.lines {
                if block.selected { g.fill(x: 1, y: y, width: w - 2, height: 1, style: Style(.focus, reverse: true)) }
                g.put(line.text, x: line.indent, y: y, style: block.selected ? Style(.focus, reverse: true) : line.style, maxWidth: w - 1 - line.indent)
                y += 1
            }
        }
        if !p.loading, p.items.isEmpty {
            g.put("nothing with this customer yet" + (p.canPlay ? ": w writes as the customer" : ""), x: 2, y: top, style: Style(.muted), maxWidth: w - 4)
        }
        let keys = p.canPlay
            ? "r reply · e react · m read · t read+typing · as the customer: w write · b tap · x react · ^R reload · Esc close"
            : "r reply · e react · m read · t read+typing · ^R reload · Esc close"
        g.put(keys, x: 2, y: h - 1, style: Style(.muted), maxWidth: w - 4)
        return cursor
    }
}

/// One transcript item as lines: who and when, what, and its state (ticks, failure, context).
struct TranscriptBlock {
    struct Line {
        var text: String
        var style: Style
        var indent: Int
    }

    var lines: [Line] = []
    var selected: Bool

    init(_ item: ConversationItem, in items: [ConversationItem], selected: Bool, asOf: Date) {
        self.selected = selected
        let time = Self.time(item.date, asOf: asOf)
        switch item {
        case .sent(let e):
            let message = item.sentMessage
            lines.append(Line(text: "→ \(time)  you · \(e.kind)", style: Style(.secondary), indent: 2))
            lines.append(Line(text: Self.summary(message, entry: e), style: Style(.text), indent: 6))
            let (state, role) = Self.state(e)
            lines.append(Line(text: state, style: Style(role), indent: 6))
        case .received(let m):
            lines.append(Line(text: "← \(time)  \(m.customerName ?? "customer") · \(m.type)", style: Style(.accent), indent: 2))
            lines.append(Line(text: m.summary, style: Style(.text), indent: 6))
            if let context = m.contextID {
                let quoted = items.first { $0.messageID == context }
                let about = quoted.map { q -> String in
                    if case .sent(let e) = q { return "your \(e.kind) " + Self.shortTime(q.date) }
                    return "their message " + Self.shortTime(q.date)
                } ?? context
                lines.append(Line(text: "↳ \(Self.verb(m.type)) \(about)", style: Style(.muted), indent: 6))
            }
        case .event(let e):
            // A number change or a marketing preference: said in the transcript, between messages.
            lines.append(Line(text: "· \(time)  \(e.kind)", style: Style(.muted), indent: 2))
            lines.append(Line(text: e.summary, style: Style(.muted), indent: 6))
        }
    }

    /// What a sent message said, in a line.
    static func summary(_ m: OutboundMessage?, entry: HistoryEntry) -> String {
        guard let m else { return entry.contentSummary }
        switch m.content {
        case .text(let t): return "“\(t.body)”"
        case .template(let t): return "template \(t.name) (\(t.languageCode))"
        case .reaction(let r): return (r.emoji ?? "").isEmpty ? "reaction removed" : "reacted \(r.emoji ?? "")"
        case .interactive(let i):
            let choices = CustomerReply.choices(in: m).map(\.label)
            let body = i.body.map { "“\($0.text)”" } ?? i.action.typeName
            return choices.isEmpty ? body : body + "  [" + choices.joined(separator: " · ") + "]"
        default: return m.kind.rawValue
        }
    }

    /// Ticks and what went wrong: `✓✓ read`, `✗ failed 131047 Re-engagement message`.
    static func state(_ e: HistoryEntry) -> (String, Role) {
        switch e.outcome {
        case "accepted", "failed":
            let final = e.finalStatus?.status
            if e.outcome == "failed" || final.map(DeliveryStatus.isFailure) == true {
                let why = [e.vendorCode, e.vendorMessage].compactMap { $0 }.joined(separator: " ")
                return ("✗ failed" + (why.isEmpty ? "" : " " + why), .error)
            }
            switch final {
            case "read"?: return ("✓✓ read", .success)
            case "delivered"?: return ("✓✓ delivered", .text)
            case "sent"?: return ("✓ sent", .muted)
            case let other?: return (other, .muted)
            case nil: return ("accepted, no status yet", .muted)
            }
        case "invalid": return ("not sent: invalid", .warning)
        default:
            let why = [e.vendorCode, e.vendorMessage].compactMap { $0 }.joined(separator: " ")
            return ("✗ \(e.outcome)" + (why.isEmpty ? "" : " " + why), .error)
        }
    }

    static func verb(_ type: String) -> String {
        switch type {
        case "reaction": return "reacts to"
        case "edit": return "edits"
        case "revoke": return "deletes"
        default: return "replies to"
        }
    }

    /// `14:02`, or `11-30 14:02` for another day than `asOf`'s.
    static func time(_ d: Date, asOf: Date) -> String {
        WallClock.local.format(d, WallClock.local.sameDay(d, asOf) ? "HH:mm:ss" : "MM-dd HH:mm")
    }

    static func shortTime(_ d: Date) -> String {
        WallClock.local.format(d, "HH:mm:ss")
    }
}

// MARK: - The window beside the recipient, and webhooks as they come

/// The service window with the form's recipient, as last read.
public struct RecipientWindow: Sendable, Hashable {
    /// The customer it is for (digits or a user id).
    public var customer: String
    /// nil: wacon does not know (a real profile with nothing from this customer in history).
    public var window: ServiceWindow?
    public var asOf: Date
}

/// A webhook event wacon received, as the console uses it.
public struct ReceivedWebhookSummary: Sendable, Hashable {
    /// The customer it concerns (digits or a user id), when it names one.
    public var customer: String?
    /// For a customer's message: its id (what mark-as-read takes).
    public var inboundMessageID: String?
    /// The event in a line, as `wacon webhook parse` prints it.
    public var line: String
    /// For a status: the status.
    public var status: DeliveryStatus?

    public init(customer: String?, inboundMessageID: String?, line: String, status: DeliveryStatus? = nil) {
        self.customer = customer
        self.inboundMessageID = inboundMessageID
        self.line = line
        self.status = status
    }
}

extension ReceivedWebhookSummary {
    /// What the console needs of an event the session received: whom it is about, and the id
    /// of a customer's message.
    init(_ e: ReceivedWebhookEvent) {
        let line = WebhookEventLine.text(e.event, gateway: e.gateway)
        switch e.event.kind {
        case .message(let m):
            self.init(customer: (e.inbound?.customer ?? m.senderText).map(HistoryStore.customer), inboundMessageID: m.id, line: line)
        case .status(let s):
            self.init(customer: s.recipientText.map(HistoryStore.customer), inboundMessageID: nil, line: line,
                      status: DeliveryStatus(gateway: e.gateway, event: s, raw: []))
        case .userIDUpdate(let u):
            self.init(customer: u.waID.map(HistoryStore.customer), inboundMessageID: nil, line: line)
        case .other:
            self.init(customer: nil, inboundMessageID: nil, line: line)
        }
    }
}

extension AppState {
    /// The window line under the recipient: `window open 23 h 12 m`, or closed (a warning
    /// unless the message is a template, which the window does not limit).
    var recipientWindowLine: (text: String, role: Role)? {
        guard let w = recipientWindow, w.customer == recipientCustomer, let window = w.window else { return nil }
        if window.isOpen(at: w.asOf) { return ("window " + window.summary(at: w.asOf), .success) }
        let template = previewMessage.map { if case .template = $0.content { true } else { false } } ?? false
        return ("window " + window.summary(at: w.asOf) + (template ? "" : " · will fail"), template ? .muted : .warning)
    }

    /// Asks for the window when the recipient or the profile changed since it was last asked.
    mutating func windowEffects() -> [Effect] {
        guard followsWindow, let customer = recipientCustomer else { return [] }
        // Asked when the number is typed, not for every prefix of it on the way.
        if let e = mode.editing, e.field == .to { return [] }
        let key = customer + "|" + profile.name
        guard key != windowAsked else { return [] }
        windowAsked = key
        if recipientWindow?.customer != customer { recipientWindow = nil }
        return [.conversation(.window(customer: customer, recipient: draft.to, profile: profile))]
    }

    /// A webhook arrived: the mark-read prompt starts from the customer's latest message, the
    /// open conversation and the window are read again when it concerns them.
    mutating func receivedWebhook(_ e: ReceivedWebhookSummary) -> [Effect] {
        var effects: [Effect] = []
        if let id = e.inboundMessageID { lastInboundID = id }
        // A status of the send in the panel that came after the send stopped following (one
        // that arrives after `read`, out of order) still shows there.
        if let st = e.status, let id = sendView?.id, st.messageID == id, !statuses.contains(where: { $0.dedupKey == st.dedupKey }) {
            statuses.append(st)
        }
        if case .overlay(.conversation(let p)) = mode, e.customer == nil || e.customer == p.customer {
            effects += reloadConversation()
        }
        if e.inboundMessageID != nil, let customer = recipientCustomer, e.customer == customer {
            effects.append(.conversation(.window(customer: customer, recipient: draft.to, profile: profile)))
        }
        return effects
    }
}

