#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import WhatsAppModel

/// Meta's Cloud API as the sandbox plays it: Graph's error object, `messages[].id` on success,
/// and webhooks in the `whatsapp_business_account` envelope, signed.
public struct MetaEmulation: GatewayEmulation {
    /// The business number shown in webhook metadata.
    public static let displayPhoneNumber = "15550000000"

    public init() {}

    public var routes: [String] { ["/{version}/{phoneNumberID}/messages", "/{version}/{phoneNumberID}/marketing_messages"] }

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
        return "wamid.HBgL" + Data(bytes).base64EncodedString().replacing("/", with: "_").replacing("+", with: "-")
    }

    public func accepted(id: String, recipient: EmulatedRecipient, message: OutboundMessage) -> EmulatedReply {
        // v24 and later: `input` echoes what was sent, `wa_id` answers a number and `user_id` an
        // id, and `message_status` sits in each `messages[]` item (Meta's pages show it for
        // templates; the SDKs read it for every kind, so the sandbox sends it always).
        var contact: JSONObject = ["input": .string(message.to ?? message.recipient ?? "")]
        if recipient.byUserID {
            contact.append("user_id", .string(recipient.userID))
        } else {
            contact.append("wa_id", .string(recipient.digits ?? ""))
        }
        return EmulatedReply(status: 200, json: ["messaging_product": "whatsapp", "contacts": [.object(contact)],
                                                 "messages": [["id": .string(id), "message_status": "accepted"]]])
    }

    /// Mark as read (`status: read` and the `message_id`, with or without the typing
    /// indicator): `{"success": true}`, or Meta's error for a malformed one.
    public func nonMessage(_ body: JSONValue) -> EmulatedReply? {
        guard ReadReceipt.isReadReceipt(body) else { return nil }
        switch ReadReceipt.read(body) {
        case .success: return EmulatedReply(status: 200, json: ["success": true])
        case .failure(let refusal): return invalid(refusal.finding)
        }
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
        case .userIDRecipient: code = 131062
        case .templateDefinition: code = TemplateCheck.metaCode(of: finding) ?? 132000
        case .marketingEndpoint: code = finding.path == "type" ? 131055 : finding.path == "template" ? 134100 : 100
        default: code = 131009
        }
        let entry = MetaErrorCatalogue.entry(code: code)
        // A template's own codes carry their HTTP status from Meta's table (132001: 404).
        let status = finding.rule == .templateDefinition ? entry?.httpStatus ?? 400 : 400
        return Self.error(code: code, title: entry?.title ?? "Invalid parameter", status: status, details: "\(finding.path.display): \(finding.message)", subcode: nil)
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

    /// The webhook with one status, as Meta writes it since per-message pricing and
    /// business-scoped user ids: priced per message, with the recipient's contact on sent,
    /// delivered and read statuses (a failed one has neither). A send to a business-scoped user
    /// id is reported by that id alone: no `recipient_id`, no `wa_id`.
    public func statusCallback(_ s: EmulatedStatus, account: Profile) -> JSONValue {
        let user = s.recipient
        var status: JSONObject = ["id": .string(s.messageID), "status": .string(s.status),
                                  "timestamp": .string(String(Int(s.date.timeIntervalSince1970)))]
        if user.byUserID {
            status.append("recipient_user_id", .string(user.userID))
            status.set("recipient_parent_user_id", user.parentUserID.map(JSONValue.string))
        } else {
            status.append("recipient_id", .string(s.recipientDigits))
        }
        let delivered = s.status != "failed"
        if delivered {
            // Plausible: Meta prices a template by its category, which the sandbox's send does not
            // carry; marketing is the common case. A message that is not a template can only be
            // sent in the customer-service window: service. The marketing messages endpoint's
            // sends are `marketing_lite`.
            let category = s.message.kind != .template ? "service" : s.options["endpoint"] == "marketing_messages" ? "marketing_lite" : "marketing"
            status.append("pricing", ["billable": true, "pricing_model": "PMP", "type": "regular", "category": .string(category)])
        }
        if let e = s.error {
            status.append("errors", [["code": .number(JSONNumber(Int(e.code) ?? 0)), "title": .string(e.title), "message": .string(e.title),
                                      "error_data": ["details": .string(e.meaning)], "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"]])
        }
        if let data = s.message.bizOpaqueCallbackData { status.append("biz_opaque_callback_data", .string(data)) }
        var value: JSONObject = ["messaging_product": "whatsapp",
                                 "metadata": ["display_phone_number": .string(Self.displayPhoneNumber), "phone_number_id": .string(account.phoneNumberID ?? "")]]
        if delivered { value.append("contacts", [Self.contact(user)]) }
        value.append("statuses", [.object(status)])
        return Self.webhook(value)
    }

    /// A user's `contacts[]` entry: profile name and username, `wa_id` unless the send named the
    /// user by id or the user hides their number, `user_id` always, `parent_user_id` for users of
    /// an enrolled portfolio.
    public static func contact(_ user: EmulatedRecipient) -> JSONValue {
        var profile: JSONObject = ["name": .string(user.name)]
        profile.set("username", user.username.map(JSONValue.string))
        var o: JSONObject = ["profile": .object(profile)]
        if !user.byUserID { o.set("wa_id", user.shownDigits.map(JSONValue.string)) }
        o.append("user_id", .string(user.userID))
        o.set("parent_user_id", user.parentUserID.map(JSONValue.string))
        return .object(o)
    }

    /// Meta's webhook envelope around one change's `value`; `field` names the change
    /// (`messages`, `user_id_update`, `user_preferences`, …).
    public static func webhook(_ value: JSONObject, field: String = "messages") -> JSONValue {
        ["object": "whatsapp_business_account",
         "entry": [["id": "102290129340398", "changes": [["value": .object(value), "field": .string(field)]]]]]
    }

    /// Graph's error object: "(#code) title", `error_data.details`, a subcode, a trace id.
    public static func error(code: Int, title: String, status: Int, details: String?, subcode: Int?) -> EmulatedReply {
        var err: JSONObject = ["message": .string("(#\(code)) \(title)"), "type": "OAuthException", "code": .number(JSONNumber(code))]
        if let details { err.append("error_data", ["messaging_product": "whatsapp", "details": .string(details)]) }
        if let subcode { err.append("error_subcode", .number(JSONNumber(subcode))) }
        err.append("fbtrace_id", .string("A" + String(UUID().uuidString.replacing("-", with: "").prefix(22))))
        return EmulatedReply(status: status, json: ["error": .object(err)])
    }
}
