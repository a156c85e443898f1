import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import Transport
import WhatsAppModel

/// What a played customer does: write a message (any kind a customer can send, as the message
/// object of Meta's inbound webhook), change their number, or stop or resume marketing messages.
public struct CustomerAction: Sendable {
    /// The act itself.
    public enum Kind: Sendable {
        /// A message, as `messages[]` of Meta's inbound webhook holds it (`{"type": "text",
        /// "text": {"body": "hi"}}`); `id`, `timestamp` and the sender are filled in. `context`:
        /// the wamid it replies to.
        case message(JSONObject, context: String?)
        /// The customer moved to this number (E.164): Meta's `user_id_update` webhook.
        case numberChange(newNumber: String)
        /// The customer stopped (`true`) or resumed (`false`) marketing messages: Meta's
        /// `user_preferences` webhook.
        case marketing(stop: Bool)
    }

    /// The customer: a number (`+27825550100`) or a business-scoped user id.
    public var from: String
    public var kind: Kind
    /// The gateway whose account receives it (its phone number id is in the metadata). Every
    /// gateway's body is Meta's envelope: plausible, resellers relay Meta's envelope.
    public var gateway: GatewayID
    /// A scenario by name (`inbound-twice`); nil: the magic number of `from`, else the sandbox's
    /// scenario if it is one for customer messages.
    public var scenario: String?

    public init(from: String, kind: Kind, gateway: GatewayID = .meta, scenario: String? = nil) {
        self.from = from
        self.kind = kind
        self.gateway = gateway
        self.scenario = scenario
    }

    /// A message from `from`: `message` as in Meta's inbound webhook.
    public static func message(from: String, _ message: JSONObject, context: String? = nil, gateway: GatewayID = .meta, scenario: String? = nil) -> CustomerAction {
        CustomerAction(from: from, kind: .message(message, context: context), gateway: gateway, scenario: scenario)
    }
}

/// Why the sandbox cannot play a customer's action: the field at fault (`from`,
/// `message.text.body`, …), what it must be, and the HTTP status of `POST /_sandbox/inbound`.
/// Nothing changed.
public struct CustomerPlayError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Int
    /// The field at fault; nil for the request as a whole.
    public var field: String?
    public var reason: String

    public init(status: Int = 400, field: String?, reason: String) {
        self.status = status
        self.field = field
        self.reason = reason
    }

    public var description: String { field.map { "\"\($0)\": \(reason)" } ?? reason }

    var control: ControlInputError { ControlInputError(status: status, field: field, reason: reason) }
}

/// What playing the customer did: the webhook body posted (exactly), where it went and how the
/// target answered, and the customer as the sandbox now knows them.
public struct CustomerPlayReport: Sendable {
    /// The body posted: Meta's envelope with one change.
    public var webhook: JSONValue
    /// The change's `field`: `messages`, `user_id_update` or `user_preferences`.
    public var field: String
    /// The wamid of the customer's message; nil for a number change or a preference.
    public var messageID: String?
    /// The customer after the action (their window opened by a message, their new number…).
    public var customer: SandboxCustomer
    /// Where it was posted; nil when no target was named, no webhook URL is set and no send to
    /// the customer named a callback.
    public var deliveredTo: String?
    /// How many times it was posted (2 under `inbound-twice`; 0 when nowhere or refused).
    public var posts: Int
    /// The status the target answered the last post with; nil when nothing was posted or the
    /// post failed.
    public var deliveryStatus: Int?
    /// Why the post failed or was not made (connection refused, a non-loopback target refused…).
    public var deliveryError: String?
}

/// Checks the message object of a played customer message and fills in what Meta always sends.
enum InboundMessageCheck {
    /// The types a customer's message can have, with the object each must carry.
    static let types = ["text", "image", "video", "audio", "document", "sticker", "location", "contacts", "interactive", "button",
                        "reaction", "order", "edit", "revoke", "system", "unsupported"]
    static let interactiveTypes = ["button_reply", "list_reply", "nfm_reply", "call_permission_reply"]
    static let mediaTypes: Set<String> = ["image", "video", "audio", "document", "sticker"]

    /// The message, checked, with a media object's `id`, `mime_type` and `sha256` and an
    /// `nfm_reply`'s `name` and `body` filled in when absent. `field` names the message in errors.
    static func checked(_ m: JSONObject, field: String = "message") throws(CustomerPlayError) -> JSONObject {
        func fail(_ path: String, _ reason: String) -> CustomerPlayError { CustomerPlayError(field: "\(field).\(path)", reason: reason) }
        guard let typeValue = m["type"] else { throw fail("type", "required: one of \(types.joined(separator: ", "))") }
        guard case .string(let type) = typeValue, types.contains(type) else {
            throw fail("type", "one of \(types.joined(separator: ", ")); found \(ControlBody.describe(typeValue))")
        }
        var m = m
        if type == "contacts" {
            guard case .array(let cards)? = m["contacts"], !cards.isEmpty, cards.allSatisfy({ $0.objectValue != nil }) else {
                throw fail("contacts", "required for type contacts: a non-empty array of contact cards ({\"name\": {\"formatted_name\": …}, \"phones\": […]})")
            }
            return m
        }
        guard var object = m[type]?.objectValue else {
            throw fail(type, "required for type \(type): an object, as in Meta's inbound webhook")
        }
        func string(_ key: String, required: Bool = true, empty: Bool = false) throws(CustomerPlayError) {
            switch object[key] {
            case .string(let s)? where empty || !s.isEmpty: return
            case nil where !required: return
            case nil: throw fail("\(type).\(key)", "required: a string")
            case let other?: throw fail("\(type).\(key)", "a string\(empty ? "" : " (not empty)"); found \(ControlBody.describe(other))")
            }
        }
        switch type {
        case "text": try string("body")
        case "button": try string("payload"); try string("text")
        case "reaction": try string("message_id"); try string("emoji", required: false, empty: true)
        case "location":
            for key in ["latitude", "longitude"] {
                guard case .number? = object[key] else { throw fail("\(type).\(key)", "required: a number (degrees)") }
            }
        case "interactive":
            object = try interactive(object, fail: fail)
        case _ where mediaTypes.contains(type):
            let voice = object["voice"]?.boolValue == true
            if object["id"] == nil { object["id"] = .string(String(UInt64.random(in: 1_000_000_000_000_000...9_999_999_999_999_999))) }
            if object["mime_type"] == nil { object["mime_type"] = .string(mimeType(type, voice: voice)) }
            if object["sha256"] == nil {
                // Plausible: the hash of the media, here of its id (there is no file).
                let id = WebhookField.text(object["id"]) ?? ""
                object["sha256"] = .string(NumberText.hex(SHA256.hash(data: Array(id.utf8))))
            }
        default:
            break  // edit, revoke, order, system, unsupported: passed on as given
        }
        m[type] = .object(object)
        return m
    }

    static func interactive(_ i: JSONObject, fail: (String, String) -> CustomerPlayError) throws(CustomerPlayError) -> JSONObject {
        guard case .string(let kind)? = i["type"], interactiveTypes.contains(kind) else {
            throw fail("interactive.type", "required: one of \(interactiveTypes.joined(separator: ", "))\(i["type"].map { "; found \(ControlBody.describe($0))" } ?? "")")
        }
        guard var reply = i[kind]?.objectValue else { throw fail("interactive.\(kind)", "required for \(kind): an object") }
        func need(_ key: String) throws(CustomerPlayError) {
            guard case .string(let s)? = reply[key], !s.isEmpty else { throw fail("interactive.\(kind).\(key)", "required: a string (not empty)") }
        }
        switch kind {
        case "button_reply", "list_reply":
            try need("id"); try need("title")
        case "nfm_reply":
            switch reply["response_json"] {
            case .string?: break
            // Convenience: an object is written as the string Meta sends.
            case .object(let o)?: reply["response_json"] = .string(JSONWriter.compactString(.object(o)))
            default: throw fail("interactive.nfm_reply.response_json", "required: the Flow's response, as a JSON string or an object")
            }
            if reply["name"] == nil { reply["name"] = "flow" }
            if reply["body"] == nil { reply["body"] = "Sent" }
        case "call_permission_reply":
            guard case .string(let r)? = reply["response"], ["accept", "reject"].contains(r) else {
                throw fail("interactive.call_permission_reply.response", "required: \"accept\" or \"reject\"")
            }
        default: break
        }
        var out = i
        out[kind] = .object(reply)
        return out
    }

    /// A plausible MIME type of a customer's media.
    static func mimeType(_ type: String, voice: Bool) -> String {
        switch type {
        case "image": return "image/jpeg"
        case "video": return "video/mp4"
        case "document": return "application/pdf"
        case "sticker": return "image/webp"
        default: return voice ? "audio/ogg; codecs=opus" : "audio/mpeg"
        }
    }

    /// A short line of what a customer's message says, for the conversation log.
    static func summary(_ m: JSONObject) -> String {
        let type = m["type"]?.stringValue ?? ""
        let body = m[type]
        switch type {
        case "text": return body?["body"]?.stringValue ?? ""
        case "button": return body?["text"]?.stringValue ?? ""
        case "reaction": return "reaction \(body?["emoji"]?.stringValue ?? "")"
        case "location": return body?["name"]?.stringValue ?? "location \(WebhookField.text(body?["latitude"]) ?? ""),\(WebhookField.text(body?["longitude"]) ?? "")"
        case "contacts": return "\(m["contacts"]?.arrayValue?.count ?? 0) contact card(s)"
        case "interactive":
            let kind = body?["type"]?.stringValue ?? ""
            let reply = body?[kind]
            switch kind {
            case "nfm_reply": return "Flow completed: \(reply?["response_json"]?.stringValue ?? "")"
            case "call_permission_reply": return "call permission: \(reply?["response"]?.stringValue ?? "")"
            default: return reply?["title"]?.stringValue ?? kind
            }
        case "audio" where body?["voice"]?.boolValue == true: return "voice note"
        case _ where mediaTypes.contains(type): return body?["caption"]?.stringValue ?? type
        default: return type
        }
    }
}

extension InboundWebhooks {
    /// Meta's inbound-message webhook: the customer's contact block and one message, whose
    /// sender fields come from the customer (no `from` for a customer who hides their number),
    /// with `context` naming the business's message it replies to when given.
    public static func customerMessage(_ message: JSONObject, from user: EmulatedRecipient, id: String, at date: Date,
                                       context: String?, profile: Profile) -> JSONValue {
        var out: JSONObject = [:]
        if let context {
            out.append("context", ["from": .string(MetaEmulation.displayPhoneNumber), "id": .string(context)])
        } else if let given = message["context"] {
            out.append("context", given)
        }
        out.set("from", user.shownDigits.map(JSONValue.string))
        out.append("from_user_id", .string(user.userID))
        out.set("from_parent_user_id", user.parentUserID.map(JSONValue.string))
        out.append("id", .string(id))
        out.append("timestamp", message["timestamp"] ?? .string(String(Int(date.timeIntervalSince1970))))
        let filled: Set<String> = ["context", "from", "from_user_id", "from_parent_user_id", "id", "timestamp"]
        for (k, v) in message where !filled.contains(k) { out.append(k, v) }
        return envelope(field: "messages", profile: profile, [
            "contacts": [MetaEmulation.contact(user)],
            "messages": [.object(out)],
        ])
    }

    /// Meta's `user_id_update` webhook: the customer moved from `previous` to `current` (a new
    /// number, so new user ids). `detail` is plausible, undocumented wording.
    public static func userIDUpdate(previous: EmulatedRecipient, current: EmulatedRecipient, at date: Date, profile: Profile) -> JSONValue {
        var update: JSONObject = [:]
        update.set("wa_id", current.shownDigits.map(JSONValue.string))
        update.append("detail", "The user's business-scoped user ID changed because they changed their phone number")
        update.append("user_id", ["previous": .string(previous.userID), "current": .string(current.userID)])
        if let old = previous.parentUserID, let new = current.parentUserID {
            update.append("parent_user_id", ["previous": .string(old), "current": .string(new)])
        }
        update.append("timestamp", .string(String(Int(date.timeIntervalSince1970))))
        return envelope(field: "user_id_update", profile: profile, ["user_id_update": [.object(update)]])
    }

    /// Meta's `user_preferences` webhook: the customer stopped or resumed marketing messages
    /// (`category: marketing_messages`, `value: stop|resume`). `user_id` beside `wa_id` and the
    /// `detail` wording are plausible, undocumented.
    public static func userPreferences(stop: Bool, user: EmulatedRecipient, at date: Date, profile: Profile) -> JSONValue {
        var preference: JSONObject = [:]
        preference.set("wa_id", user.shownDigits.map(JSONValue.string))
        preference.append("user_id", .string(user.userID))
        preference.append("detail", .string(stop ? "User requested to stop marketing messages" : "User requested to resume marketing messages"))
        preference.append("category", "marketing_messages")
        preference.append("value", .string(stop ? "stop" : "resume"))
        preference.append("timestamp", .string(String(Int(date.timeIntervalSince1970))))
        return envelope(field: "user_preferences", profile: profile, ["contacts": [MetaEmulation.contact(user)], "user_preferences": [.object(preference)]])
    }

    /// Meta's envelope around one change of `field` whose value is the messaging product, the
    /// business number's metadata, then `members`.
    static func envelope(field: String, profile: Profile, _ members: JSONObject) -> JSONValue {
        var value: JSONObject = ["messaging_product": "whatsapp",
                                 "metadata": ["display_phone_number": .string(MetaEmulation.displayPhoneNumber), "phone_number_id": .string(profile.phoneNumberID ?? "")]]
        for (k, v) in members { value.append(k, v) }
        return MetaEmulation.webhook(value, field: field)
    }
}

/// Where a webhook went and how the target answered.
struct WebhookDelivery: Sendable {
    var deliveredTo: String?
    var posts = 0
    var status: Int?
    var error: String?
}

extension SandboxRoutes {
    /// Posts `webhook`, signed when the sandbox has an app secret (whatever the gateway: the
    /// body is Meta's, and a receiver that does not check the header loses nothing), `times`
    /// times, to `target`. A non-loopback target of a loopback-only sandbox is not posted to.
    func post(_ webhook: JSONValue, to target: String?, times: Int = 1, settings: SandboxSettings) async -> WebhookDelivery {
        var delivery = WebhookDelivery(deliveredTo: target)
        guard let target else { return delivery }
        guard !settings.loopbackCallbacksOnly || Transport.isLoopback(target) else {
            delivery.error = "not posted: this sandbox posts to loopback addresses only"
            return delivery
        }
        var request = WireRequest(method: "POST", url: target, headers: [WireHeader("Content-Type", "application/json")], json: webhook)
        if let secret = settings.appSecret {
            request.headers.append(WireHeader("X-Hub-Signature-256", WebhookSignature.sign(request.body, secret: secret)))
        }
        for _ in 0..<times {
            let exchange = await callbacks.send(request)
            delivery.posts += 1
            delivery.status = exchange.response?.status
            delivery.error = exchange.failure.map { "\($0.message)" }
        }
        return delivery
    }

    /// Plays the customer: checks the action whole, changes what the sandbox knows of the
    /// customer (a message opens their window), then posts the webhook to `target`, else the
    /// sandbox's webhook URL, else the callback of the last accepted send to the customer.
    func playCustomer(_ action: CustomerAction, target: String?) async throws(CustomerPlayError) -> CustomerPlayReport {
        let user: EmulatedRecipient
        switch SandboxCustomers.resolve(action.from) {
        case .success(let u): user = u
        case .failure(let p): throw CustomerPlayError(field: "from", reason: p.description)
        }
        let settings = await state.settings
        let twice = try Self.inboundScenario(action.scenario, from: user, sticky: settings.scenario)
        let profile = engine.accounts.profile(action.gateway)
        let now = Date()
        let webhook: JSONValue
        let customer: SandboxCustomer
        var messageID: String?
        switch action.kind {
        case .message(let given, let context):
            let message = try InboundMessageCheck.checked(given)
            if let context, context.isEmpty || context.utf8.count > 512 {
                throw CustomerPlayError(field: "context", reason: "the wamid the message replies to: 1 to 512 bytes")
            }
            let id = message["id"]?.stringValue ?? MetaEmulation().newMessageID()
            let at = WebhookField.date(message["timestamp"]) ?? now
            let entry = SandboxCustomer.Message(direction: .inbound, id: id, type: message["type"]?.stringValue ?? "",
                                                summary: InboundMessageCheck.summary(message), at: at,
                                                contextID: context ?? message["context"]?["id"]?.stringValue)
            customer = await state.withConversations { c in c.customerWrote(c.customer(user, at: at).user, entry) }
            webhook = InboundWebhooks.customerMessage(message, from: customer.user, id: id, at: at, context: context, profile: profile)
            messageID = id
        case .numberChange(let number):
            let moved: EmulatedRecipient
            switch SandboxCustomers.resolve(number) {
            case .success(let u) where u.digits != nil && !number.contains("."): moved = u
            case .success: throw CustomerPlayError(field: "user_id_update.new_number", reason: "a phone number (+27…), not a user id")
            case .failure(let p): throw CustomerPlayError(field: "user_id_update.new_number", reason: p.description)
            }
            let (before, after) = try await state.withConversations { c throws(CustomerPlayError) in
                let before = c.customer(user, at: now)
                guard moved.digits != before.user.digits else {
                    throw CustomerPlayError(field: "user_id_update.new_number", reason: "the customer already has this number")
                }
                guard c.known(moved) == nil else {
                    throw CustomerPlayError(status: 409, field: "user_id_update.new_number", reason: "another customer the sandbox knows has this number")
                }
                return (before, c.move(user, to: moved, at: now))
            }
            customer = after
            webhook = InboundWebhooks.userIDUpdate(previous: before.user, current: after.user, at: now, profile: profile)
        case .marketing(let stop):
            customer = await state.withConversations { c in c.update(user, at: now) { $0.marketingOptOut = stop } }
            webhook = InboundWebhooks.userPreferences(stop: stop, user: customer.user, at: now, profile: profile)
        }
        let delivery = await post(webhook, to: target ?? settings.webhookURL ?? customer.lastCallbackURL, times: twice ? 2 : 1, settings: settings)
        let field = webhook["entry"]?.arrayValue?.first?["changes"]?.arrayValue?.first?["field"]?.stringValue ?? "messages"
        return CustomerPlayReport(webhook: webhook, field: field, messageID: messageID, customer: customer, deliveredTo: delivery.deliveredTo,
                                  posts: delivery.posts, deliveryStatus: delivery.status, deliveryError: delivery.error)
    }

    /// Whether the customer's message is posted twice: the scenario named (it must be one for
    /// customer messages), else the customer's magic number, else the sandbox's scenario.
    static func inboundScenario(_ name: String?, from user: EmulatedRecipient, sticky: Scenario?) throws(CustomerPlayError) -> Bool {
        if let name {
            guard let s = ScenarioCatalogue.named(name) else {
                throw CustomerPlayError(field: "scenario", reason: "no scenario is named \(ControlBody.describe(.string(name))); GET /_sandbox/scenarios lists them")
            }
            guard s.behavior == .inboundTwice else {
                throw CustomerPlayError(field: "scenario", reason: "\"\(s.name)\" is a scenario for sends; customer messages take inbound-twice")
            }
            return true
        }
        if let digits = user.digits, ScenarioCatalogue.forRecipient("+" + digits)?.behavior == .inboundTwice { return true }
        return sticky?.behavior == .inboundTwice
    }

    /// Sets up a customer for a test: their window open (as if they just wrote) or closed (as if
    /// they last wrote 25 hours ago), their marketing opt-out.
    func setUpCustomer(_ reference: String, windowOpen: Bool?, marketingOptOut: Bool?) async throws(CustomerPlayError) -> SandboxCustomer {
        let user: EmulatedRecipient
        switch SandboxCustomers.resolve(reference) {
        case .success(let u): user = u
        case .failure(let p): throw CustomerPlayError(field: "customer", reason: p.description)
        }
        let now = Date()
        return await state.withConversations { c in
            c.update(user, at: now) { customer in
                if let windowOpen { customer.window = ServiceWindow(lastCustomerMessage: windowOpen ? now : now.addingTimeInterval(-25 * 3600)) }
                if let marketingOptOut { customer.marketingOptOut = marketingOptOut }
            }
        }
    }
}

extension SandboxCustomer {
    /// The customer as the control endpoint shows them; `messages` adds the recent conversation.
    func json(at now: Date, known: Bool, messages withMessages: Bool) -> JSONValue {
        var o: JSONObject = ["customer": .string(key)]
        o.append("number", user.digits.map { .string("+" + $0) } ?? .null)
        o.append("user_id", .string(user.userID))
        o.append("parent_user_id", user.parentUserID.map(JSONValue.string) ?? .null)
        o.append("username", user.username.map(JSONValue.string) ?? .null)
        o.append("name", .string(user.name))
        o.append("hides_number", .bool(user.hidesNumber))
        o.append("identity_key_hash", user.identityKeyHash.map(JSONValue.string) ?? .null)
        var closes: JSONValue = .null
        if case .open(let at) = window.state(at: now) { closes = .string(ISO8601.string(at)) }
        o.append("window", ["open": .bool(window.isOpen(at: now)), "closes_at": closes,
                            "last_message_at": window.lastCustomerMessage.map { .string(ISO8601.string($0)) } ?? .null,
                            "summary": .string(window.summary(at: now))])
        o.append("marketing_opt_out", .bool(marketingOptOut))
        o.append("known", .bool(known))
        if withMessages {
            o.append("messages", .array(messages.map { m in
                var e: JSONObject = ["direction": .string(m.direction.rawValue), "id": .string(m.id), "type": .string(m.type),
                                     "summary": .string(m.summary), "at": .string(ISO8601.string(m.at))]
                e.set("status", m.status.map(JSONValue.string))
                e.set("error_code", m.errorCode.map(JSONValue.string))
                e.set("context_id", m.contextID.map(JSONValue.string))
                return .object(e)
            }))
        }
        return .object(o)
    }
}
