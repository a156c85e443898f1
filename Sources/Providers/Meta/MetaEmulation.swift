import Foundation
import HTTPTypes
import WhatsAppModel

/// Meta's Cloud API as the sandbox plays it: Graph's error object, `messages[].id` on success,
/// and webhooks in the `whatsapp_business_account` envelope, signed.
public struct MetaEmulation: GatewayEmulation {
    /// The business number shown in webhook metadata.
    public static let displayPhoneNumber = "15550000000"

    public init() {}

    public var routes: [String] { ["/{version}/{phoneNumberID}/messages"] }

    public func authenticate(_ request: EmulatedRequest, account: Profile, key: String) -> EmulatedReply? {
        guard request.bearerToken == key else { return unauthorized() }
        if let id = request.parameters["phoneNumberID"], id != account.phoneNumberID {
            return Self.error(code: 100, title: "Unsupported post request. Object with ID '\(id)' does not exist, cannot be loaded due to missing permissions, or does not support this operation",
                              status: 400, details: nil, subcode: 33)
        }
        return nil
    }

    public func newMessageID() -> String {
        var bytes = [UInt8](repeating: 0, count: 24)
        for i in bytes.indices { bytes[i] = .random(in: 0...255) }
        return "wamid.HBgL" + Data(bytes).base64EncodedString().replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "+", with: "-")
    }

    public func accepted(id: String, recipientDigits: String, message: OutboundMessage) -> EmulatedReply {
        EmulatedReply(status: 200, json: ["messaging_product": "whatsapp",
                                          "contacts": [["input": .string(message.to), "wa_id": .string(recipientDigits)]],
                                          "messages": [message.kind == .template ? ["id": .string(id), "message_status": "accepted"] : ["id": .string(id)]]])
    }

    /// 190, as Meta answers a token it cannot parse.
    public func unauthorized() -> EmulatedReply {
        Self.error(code: 190, title: "Invalid OAuth access token - Cannot parse access token", status: 401, details: nil, subcode: nil)
    }

    /// 100 for an unknown or misspelt field or a body that is not JSON, 131008 for a missing
    /// one, 132018 for a template text parameter Meta refuses, 131009 for an invalid value.
    public func invalid(_ finding: Finding) -> EmulatedReply {
        let code: Int
        switch finding.rule {
        case .unknownField, .gatewayCapability: code = 100
        case .required, .notEmpty, .minItems: code = 131008
        case .format where finding.path == .root: code = 100
        case .templateParamText: code = 132018
        default: code = 131009
        }
        let title = MetaErrorCatalogue.entry(code: code)?.title ?? "Invalid parameter"
        return Self.error(code: code, title: title, status: 400, details: "\(finding.path.display): \(finding.message)", subcode: nil)
    }

    /// The error object, with `Retry-After` on the rate-limit codes.
    public func relay(_ metaError: CatalogueEntry) -> EmulatedReply {
        let code = Int(metaError.code) ?? 0
        var reply = Self.error(code: code, title: metaError.title, status: metaError.httpStatus ?? 400, details: metaError.meaning, subcode: nil)
        if code == 130429 || code == 4 || code == 80007 { reply.headers[.retryAfter] = "2" }
        return reply
    }

    public func statusTarget(callbackURL: String?, options: VendorOptions, webhookURL: String?) -> String? {
        callbackURL ?? webhookURL
    }

    /// The customer's WhatsApp name in the sandbox's webhooks (statuses' contacts, replies).
    public static let customerName = "Sandbox Customer"

    /// The webhook with one status, as Meta writes it since per-message pricing and
    /// business-scoped user ids: priced per message, with the recipient's contact on sent,
    /// delivered and read statuses (a failed one has neither). A send to a business-scoped user
    /// id is reported by that id alone: no `recipient_id`, no `wa_id`.
    public func statusCallback(_ s: EmulatedStatus, account: Profile) -> JSONValue {
        var status: JSONObject = ["id": .string(s.messageID), "status": .string(s.status),
                                  "timestamp": .string(String(Int(s.date.timeIntervalSince1970)))]
        if let userID = s.recipientUserID {
            status.append("recipient_user_id", .string(userID))
            status.set("recipient_parent_user_id", s.recipientParentUserID.map(JSONValue.string))
        } else {
            status.append("recipient_id", .string(s.recipientDigits))
        }
        let delivered = s.status != "failed"
        if delivered {
            // Plausible: Meta prices a template by its category, which the sandbox's send does not
            // carry; marketing is the common case. A message that is not a template can only be
            // sent in the customer-service window: service.
            status.append("pricing", ["billable": true, "pricing_model": "PMP", "type": "regular",
                                      "category": s.message.kind == .template ? "marketing" : "service"])
        }
        if let e = s.error {
            status.append("errors", [["code": .number(JSONNumber(Int(e.code) ?? 0)), "title": .string(e.title), "message": .string(e.title),
                                      "error_data": ["details": .string(e.meaning)], "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"]])
        }
        if let data = s.message.bizOpaqueCallbackData { status.append("biz_opaque_callback_data", .string(data)) }
        var value: JSONObject = ["messaging_product": "whatsapp",
                                 "metadata": ["display_phone_number": .string(Self.displayPhoneNumber), "phone_number_id": .string(account.phoneNumberID ?? "")]]
        if delivered {
            var contact: JSONObject = ["profile": ["name": .string(Self.customerName)]]
            if let userID = s.recipientUserID {
                contact.append("user_id", .string(userID))
                contact.set("parent_user_id", s.recipientParentUserID.map(JSONValue.string))
            } else {
                contact.append("wa_id", .string(s.recipientDigits))
                contact.set("user_id", Self.sandboxUserID(digits: s.recipientDigits).map(JSONValue.string))
            }
            value.append("contacts", [.object(contact)])
        }
        value.append("statuses", [.object(status)])
        return Self.webhook(value)
    }

    /// A business-scoped user id for a phone number, the same every time for the same number:
    /// the number's region and 20 digits from a hash of it (`ZA.04719394025519283746`). Plausible:
    /// Meta's ids are opaque; this only has their form. Nil when the region is unknown.
    public static func sandboxUserID(digits: String) -> String? {
        let region = PhoneNumber(uncheckedDigits: digits).region.code
        guard region.count == 2, region != "ZZ", region.allSatisfy(\.isLetter) else { return nil }
        // FNV-1a: stable across runs and platforms, unlike Swift's seeded Hasher.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in digits.utf8 {
            hash ^= UInt64(b)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let text = String(hash)
        return region.uppercased() + "." + String(repeating: "0", count: max(0, 20 - text.count)) + text
    }

    /// Meta's webhook envelope around one change's `value`.
    public static func webhook(_ value: JSONObject) -> JSONValue {
        ["object": "whatsapp_business_account",
         "entry": [["id": "102290129340398", "changes": [["value": .object(value), "field": "messages"]]]]]
    }

    /// Graph's error object: "(#code) title", `error_data.details`, a subcode, a trace id.
    public static func error(code: Int, title: String, status: Int, details: String?, subcode: Int?) -> EmulatedReply {
        var err: JSONObject = ["message": .string("(#\(code)) \(title)"), "type": "OAuthException", "code": .number(JSONNumber(code))]
        if let details { err.append("error_data", ["messaging_product": "whatsapp", "details": .string(details)]) }
        if let subcode { err.append("error_subcode", .number(JSONNumber(subcode))) }
        err.append("fbtrace_id", .string("A" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(22))))
        return EmulatedReply(status: status, json: ["error": .object(err)])
    }
}
