import Foundation
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

    /// Statuses later than this would look like statuses that never come.
    static let maxStatusDelayMilliseconds = 60_000
    static let fields = ["webhook_url", "app_secret", "status_delay_ms"]

    /// `loopbackOnly`: the sandbox posts callbacks to loopback addresses only, so any other
    /// webhook URL is refused here rather than ignored at every send.
    init(_ bytes: [UInt8], loopbackOnly: Bool) throws(ControlInputError) {
        let body = try ControlBody(bytes, fields: Self.fields, shape: "{\"webhook_url\"?, \"app_secret\"?, \"status_delay_ms\"?}")
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
    }

    private static func webhookURL(_ body: ControlBody, loopbackOnly: Bool) throws(ControlInputError) -> ControlField<String> {
        let what = "an absolute http or https URL of at most 2048 bytes, such as http://127.0.0.1:9000/webhook, or null"
        guard let url = try body.string("webhook_url", maxLength: 2048, what: what) else { return .null }
        guard let parts = URLComponents(string: url), ["http", "https"].contains(parts.scheme?.lowercased() ?? ""),
              let host = parts.host, !host.isEmpty else {
            throw ControlInputError(field: "webhook_url", reason: "\(what); found \(ControlBody.describe(.string(url)))")
        }
        if loopbackOnly && !Transport.isLoopback(url) {
            throw ControlInputError(field: "webhook_url", reason: "this sandbox (wacon's own, in process) posts callbacks to loopback addresses only")
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
