#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// How one gateway's webhook (callback) bodies read into events. Gateways that relay another's
/// shape share it (FlowIQ forwards Meta's webhooks).
public struct WebhookShape: Sendable {
    /// Names the shape: `meta`, `kaleyra`, `zixflow`.
    public var name: String
    /// What a body of this shape looks like, for a message about a body that is not one.
    public var expected: String
    /// Whether a body has this shape for certain, by looking: what detection goes by.
    public var recognises: @Sendable (JSONValue) -> Bool
    /// The events of a body, or nil when the body is not of this shape even for a reader told
    /// that it is (a reader may take more than it recognises: an older or plainer form).
    public var events: @Sendable (JSONValue) -> [WebhookEvent]?

    public init(name: String, expected: String, recognises: @escaping @Sendable (JSONValue) -> Bool,
                events: @escaping @Sendable (JSONValue) -> [WebhookEvent]?) {
        self.name = name
        self.expected = expected
        self.recognises = recognises
        self.events = events
    }
}

/// The events of one webhook body and the gateway whose shape it has.
public struct WebhookBody: Sendable {
    /// The gateway named, or the first whose shape the body has (Meta's for a forwarded envelope).
    public var gateway: GatewayID
    /// Every event, in the order the body lists them; empty for a body that reports nothing.
    public var events: [WebhookEvent]

    public init(gateway: GatewayID, events: [WebhookEvent]) {
        self.gateway = gateway
        self.events = events
    }
}

/// Why a webhook body could not be read.
public enum WebhookReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body is not JSON.
    case notJSON(JSONParseError)
    /// The gateway named reads no webhooks.
    case noWebhooks(GatewayID)
    /// The body is not the named gateway's shape.
    case notShape(GatewayID, expected: String)
    /// No gateway's shape fits the body.
    case unknownShape(expected: [String])

    public var description: String {
        switch self {
        case .notJSON(let e): return "not valid JSON: \(e)"
        case .noWebhooks(let g): return "\(g) documents no webhooks wacon could read"
        case .notShape(let g, let expected): return "not a \(g) webhook body: expected \(expected)"
        case .unknownShape(let expected): return "not a webhook body wacon knows: expected " + expected.joined(separator: "; or ")
        }
    }
}

/// Reads webhook bodies of every gateway.
public enum WebhookBodyReader {
    /// The events of `body`. With `gateway`, the body must have that gateway's shape; without,
    /// the first gateway (in `GatewayID` order) whose shape recognises the body reads it.
    public static func read(_ body: [UInt8], gateway: GatewayID? = nil) throws(WebhookReadError) -> WebhookBody {
        let json: JSONValue
        do { json = try JSONParser.parse(body) } catch { throw .notJSON(error) }
        if let gateway {
            guard let shape = gateway.gateway.webhookShape else { throw .noWebhooks(gateway) }
            guard let events = shape.events(json) else { throw .notShape(gateway, expected: shape.expected) }
            return WebhookBody(gateway: gateway, events: events)
        }
        for id in GatewayID.allCases {
            if let shape = id.gateway.webhookShape, shape.recognises(json), let events = shape.events(json) {
                return WebhookBody(gateway: id, events: events)
            }
        }
        var seen: Set<String> = []
        let expected = GatewayID.allCases.compactMap(\.gateway.webhookShape).filter { seen.insert($0.name).inserted }.map(\.expected)
        throw .unknownShape(expected: expected)
    }
}
