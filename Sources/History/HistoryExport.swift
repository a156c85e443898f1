#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Providers
import WhatsAppModel

/// Exports of recorded entries: a curl command, HAR 1.2 (for a vendor ticket) or wacon's JSON.
/// Secrets stay out: `[redacted]`, or `${NAME}` where the secret came from an environment variable.
public enum HistoryExport {
    /// The export formats, for `wacon history export` and the console's history pane.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case curl, har, json
        /// The file name extension an export of this format gets.
        public var fileExtension: String { self == .curl ? "sh" : rawValue }
    }

    /// The text of an export of `entries`.
    public static func text(_ entries: [HistoryEntry], as format: Format) -> String {
        switch format {
        case .curl: return entries.map(curl).joined(separator: "\n")
        case .har: return JSONWriter.prettyString(har(entries)) + "\n"
        case .json: return JSONWriter.prettyString(.array(entries.map(json))) + "\n"
        }
    }

    /// Writes an export whole or not at all (a temporary file moved into place), readable by
    /// its owner only: it holds recipients and message bodies. An existing file at `path` is
    /// replaced only when `replacing`; otherwise it is left as it was and the write fails with
    /// `HistoryError.exists` (checked and created in one step, so no race loses a file).
    public static func write(_ text: String, to path: String, replacing: Bool = false) throws(HistoryError) {
        let tmp = path + ".tmp-\(getpid())"
        errno = 0
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw .storage("cannot write \(path)" + (errno == 0 ? "" : ": \(String(cString: strerror(errno)))"))
        }
        defer { unlink(tmp) }
        // link() fails when the name exists; rename() replaces it.
        guard (replacing ? rename(tmp, path) : link(tmp, path)) == 0 else {
            if errno == EEXIST { throw .exists(path) }
            throw .storage("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Writes an export under `path`, or the first free name after it (`wacon-13-2.har`, …),
    /// never over an existing file; returns the path written.
    public static func writeNew(_ text: String, near path: String) throws(HistoryError) -> String {
        let url = URL(fileURLWithPath: path)
        let stem = url.deletingPathExtension().path, ext = url.pathExtension
        for n in 1...1000 {
            let candidate = n == 1 ? path : "\(stem)-\(n)" + (ext.isEmpty ? "" : ".\(ext)")
            do { try write(text, to: candidate); return candidate } catch {
                if case .exists = error { continue }
                throw error
            }
        }
        throw .storage("cannot write near \(path): 1,000 names are taken")
    }

    public static func curl(_ e: HistoryEntry) -> String {
        guard let r = e.request else { return "# entry \(e.id): nothing was sent (invalid message)\n" }
        var lines = ["# wacon history #\(e.id): \(e.gateway) \(e.kind) to \(e.recipient), \(ending(e))", "curl -X \(r.method) \(RequestFormatter.shellQuote(r.url))"]
        for h in r.headers {
            if let source = h.secretSource, source.hasPrefix("env:") {
                let name = String(source.dropFirst(4))
                lines.append("-H \"\(h.name): \(h.value.replacing(Redactor.mask, with: "${\(name)}"))\"")
            } else {
                lines.append("-H \(RequestFormatter.shellQuote("\(h.name): \(h.value)"))")
            }
        }
        lines.append("--data-raw \(RequestFormatter.shellQuote(pretty(r.body)))")
        return lines[0] + "\n" + lines.dropFirst().joined(separator: " \\\n  ") + "\n" + replyComments(e)
    }

    /// The customer's messages as shell comments after the command (`# ← 2026-12-01T10:00:00Z
    /// text "hi"`), each on one line whatever the customer wrote: a line break in their text
    /// can never end the comment and become a command.
    static func replyComments(_ e: HistoryEntry) -> String {
        guard !e.inbound.isEmpty else { return "" }
        return e.inbound.map { m in
            "# ← \(ISO8601.string(m.at ?? m.receivedAt)) from \(m.customer) \(m.type) \(m.summary)".unicodeScalars.map {
                TerminalText.isUnsafe($0, .line) ? TerminalText.escape($0) : String($0)
            }.joined() + "\n"
        }.joined()
    }

    static func pretty(_ body: String) -> String {
        (try? JSONParser.parse(body)).map(JSONWriter.prettyString) ?? body
    }

    /// How an entry ended, in words: `accepted`, `rejected E110 balance: Please check…`,
    /// `failed 131047 window: Re-engagement message (accepted with HTTP 200, then a failed status)`.
    public static func ending(_ e: HistoryEntry) -> String {
        var s = ([e.outcome] + [e.vendorCode, e.category].compactMap { $0 }).joined(separator: " ")
        if e.outcome != "accepted", let m = e.vendorMessage { s += ": " + m }
        if e.outcome == "failed" { s += " (accepted" + (e.httpStatus.map { " with HTTP \($0)" } ?? "") + ", then a failed status)" }
        return s
    }

    /// A HAR 1.2 log with one entry per history entry. What followed the HTTP exchange is in
    /// custom fields of the entry (HAR 1.2 allows fields that start with `_`): `_outcome`, how
    /// the send ended (for an accepted send that then failed, `failed` with the status's code
    /// and title), and `_statuses`, each delivery status that arrived with the callback body
    /// (webhook or postback) as received. The entry's `comment` says the same in words.
    /// The customer's messages and other webhook events filed with the exchange are in
    /// `_inbound` and `_events` (with the webhook bodies as received): custom fields rather than
    /// entries of their own, since HAR entries are requests this side made, and a viewer would
    /// take a received webhook for one.
    public static func har(_ entries: [HistoryEntry]) -> JSONValue {
        let items: [JSONValue] = entries.compactMap { e in
            guard let r = e.request else { return nil }
            let query: [JSONValue] = URLComponents(string: r.url)?.queryItems?.map { ["name": .string($0.name), "value": .string($0.value ?? "")] } ?? []
            var request: JSONObject = ["method": .string(r.method), "url": .string(r.url), "httpVersion": "HTTP/1.1", "cookies": [],
                                       "headers": .array(r.headers.map { ["name": .string($0.name), "value": .string($0.value)] }),
                                       "queryString": .array(query), "headersSize": -1, "bodySize": .number(JSONNumber(r.body.utf8.count))]
            request.append("postData", ["mimeType": "application/json", "text": .string(r.body)])
            var response: JSONObject
            if let resp = e.response {
                let text = String(decoding: resp.body, as: UTF8.self)
                let mime = resp.header("Content-Type") ?? "application/json"
                response = ["status": .number(JSONNumber(resp.status)), "statusText": .string(HTTPStatusText.text(resp.status)), "httpVersion": "HTTP/1.1",
                            "cookies": [], "headers": .array(resp.headers.map { ["name": .string($0.name), "value": .string($0.value)] }),
                            "content": ["size": .number(JSONNumber(resp.bytes)), "mimeType": .string(mime), "text": .string(text)],
                            "redirectURL": "", "headersSize": -1, "bodySize": .number(JSONNumber(resp.bytes))]
                if resp.truncated { response.append("_truncated", true) }
            } else {
                // No response (a transport failure): HAR's convention is status 0.
                response = ["status": 0, "statusText": "", "httpVersion": "HTTP/1.1", "cookies": [], "headers": [],
                            "content": ["size": 0, "mimeType": "x-unknown"], "redirectURL": "", "headersSize": -1, "bodySize": -1,
                            "_error": .string(e.failure ?? "no response")]
            }
            let total = e.totalMs ?? 0
            let wait = e.headersMs ?? total
            var item: JSONObject = ["startedDateTime": .string(stamp(e.createdAt)), "time": .number(JSONNumber(total)),
                                    "request": .object(request), "response": .object(response), "cache": [:],
                                    // To the microsecond: a difference of two doubles would print its binary noise.
                                    "timings": ["send": 0, "wait": .number(JSONNumber(wait)),
                                                "receive": .number(JSONNumber((max(0, total - wait) * 1000).rounded() / 1000))]]
            item.append("comment", .string("wacon #\(e.id) \(e.gateway)/\(e.profile) \(ending(e))"))
            item.append("_outcome", outcomeJSON(e))
            item.append("_statuses", .array(e.statuses.map { statusJSON($0, gateway: e.gateway) }))
            if !e.inbound.isEmpty { item.append("_inbound", .array(e.inbound.map { inboundJSON($0) })) }
            if !e.events.isEmpty { item.append("_events", .array(e.events.map { eventJSON($0) })) }
            return .object(item)
        }
        return ["log": ["version": "1.2", "creator": ["name": "wacon", "version": "0.1.0"], "entries": .array(items)]]
    }

    /// How the entry ended: outcome, code, category, message and retry hint.
    static func outcomeJSON(_ e: HistoryEntry) -> JSONValue {
        var o: JSONObject = ["outcome": .string(e.outcome)]
        o.set("vendor_code", e.vendorCode.map(JSONValue.string))
        o.set("category", e.category.map(JSONValue.string))
        o.set("vendor_message", e.vendorMessage.map(JSONValue.string))
        o.set("retry", e.retry.map(JSONValue.string))
        return .object(o)
    }

    /// One delivery status: the status, its times, its errors, and the callback body that
    /// carried it (parsed when it is JSON).
    static func statusJSON(_ s: RecordedStatus, gateway: String) -> JSONValue {
        var o: JSONObject = ["status": .string(s.status), "message_id": .string(s.messageID)]
        o.set("at", s.at.map { .string(stamp($0)) })
        o.append("received_at", .string(stamp(s.receivedAt)))
        let errors = s.failures(gateway: gateway)
        if !errors.isEmpty {
            o.append("errors", .array(errors.map { e in
                var x: JSONObject = [:]
                x.set("code", e.code.isEmpty ? nil : .string(e.code))
                x.set("title", e.title.map(JSONValue.string))
                x.set("details", e.details.map(JSONValue.string))
                x.set("category", e.category.map { .string($0.rawValue) })
                return .object(x)
            }))
        }
        if let raw = s.raw, !raw.isEmpty { o.append("callback", (try? JSONParser.parse(raw)) ?? .string(raw)) }
        return .object(o)
    }

    /// One message from the customer: what it is, whom it refers to, and the webhook body that
    /// carried it (parsed when it is JSON; absent in listings).
    public static func inboundJSON(_ m: RecordedInbound) -> JSONValue {
        var o: JSONObject = ["message_id": .string(m.messageID), "gateway": .string(m.gateway), "customer": .string(m.customer)]
        o.set("customer_user_id", m.customerUserID.map(JSONValue.string))
        o.set("name", m.customerName.map(JSONValue.string))
        o.append("type", .string(m.type))
        o.append("summary", .string(m.summary))
        o.set("context_id", m.contextID.map(JSONValue.string))
        o.set("entry_id", m.entryID.map { .number(JSONNumber(Int($0))) })
        o.set("at", m.at.map { .string(stamp($0)) })
        o.append("received_at", .string(stamp(m.receivedAt)))
        if !m.raw.isEmpty { o.append("webhook", (try? JSONParser.parse(m.raw)) ?? .string(m.raw)) }
        return .object(o)
    }

    /// One other webhook event: its kind, its line, its value, and the body (absent in listings).
    public static func eventJSON(_ e: RecordedWebhookEvent) -> JSONValue {
        var o: JSONObject = ["gateway": .string(e.gateway), "kind": .string(e.kind)]
        o.set("customer", e.customer.map(JSONValue.string))
        o.set("entry_id", e.entryID.map { .number(JSONNumber(Int($0))) })
        o.append("at", .string(stamp(e.at)))
        o.append("received_at", .string(stamp(e.receivedAt)))
        o.append("summary", .string(e.summary))
        o.append("value", (try? JSONParser.parse(e.value)) ?? .string(e.value))
        if !e.raw.isEmpty { o.append("webhook", (try? JSONParser.parse(e.raw)) ?? .string(e.raw)) }
        return .object(o)
    }

    /// A conversation as JSON (what `history conversation --json` prints): the customer, the
    /// ids they go by, the window at `now`, and the items oldest first, each with its
    /// `direction` (`sent`, `received`, `event`). A sent item carries the entry's list fields,
    /// its message, its `final_status` and every status; a received one is `inboundJSON`.
    public static func json(_ c: Conversation, now: Date = Date()) -> JSONValue {
        var window: JSONObject = ["summary": .string(c.window.summary(at: now))]
        switch c.window.state(at: now) {
        case .open(let closes):
            window.append("state", "open")
            window.append("closes_at", .string(stamp(closes)))
        case .closed(let since):
            window.append("state", "closed")
            window.append("closed_since", since.map { .string(stamp($0)) } ?? .null)
        }
        window.append("last_customer_message", c.window.lastCustomerMessage.map { .string(stamp($0)) } ?? .null)
        let items: [JSONValue] = c.items.map { item in
            switch item {
            case .sent(let e):
                var o: JSONObject = ["direction": "sent", "id": .number(JSONNumber(Int(e.id))), "at": .string(stamp(e.createdAt)),
                                     "gateway": .string(e.gateway), "recipient": .string(e.recipient), "kind": .string(e.kind),
                                     "summary": .string(e.contentSummary), "outcome": .string(e.outcome)]
                o.set("vendor_code", e.vendorCode.map(JSONValue.string))
                o.set("category", e.category.map(JSONValue.string))
                o.set("message_id", (e.messageID ?? e.requestID).map(JSONValue.string))
                o.append("final_status", e.finalStatus.map { .string($0.status) } ?? .null)
                o.append("statuses", .array(e.statuses.map { statusJSON($0, gateway: e.gateway) }))
                if !e.message.isEmpty { o.set("message", try? JSONParser.parse(e.message)) }
                return .object(o)
            case .received(let m):
                var o: JSONObject = ["direction": "received"]
                for (k, v) in inboundJSON(m).objectValue ?? [:] { o.append(k, v) }
                return .object(o)
            case .event(let ev):
                var o: JSONObject = ["direction": "event"]
                for (k, v) in eventJSON(ev).objectValue ?? [:] { o.append(k, v) }
                return .object(o)
            }
        }
        return ["customer": .string(c.customer), "identities": .array(c.identities.map(JSONValue.string)), "window": .object(window),
                "has_earlier": .bool(c.hasEarlier), "items": .array(items)]
    }

    /// The whole entry as JSON (what `history show --json` prints).
    public static func json(_ e: HistoryEntry) -> JSONValue {
        var o: JSONObject = ["id": .number(JSONNumber(Int(e.id))), "created_at": .string(ISO8601.string(e.createdAt)),
                             "gateway": .string(e.gateway), "profile": .string(e.profile), "recipient": .string(e.recipient),
                             "kind": .string(e.kind), "outcome": .string(e.outcome)]
        o.set("category", e.category.map(JSONValue.string))
        o.set("vendor_code", e.vendorCode.map(JSONValue.string))
        o.set("vendor_message", e.vendorMessage.map(JSONValue.string))
        o.set("message_id", e.messageID.map(JSONValue.string))
        o.set("request_id", e.requestID.map(JSONValue.string))
        o.set("http_status", e.httpStatus.map { .number(JSONNumber($0)) })
        o.set("retry", e.retry.map(JSONValue.string))
        o.set("scenario", e.scenario.map(JSONValue.string))
        o.append("attempts", .number(JSONNumber(e.attempts)))
        o.set("total_ms", e.totalMs.map { .number(JSONNumber($0)) })
        if !e.message.isEmpty { o.set("message", try? JSONParser.parse(e.message)) }
        o.set("options", e.options.flatMap { try? JSONParser.parse($0) })
        o.set("findings", e.findings.flatMap { try? JSONParser.parse($0) })
        if let r = e.request {
            o.append("request", ["method": .string(r.method), "url": .string(r.url),
                                 "headers": .array(r.headers.map { ["name": .string($0.name), "value": .string($0.value)] }),
                                 "body": (try? JSONParser.parse(r.body)) ?? .string(r.body)])
        }
        if let r = e.response {
            let text = String(decoding: r.body, as: UTF8.self)
            o.append("response", ["status": .number(JSONNumber(r.status)),
                                  "headers": .array(r.headers.map { ["name": .string($0.name), "value": .string($0.value)] }),
                                  "body": (try? JSONParser.parse(r.body)) ?? .string(text), "bytes": .number(JSONNumber(r.bytes)), "truncated": .bool(r.truncated)])
        }
        o.set("failure", e.failure.map(JSONValue.string))
        if !e.statuses.isEmpty {
            o.append("statuses", .array(e.statuses.map { statusJSON($0, gateway: e.gateway) }))
            o.set("final_status", e.finalStatus.map { .string($0.status) })
        }
        if !e.inbound.isEmpty || !e.events.isEmpty {
            o.append("replies", .number(JSONNumber(e.inbound.count)))
            if !e.inbound.isEmpty { o.append("inbound", .array(e.inbound.map { inboundJSON($0) })) }
            if !e.events.isEmpty { o.append("events", .array(e.events.map { eventJSON($0) })) }
        }
        return .object(o)
    }
}

extension HistoryExport {
    /// A moment in exports: ISO 8601 in UTC, with milliseconds (`2026-12-01T10:00:00.250Z`).
    static func stamp(_ date: Date) -> String { ISO8601.string(date, milliseconds: true) }
}

enum HTTPStatusText {
    static func text(_ code: Int) -> String {
        switch code {
        case 200: return "OK"
        case 202: return "Accepted"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return ""
        }
    }
}
