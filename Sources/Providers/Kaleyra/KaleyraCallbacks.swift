#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// Kaleyra's status callbacks, in two shapes.
///
/// - The documented v2 status webhook wraps one change of Meta's webhook:
///   `{"meta_object": {"value": {…statuses…}, "field": "messages"}, "extra_info": {trace_id,
///   message_id, waba_id, ref, ref1, ref2, …}, "status": "sent", "message_id": "wamid…"}`. Its
///   pricing writes the model out (`"Conversation-Based Pricing"`); `NOT-SENT` (never reached
///   Meta) comes with no Meta status inside.
/// - Callback profiles let the customer define the shape; wacon's sandbox and reader use
///   `{id, status, to, created_at, error: {code, message}}` (plausible, undocumented).
///
/// The second cannot be told by looking, so the status decoder reads whatever no other gateway's
/// decoder recognises.
enum KaleyraCallbacks {
    static let statusDecoder = StatusCallbackDecoder(shape: "kaleyra", recognises: nil) { json, raw in
        if isV2(json) { return (v2Events(json) ?? []).compactMap(\.status).map { DeliveryStatus(gateway: .kaleyra, event: $0, raw: raw) } }
        return status(json, raw: raw).map { [$0] } ?? []
    }

    /// Both shapes; detection goes by the v2 wrapper alone.
    static let shape = WebhookShape(
        name: "kaleyra",
        expected: #"Kaleyra's v2 status webhook {"meta_object": {"value": {...}, "field": "messages"}, "extra_info": {...}, "status", "message_id"} (or a callback profile's {"id", "status", ...})"#,
        recognises: isV2,
        events: { json in
            if isV2(json) { return v2Events(json) }
            // Told it is Kaleyra's, a body is the plain shape only with its `id`: a `message_id`
            // and a `status` alone are in other vendors' bodies too (Zixflow's postback).
            guard json["id"] != nil else { return nil }
            return plainStatus(json).map { [WebhookEvent(field: "messages", kind: .status($0))] }
        })

    /// The v2 webhook: a `meta_object` wrapping one change of Meta's webhook.
    static func isV2(_ json: JSONValue) -> Bool { json["meta_object"]?.objectValue != nil }

    /// The events of a v2 webhook: Meta's change read as Meta's, with `extra_info` beside each
    /// status; a `NOT-SENT` (or any status with no Meta status inside) from the outer fields.
    static func v2Events(_ json: JSONValue) -> [WebhookEvent]? {
        guard let wrapped = json["meta_object"], wrapped.objectValue != nil else { return nil }
        let extra = json["extra_info"]?.objectValue ?? [:]
        var events = MetaWebhookReader.events(inChange: wrapped["value"] ?? .null, field: wrapped["field"]?.stringValue ?? "messages",
                                              businessAccountID: WebhookField.text(extra["waba_id"]))
        for i in events.indices {
            guard case .status(var s) = events[i].kind else { continue }
            s.vendorFields = extra
            events[i].kind = .status(s)
        }
        if !events.contains(where: { $0.status != nil }), let word = json["status"]?.stringValue,
           let id = WebhookField.text(json["message_id"]) ?? WebhookField.text(extra["message_id"]) {
            // Kaleyra writes its own statuses in capitals (NOT-SENT); Meta's words are lower case.
            let status = WebhookStatus(id: id, status: word.lowercased(), vendorFields: extra, raw: json)
            events.removeAll { if case .other = $0.kind { return true } else { return false } }
            events.append(WebhookEvent(field: wrapped["field"]?.stringValue ?? "messages", businessAccountID: WebhookField.text(extra["waba_id"]), kind: .status(status)))
        }
        return events
    }

    /// The callback-profile shape as a status event; nil for a body without an id and a status.
    static func plainStatus(_ json: JSONValue) -> WebhookStatus? {
        guard json.objectValue != nil, let id = WebhookField.text(json["id"]) ?? WebhookField.text(json["message_id"]),
              let status = json["status"]?.stringValue else { return nil }
        var errors: [WebhookError] = []
        if let e = json["error"]?.objectValue, let code = WebhookField.text(e["code"]) {
            errors.append(WebhookError(code: code, title: e["message"]?.stringValue))
        }
        return WebhookStatus(id: id, status: status, timestamp: json["created_at"]?.stringValue.flatMap(DeliveryStatusParser.date(iso8601:)),
                             recipientID: json["to"]?.stringValue, errors: errors, raw: json)
    }

    static func status(_ json: JSONValue, raw: [UInt8]) -> DeliveryStatus? {
        plainStatus(json).map { DeliveryStatus(gateway: .kaleyra, event: $0, raw: raw) }
    }

    /// The sandbox's callback for one status.
    static func body(_ s: EmulatedStatus) -> JSONValue {
        var o: JSONObject = ["id": .string(s.messageID), "status": .string(s.status), "to": .string("+" + s.recipientDigits),
                             "created_at": .string(ISO8601.string(s.date))]
        if let e = s.error { o.append("error", ["code": .string(e.code), "message": .string(e.title)]) }
        return .object(o)
    }
}
