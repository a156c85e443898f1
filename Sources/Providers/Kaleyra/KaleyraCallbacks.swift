import Foundation
import WhatsAppModel

/// Kaleyra's status callbacks. Their shape is the customer's to define (callback profiles);
/// wacon's sandbox and reader use `{id, status, to, created_at, error: {code, message}}`
/// (plausible, undocumented). A shape that cannot be told by looking, so it reads whatever no
/// other gateway's decoder recognises.
enum KaleyraCallbacks {
    static let statusDecoder = StatusCallbackDecoder(shape: "kaleyra", recognises: nil) { json, raw in
        status(json, raw: raw).map { [$0] } ?? []
    }

    static func status(_ json: JSONValue, raw: [UInt8]) -> DeliveryStatus? {
        guard let id = json["id"]?.stringValue ?? json["message_id"]?.stringValue, let status = json["status"]?.stringValue else { return nil }
        var errors: [StatusError] = []
        if let e = json["error"]?.objectValue, let code = e["code"].flatMap({ $0.stringValue ?? $0.intValue.map(String.init) }) {
            errors.append(StatusError(code: code, title: e["message"]?.stringValue, details: nil))
        }
        let ts = json["created_at"]?.stringValue.flatMap(DeliveryStatusParser.date(iso8601:))
        return DeliveryStatus(gateway: .kaleyra, messageID: id, status: status, timestamp: ts, recipient: json["to"]?.stringValue, errors: errors, raw: raw)
    }

    /// The sandbox's callback for one status.
    static func body(_ s: EmulatedStatus) -> JSONValue {
        var o: JSONObject = ["id": .string(s.messageID), "status": .string(s.status), "to": .string("+" + s.recipientDigits),
                             "created_at": .string(ISO8601DateFormatter().string(from: s.date))]
        if let e = s.error { o.append("error", ["code": .string(e.code), "message": .string(e.title)]) }
        return .object(o)
    }
}
