#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import Session
import Transport
import WhatsAppModel

/// How `wacon send` shows a report: lines for people, JSON for scripts.
enum SendPrinter {
    /// The exit status of a job: its verdict's, or 6 when everything was accepted but an exchange
    /// could not be recorded (the history file is damaged, full, read-only…).
    static func exitCode(_ result: SendJobResult) -> Int32 {
        let code = exitCode(result.verdict)
        return code == 0 && result.historyFailed ? 6 : code
    }

    /// The exit status for a verdict: 0 accepted, 1 invalid, 3 rejected or unreadable, 4 no
    /// answer, 5 accepted and then failed.
    static func exitCode(_ v: SendVerdict) -> Int32 {
        switch v {
        case .accepted: return 0
        case .invalid: return 1
        case .rejected: return 3
        case .transportFailure: return 4
        case .failedAfterAccept: return 5
        }
    }

    static func ms(_ d: Duration?) -> String { d?.text ?? "-" }

    /// One send's lines. In a batch (`index` and `recipient` given) the line starts with the
    /// send's number and recipient as listed, and its findings follow it on standard output,
    /// so each send's lines stay together and in order.
    static func print(_ sent: SessionSend, index: Int?, recipient: String? = nil) {
        let r = sent.report
        // A vendor may echo the key back (in a body, a message): never print it.
        let redactor = Redactor(report: r)
        let print: (String) -> Void = { wacon.print(redactor.text($0)) }
        let prefix = index.map { "[\($0)] " + (recipient.map { "\($0)  " } ?? "") } ?? ""
        defer {
            if index != nil { printFindings(r.preparation.findings) { print("  " + $0) } }
            if let id = sent.historyID { Swift.print("  history #\(id)") }
        }
        if index == nil { printFindings(r.preparation.findings, to: printError) }
        guard let outcome = r.outcome, !r.attempts.isEmpty else {
            print("\(prefix)invalid: not sent (\(r.preparation.findings.errors.count) error(s))")
            return
        }
        let tries = r.attempts.count > 1 ? ", \(r.attempts.count) attempts" : ""
        let timing = "\(ms(r.elapsed))\(tries)"
        switch outcome {
        case .accepted(let a):
            var parts = ["accepted", a.messageID ?? a.requestID ?? "(no id)"]
            if let s = a.status { parts.append("status \(s)") }
            if let code = a.vendorCode { parts.append(code) }
            print("\(prefix)\(parts.joined(separator: "  "))  HTTP \(a.httpStatus)  \(timing)")
            for n in a.notes { print("  note: \(n)") }
        case .rejected(let x):
            print("\(prefix)rejected  \(x.vendorCode ?? "-")  \(x.category.rawValue)  \(x.retry)  HTTP \(x.httpStatus)  \(timing)")
            if let m = x.vendorMessage { print("  message: \(m)") }
            if let d = x.details { print("  details: \(d)") }
            if let m = x.meaning { print("  meaning: \(m)") }
            if let t = x.fbtraceID { print("  fbtrace_id: \(t)") }
            print("  body: \(String(decoding: x.rawBody, as: UTF8.self))")
        case .unexpected(let u):
            print("\(prefix)unexpected response  \(u.category.rawValue)  \(u.retry)  HTTP \(u.httpStatus)  \(timing)")
            print("  reason: \(u.reason)")
            print("  body: \(String(decoding: u.rawBody.prefix(2000), as: UTF8.self))")
        case .transportFailed(let f):
            print("\(prefix)transport failure  \(f.kind.rawValue)  \(f.retry)  \(timing)")
            print("  \(f.message)")
        }
    }

    static func line(_ s: DeliveryStatus) -> String {
        var l = "status  \(s.messageID)  \(s.status)"
        for e in s.errors { l += "  \(e.code) \(e.title ?? "")" + (e.category.map { " (\($0.rawValue))" } ?? "") }
        return l
    }

    static func json(_ sent: SessionSend) -> JSONValue {
        let r = sent.report
        let redactor = Redactor(report: r)
        var o: JSONObject = ["gateway": .string(r.gateway.rawValue), "profile": .string(r.profile),
                             "findings": .array(r.preparation.findings.map(\.json))]
        o.set("history_id", sent.historyID.map { .number(JSONNumber(Int($0))) })
        switch r.outcome {
        case nil: o.append("result", "invalid")
        case .accepted(let a)?:
            o.append("result", "accepted")
            o.set("message_id", a.messageID.map(JSONValue.string))
            o.set("request_id", a.requestID.map(JSONValue.string))
            o.set("status", a.status.map(JSONValue.string))
            o.append("http_status", .number(JSONNumber(a.httpStatus)))
        case .rejected(let x)?:
            o.append("result", "rejected")
            o.set("vendor_code", x.vendorCode.map(JSONValue.string))
            o.set("vendor_message", x.vendorMessage.map(JSONValue.string))
            o.set("details", x.details.map(JSONValue.string))
            o.append("category", .string(x.category.rawValue))
            o.append("retry", .string(x.retry.id))
            o.append("http_status", .number(JSONNumber(x.httpStatus)))
        case .unexpected(let u)?:
            o.append("result", "unexpected")
            o.append("reason", .string(u.reason))
            o.append("category", .string(u.category.rawValue))
            o.append("http_status", .number(JSONNumber(u.httpStatus)))
        case .transportFailed(let f)?:
            o.append("result", "transport-failure")
            o.append("kind", .string(f.kind.rawValue))
            o.append("message", .string(f.message))
        }
        if let last = r.attempts.last {
            o.append("attempts", .number(JSONNumber(r.attempts.count)))
            o.append("elapsed_ms", .number(JSONNumber((r.elapsed ?? last.exchange.total).milliseconds.rounded())))
            o.append("raw_body", .string(String(decoding: last.outcome.rawBody, as: UTF8.self)))
        }
        return (try? JSONParser.parse(redactor.text(JSONWriter.compactString(.object(o))))) ?? .object(o)
    }

    static func attach(_ statuses: [DeliveryStatus], to result: JSONValue) -> JSONValue {
        guard var o = result.objectValue else { return result }
        let id = o["message_id"]?.stringValue ?? o["request_id"]?.stringValue
        let mine = statuses.filter { $0.messageID == id }
        o.append("statuses", .array(mine.map { s in
            var st: JSONObject = ["status": .string(s.status)]
            if !s.errors.isEmpty { st.append("errors", .array(s.errors.map { ["code": .string($0.code), "title": .string($0.title ?? "")] })) }
            return .object(st)
        }))
        return .object(o)
    }
}
