import Foundation
import WhatsAppModel

/// A status change of a sent message, as a gateway reports it after the send: Meta's webhook
/// `statuses[]`, Zixflow's postback, Kaleyra's callback.
public struct DeliveryStatus: Sendable, Hashable {
    public var gateway: GatewayID
    /// The id the send returned: Meta's and Kaleyra's message id, Zixflow's request id.
    public var messageID: String
    /// `sent`, `delivered`, `read`, `failed` (Kaleyra also `not-sent`).
    public var status: String
    public var timestamp: Date?
    public var recipient: String?
    public var errors: [StatusError]
    /// The callback body as received.
    public var raw: [UInt8]

    public init(gateway: GatewayID, messageID: String, status: String, timestamp: Date? = nil, recipient: String? = nil, errors: [StatusError] = [], raw: [UInt8] = []) {
        self.gateway = gateway
        self.messageID = messageID
        self.status = status
        self.timestamp = timestamp
        self.recipient = recipient
        self.errors = errors
        self.raw = raw
    }

    /// No later status follows these.
    public var isFinal: Bool { status == "read" || status == "failed" || status == "not-sent" }

    /// A key for de-duplication: gateways deliver callbacks at least once.
    public var dedupKey: String { "\(gateway)|\(messageID)|\(status)|\(timestamp.map { String($0.timeIntervalSince1970) } ?? "")" }
}

/// An error attached to a failed status (Meta: `{code, title, message, error_data.details}`).
public struct StatusError: Sendable, Hashable {
    public var code: String
    public var title: String?
    public var details: String?
    public var category: OutcomeCategory?

    public init(code: String, title: String?, details: String?) {
        self.code = code
        self.title = title
        self.details = details
        self.category = Int(code).flatMap(MetaErrorCatalogue.entry(code:))?.category
            ?? KaleyraErrorCatalogue.entry(code: code)?.category
    }
}

/// Reads status callbacks.
public enum DeliveryStatusParser {
    /// Every status in a callback body; gateway guessed from the shape when nil.
    public static func parse(_ body: [UInt8], gateway: GatewayID? = nil) -> [DeliveryStatus] {
        guard let json = try? JSONParser.parse(body) else { return [] }
        if json["object"]?.stringValue == "whatsapp_business_account" || gateway == .meta { return meta(json, raw: body) }
        if json["type"]?.stringValue == "delivery_status" || gateway == .zixflow { return zixflow(json, raw: body).map { [$0] } ?? [] }
        return kaleyra(json, raw: body).map { [$0] } ?? []
    }

    /// Meta's webhook: `entry[].changes[].value.statuses[]`.
    static func meta(_ json: JSONValue, raw: [UInt8]) -> [DeliveryStatus] {
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

    /// Zixflow's postback: `request_id`, `status`, `remark`, `status_at`.
    static func zixflow(_ json: JSONValue, raw: [UInt8]) -> DeliveryStatus? {
        guard let id = json["request_id"]?.stringValue, let status = json["status"]?.stringValue else { return nil }
        let errors = status == "failed" ? [StatusError(code: "failed", title: json["remark"]?.stringValue, details: json["remark"]?.stringValue)] : []
        let ts = json["status_at"]?.stringValue.flatMap(parseISO8601)
        return DeliveryStatus(gateway: .zixflow, messageID: id, status: status, timestamp: ts, recipient: json["recipient"]?.stringValue, errors: errors, raw: raw)
    }

    /// Kaleyra's callback. Its shape is customer-defined (callback profiles); wacon's sandbox and
    /// parser use `{id, status, to, created_at, error: {code, message}}` (plausible, undocumented).
    static func kaleyra(_ json: JSONValue, raw: [UInt8]) -> DeliveryStatus? {
        guard let id = json["id"]?.stringValue ?? json["message_id"]?.stringValue, let status = json["status"]?.stringValue else { return nil }
        var errors: [StatusError] = []
        if let e = json["error"]?.objectValue, let code = e["code"].flatMap({ $0.stringValue ?? $0.intValue.map(String.init) }) {
            errors.append(StatusError(code: code, title: e["message"]?.stringValue, details: nil))
        }
        let ts = json["created_at"]?.stringValue.flatMap(parseISO8601)
        return DeliveryStatus(gateway: .kaleyra, messageID: id, status: status, timestamp: ts, recipient: json["to"]?.stringValue, errors: errors, raw: raw)
    }

    static func parseISO8601(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: s) { return d }
        // Nanosecond fractions (Zixflow): keep milliseconds.
        if let dot = s.firstIndex(of: "."), let end = s[dot...].firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" }) {
            let frac = s[s.index(after: dot)..<end].prefix(3)
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return f.date(from: String(s[..<dot]) + "." + frac + String(s[end...]))
        }
        return nil
    }
}
