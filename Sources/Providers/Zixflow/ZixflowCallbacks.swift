import Foundation
import WhatsAppModel

/// Zixflow's documented delivery postback: `type: delivery_status`, `request_id`, `status`
/// (delivered, failed, read), `remark`, `status_at` with nanoseconds, and the send's
/// `post_back_data`. A failure's error is in `remark`, as text.
enum ZixflowCallbacks {
    static let statusDecoder = StatusCallbackDecoder(shape: "zixflow", recognises: { $0["type"]?.stringValue == "delivery_status" }) { json, raw in
        status(json, raw: raw).map { [$0] } ?? []
    }

    static func status(_ json: JSONValue, raw: [UInt8]) -> DeliveryStatus? {
        guard let id = json["request_id"]?.stringValue, let status = json["status"]?.stringValue else { return nil }
        let errors = DeliveryStatus.isFailure(status) ? [StatusError(text: json["remark"]?.stringValue ?? "")] : []
        let ts = json["status_at"]?.stringValue.flatMap(DeliveryStatusParser.date(iso8601:))
        return DeliveryStatus(gateway: .zixflow, messageID: id, status: status, timestamp: ts, recipient: json["recipient"]?.stringValue, errors: errors, raw: raw)
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
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let s = f.string(from: date)
        let nanos = Int((date.timeIntervalSince1970 * 1e9).truncatingRemainder(dividingBy: 1e9))
        guard let dot = s.firstIndex(of: ".") else { return s }
        return String(s[..<dot]) + "." + String(format: "%09d", max(0, nanos)) + "Z"
    }
}
