#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Something a customer does in WhatsApp, as the message Meta's inbound webhook would carry
/// (`entry[].changes[].value.messages[]`) without the parts the gateway fills in (`id`,
/// `timestamp`, `from`, the `context` of the message it answers). The sandbox plays it as the
/// customer; the console offers it from the conversation pane.
public enum CustomerReply: Sendable, Hashable {
    /// A text message.
    case text(String)
    /// A reply button tapped (`interactive.button_reply`).
    case buttonReply(id: String, title: String)
    /// A list row picked (`interactive.list_reply`).
    case listReply(id: String, title: String, description: String?)
    /// A template's quick-reply button tapped (type `button`: the payload sent and the button's text).
    case quickReply(payload: String, text: String)
    /// A location shared.
    case location(latitude: Double, longitude: Double, name: String?)
    /// A reaction to one of the business's messages (an empty emoji removes it).
    case reaction(messageID: String, emoji: String)

    /// The message object, as Meta's webhook writes it.
    public var message: JSONObject {
        switch self {
        case .text(let body):
            return ["type": "text", "text": ["body": .string(body)]]
        case .buttonReply(let id, let title):
            return ["type": "interactive", "interactive": ["type": "button_reply", "button_reply": ["id": .string(id), "title": .string(title)]]]
        case .listReply(let id, let title, let description):
            var row: JSONObject = ["id": .string(id), "title": .string(title)]
            if let description, !description.isEmpty { row.append("description", .string(description)) }
            return ["type": "interactive", "interactive": ["type": "list_reply", "list_reply": .object(row)]]
        case .quickReply(let payload, let text):
            return ["type": "button", "button": ["payload": .string(payload), "text": .string(text)]]
        case .location(let lat, let long, let name):
            var place: JSONObject = ["latitude": .number(JSONNumber(lat)), "longitude": .number(JSONNumber(long))]
            if let name, !name.isEmpty { place.append("name", .string(name)) }
            return ["type": "location", "location": .object(place)]
        case .reaction(let id, let emoji):
            return ["type": "reaction", "reaction": ["message_id": .string(id), "emoji": .string(emoji)]]
        }
    }

    /// What the customer can tap in a message the business sent: its reply buttons, its list
    /// rows, a template's quick replies (by payload; the button's text is the template's, not
    /// the message's, so the payload stands for it). Empty for a message with nothing to tap.
    public static func choices(in message: OutboundMessage) -> [CustomerReply] {
        switch message.content {
        case .interactive(let i):
            switch i.action {
            case .buttons(let a): return a.buttons.map { .buttonReply(id: $0.id, title: $0.title) }
            case .list(let l): return l.sections.flatMap(\.rows).map { .listReply(id: $0.id, title: $0.title, description: $0.description) }
            default: return []
            }
        case .template(let t):
            return (t.components ?? []).filter { $0.type == "button" && $0.subType == "quick_reply" }.compactMap { button in
                guard let payload = button.parameters?.first(where: { $0.type == "payload" })?.payload else { return nil }
                return .quickReply(payload: payload, text: payload)
            }
        default:
            return []
        }
    }

    /// How the choice reads in a menu: `Yes (yes)`, `First option (r1)`, `quick reply “STOP”`.
    public var label: String {
        switch self {
        case .text(let body): return "“\(body)”"
        case .buttonReply(let id, let title), .listReply(let id, let title, _): return "\(title) (\(id))"
        case .quickReply(let payload, _): return "quick reply “\(payload)”"
        case .location(let lat, let long, let name): return "location \(lat),\(long)" + (name.map { " \($0)" } ?? "")
        case .reaction(_, let emoji): return "reaction \(emoji)"
        }
    }
}
