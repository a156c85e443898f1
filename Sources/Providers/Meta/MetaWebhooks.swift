import Foundation
import WhatsAppModel

/// Meta's webhooks as wacon receives them: statuses and inbound messages, both in the
/// `entry[].changes[].value` envelope. Resellers that forward Meta's webhooks use these too.
public enum MetaWebhooks {
    /// Reads `entry[].changes[].value.statuses[]`.
    static let statusDecoder = StatusCallbackDecoder(shape: "meta", recognises: isEnvelope, decode: statuses)

    /// The webhook envelope: `{"object": "whatsapp_business_account", "entry": [...]}`.
    static func isEnvelope(_ json: JSONValue) -> Bool { json["object"]?.stringValue == "whatsapp_business_account" }

    static func statuses(_ json: JSONValue, raw: [UInt8]) -> [DeliveryStatus] {
        var out: [DeliveryStatus] = []
        for entry in json["entry"]?.arrayValue ?? [] {
            for change in entry["changes"]?.arrayValue ?? [] {
                for s in change["value"]?["statuses"]?.arrayValue ?? [] {
                    guard let id = s["id"]?.stringValue, let status = s["status"]?.stringValue else { continue }
                    let errors = (s["errors"]?.arrayValue ?? []).map { e in
                        StatusError(code: e["code"]?.intValue.map(String.init) ?? e["code"]?.stringValue ?? "?",
                                    title: e["title"]?.stringValue ?? e["message"]?.stringValue,
                                    details: e["error_data"]?["details"]?.stringValue)
                    }
                    let ts = s["timestamp"]?.stringValue.flatMap(Double.init).map { Date(timeIntervalSince1970: $0) }
                    out.append(DeliveryStatus(gateway: .meta, messageID: id, status: status, timestamp: ts, recipient: s["recipient_id"]?.stringValue, errors: errors, raw: raw))
                }
            }
        }
        return out
    }
}

/// Reads Meta's inbound-message webhooks: `entry[].changes[].value.messages[]`.
public enum InboundMessageParser {
    /// Every inbound message in a webhook body; empty for status-only bodies and anything that
    /// is not Meta's envelope.
    public static func parse(_ body: [UInt8], gateway: GatewayID = .meta) -> [InboundMessage] {
        guard let json = try? JSONParser.parse(body), MetaWebhooks.isEnvelope(json) else { return [] }
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
