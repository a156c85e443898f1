#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// Zixflow's documented delivery postback: `type: delivery_status`, `request_id`, `status`
/// (delivered, failed, read), `remark`, `status_at` with nanoseconds, and the send's
/// `post_back_data`. A failure's error is in `remark`, as text.
enum ZixflowCallbacks {
    static let statusDecoder = StatusCallbackDecoder(shape: "zixflow", recognises: isDeliveryStatus) { json, raw in
        status(json, raw: raw).map { [$0] } ?? []
    }

    /// The postback; another `type` of Zixflow's (a workspace's postbacks share the envelope)
    /// is kept as an event of its own under that type.
    static let shape = WebhookShape(
        name: "zixflow",
        expected: #"Zixflow's postback {"workspace_id", "type": "delivery_status", "message_id", "request_id", "status", ...}"#,
        recognises: isDeliveryStatus,
        events: { json in
            if let s = webhookStatus(json) { return [WebhookEvent(field: "delivery_status", kind: .status(s))] }
            guard let type = json["type"]?.stringValue, json["workspace_id"] != nil else { return nil }
            return [WebhookEvent(field: type, kind: .other(json))]
        })

    static func isDeliveryStatus(_ json: JSONValue) -> Bool { json["type"]?.stringValue == "delivery_status" }

    /// The postback as a status event. `message_id` is an integer beyond 2^53: its literal text
    /// is the id, never a Double's rounding of it. The send answered with `request_id`, so that
    /// is the id wacon tracks the message by.
    static func webhookStatus(_ json: JSONValue) -> WebhookStatus? {
        guard isDeliveryStatus(json), let status = json["status"]?.stringValue,
              let id = WebhookField.text(json["message_id"]) ?? json["request_id"]?.stringValue else { return nil }
        let errors = DeliveryStatus.isFailure(status) ? [StatusError(text: json["remark"]?.stringValue ?? "")].map {
            WebhookError(code: $0.code.isEmpty ? nil : $0.code, title: $0.title)
        } : []
        var vendor = json.objectValue ?? [:]
        for key in ["type", "message_id", "status", "recipient", "status_at"] { vendor[key] = nil }
        return WebhookStatus(id: id, status: status, timestamp: json["status_at"]?.stringValue.flatMap(DeliveryStatusParser.date(iso8601:)),
                             recipientID: WebhookField.text(json["recipient"]), errors: errors, sendID: json["request_id"]?.stringValue,
                             vendorFields: vendor, raw: json)
    }

    static func status(_ json: JSONValue, raw: [UInt8]) -> DeliveryStatus? {
        guard let event = webhookStatus(json), json["request_id"]?.stringValue != nil else { return nil }
        var s = DeliveryStatus(gateway: .zixflow, event: event, raw: raw)
        // The remark is text: read it as the catalogues do, its code-less form included.
        s.errors = DeliveryStatus.isFailure(event.status) ? [StatusError(text: json["remark"]?.stringValue ?? "")] : []
        return s
    }

    /// The sandbox's postback for one status.
    static func body(_ s: EmulatedStatus, account: Profile) -> JSONValue {
        var o: JSONObject = ["workspace_id": .string(account.workspaceID ?? ""), "type": "delivery_status",
                             "message_id": .number(JSONNumber(Int(s.date.timeIntervalSince1970 * 1000) % 1_000_000_000)),
                             "request_id": .string(s.messageID), "channel": "whatsapp", "recipient": .string(s.recipientDigits),
                             "status": .string(s.status), "remark": .string(s.error.map { "(#\($0.code)) \($0.title)" } ?? ""),
                             "status_at": .string(iso8601Nanos(s.date))]
        o.set("post_back_data", s.options.postBackData.map(JSONValue.string))
        return .object(o)
    }

    /// `2024-07-16T12:00:00.123456789Z`: Zixflow writes nanoseconds.
    static func iso8601Nanos(_ date: Date) -> String {
        let nanos = Int((date.timeIntervalSince1970 * 1e9).truncatingRemainder(dividingBy: 1e9))
        return WallClock.utc.format(date, "yyyy-MM-ddTHH:mm:ss") + "." + NumberText.padded(max(0, nanos), width: 9) + "Z"
    }
}
