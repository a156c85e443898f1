#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

/// What a saved message is expected to come to when wacon sends it: the `expect` member of its
/// `wacon` object, which makes the file a test case for `wacon test`.
///
/// ```json
/// "wacon": {
///   "gateway": "kaleyra",
///   "expect": {
///     "given": { "scenario": "E110" },
///     "outcome": "rejected",
///     "code": "E110"
///   }
/// }
/// ```
///
/// Every member is optional. Unknown members are errors, not warnings: a misspelt expectation
/// would otherwise pass without checking anything.
public struct CaseExpectation: Sendable, Hashable {
    /// How the send ends, in `SendVerdict`'s terms as a case file spells them.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// The gateway took it; on the sandbox, its first status is not a failure either.
        case accepted
        /// The gateway refused it (or answered something unreadable).
        case rejected
        /// Validation found errors: nothing was sent.
        case invalid
        /// Accepted, then a failed delivery status.
        case failed
        /// No answer: a timeout, a refused or reset connection.
        case transportFailure = "transport-failure"

        /// The verdict this outcome names.
        public var verdict: SendVerdict {
            switch self {
            case .accepted: return .accepted
            case .rejected: return .rejected
            case .invalid: return .invalid
            case .failed: return .failedAfterAccept
            case .transportFailure: return .transportFailure
            }
        }

        /// The outcome a verdict is spelt as.
        public init(_ verdict: SendVerdict) {
            switch verdict {
            case .accepted: self = .accepted
            case .rejected: self = .rejected
            case .invalid: self = .invalid
            case .failedAfterAccept: self = .failed
            case .transportFailure: self = .transportFailure
            }
        }
    }

    /// What the case is run under.
    public var given: CaseSetup
    /// Nil: `accepted`, unless `code` is given (then any outcome that carries the code).
    public var outcome: Outcome?
    /// The vendor's code: from the refusal (`E110`, `131009`) or the failed status (`131047`).
    public var code: String?
    /// A delivery status the message reaches within `within` (`delivered` is reached by a
    /// `read`, since statuses rank); `failed` only by a failure.
    public var status: String?
    /// Seconds to wait for a status or the reply.
    public var within: Double
    /// Rule ids (`max-length`, `template-unknown-param`) that must be among the validator's
    /// findings, whatever their severity.
    public var findings: [String]
    /// The customer's reply that must come back.
    public var reply: ExpectedReply?

    /// The default wait for statuses and replies, in seconds.
    public static let defaultWithin = 10.0
    /// The longest wait a case may ask for, in seconds.
    public static let maxWithin = 600.0

    public init(given: CaseSetup = CaseSetup(), outcome: Outcome? = nil, code: String? = nil, status: String? = nil,
                within: Double = CaseExpectation.defaultWithin, findings: [String] = [], reply: ExpectedReply? = nil) {
        self.given = given
        self.outcome = outcome
        self.code = code
        self.status = status
        self.within = within
        self.findings = findings
        self.reply = reply
    }

    /// The outcome checked: the one written; else `failed` for a failed status, `accepted` when
    /// no code is expected either.
    public var checkedOutcome: Outcome? {
        if let outcome { return outcome }
        // A failed status is only reached by a message that was accepted, then failed.
        if let status, DeliveryStatus.isFailure(status) { return .failed }
        return code == nil ? .accepted : nil
    }

    /// When the statuses of an accepted send have said all the case needs; nil when it needs
    /// none. A status to reach: that status (or a failure). A failure or a code: a failure or a
    /// final status. On the sandbox, plain `accepted` waits for the first status, since a
    /// failure (the window, a scenario) comes first when it comes; a real gateway's first status
    /// may take minutes, so there it waits for nothing.
    public func statusesSettled(onSandbox: Bool) -> (@Sendable (DeliveryStatus) -> Bool)? {
        if let status {
            let rank = DeliveryStatus.rank(status)
            return { s in s.isFailure || (rank.map { (s.rank ?? -1) >= $0 } ?? false) }
        }
        if outcome == .failed || (code != nil && outcome == nil) { return { $0.isFailure || $0.isFinal } }
        if checkedOutcome == .accepted && onSandbox { return { _ in true } }
        return nil
    }

    /// True when the case follows the send after acceptance: statuses, the customer's answer,
    /// their reply.
    public func followsSend(onSandbox: Bool) -> Bool {
        statusesSettled(onSandbox: onSandbox) != nil || reply != nil || given.customer?.answer != nil
    }

    /// Every rule id a finding can carry.
    static let knownRules = Set((Rule.messageRules + Rule.flowRules).map(\.rawValue))

    static let members = ["given", "outcome", "code", "status", "within", "findings", "reply"]

    /// Reads `expect` at `path` (`wacon.expect`).
    public init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        given = try r.nested("given") { v, p throws(MessageDecodingError) in try CaseSetup(json: v, at: p) } ?? CaseSetup()
        if let o = try r.string("outcome") {
            guard let outcome = Outcome(rawValue: o) else {
                throw MessageDecodingError(path: path.key("outcome"), reason: "expected one of \(Outcome.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(o)\"")
            }
            self.outcome = outcome
        }
        code = try r.raw("code").map { v throws(MessageDecodingError) -> String in
            // `131047` is often written as a number.
            if let s = v.stringValue, !s.isEmpty { return s }
            if case .number(let n) = v, n.intValue != nil { return n.literal }
            throw MessageDecodingError(path: path.key("code"), reason: "expected the vendor's code as a string (\"E110\", \"131047\"), found \(v.typeName)")
        }
        if let s = try r.string("status") {
            let word = s.lowercased()
            guard DeliveryStatus.rank(word) != nil || DeliveryStatus.isFailure(word) else {
                throw MessageDecodingError(path: path.key("status"), reason: "expected a delivery status (sent, delivered, read, played, failed), found \"\(s)\"")
            }
            status = word
        }
        within = Self.defaultWithin
        if let v = r.raw("within") {
            guard let seconds = v.doubleValue, seconds > 0, seconds <= Self.maxWithin else {
                throw MessageDecodingError(path: path.key("within"), reason: "expected seconds, more than 0 and at most \(Int(Self.maxWithin)), found \(Self.describe(v))")
            }
            within = seconds
        }
        findings = try r.array("findings") { v, p throws(MessageDecodingError) -> String in
            guard let s = v.stringValue, !s.isEmpty else { throw MessageDecodingError(path: p, reason: "expected a rule id (\"max-length\"), found \(Self.describe(v))") }
            // A misspelt rule would never be found, and the case could never pass for the right reason.
            guard Self.knownRules.contains(s) else {
                let hint = EditDistance.near(s, in: Self.knownRules.sorted()).first.map { "; did you mean \($0)?" } ?? ""
                throw MessageDecodingError(path: p, reason: "\"\(s)\" is not a rule wacon reports (`wacon validate --json` shows the rule of each finding)\(hint)")
            }
            return s
        } ?? []
        reply = try r.nested("reply") { v, p throws(MessageDecodingError) in try ExpectedReply(json: v, at: p) }
        try Self.refuseUnknown(r, known: Self.members)
        try checkCoherence(at: path)
    }

    /// Expectations that can never be met together are said when the file is read, not after
    /// a wait that was bound to fail.
    private func checkCoherence(at path: FieldPath) throws(MessageDecodingError) {
        if let status, let o = outcome, [.rejected, .invalid, .transportFailure].contains(o) {
            throw MessageDecodingError(path: path.key("status"), reason: "a status comes only after the gateway accepts; outcome \(o.rawValue) has none (\"\(status)\")")
        }
        if reply != nil, given.customer?.answer == nil {
            throw MessageDecodingError(path: path.key("reply"), reason: "nobody answers unless the case says how: give given.customer.answer (flow, tap or text), which the sandbox plays")
        }
        if case .flow(nil)? = given.customer?.answer, given.flow == nil {
            throw MessageDecodingError(path: path.key("given").key("customer").key("answer").key("flow"),
                                       reason: "\"walk\" walks the Flow of given.flow: name the Flow JSON file there, or give the response object here")
        }
    }

    /// The `expect` object as a case file holds it, members in a fixed order.
    public var json: JSONValue {
        var o = JSONObject()
        if !given.isEmpty { o.append("given", given.json) }
        o.set("outcome", outcome.map { .string($0.rawValue) })
        o.set("code", code.map(JSONValue.string))
        o.set("status", status.map(JSONValue.string))
        if within != Self.defaultWithin { o.append("within", .number(JSONNumber(within))) }
        if !findings.isEmpty { o.append("findings", .array(findings.map(JSONValue.string))) }
        o.set("reply", reply?.json)
        return .object(o)
    }

    /// The value as a short phrase for an error.
    static func describe(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return "\"\(s.prefix(40))\""
        case .number(let n): return n.literal
        default: return v.typeName
        }
    }

    /// Throws for the first member `r` did not read, with the nearest known name.
    static func refuseUnknown(_ r: ObjectReader, known: [String]) throws(MessageDecodingError) {
        guard let key = r.unknown.keys.first else { return }
        let hint = EditDistance.near(key, in: known).first.map { "; did you mean \($0)?" } ?? ""
        throw MessageDecodingError(path: r.path.key(key), reason: "not a member of \(r.path.display) (it has \(known.joined(separator: ", ")))\(hint)")
    }
}

/// What a case is run under: a sandbox scenario, the customer as the sandbox keeps them, the
/// template library its template is checked against, the Flow the customer completes.
public struct CaseSetup: Sendable, Hashable {
    /// A sandbox scenario by name (`wacon sandbox --list-scenarios`).
    public var scenario: String?
    /// The recipient as the sandbox should know them before the send.
    public var customer: CustomerSetup?
    /// A template library file (Meta's JSON), relative to the case file: the template is
    /// checked against it before it is sent, as a synced library would check it.
    public var templates: String?
    /// A Flow JSON file, relative to the case file, registered on the sandbox under the
    /// message's `flow_id`, so the customer can walk it (`"answer": {"flow": "walk"}`).
    public var flow: String?

    public init(scenario: String? = nil, customer: CustomerSetup? = nil, templates: String? = nil, flow: String? = nil) {
        self.scenario = scenario
        self.customer = customer
        self.templates = templates
        self.flow = flow
    }

    public var isEmpty: Bool { scenario == nil && customer == nil && templates == nil && flow == nil }

    /// True when the case needs the sandbox (a real gateway cannot be told any of this).
    public var needsSandbox: Bool { scenario != nil || customer != nil || flow != nil }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        scenario = try r.string("scenario")
        customer = try r.nested("customer") { v, p throws(MessageDecodingError) in try CustomerSetup(json: v, at: p) }
        templates = try r.string("templates")
        flow = try r.string("flow")
        try CaseExpectation.refuseUnknown(r, known: ["scenario", "customer", "templates", "flow"])
    }

    var json: JSONValue {
        var o = JSONObject()
        o.set("scenario", scenario.map(JSONValue.string))
        o.set("customer", customer?.json)
        o.set("templates", templates.map(JSONValue.string))
        o.set("flow", flow.map(JSONValue.string))
        return .object(o)
    }
}

/// The recipient as the sandbox knows them before the send, and what they do after it.
public struct CustomerSetup: Sendable, Hashable {
    /// Open: they wrote a moment ago; closed: not in 24 hours (free-form messages then fail
    /// with 131047). Nil: as the sandbox has them.
    public var windowOpen: Bool?
    /// They stopped marketing messages (a marketing template then fails with 131050).
    public var marketingOptOut: Bool?
    /// What the customer does once the message arrives.
    public var answer: CustomerAnswer?

    public init(windowOpen: Bool? = nil, marketingOptOut: Bool? = nil, answer: CustomerAnswer? = nil) {
        self.windowOpen = windowOpen
        self.marketingOptOut = marketingOptOut
        self.answer = answer
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        if let w = try r.string("window") {
            guard w == "open" || w == "closed" else { throw MessageDecodingError(path: path.key("window"), reason: "expected open or closed, found \"\(w)\"") }
            windowOpen = w == "open"
        }
        if let m = try r.string("marketing") {
            guard m == "stop" || m == "resume" else { throw MessageDecodingError(path: path.key("marketing"), reason: "expected stop or resume, found \"\(m)\"") }
            marketingOptOut = m == "stop"
        }
        answer = try r.nested("answer") { v, p throws(MessageDecodingError) in try CustomerAnswer(json: v, at: p) }
        try CaseExpectation.refuseUnknown(r, known: ["window", "marketing", "answer"])
    }

    var json: JSONValue {
        var o = JSONObject()
        o.set("window", windowOpen.map { .string($0 ? "open" : "closed") })
        o.set("marketing", marketingOptOut.map { .string($0 ? "stop" : "resume") })
        o.set("answer", answer?.json)
        return .object(o)
    }
}

/// What the sandbox's customer does with the message: one member, naming the action.
public enum CustomerAnswer: Sendable, Hashable {
    /// Completes the Flow the message opens with this `response_json` (without `flow_token`,
    /// which the sandbox adds); nil: walks the Flow registered with `given.flow`.
    case flow(JSONObject?)
    /// Taps the reply button, list row or quick reply with this id or title.
    case tap(String)
    /// Writes this text, quoting the message.
    case text(String)

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        var found: [CustomerAnswer] = []
        if let f = r.raw("flow") {
            switch f {
            case .object(let o): found.append(.flow(o))
            case .string("walk"): found.append(.flow(nil))
            default: throw MessageDecodingError(path: path.key("flow"), reason: "expected the response object, or \"walk\" (the sandbox walks the Flow of given.flow), found \(CaseExpectation.describe(f))")
            }
        }
        if let t = try r.string("tap") { found.append(.tap(t)) }
        if let t = try r.string("text") { found.append(.text(t)) }
        try CaseExpectation.refuseUnknown(r, known: ["flow", "tap", "text"])
        guard found.count == 1, let answer = found.first else {
            throw MessageDecodingError(path: path, reason: found.isEmpty ? "expected one of flow, tap, text" : "give one action: flow, tap or text")
        }
        self = answer
    }

    var json: JSONValue {
        switch self {
        case .flow(let o?): return ["flow": .object(o)]
        case .flow(nil): return ["flow": "walk"]
        case .tap(let t): return ["tap": .string(t)]
        case .text(let t): return ["text": .string(t)]
        }
    }
}

/// The customer's reply a case expects: its type and fields that must be as written (other
/// fields may be anything).
public struct ExpectedReply: Sendable, Hashable {
    /// `nfm_reply` (a Flow completion), `button_reply`, `list_reply`, `button` (a template
    /// quick reply), `text`, …: the interactive type when there is one, else the message type.
    public var type: String?
    /// For `nfm_reply`, members of the parsed `response_json`; for a tap, `id` and `title`
    /// (a quick reply's `payload` and `text`); for text, `body`.
    public var fields: JSONObject

    public init(type: String? = nil, fields: JSONObject = [:]) {
        self.type = type
        self.fields = fields
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        type = try r.string("type")
        fields = try r.objectValue("fields") ?? [:]
        try CaseExpectation.refuseUnknown(r, known: ["type", "fields"])
    }

    var json: JSONValue {
        var o = JSONObject()
        o.set("type", type.map(JSONValue.string))
        if !fields.isEmpty { o.append("fields", .object(fields)) }
        return .object(o)
    }
}

extension InboundMessage {
    /// The type a case's `reply.type` names: the interactive type when there is one.
    public var replyType: String { interactiveType ?? type }

    /// The fields a case's `reply.fields` are matched against (see `ExpectedReply.fields`).
    public var replyFields: JSONObject {
        if let response = flowResponse { return response }
        var o = JSONObject()
        o.set("id", replyID.map(JSONValue.string))
        o.set("title", replyTitle.map(JSONValue.string))
        o.set("body", text.map(JSONValue.string))
        return o
    }
}
