#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import Transport
import WhatsAppModel

/// Why a `/_sandbox/…` request is refused: the field at fault (nil: the body as a whole) and
/// what it must be. Nothing is changed by a refused request.
struct ControlInputError: Error, Sendable, Equatable {
    var status = 400
    var field: String?
    var reason: String

    /// `{"sandbox_error": "<field>: <reason>", "field": …, "reason": …}`.
    var reply: EmulatedReply {
        let message = field.map { "\"\($0)\": \(reason)" } ?? reason
        return EmulatedReply(status: status, json: ["sandbox_error": .string(message), "field": field.map(JSONValue.string) ?? .null,
                                                    "reason": .string(reason)])
    }
}

/// A control request's body: one JSON object, each member named once, none unknown.
struct ControlBody {
    private let object: JSONObject

    /// `shape` describes the expected object in the error for a body that is not one.
    init(_ bytes: [UInt8], fields: [String], shape: String) throws(ControlInputError) {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes, rejectDuplicateKeys: true) } catch {
            throw ControlInputError(reason: "the body is not valid JSON (\(error)); expected \(shape)")
        }
        guard case .object(let object) = value else {
            throw ControlInputError(reason: "expected \(shape), found \(value.typeName)")
        }
        for (key, _) in object where !fields.contains(key) {
            let shown = key.utf8.count <= 80 ? key : String(key.prefix(80)) + "…"
            throw ControlInputError(field: shown, reason: "unknown field; the fields are \(fields.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        self.object = object
    }

    subscript(_ field: String) -> JSONValue? { object[field] }

    /// A field that is absent or null (nil), or a string of 1…`maxLength` bytes; `what`
    /// describes what it must be.
    func string(_ field: String, maxLength: Int, what: String) throws(ControlInputError) -> String? {
        switch object[field] {
        case nil, .null?: return nil
        case .string(let s)? where !s.isEmpty && s.utf8.count <= maxLength: return s
        case let other?: throw ControlInputError(field: field, reason: "\(what); found \(Self.describe(other))")
        }
    }

    /// A value as an error message shows it: short and never the whole of a large input.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .number(let n): return n.description.count <= 40 ? n.description : "a number of \(n.description.count) digits"
        case .string(let s): return s.isEmpty ? "an empty string" : s.utf8.count <= 80 ? "\"\(s)\"" : "a string of \(s.utf8.count) bytes"
        default: return value.typeName
        }
    }
}

/// What a member can be: left out, null, or a value.
enum ControlField<Value: Sendable>: Sendable {
    case absent
    case null
    case value(Value)
}

/// `POST /_sandbox/scenario {"name": "<scenario>" | null}`: sets or clears the scenario for
/// requests that name none.
struct ScenarioChange: Sendable {
    var scenario: Scenario?

    static let shape = "{\"name\": \"<scenario name>\" or null}"

    init(_ bytes: [UInt8]) throws(ControlInputError) {
        let body = try ControlBody(bytes, fields: ["name"], shape: Self.shape)
        switch body["name"] {
        case nil:
            throw ControlInputError(field: "name", reason: "required: a scenario name (GET /_sandbox/scenarios lists them), or null to clear it")
        case .null?:
            scenario = nil
        case .string(let name)?:
            guard let s = ScenarioCatalogue.named(name) else {
                throw ControlInputError(field: "name", reason: "no scenario is named \(ControlBody.describe(.string(name))); GET /_sandbox/scenarios lists them")
            }
            scenario = s
        case let other?:
            throw ControlInputError(field: "name", reason: "a scenario name (a string) or null; found \(ControlBody.describe(other))")
        }
    }
}

/// `POST /_sandbox/config {"webhook_url"?, "app_secret"?, "status_delay_ms"?}`: each field
/// given is set; null clears `webhook_url` and `app_secret`.
struct ConfigChange: Sendable {
    var webhookURL: ControlField<String> = .absent
    var appSecret: ControlField<String> = .absent
    var statusDelay: Duration?
    /// `"window": "on"|"off"`: the 24-hour rule.
    var windowRule: Bool?

    /// Statuses later than this would look like statuses that never come.
    static let maxStatusDelayMilliseconds = 60_000
    static let fields = ["webhook_url", "app_secret", "status_delay_ms", "window"]

    /// `loopbackOnly`: the sandbox posts callbacks to loopback addresses only, so any other
    /// webhook URL is refused here rather than ignored at every send.
    init(_ bytes: [UInt8], loopbackOnly: Bool) throws(ControlInputError) {
        let body = try ControlBody(bytes, fields: Self.fields, shape: "{\"webhook_url\"?, \"app_secret\"?, \"status_delay_ms\"?, \"window\"?}")
        if body["webhook_url"] != nil { webhookURL = try Self.webhookURL(body, loopbackOnly: loopbackOnly) }
        if body["app_secret"] != nil {
            let secret = try body.string("app_secret", maxLength: 1024, what: "a secret of 1 to 1024 bytes that signs webhooks, or null to send them unsigned")
            appSecret = secret.map(ControlField.value) ?? .null
        }
        if let value = body["status_delay_ms"] {
            let limit = Self.maxStatusDelayMilliseconds
            // A whole number within range, however it is written: 100, 1e2 and 100.0 are all 100.
            guard case .number(let n) = value, let ms = n.intValue, (0...limit).contains(ms) else {
                throw ControlInputError(field: "status_delay_ms", reason: "a whole number of milliseconds, 0 to \(limit); found \(ControlBody.describe(value))")
            }
            statusDelay = .milliseconds(ms)
        }
        if let value = body["window"] {
            guard case .string(let word) = value, ["on", "off"].contains(word) else {
                throw ControlInputError(field: "window", reason: "\"on\" (a free-form message outside the customer's 24-hour window fails with 131047) or \"off\"; found \(ControlBody.describe(value))")
            }
            windowRule = word == "on"
        }
    }

    private static func webhookURL(_ body: ControlBody, loopbackOnly: Bool) throws(ControlInputError) -> ControlField<String> {
        try url(body, field: "webhook_url", loopbackOnly: loopbackOnly)
    }

    /// A URL member: absolute http(s), at most 2048 bytes, loopback for a loopback-only sandbox.
    static func url(_ body: ControlBody, field: String, loopbackOnly: Bool) throws(ControlInputError) -> ControlField<String> {
        let what = "an absolute http or https URL of at most 2048 bytes, such as http://127.0.0.1:9000/webhook, or null"
        guard let url = try body.string(field, maxLength: 2048, what: what) else { return .null }
        guard let parts = URLComponents(string: url), ["http", "https"].contains(parts.scheme?.lowercased() ?? ""),
              let host = parts.host, !host.isEmpty else {
            throw ControlInputError(field: field, reason: "\(what); found \(ControlBody.describe(.string(url)))")
        }
        if loopbackOnly && !Transport.isLoopback(url) {
            throw ControlInputError(field: field, reason: "this sandbox (wacon's own, in process) posts callbacks to loopback addresses only")
        }
        return .value(url)
    }

    func apply(to settings: inout SandboxSettings) {
        switch webhookURL {
        case .absent: break
        case .null: settings.webhookURL = nil
        case .value(let url): settings.webhookURL = url
        }
        switch appSecret {
        case .absent: break
        case .null: settings.appSecret = nil
        case .value(let secret): settings.appSecret = secret
        }
        if let statusDelay { settings.statusDelay = statusDelay }
        if let windowRule { settings.windowRule = windowRule }
    }
}

/// `POST /_sandbox/customers {"customer", "window"?: "open"|"closed", "marketing"?: "stop"|"resume"}`.
struct CustomerSetUp: Sendable {
    var customer: String
    var windowOpen: Bool?
    var marketingOptOut: Bool?

    static let shape = "{\"customer\": \"+27…\" or a user id, \"window\"?: \"open\"|\"closed\", \"marketing\"?: \"stop\"|\"resume\"}"

    init(_ bytes: [UInt8]) throws(ControlInputError) {
        let body = try ControlBody(bytes, fields: ["customer", "window", "marketing"], shape: Self.shape)
        guard let c = try body.string("customer", maxLength: 256, what: "the customer's number (+27825550100) or user id") else {
            throw ControlInputError(field: "customer", reason: "required: the customer's number (+27825550100) or user id")
        }
        if case .failure(let p) = SandboxCustomers.resolve(c) { throw ControlInputError(field: "customer", reason: p.description) }
        customer = c
        windowOpen = try Self.word(body, "window", ["open": true, "closed": false])
        marketingOptOut = try Self.word(body, "marketing", ["stop": true, "resume": false])
    }

    /// One of `words` (absent or null: nil).
    static func word(_ body: ControlBody, _ field: String, _ words: KeyValuePairs<String, Bool>) throws(ControlInputError) -> Bool? {
        guard let value = body[field], value != .null else { return nil }
        if case .string(let w) = value, let hit = words.first(where: { $0.key == w }) { return hit.value }
        throw ControlInputError(field: field, reason: "\(words.map { "\"\($0.key)\"" }.joined(separator: " or ")); found \(ControlBody.describe(value))")
    }
}

/// `POST /_sandbox/inbound`: a played customer's action, checked whole.
struct CustomerPlayRequest: Sendable {
    var action: CustomerAction
    var callbackURL: String?

    static let fields = ["from", "message", "context", "user_id_update", "marketing", "gateway", "scenario", "callback_url"]
    static let shape = "{\"from\": \"+27…\" or a user id, and \"message\": {\"type\": \"text\", \"text\": {\"body\": \"hi\"}} or \"user_id_update\": {\"new_number\": \"+27…\"} or \"marketing\": \"stop\"|\"resume\"}"

    init(_ bytes: [UInt8], loopbackOnly: Bool) throws(ControlInputError) {
        let body = try ControlBody(bytes, fields: Self.fields, shape: Self.shape)
        guard let from = try body.string("from", maxLength: 256, what: "the customer's number (+27825550100) or user id") else {
            throw ControlInputError(field: "from", reason: "required: the customer's number (+27825550100) or user id")
        }
        if case .failure(let p) = SandboxCustomers.resolve(from) { throw ControlInputError(field: "from", reason: p.description) }
        let acts = ["message", "user_id_update", "marketing"].filter { body[$0] != nil && body[$0] != .null }
        guard acts.count == 1 else {
            throw ControlInputError(field: acts.count > 1 ? acts[1] : "message",
                                    reason: "exactly one of \"message\" (the customer writes), \"user_id_update\" (a new number) or \"marketing\" (stop or resume)")
        }
        let context = try body.string("context", maxLength: 512, what: "the wamid the message replies to")
        if context != nil && acts[0] != "message" { throw ControlInputError(field: "context", reason: "only with \"message\"") }
        let kind: CustomerAction.Kind
        switch acts[0] {
        case "message":
            guard case .object(let m)? = body["message"] else {
                throw ControlInputError(field: "message", reason: "an object, as in Meta's inbound webhook: {\"type\": \"text\", \"text\": {\"body\": \"hi\"}}")
            }
            do throws(CustomerPlayError) { kind = .message(try InboundMessageCheck.checked(m), context: context) } catch { throw error.control }
        case "user_id_update":
            guard case .object(let u)? = body["user_id_update"], case .string(let n)? = u["new_number"], u.count == 1 else {
                throw ControlInputError(field: "user_id_update", reason: "{\"new_number\": \"+27…\"}: the customer's new number, and nothing else")
            }
            guard case .success(let moved) = SandboxCustomers.resolve(n), moved.digits != nil, !n.contains(".") else {
                throw ControlInputError(field: "user_id_update.new_number", reason: "a phone number in international form (+27825550101); found \(ControlBody.describe(.string(n)))")
            }
            kind = .numberChange(newNumber: n)
        default:
            guard let stop = try CustomerSetUp.word(body, "marketing", ["stop": true, "resume": false]) else {
                throw ControlInputError(field: "marketing", reason: "\"stop\" or \"resume\"")
            }
            kind = .marketing(stop: stop)
        }
        var gateway = GatewayID.meta
        if let g = try body.string("gateway", maxLength: 64, what: "a gateway: \(GatewayID.allCases.map(\.rawValue).joined(separator: ", "))") {
            guard let id = GatewayID(rawValue: g) else {
                throw ControlInputError(field: "gateway", reason: "one of \(GatewayID.allCases.map(\.rawValue).joined(separator: ", ")); found \(ControlBody.describe(.string(g)))")
            }
            gateway = id
        }
        let scenario = try body.string("scenario", maxLength: 128, what: "a scenario name (inbound-twice)")
        if let scenario {
            guard let s = ScenarioCatalogue.named(scenario) else {
                throw ControlInputError(field: "scenario", reason: "no scenario is named \(ControlBody.describe(.string(scenario))); GET /_sandbox/scenarios lists them")
            }
            guard s.behavior == .inboundTwice else {
                throw ControlInputError(field: "scenario", reason: "\"\(s.name)\" is a scenario for sends; customer messages take inbound-twice")
            }
        }
        if body["callback_url"] != nil {
            switch try ConfigChange.url(body, field: "callback_url", loopbackOnly: loopbackOnly) {
            case .value(let url): callbackURL = url
            default: callbackURL = nil
            }
        }
        action = CustomerAction(from: from, kind: kind, gateway: gateway, scenario: scenario)
    }
}

/// `POST /_sandbox/flows {"id"?, "name"?, "flow_json"}`: a Flow to register, its JSON parsed.
struct FlowRegistrationRequest: Sendable {
    var id: String?
    var name: String?
    var document: FlowDocument

    static let shape = "{\"id\"?, \"name\"?, \"flow_json\": {…} or \"<Flow JSON as a string>\"}"

    init(_ bytes: [UInt8], maxFlowJSONBytes: Int) throws(ControlInputError) {
        let body = try ControlBody(bytes, fields: ["id", "name", "flow_json"], shape: Self.shape)
        switch body["id"] {
        case nil, .null?: id = nil
        case .string(let s)?: id = s
        case .number(let n)?:
            guard let i = n.intValue, i > 0 else { throw ControlInputError(field: "id", reason: "a Flow id is a positive whole number such as 1234567890123456") }
            id = String(i)
        case let other?: throw ControlInputError(field: "id", reason: "a Flow id (a string of digits or a number); found \(ControlBody.describe(other))")
        }
        name = try body.string("name", maxLength: 512, what: "a Flow name of 1 to 512 bytes, or null for a default name")
        let flowBytes: [UInt8]
        switch body["flow_json"] {
        case .string(let text)?: flowBytes = Array(text.utf8)
        case .object(let o)?: flowBytes = JSONWriter.compact(.object(o))
        case nil: throw ControlInputError(field: "flow_json", reason: "required: the Flow JSON, as an object or a string")
        case let other?: throw ControlInputError(field: "flow_json", reason: "the Flow JSON as an object or a string; found \(other.typeName)")
        }
        guard flowBytes.count <= maxFlowJSONBytes else {
            throw ControlInputError(field: "flow_json", reason: "at most \(maxFlowJSONBytes) bytes (Meta's limit for a Flow JSON is 10 MB); this one is \(flowBytes.count) bytes")
        }
        do { document = try FlowDocument.parse(flowBytes) } catch {
            throw ControlInputError(field: "flow_json", reason: "invalid Flow JSON: \(error)")
        }
    }
}

/// `POST /_sandbox/flows/complete {"message_id", "response"?}`.
struct FlowCompletionRequest: Sendable {
    var messageID: String
    /// The Flow's `complete` payload; nil lets the sandbox walk the Flow.
    var response: JSONObject?

    static let shape = "{\"message_id\": \"<id of an accepted flow message>\", \"response\"?: {…}}"

    init(_ bytes: [UInt8]) throws(ControlInputError) {
        let body = try ControlBody(bytes, fields: ["message_id", "response"], shape: Self.shape)
        guard let id = try body.string("message_id", maxLength: 512, what: "the id of an accepted flow message") else {
            throw ControlInputError(field: "message_id", reason: "required: the id of an accepted flow message")
        }
        messageID = id
        switch body["response"] {
        case .object(let o)?: response = o
        case nil, .null?: response = nil
        case let other?: throw ControlInputError(field: "response", reason: "an object (the Flow's complete payload); found \(other.typeName)")
        }
    }
}
