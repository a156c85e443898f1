#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

/// A message the customer sent, as history keeps it: from the webhook that carried it, filed
/// under the exchange it belongs to (see `HistoryStore.record(inbound:)`).
public struct RecordedInbound: Sendable, Hashable {
    /// The row id in the history file.
    public var id: Int64
    /// The message's own wamid (unique: a message delivered twice is kept once).
    public var messageID: String
    /// The gateway whose webhook carried it.
    public var gateway: String
    /// The customer as history files them: phone digits (no `+`), else their user id.
    public var customer: String
    /// The customer's business-scoped user id, when the webhook gave it.
    public var customerUserID: String?
    /// The customer's profile name, when the webhook gave it.
    public var customerName: String?
    /// Meta's message type: `text`, `interactive`, `button`, `location`, `reaction`, `edit`, …
    public var type: String
    /// What it holds, in a few words (`WebhookEventLine.summary`): `"hi"`, `button_reply yes "Yes"`.
    public var summary: String
    /// The message it refers to: `context.id` (the message it replies to), else the message it
    /// reacts to, edits or revokes.
    public var contextID: String?
    /// The history entry (a send) it belongs to; nil when there is none (yet).
    public var entryID: Int64?
    /// When the customer sent it: the webhook's timestamp, else when wacon received it (always
    /// set for a recorded message; optional for values made by hand).
    public var at: Date?
    /// When wacon received the webhook.
    public var receivedAt: Date
    /// The webhook body as received (empty in listings, which leave bodies out).
    public var raw: String

    public init(id: Int64, messageID: String, gateway: String, customer: String, customerUserID: String? = nil, customerName: String? = nil,
                type: String, summary: String, contextID: String? = nil, entryID: Int64? = nil, at: Date? = nil, receivedAt: Date, raw: String = "") {
        self.id = id
        self.messageID = messageID
        self.gateway = gateway
        self.customer = customer
        self.customerUserID = customerUserID
        self.customerName = customerName
        self.type = type
        self.summary = summary
        self.contextID = contextID
        self.entryID = entryID
        self.at = at
        self.receivedAt = receivedAt
        self.raw = raw
    }

    /// The message as the webhook reader reads it again from the kept body (every type's
    /// content), or nil when the body no longer holds it.
    public var message: WebhookMessage? {
        guard let body = try? WebhookBodyReader.read(Array(raw.utf8), gateway: GatewayID(rawValue: gateway)) else { return nil }
        return body.events.lazy.compactMap(\.message).first { $0.id == messageID }
    }
}

/// What `HistoryStore.record(inbound:)` takes: one customer's message from a webhook.
public struct InboundDraft: Sendable, Hashable {
    /// The wamid; empty when the webhook gave none (such a message cannot be de-duplicated).
    public var messageID: String
    public var gateway: String
    /// Phone digits (no `+`), else the user id (`HistoryStore.customer(_:)` files typed text).
    public var customer: String
    public var customerUserID: String?
    public var customerName: String?
    public var type: String
    public var summary: String
    /// See `RecordedInbound.contextID`.
    public var contextID: String?
    /// The webhook's timestamp; nil: `receivedAt` stands for it.
    public var at: Date?
    public var receivedAt: Date
    /// The webhook body as received.
    public var raw: String
    /// The business number the customer wrote to: the webhook's `metadata.phone_number_id`
    /// (nil when the gateway's shape does not say). A real profile's window counts only the
    /// messages written to its own number.
    public var business: String?

    public init(messageID: String, gateway: String, customer: String, customerUserID: String? = nil, customerName: String? = nil,
                type: String, summary: String, contextID: String? = nil, at: Date? = nil, receivedAt: Date = Date(), raw: String = "") {
        self.messageID = messageID
        self.gateway = gateway
        self.customer = HistoryStore.customer(customer)
        self.customerUserID = customerUserID
        self.customerName = customerName
        self.type = type
        self.summary = summary
        self.contextID = contextID
        self.at = at
        self.receivedAt = receivedAt
        self.raw = raw
    }

    /// A webhook's message: filed under the sender's phone digits when the webhook gives them,
    /// else their user id; its summary as `WebhookEventLine.summary` writes it.
    public init(gateway: GatewayID, message m: WebhookMessage, raw: [UInt8], receivedAt: Date = Date()) {
        let userID = m.fromUserID ?? m.sender?.userID
        self.init(messageID: m.id ?? "", gateway: gateway.rawValue, customer: m.from ?? m.sender?.waID ?? userID ?? m.fromParentUserID ?? m.sender?.parentUserID ?? "",
                  customerUserID: userID, customerName: m.sender?.name, type: m.type, summary: WebhookEventLine.summary(m.content),
                  contextID: Self.reference(m), at: m.timestamp, receivedAt: receivedAt, raw: String(decoding: raw, as: UTF8.self))
    }

    /// A message as the session's receiver tracks it (its `event` when it has one).
    public init(_ m: InboundMessage, receivedAt: Date = Date()) {
        if let event = m.event {
            self.init(gateway: m.gateway, message: event, raw: m.raw, receivedAt: receivedAt)
            return
        }
        let summary = m.text.map(WebhookEventLine.quoted) ?? [m.interactiveType, m.replyID, m.replyTitle.map(WebhookEventLine.quoted)].compactMap { $0 }.joined(separator: " ")
        self.init(messageID: m.id, gateway: m.gateway.rawValue, customer: m.from, customerUserID: m.fromUserID, customerName: m.profileName,
                  type: m.type, summary: summary, contextID: m.contextID, at: m.timestamp, receivedAt: receivedAt, raw: String(decoding: m.raw, as: UTF8.self))
    }

    /// The message a webhook message refers to: its context, else what it reacts to, edits or revokes.
    static func reference(_ m: WebhookMessage) -> String? {
        if let id = m.context?.id { return id }
        switch m.content {
        case .reaction(let id, _): return id
        case .edit(let original, _): return original
        case .revoke(let original): return original
        default: return nil
        }
    }
}

/// A webhook event that is neither a status nor a customer's message (`user_id_update`,
/// `user_preferences`, `account_update`, any other field), as history keeps it: with the
/// exchange it belongs to when it names a customer wacon has sent to.
public struct RecordedWebhookEvent: Sendable, Hashable {
    public var id: Int64
    public var gateway: String
    /// `user_id_update`, or the change's field (`user_preferences`, `account_update`, …).
    public var kind: String
    /// The customer it is about (digits, else user id), when it names one.
    public var customer: String?
    /// The entry (a send) it belongs to: the newest one to that customer when it arrived.
    public var entryID: Int64?
    /// The event's own time, else when wacon received it.
    public var at: Date
    public var receivedAt: Date
    /// The event as one line (`WebhookEventLine.text`).
    public var summary: String
    /// The event's own JSON (the change's value, or its `user_id_update[]` item).
    public var value: String
    /// The webhook body as received (empty in listings).
    public var raw: String

    public init(id: Int64, gateway: String, kind: String, customer: String?, entryID: Int64?, at: Date, receivedAt: Date, summary: String, value: String, raw: String = "") {
        self.id = id
        self.gateway = gateway
        self.kind = kind
        self.customer = customer
        self.entryID = entryID
        self.at = at
        self.receivedAt = receivedAt
        self.summary = summary
        self.value = value
        self.raw = raw
    }
}

/// What `HistoryStore.record(event:)` takes.
public struct WebhookEventDraft: Sendable, Hashable {
    public var gateway: String
    public var kind: String
    public var customer: String?
    public var customerUserID: String?
    public var at: Date?
    public var receivedAt: Date
    public var summary: String
    /// The event's own JSON: with the gateway and kind, what makes it the same event when it
    /// is delivered twice.
    public var value: String
    public var raw: String

    public init(gateway: String, kind: String, customer: String?, customerUserID: String? = nil, at: Date?, receivedAt: Date = Date(), summary: String, value: String, raw: String = "") {
        self.gateway = gateway
        self.kind = kind
        self.customer = customer.map(HistoryStore.customer)
        self.customerUserID = customerUserID
        self.at = at
        self.receivedAt = receivedAt
        self.summary = summary
        self.value = value
        self.raw = raw
    }

    /// A webhook's event that is neither a message nor a status (nil for those). The customer
    /// is the `user_id_update`'s number (else its user id); for any other field, the first
    /// `wa_id` (else `user_id`) the change's value names in `contacts[]` or in the first item
    /// of a list (as `user_preferences[]` does: plausible for fields wacon does not read).
    public init?(gateway: GatewayID, event: WebhookEvent, raw: [UInt8], receivedAt: Date = Date()) {
        let value: JSONValue
        var customer: String?
        var userID: String?
        var at: Date?
        switch event.kind {
        case .message, .status: return nil
        case .userIDUpdate(let u):
            value = u.raw
            userID = u.userID?.current ?? u.userID?.previous
            customer = u.waID ?? userID
            at = u.timestamp
        case .other(let v):
            value = v
            for item in Self.namedItems(v) {
                if customer == nil { customer = WebhookField.text(item["wa_id"]) ?? WebhookField.text(item["user_id"]) }
                if userID == nil { userID = WebhookField.text(item["user_id"]) }
                if at == nil { at = WebhookField.date(item["timestamp"]) }
            }
        }
        self.init(gateway: gateway.rawValue, kind: event.kindName, customer: customer, customerUserID: userID, at: at, receivedAt: receivedAt,
                  summary: WebhookEventLine.text(event, gateway: gateway), value: JSONWriter.compactString(value), raw: String(decoding: raw, as: UTF8.self))
    }

    /// The objects of a change's value that may name a customer: `contacts[0]`, then the first
    /// item of each other list.
    static func namedItems(_ v: JSONValue) -> [JSONValue] {
        guard let o = v.objectValue else { return [] }
        var items: [JSONValue] = []
        if let c = o["contacts"]?.arrayValue?.first { items.append(c) }
        for (key, value) in o where key != "contacts" {
            if let first = value.arrayValue?.first, first.objectValue != nil { items.append(first) }
        }
        return items
    }
}

/// What recording one webhook body did (`HistoryStore.record(webhook:raw:receivedAt:)`).
public struct WebhookRecording: Sendable, Hashable {
    /// The customers' messages recorded now (a message recorded before is not here).
    public var inbound: [RecordedInbound] = []
    /// Messages already in history (delivered again): not recorded twice.
    public var duplicateMessages = 0
    /// For each status of the body, in order: the entry it was attached to, nil when no entry has its id.
    public var statusEntries: [Int64?] = []
    /// The other events recorded now.
    public var events: [RecordedWebhookEvent] = []
    /// Other events already in history.
    public var duplicateEvents = 0

    public init() {}
}

/// One step of a conversation: something sent to the customer, something they sent, or
/// another event about them (a changed user id, a marketing opt-out).
public enum ConversationItem: Sendable, Hashable {
    /// A send, with its statuses (`HistoryEntry.finalStatus` says how far it got).
    case sent(HistoryEntry)
    /// A message from the customer.
    case received(RecordedInbound)
    /// Another webhook event about the customer.
    case event(RecordedWebhookEvent)

    /// When it happened: the send's time, or the customer's.
    public var date: Date {
        switch self {
        case .sent(let e): return e.createdAt
        // A webhook's time is in whole seconds: the message was sent within that second and
        // before wacon received it, so a reply never sorts above the send it answers.
        case .received(let m): return min(m.receivedAt, (m.at ?? m.receivedAt).addingTimeInterval(0.999))
        case .event(let e): return min(e.receivedAt, e.at.addingTimeInterval(0.999))
        }
    }
}

/// The transcript with one customer, oldest first, and the service window it leaves.
public struct Conversation: Sendable, Hashable {
    /// The customer as history files them (digits, else a user id).
    public var customer: String
    /// Every id the customer goes by in this transcript: their phone digits and their user id,
    /// when an inbound webhook gave both.
    public var identities: [String]
    public var items: [ConversationItem]
    /// From the customer's last message in history (the sandbox may know better: see
    /// `WaconSession.serviceWindow`).
    public var window: ServiceWindow
    /// Older items were left out by the limit.
    public var hasEarlier: Bool

    public init(customer: String, identities: [String] = [], items: [ConversationItem], window: ServiceWindow, hasEarlier: Bool = false) {
        self.customer = customer
        self.identities = identities.isEmpty ? [customer] : identities
        self.items = items
        self.window = window
        self.hasEarlier = hasEarlier
    }
}
