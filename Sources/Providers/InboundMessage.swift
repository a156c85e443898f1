import Foundation
import WhatsAppModel

/// A message the customer sent, as Meta's inbound-message webhook reports it (each message of
/// `entry[].changes[].value.messages[]`): above all a reply to one of ours — a completed Flow (`nfm_reply`),
/// a reply-button or list-row tap, a template quick-reply tap.
public struct InboundMessage: Sendable, Hashable {
    /// The gateway whose callback path it arrived on.
    public var gateway: GatewayID
    /// The customer's WhatsApp id (digits, no `+`).
    public var from: String
    /// The inbound message's own wamid.
    public var id: String
    public var timestamp: Date?
    /// `interactive`, `button`, `text`, `location`, …
    public var type: String
    /// `context.id`: the message this one replies to (for a Flow, the flow message).
    public var contextID: String?
    /// `contacts[].profile.name` for the sender, when the webhook names it.
    public var profileName: String?
    /// `interactive.type`: `nfm_reply`, `button_reply`, `list_reply`.
    public var interactiveType: String?
    /// `nfm_reply.response_json` as received: a JSON string.
    public var flowResponseJSON: String?
    /// `response_json` parsed: `flow_token` and what the customer submitted. Nil when absent or
    /// not a JSON object.
    public var flowResponse: JSONObject?
    /// The tapped reply button's or list row's `id` (a template quick reply's `payload`).
    public var replyID: String?
    /// The tapped button's or row's `title` (a template quick reply's `text`).
    public var replyTitle: String?
    /// `text.body` for a text message.
    public var text: String?
    /// The whole webhook body as received (one body may carry several messages).
    public var raw: [UInt8]

    public init(gateway: GatewayID = .meta, from: String, id: String, timestamp: Date? = nil, type: String, contextID: String? = nil,
                profileName: String? = nil, interactiveType: String? = nil, flowResponseJSON: String? = nil, replyID: String? = nil,
                replyTitle: String? = nil, text: String? = nil, raw: [UInt8] = []) {
        self.gateway = gateway
        self.from = from
        self.id = id
        self.timestamp = timestamp
        self.type = type
        self.contextID = contextID
        self.profileName = profileName
        self.interactiveType = interactiveType
        self.flowResponseJSON = flowResponseJSON
        self.flowResponse = flowResponseJSON.flatMap { try? JSONParser.parse(Array($0.utf8)) }?.objectValue
        self.replyID = replyID
        self.replyTitle = replyTitle
        self.text = text
        self.raw = raw
    }

    /// True for a completed Flow.
    public var isFlowReply: Bool { interactiveType == "nfm_reply" }

    /// The `flow_token` the Flow message carried, from the response.
    public var flowToken: String? { flowResponse?["flow_token"]?.stringValue }
}
