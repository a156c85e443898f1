import Foundation
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
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw .storage("cannot write \(path)")
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
                lines.append("-H \"\(h.name): \(h.value.replacingOccurrences(of: Redactor.mask, with: "${\(name)}"))\"")
            } else {
                lines.append("-H \(RequestFormatter.shellQuote("\(h.name): \(h.value)"))")
            }
        }
        lines.append("--data-raw \(RequestFormatter.shellQuote(pretty(r.body)))")
        return lines[0] + "\n" + lines.dropFirst().joined(separator: " \\\n  ") + "\n"
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
    public static func har(_ entries: [HistoryEntry]) -> JSONValue {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
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
            var item: JSONObject = ["startedDateTime": .string(iso.string(from: e.createdAt)), "time": .number(JSONNumber(total)),
                                    "request": .object(request), "response": .object(response), "cache": [:],
                                    "timings": ["send": 0, "wait": .number(JSONNumber(wait)), "receive": .number(JSONNumber(max(0, total - wait)))]]
            item.append("comment", .string("wacon #\(e.id) \(e.gateway)/\(e.profile) \(ending(e))"))
            item.append("_outcome", outcomeJSON(e))
            item.append("_statuses", .array(e.statuses.map { statusJSON($0, gateway: e.gateway, iso: iso) }))
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
    static func statusJSON(_ s: RecordedStatus, gateway: String, iso: ISO8601DateFormatter) -> JSONValue {
        var o: JSONObject = ["status": .string(s.status), "message_id": .string(s.messageID)]
        o.set("at", s.at.map { .string(iso.string(from: $0)) })
        o.append("received_at", .string(iso.string(from: s.receivedAt)))
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

    /// The whole entry as JSON (what `history show --json` prints).
    public static func json(_ e: HistoryEntry) -> JSONValue {
        var o: JSONObject = ["id": .number(JSONNumber(Int(e.id))), "created_at": .string(ISO8601DateFormatter().string(from: e.createdAt)),
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
            let iso = ISO8601DateFormatter()
            iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            o.append("statuses", .array(e.statuses.map { statusJSON($0, gateway: e.gateway, iso: iso) }))
        }
        return .object(o)
    }
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
