#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// A message the customer sent, as Meta's inbound-message webhook reports it (each message of
/// `entry[].changes[].value.messages[]`): above all a reply to one of ours — a completed Flow (`nfm_reply`),
/// a reply-button or list-row tap, a template quick-reply tap.
public struct InboundMessage: Sendable, Hashable {
    /// The gateway whose callback path it arrived on.
    public var gateway: GatewayID
    /// The customer: their WhatsApp id (phone digits, no `+`), or their business-scoped user id
    /// when the webhook withholds the number.
    public var from: String
    /// `from_user_id`: the customer's business-scoped user id, when the webhook gives it.
    public var fromUserID: String?
    /// `from_parent_user_id`, when the webhook gives it.
    public var fromParentUserID: String?
    /// `contacts[].profile.username`: the customer's WhatsApp username, when they have one.
    public var username: String?
    /// `group_id`: the group it was sent in, for a group message.
    public var groupID: String?
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
    /// The message as the webhook reader read it, every type's content included; nil for a
    /// message made by hand.
    public var event: WebhookMessage?

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

    /// The webhook's message as wacon tracks replies: the sender's best id as `from`, the reply's
    /// id and title, a Flow's response.
    public init(gateway: GatewayID, event m: WebhookMessage, raw: [UInt8]) {
        self.init(gateway: gateway, from: m.senderText ?? "", id: m.id ?? "", timestamp: m.timestamp, type: m.type, contextID: m.context?.id,
                  profileName: m.sender?.name, raw: raw)
        fromUserID = m.fromUserID ?? m.sender?.userID
        fromParentUserID = m.fromParentUserID ?? m.sender?.parentUserID
        username = m.sender?.username
        groupID = m.groupID
        event = m
        switch m.content {
        case .interactive(let reply):
            switch reply {
            case .formReply(_, _, let json):
                interactiveType = "nfm_reply"
                flowResponseJSON = json
                flowResponse = json.flatMap { try? JSONParser.parse(Array($0.utf8)) }?.objectValue
            case .buttonReply(let id, let title):
                interactiveType = "button_reply"
                replyID = id
                replyTitle = title
            case .listReply(let id, let title, _):
                interactiveType = "list_reply"
                replyID = id
                replyTitle = title
            case .callPermissionReply:
                interactiveType = "call_permission_reply"
            case .other(let type):
                interactiveType = type
            }
        case .button(let payload, let text):
            replyID = payload
            replyTitle = text
        case .text(let body):
            text = body
        default:
            break
        }
    }

    /// True for a completed Flow.
    public var isFlowReply: Bool { interactiveType == "nfm_reply" }

    /// The `flow_token` the Flow message carried, from the response.
    public var flowToken: String? { flowResponse?["flow_token"]?.stringValue }
}
