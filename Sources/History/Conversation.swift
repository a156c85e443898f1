import Foundation
import Providers
import WhatsAppModel

/// A message the customer sent, as history keeps it: from the webhook that carried it, filed
/// under the exchange it belongs to (the send it replies to, else the last send to that customer).
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
    /// `context.id`: the message it replies to (or reacts to, edits, revokes).
    public var contextID: String?
    /// The history entry (a send) it belongs to; nil when there is none yet.
    public var entryID: Int64?
    /// When the customer sent it (the webhook's timestamp).
    public var at: Date?
    /// When wacon received the webhook.
    public var receivedAt: Date
    /// The webhook body as received.
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

/// One step of a conversation: something sent to the customer, or something they sent.
public enum ConversationItem: Sendable, Hashable {
    /// A send, with its statuses.
    case sent(HistoryEntry)
    /// A message from the customer.
    case received(RecordedInbound)

    /// When it happened: the send's time, or the customer's.
    public var date: Date {
        switch self {
        case .sent(let e): return e.createdAt
        case .received(let m): return m.at ?? m.receivedAt
        }
    }
}

/// The transcript with one customer, oldest first, and the service window it leaves.
public struct Conversation: Sendable, Hashable {
    /// The customer as history files them (digits, else a user id).
    public var customer: String
    public var items: [ConversationItem]
    /// From the customer's last message in history (the sandbox may know better: see
    /// `WaconSession.serviceWindow`).
    public var window: ServiceWindow

    public init(customer: String, items: [ConversationItem], window: ServiceWindow) {
        self.customer = customer
        self.items = items
        self.window = window
    }
}
