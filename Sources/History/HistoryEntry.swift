#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Providers
import WhatsAppModel

/// One recorded send: what was sent, what came back, and what it came to. Secrets are never in
/// it: request and response pass through `Redactor` first.
public struct HistoryEntry: Sendable, Hashable {
    public var id: Int64
    public var createdAt: Date
    public var gateway: String
    public var profile: String
    public var recipient: String
    public var kind: String
    /// How the send ended: `accepted`, `failed` (accepted, then a failed delivery status),
    /// `rejected`, `unexpected`, `transport-failure` or `invalid` (see `HistoryEntry.outcomes`).
    public var outcome: String
    /// The category, vendor code and message of that ending: for `failed`, the failed status's
    /// error (`window`, `131047`, `Re-engagement message`).
    public var category: String?
    public var vendorCode: String?
    public var vendorMessage: String?
    public var messageID: String?
    public var requestID: String?
    public var httpStatus: Int?
    public var retry: String?
    public var scenario: String?
    public var attempts: Int
    public var headersMs: Double?
    public var totalMs: Double?
    /// The canonical message (Meta's JSON) and the vendor options, for replay.
    public var message: String
    public var options: String?
    public var findings: String?
    public var request: RecordedRequest?
    public var response: RecordedResponse?
    public var failure: String?
    /// Delivery statuses attached later, in the order they arrived, each kept once (filled by
    /// `HistoryStore.entry(id:)`, and without their callback bodies by `list`).
    public var statuses: [RecordedStatus] = []
    /// The customer's messages that belong to this exchange, oldest first (filled by
    /// `HistoryStore.entry(id:)`, and without their webhook bodies by `list`).
    public var inbound: [RecordedInbound] = []
    /// Other webhook events about the customer filed with this exchange (`user_id_update`,
    /// `user_preferences`, …), oldest first (filled by `HistoryStore.entry(id:)`).
    public var events: [RecordedWebhookEvent] = []

    /// How far the message got: the highest-ranked of its statuses whatever order they arrived
    /// in (`DeliveryStatus.rank`: sent < delivered < read < played, a failure above all); nil
    /// when no status is a delivery step. Every status stays in `statuses`.
    public var finalStatus: RecordedStatus? { DeliveryStatus.final(of: statuses, word: \.status) }
}

/// A request as recorded: every secret replaced by `[redacted]`, with where it came from so an
/// export can put `${NAME}` back for an `env:` secret.
public struct RecordedRequest: Sendable, Hashable {
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String
        /// `env:NAME` or `inline` when this header carried a secret.
        public var secretSource: String?
    }
    public var method: String
    public var url: String
    public var headers: [Header]
    public var body: String
}

public struct RecordedResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    /// The body up to the configured cap.
    public var body: [UInt8]
    /// The full size, and whether `body` was cut at the cap.
    public var bytes: Int
    public var truncated: Bool

    /// The value of the first header with this name (case-insensitive).
    public func header(_ name: String) -> String? { HTTPFields(pairs: headers.map { ($0.name, $0.value) })[named: name] }

    public static func == (a: RecordedResponse, b: RecordedResponse) -> Bool {
        a.status == b.status && a.body == b.body && a.bytes == b.bytes && a.truncated == b.truncated
            && a.headers.map { "\($0.name):\($0.value)" } == b.headers.map { "\($0.name):\($0.value)" }
    }

    public func hash(into h: inout Hasher) { h.combine(status); h.combine(body) }
}

/// A delivery status as recorded with its entry.
public struct RecordedStatus: Sendable, Hashable {
    public var messageID: String
    public var status: String
    public var at: Date?
    /// The errors as recorded: a JSON array of `{code, title, details}`.
    public var errors: String?
    public var receivedAt: Date
    /// The callback body as received (the webhook or postback), when it was kept.
    public var raw: String?

    /// The status's errors, read again from the callback body when it gives any (so an entry
    /// recorded by an older wacon gets today's reading, e.g. the code in Zixflow's `remark`),
    /// else the recorded ones.
    public func failures(gateway: String) -> [StatusError] {
        if let raw, !raw.isEmpty {
            let read = DeliveryStatusParser.parse(Array(raw.utf8), gateway: GatewayID(rawValue: gateway))
            if let mine = read.first(where: { $0.messageID == messageID && $0.status == status }), !mine.errors.isEmpty { return mine.errors }
        }
        let recorded = errors.flatMap { try? JSONParser.parse($0) }?.arrayValue ?? []
        return recorded.map { e in
            func text(_ key: String) -> String? { e[key]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
            return StatusError(code: text("code") ?? "", title: text("title"), details: text("details"))
        }
    }

    /// `failed: 131047 Re-engagement message (window)`, or the status alone.
    public func summary(gateway: String) -> String {
        failures(gateway: gateway).first.map { "\(status): \($0.summary)" } ?? status
    }
}

extension HistoryEntry {
    /// Every outcome an entry can end with: the send's own, and `failed` for a send that was
    /// accepted and then failed by a delivery status.
    public static let outcomes = ["accepted", "failed", "rejected", "unexpected", "transport-failure", "invalid"]

    /// An entry id as people type it: as wacon prints it (`#42`) or the number alone.
    public static func id(_ text: String) -> Int64? {
        let t = text.trimmed
        let digits = t.hasPrefix("#") ? t.dropFirst() : Substring(t)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let id = Int64(digits), id > 0 else { return nil }
        return id
    }

    /// The entry as its statuses leave it: an accepted entry with a failed status is `failed`,
    /// with that status's error (what a file from an older wacon, read without upgrading it,
    /// needs; an upgraded or new file has it recorded).
    public func foldingStatuses() -> HistoryEntry {
        guard outcome == "accepted", let failed = statuses.first(where: { DeliveryStatus.isFailure($0.status) }) else { return self }
        var e = self
        DeliveryFailure(status: failed.status, errors: failed.failures(gateway: gateway))?.apply(to: &e)
        return e
    }
}

/// What a failed delivery status makes of an accepted send: its outcome becomes `failed`,
/// with the status's error as the entry's code, message, category and retry hint, so lists,
/// filters, search, stats and exports show how the send ended, not only how it began.
public struct DeliveryFailure: Sendable, Hashable {
    public var code: String?
    public var title: String?
    public var details: String?
    public var category: OutcomeCategory?
    public var retry: RetryHint?

    /// The failure a status carries; nil when the status is not a failure.
    public init?(status: String, errors: [StatusError]) {
        guard DeliveryStatus.isFailure(status) else { return nil }
        let e = errors.first
        code = e.flatMap { $0.code.isEmpty ? nil : $0.code }
        title = e?.title
        details = e?.details
        category = e?.category
        retry = e?.retry
    }

    /// The entry's vendor message: the title, then the details when they add something.
    public var message: String? {
        switch (title, details) {
        case (let t?, let d?) where !d.isEmpty && d != t: return "\(t): \(d)"
        case (let t?, _): return t
        case (nil, let d): return d
        }
    }

    /// `entry` with this failure as its outcome; only an accepted entry changes.
    public func apply(to entry: inout HistoryEntry) {
        guard entry.outcome == "accepted" else { return }
        entry.outcome = "failed"
        entry.category = category?.rawValue
        entry.vendorCode = code
        entry.vendorMessage = message
        entry.retry = retry?.id
    }
}

extension Redactor {
    /// The request as recorded: secret headers masked, every other occurrence redacted.
    public func request(_ r: WireRequest) -> RecordedRequest {
        RecordedRequest(method: r.method, url: text(r.url),
                        headers: r.headers.map { h in
                            RecordedRequest.Header(name: h.name, value: h.secret == nil ? text(h.value) : text(h.masked(with: Self.mask)),
                                                   secretSource: h.secret.map { $0.source.description })
                        },
                        body: text(String(decoding: r.body, as: UTF8.self)))
    }
}


/// What `HistoryStore.record` takes: built from a send report.
public struct HistoryDraft: Sendable {
    public var entry: HistoryEntry

    /// The record of `report`; bodies over `bodyCap` bytes are cut and flagged.
    public init(report: SendReport, message: OutboundMessage, options: VendorOptions, scenario: String?, bodyCap: Int, now: Date = Date()) {
        let redactor = Redactor(report: report)
        var e = HistoryEntry(id: 0, createdAt: now, gateway: report.gateway.rawValue, profile: report.profile,
                             recipient: message.recipientText, kind: message.kind.rawValue, outcome: "invalid", attempts: report.attempts.count,
                             message: JSONWriter.compactString(message.json))
        e.options = Self.optionsJSON(options)
        if !report.preparation.findings.isEmpty {
            e.findings = JSONWriter.compactString(.array(report.preparation.findings.map(\.json)))
        }
        e.scenario = scenario
        if let request = report.attempts.last?.exchange.request ?? report.preparation.request { e.request = redactor.request(request) }
        if let last = report.attempts.last {
            e.totalMs = last.exchange.total.milliseconds
            e.headersMs = last.exchange.headersAfter?.milliseconds
            if let r = last.exchange.response {
                let body = redactor.bytes(r.body)
                e.response = RecordedResponse(status: r.status, headers: r.headers.pairs.map { ($0.name, redactor.text($0.value)) },
                                              body: Array(body.prefix(bodyCap)), bytes: r.body.count, truncated: body.count > bodyCap)
            }
            switch last.outcome {
            case .accepted(let a):
                e.outcome = "accepted"
                e.messageID = a.messageID
                e.requestID = a.requestID
                e.httpStatus = a.httpStatus
                e.vendorCode = a.vendorCode
            case .rejected(let x):
                e.outcome = "rejected"
                e.category = x.category.rawValue
                e.vendorCode = x.vendorCode.map(redactor.text)
                e.vendorMessage = x.vendorMessage.map(redactor.text)
                e.httpStatus = x.httpStatus
                e.retry = x.retry.id
            case .unexpected(let u):
                e.outcome = "unexpected"
                e.category = u.category.rawValue
                e.vendorMessage = redactor.text(u.reason)
                e.httpStatus = u.httpStatus
                e.retry = u.retry.id
            case .transportFailed(let f):
                e.outcome = "transport-failure"
                e.category = OutcomeCategory.transport.rawValue
                e.vendorCode = f.kind.rawValue
                e.failure = redactor.text(f.message)
                e.vendorMessage = e.failure
                e.retry = f.retry.id
            }
        }
        entry = e
    }

    static func optionsJSON(_ o: VendorOptions) -> String? {
        o.isEmpty ? nil : JSONWriter.compactString(.object(o.json))
    }

    /// The vendor options of a recorded entry.
    public static func options(from json: String?) -> VendorOptions {
        VendorOptions(recorded: json.flatMap { try? JSONParser.parse($0) })
    }
}


extension HistoryEntry {
    /// What was sent, in a few words, for a transcript line: a text's body (quoted), a
    /// template's name, an interactive message's body, a media message's caption, else the kind.
    public var contentSummary: String {
        guard let m = try? JSONParser.parse(message) else { return kind }
        func quoted(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : "\"\($0)\"" } }
        let type = m["type"]?.stringValue ?? kind
        let detail: String?
        switch type {
        case "text": detail = quoted(m["text"]?["body"]?.stringValue)
        case "template": detail = [m["template"]?["name"]?.stringValue, m["template"]?["language"]?["code"]?.stringValue].compactMap { $0 }.joined(separator: " ")
        case "interactive": detail = quoted(m["interactive"]?["body"]?["text"]?.stringValue)
        case "reaction": detail = m["reaction"]?["emoji"]?.stringValue
        case "image", "video", "document", "audio", "sticker": detail = quoted(m[type]?["caption"]?.stringValue) ?? m[type]?["filename"]?.stringValue
        case "location": detail = [m["location"]?["latitude"], m["location"]?["longitude"]].compactMap { $0.map(JSONWriter.compactString) }.joined(separator: ",")
        default: detail = nil
        }
        return [kind, detail].compactMap { $0.flatMap { $0.isEmpty ? nil : $0 } }.joined(separator: " ")
    }
}
