#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads Meta's webhook body — `{"object": "whatsapp_business_account", "entry": [{"id",
/// "changes": [{"field", "value"}]}]}` — into events. The one reader of this shape: Meta's own
/// webhooks, the resellers that forward them, and the sandbox's all go through it.
///
/// Lenient by design: a webhook is evidence of what happened, so a field of an unexpected type
/// reads as absent, and a change wacon does not understand is kept as `.other` — never an error,
/// never dropped.
public enum MetaWebhookReader {
    /// `object` of Meta's WhatsApp webhooks.
    public static let object = "whatsapp_business_account"

    /// Whether `json` is Meta's webhook envelope.
    public static func isEnvelope(_ json: JSONValue) -> Bool { json["object"]?.stringValue == object }

    /// Every event of an envelope, in the order the body lists them; empty for anything else.
    public static func events(in json: JSONValue) -> [WebhookEvent] {
        guard isEnvelope(json) else { return [] }
        var out: [WebhookEvent] = []
        for entry in json["entry"]?.arrayValue ?? [] {
            let account = WebhookField.text(entry["id"])
            for change in entry["changes"]?.arrayValue ?? [] {
                out += events(inChange: change["value"] ?? .null, field: change["field"]?.stringValue ?? "", businessAccountID: account)
            }
        }
        return out
    }

    /// The events of one change's `value` (a reseller that wraps a single change, as Kaleyra
    /// does, hands it here). A `messages` change gives one event per message and per status; a
    /// `user_id_update` change one per update; a change that gives none of those is one `.other`
    /// event with the value as received.
    public static func events(inChange value: JSONValue, field: String, businessAccountID: String? = nil) -> [WebhookEvent] {
        let metadata = value["metadata"]
        func event(_ kind: WebhookEvent.Kind) -> WebhookEvent {
            WebhookEvent(field: field, businessAccountID: businessAccountID, phoneNumberID: WebhookField.text(metadata?["phone_number_id"]),
                         displayPhoneNumber: WebhookField.text(metadata?["display_phone_number"]), kind: kind)
        }
        let contacts = (value["contacts"]?.arrayValue ?? []).map(contact)
        var out: [WebhookEvent] = []
        // Only these fields carry messages and statuses: an echo of the business's own message
        // (`smb_message_echoes`) or a history sync is not a customer's message.
        if field == "messages" || field.isEmpty {
            for m in value["messages"]?.arrayValue ?? [] where m.objectValue != nil {
                out.append(event(.message(message(m, contacts: contacts))))
            }
            for s in value["statuses"]?.arrayValue ?? [] where s.objectValue != nil {
                if let status = status(s, contacts: contacts) { out.append(event(.status(status))) }
            }
        }
        if field == "user_id_update" {
            for u in value["user_id_update"]?.arrayValue ?? [] where u.objectValue != nil {
                out.append(event(.userIDUpdate(userIDUpdate(u))))
            }
        }
        if out.isEmpty { out.append(event(.other(value))) }
        return out
    }

    // MARK: Parts

    /// One `contacts[]` entry.
    public static func contact(_ c: JSONValue) -> WebhookContact {
        WebhookContact(name: c["profile"]?["name"]?.stringValue, username: c["profile"]?["username"]?.stringValue,
                       waID: WebhookField.text(c["wa_id"]), userID: c["user_id"]?.stringValue, parentUserID: c["parent_user_id"]?.stringValue)
    }

    /// One `statuses[]` entry; nil without an id or a status word, which every status has.
    public static func status(_ s: JSONValue, contacts: [WebhookContact] = []) -> WebhookStatus? {
        guard let id = WebhookField.text(s["id"]), let word = s["status"]?.stringValue else { return nil }
        let recipientID = WebhookField.text(s["recipient_id"])
        let userID = s["recipient_user_id"]?.stringValue
        var status = WebhookStatus(id: id, status: word, timestamp: WebhookField.date(s["timestamp"]), recipientID: recipientID, recipientUserID: userID,
                                   // Meta's pages spell both forms; either may arrive.
                                   recipientParentUserID: s["recipient_parent_user_id"]?.stringValue ?? s["parent_recipient_user_id"]?.stringValue,
                                   recipientType: s["recipient_type"]?.stringValue,
                                   recipientParticipantID: WebhookField.text(s["recipient_participant_id"]) ?? WebhookField.text(s["participant_recipient_id"]),
                                   recipientParticipantUserID: s["recipient_participant_user_id"]?.stringValue,
                                   recipientParticipantParentUserID: s["recipient_participant_parent_user_id"]?.stringValue,
                                   errors: errors(s["errors"]), bizOpaqueCallbackData: s["biz_opaque_callback_data"]?.stringValue, raw: s)
        status.recipient = match(contacts, waID: recipientID ?? status.recipientParticipantID, userID: userID ?? status.recipientParticipantUserID)
        if let p = s["pricing"], p.objectValue != nil {
            status.pricing = WebhookPricing(billable: p["billable"]?.boolValue, model: p["pricing_model"]?.stringValue,
                                            type: p["type"]?.stringValue, category: p["category"]?.stringValue)
        }
        if let c = s["conversation"], c.objectValue != nil {
            status.conversation = WebhookConversation(id: c["id"]?.stringValue, expiration: WebhookField.date(c["expiration_timestamp"]),
                                                      originType: c["origin"]?["type"]?.stringValue)
        }
        return status
    }

    /// One `messages[]` entry (also an edit's inner message, which has no id or sender).
    public static func message(_ m: JSONValue, contacts: [WebhookContact] = []) -> WebhookMessage {
        let type = m["type"]?.stringValue ?? ""
        let from = WebhookField.text(m["from"])
        let fromUserID = m["from_user_id"]?.stringValue
        var context: WebhookMessageContext?
        if let c = m["context"], c.objectValue != nil {
            context = WebhookMessageContext(id: c["id"]?.stringValue, from: WebhookField.text(c["from"]),
                                            forwarded: c["forwarded"]?.boolValue ?? false, frequentlyForwarded: c["frequently_forwarded"]?.boolValue ?? false)
        }
        return WebhookMessage(id: m["id"]?.stringValue, from: from, fromUserID: fromUserID, fromParentUserID: m["from_parent_user_id"]?.stringValue,
                              groupID: m["group_id"]?.stringValue, timestamp: WebhookField.date(m["timestamp"]), type: type, context: context,
                              sender: match(contacts, waID: from, userID: fromUserID), content: content(m, type: type), errors: errors(m["errors"]), raw: m)
    }

    /// A change's `user_id_update[]` entry.
    public static func userIDUpdate(_ u: JSONValue) -> WebhookUserIDUpdate {
        func change(_ v: JSONValue?) -> WebhookIDChange? {
            guard let v, v.objectValue != nil else { return nil }
            return WebhookIDChange(previous: v["previous"]?.stringValue, current: v["current"]?.stringValue)
        }
        return WebhookUserIDUpdate(waID: WebhookField.text(u["wa_id"]), detail: u["detail"]?.stringValue, userID: change(u["user_id"]),
                                   parentUserID: change(u["parent_user_id"]), timestamp: WebhookField.date(u["timestamp"]), raw: u)
    }

    /// An `errors[]` array.
    public static func errors(_ v: JSONValue?) -> [WebhookError] {
        (v?.arrayValue ?? []).compactMap { e in
            guard e.objectValue != nil else { return nil }
            return WebhookError(code: WebhookField.text(e["code"]), title: e["title"]?.stringValue, message: e["message"]?.stringValue,
                                details: e["error_data"]?["details"]?.stringValue, href: e["href"]?.stringValue)
        }
    }

    /// The contact a message or status is about: the one with its phone number or user id, else
    /// the only one.
    static func match(_ contacts: [WebhookContact], waID: String?, userID: String?) -> WebhookContact? {
        if let waID, let c = contacts.first(where: { $0.waID == waID }) { return c }
        if let userID, let c = contacts.first(where: { $0.userID == userID }) { return c }
        return contacts.count == 1 ? contacts[0] : nil
    }

    static func content(_ m: JSONValue, type: String) -> WebhookMessageContent {
        let body = m[type]
        switch type {
        case "text":
            return .text(body?["body"]?.stringValue ?? "")
        case "image", "video", "audio", "document", "sticker":
            return .media(WebhookMedia(kind: type, id: WebhookField.text(body?["id"]), mimeType: body?["mime_type"]?.stringValue,
                                       sha256: body?["sha256"]?.stringValue, caption: body?["caption"]?.stringValue,
                                       filename: body?["filename"]?.stringValue, url: body?["url"]?.stringValue,
                                       isVoice: body?["voice"]?.boolValue ?? false, isAnimated: body?["animated"]?.boolValue ?? false))
        case "location":
            return .location(WebhookLocation(latitude: WebhookField.text(body?["latitude"]), longitude: WebhookField.text(body?["longitude"]),
                                             name: body?["name"]?.stringValue, address: body?["address"]?.stringValue, url: body?["url"]?.stringValue))
        case "contacts":
            return .contacts(m["contacts"]?.arrayValue ?? [])
        case "order":
            let items = (body?["product_items"]?.arrayValue ?? []).map { i in
                WebhookOrder.Item(productRetailerID: WebhookField.text(i["product_retailer_id"]), quantity: WebhookField.text(i["quantity"]),
                                  itemPrice: WebhookField.text(i["item_price"]), currency: i["currency"]?.stringValue)
            }
            return .order(WebhookOrder(catalogID: WebhookField.text(body?["catalog_id"]), text: body?["text"]?.stringValue, items: items))
        case "reaction":
            return .reaction(messageID: body?["message_id"]?.stringValue, emoji: body?["emoji"]?.stringValue)
        case "button":
            return .button(payload: body?["payload"]?.stringValue, text: body?["text"]?.stringValue)
        case "interactive":
            return .interactive(interactive(body))
        case "system":
            return .system(WebhookSystemNotice(type: body?["type"]?.stringValue, body: body?["body"]?.stringValue, waID: WebhookField.text(body?["wa_id"]),
                                               newWaID: WebhookField.text(body?["new_wa_id"]), userID: body?["user_id"]?.stringValue,
                                               parentUserID: body?["parent_user_id"]?.stringValue))
        case "edit":
            let inner = body?["message"].flatMap { $0.objectValue != nil ? message($0) : nil }
            return .edit(originalMessageID: body?["original_message_id"]?.stringValue, message: inner)
        case "revoke":
            return .revoke(originalMessageID: body?["original_message_id"]?.stringValue)
        case "unsupported", "unknown":
            return .unsupported(type: body?["type"]?.stringValue)
        default:
            return .other
        }
    }

    static func interactive(_ i: JSONValue?) -> WebhookInteractiveReply {
        let kind = i?["type"]?.stringValue
        let reply = kind.flatMap { i?[$0] }
        switch kind {
        case "button_reply":
            return .buttonReply(id: reply?["id"]?.stringValue, title: reply?["title"]?.stringValue)
        case "list_reply":
            return .listReply(id: reply?["id"]?.stringValue, title: reply?["title"]?.stringValue, description: reply?["description"]?.stringValue)
        case "nfm_reply":
            return .formReply(name: reply?["name"]?.stringValue, body: reply?["body"]?.stringValue, responseJSON: reply?["response_json"]?.stringValue)
        case "call_permission_reply":
            return .callPermissionReply(WebhookCallPermissionReply(response: reply?["response"]?.stringValue, isPermanent: reply?["is_permanent"]?.boolValue,
                                                                   expiration: WebhookField.date(reply?["expiration_timestamp"]),
                                                                   responseSource: reply?["response_source"]?.stringValue))
        default:
            return .other(type: kind)
        }
    }
}

/// How webhook values read, whatever JSON type a sender chose for them.
public enum WebhookField {
    /// A string as it is, a number as its literal text (digit for digit, however large); nil for
    /// other values. Meta writes ids and timestamps as strings, some relays as numbers.
    public static func text(_ v: JSONValue?) -> String? {
        switch v {
        case .string(let s)?: return s
        case .number(let n)?: return n.literal
        default: return nil
        }
    }

    /// Unix seconds, written as a string (Meta) or a number.
    public static func date(_ v: JSONValue?) -> Date? {
        guard let t = text(v), let seconds = Double(t), seconds.isFinite else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }
}
