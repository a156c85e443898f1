import Crypto
import Foundation
import Providers
import WhatsAppModel

/// Builds the status callbacks each vendor sends after a send, and signs Meta's.
public enum StatusCallbacks {
    /// One planned callback: which status, after how long, with which errors.
    public struct Step: Sendable, Hashable {
        public var status: String
        public var after: Duration
        public var error: CatalogueEntry?
    }

    /// The statuses a send goes through: sent → delivered → read, or sent → failed with the
    /// scenario's code; reactions only get `sent` (as on Meta).
    public static func plan(for accepted: AcceptedMessage, delay: Duration) -> [Step] {
        if case .failedAfterAccept(let e)? = accepted.scenario?.behavior {
            return [Step(status: "failed", after: delay, error: e)]
        }
        if accepted.message.kind == .reaction { return [Step(status: "sent", after: delay, error: nil)] }
        var steps = [Step(status: "sent", after: delay, error: nil), Step(status: "delivered", after: delay * 2, error: nil), Step(status: "read", after: delay * 3, error: nil)]
        if accepted.gateway == .zixflow { steps.removeFirst() }  // Zixflow's postback reports delivered, failed, read
        return steps
    }

    /// The callback body for one step, in the vendor's shape.
    public static func body(for accepted: AcceptedMessage, step: Step, at date: Date, profile: Profile) -> JSONValue {
        switch accepted.gateway {
        case .zixflow:
            // Zixflow's documented postback payload.
            var o: JSONObject = ["workspace_id": .string(profile.workspaceID ?? ""), "type": "delivery_status",
                                 "message_id": .number(JSONNumber(Int(date.timeIntervalSince1970 * 1000) % 1_000_000_000)),
                                 "request_id": .string(accepted.id), "channel": "whatsapp", "recipient": .string(accepted.recipientDigits),
                                 "status": .string(step.status), "remark": .string(step.error.map { "(#\($0.code)) \($0.title)" } ?? ""),
                                 "status_at": .string(iso8601Nanos(date))]
            o.set("post_back_data", accepted.options.postBackData.map(JSONValue.string))
            return .object(o)
        case .kaleyra:
            // Kaleyra's callback shape is defined per customer; this one is plausible.
            var o: JSONObject = ["id": .string(accepted.id), "status": .string(step.status), "to": .string("+" + accepted.recipientDigits),
                                 "created_at": .string(ISO8601DateFormatter().string(from: date))]
            if let e = step.error { o.append("error", ["code": .string(e.code), "message": .string(e.title)]) }
            return .object(o)
        default:
            // Meta's webhook envelope with one status (FlowIQ relays Meta's wamid; same shape).
            var status: JSONObject = ["id": .string(accepted.id), "status": .string(step.status),
                                      "timestamp": .string(String(Int(date.timeIntervalSince1970))), "recipient_id": .string(accepted.recipientDigits)]
            if step.status != "failed" && step.status != "read" {
                status.append("pricing", ["billable": true, "pricing_model": "PMP", "type": "regular", "category": accepted.message.kind == .template ? "marketing" : "service"])
            }
            if let e = step.error {
                status.append("errors", [["code": .number(JSONNumber(Int(e.code) ?? 0)), "title": .string(e.title), "message": .string(e.title),
                                          "error_data": ["details": .string(e.meaning)], "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"]])
            }
            if let data = accepted.message.bizOpaqueCallbackData { status.append("biz_opaque_callback_data", .string(data)) }
            let value: JSONObject = ["messaging_product": "whatsapp",
                                     "metadata": ["display_phone_number": "15550000000", "phone_number_id": .string(profile.phoneNumberID ?? "")],
                                     "statuses": [.object(status)]]
            return ["object": "whatsapp_business_account",
                    "entry": [["id": "102290129340398", "changes": [["value": .object(value), "field": "messages"]]]]]
        }
    }

    static func iso8601Nanos(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let s = f.string(from: date)  // …T12:00:00.123Z
        let nanos = Int((date.timeIntervalSince1970 * 1e9).truncatingRemainder(dividingBy: 1e9))
        guard let dot = s.firstIndex(of: ".") else { return s }
        return String(s[..<dot]) + "." + String(format: "%09d", max(0, nanos)) + "Z"
    }
}

/// Meta's webhook signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`.
public enum WebhookSignature {
    public static func sign(_ body: [UInt8], secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Checks a header against the raw bytes received (never a re-serialised body), in constant
    /// time. A missing or malformed header fails.
    public static func verify(_ body: [UInt8], header: String?, secret: String) -> Bool {
        guard let header, header.hasPrefix("sha256="), header.count == 7 + 64 else { return false }
        let expected = Array(sign(body, secret: secret).utf8)
        let given = Array(header.utf8)
        guard expected.count == given.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<expected.count { diff |= expected[i] ^ given[i] }
        return diff == 0
    }
}
