import Foundation
import WhatsAppModel

/// A message the customer sent, as Meta's inbound-message webhook reports it
/// (cloud-api-facts.md §5.3): above all a reply to one of ours — a completed Flow (`nfm_reply`),
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

/// Reads Meta's inbound-message webhooks: `entry[].changes[].value.messages[]`.
public enum InboundMessageParser {
    /// Every inbound message in a webhook body; empty for status-only bodies and anything that
    /// is not Meta's envelope.
    public static func parse(_ body: [UInt8], gateway: GatewayID = .meta) -> [InboundMessage] {
        guard let json = try? JSONParser.parse(body), json["object"]?.stringValue == "whatsapp_business_account" else { return [] }
        var out: [InboundMessage] = []
        for entry in json["entry"]?.arrayValue ?? [] {
            for change in entry["changes"]?.arrayValue ?? [] {
                guard let value = change["value"] else { continue }
                let contacts = value["contacts"]?.arrayValue ?? []
                for m in value["messages"]?.arrayValue ?? [] {
                    guard let from = m["from"]?.stringValue, let id = m["id"]?.stringValue else { continue }
                    let type = m["type"]?.stringValue ?? ""
                    // Meta sends timestamps as strings; tolerate numbers (some relays and docs do).
                    let ts = (m["timestamp"]?.stringValue.flatMap(Double.init) ?? m["timestamp"]?.doubleValue).map { Date(timeIntervalSince1970: $0) }
                    let name = contacts.first { $0["wa_id"]?.stringValue == from }?["profile"]?["name"]?.stringValue
                        ?? (contacts.count == 1 ? contacts[0]["profile"]?["name"]?.stringValue : nil)
                    var message = InboundMessage(gateway: gateway, from: from, id: id, timestamp: ts, type: type,
                                                 contextID: m["context"]?["id"]?.stringValue, profileName: name, raw: body)
                    switch type {
                    case "interactive":
                        let i = m["interactive"]
                        let kind = i?["type"]?.stringValue
                        message.interactiveType = kind
                        switch kind {
                        case "nfm_reply":
                            let json = i?["nfm_reply"]?["response_json"]?.stringValue
                            message.flowResponseJSON = json
                            message.flowResponse = json.flatMap { try? JSONParser.parse(Array($0.utf8)) }?.objectValue
                        case "button_reply", "list_reply":
                            message.replyID = i?[kind!]?["id"]?.stringValue
                            message.replyTitle = i?[kind!]?["title"]?.stringValue
                        default: break
                        }
                    case "button":
                        message.replyID = m["button"]?["payload"]?.stringValue
                        message.replyTitle = m["button"]?["text"]?.stringValue
                    case "text":
                        message.text = m["text"]?["body"]?.stringValue
                    default: break
                    }
                    out.append(message)
                }
            }
        }
        return out
    }
}
