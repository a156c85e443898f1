#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// Meta's webhooks as wacon receives them: the `entry[].changes[].value` envelope, read by
/// `MetaWebhookReader` into events; statuses and inbound messages are views of those events.
/// Resellers that forward Meta's webhooks use these too.
public enum MetaWebhooks {
    /// The envelope, every field of it.
    static let shape = WebhookShape(name: "meta", expected: #"Meta's webhook envelope {"object": "whatsapp_business_account", "entry": [...]}"#,
                                    recognises: isEnvelope, events: { isEnvelope($0) ? MetaWebhookReader.events(in: $0) : nil })

    /// Reads `entry[].changes[].value.statuses[]`.
    static let statusDecoder = StatusCallbackDecoder(shape: "meta", recognises: isEnvelope, decode: statuses)

    /// The webhook envelope: `{"object": "whatsapp_business_account", "entry": [...]}`.
    static func isEnvelope(_ json: JSONValue) -> Bool { MetaWebhookReader.isEnvelope(json) }

    static func statuses(_ json: JSONValue, raw: [UInt8]) -> [DeliveryStatus] {
        MetaWebhookReader.events(in: json).compactMap(\.status).map { DeliveryStatus(gateway: .meta, event: $0, raw: raw) }
    }
}

/// Reads Meta's inbound-message webhooks: `entry[].changes[].value.messages[]`.
public enum InboundMessageParser {
    /// Every inbound message in a webhook body, those that name their sender only by a
    /// business-scoped user id included; empty for status-only bodies and anything that is not
    /// Meta's envelope.
    public static func parse(_ body: [UInt8], gateway: GatewayID = .meta) -> [InboundMessage] {
        guard let json = try? JSONParser.parse(body) else { return [] }
        // A message without an id cannot be replied to or matched; Meta always gives one.
        return MetaWebhookReader.events(in: json).compactMap(\.message).filter { $0.id != nil }.map { InboundMessage(gateway: gateway, event: $0, raw: body) }
    }
}
