#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

/// A finished run written for a CI system or a script: JUnit XML (the cases grouped by file),
/// the JSON of `docs/schemas/test-report.schema.json`, or TAP version 14.
public enum SuiteReport: String, Sendable, CaseIterable {
    case junit
    case json
    case tap

    /// The report's text (UTF-8, ending with a newline).
    public func render(_ summary: SuiteSummary, startedAt: Date = Date(), hostname: String = ProcessInfo.processInfo.hostName) -> String {
        switch self {
        case .junit: return Self.junit(summary, startedAt: startedAt, hostname: hostname)
        case .json: return JSONWriter.prettyString(Self.json(summary, startedAt: startedAt)) + "\n"
        case .tap: return Self.tap(summary)
        }
    }

    // MARK: JSON

    /// The report's format version (the `wacon_test_report` member).
    public static let jsonFormat = 1

    /// The run as one JSON object.
    public static func json(_ summary: SuiteSummary, startedAt: Date) -> JSONValue {
        var totals = JSONObject()
        totals.append("cases", .number(JSONNumber(summary.results.count)))
        totals.append("passed", .number(JSONNumber(summary.passed)))
        totals.append("failed", .number(JSONNumber(summary.failed)))
        totals.append("errors", .number(JSONNumber(summary.errors)))
        totals.append("duration_ms", .number(JSONNumber(milliseconds(summary.duration))))
        var o = JSONObject()
        o.append("wacon_test_report", .number(JSONNumber(jsonFormat)))
        o.append("started_at", .string(ISO8601.string(startedAt)))
        o.append("summary", .object(totals))
        o.append("cases", .array(summary.results.map(caseJSON)))
        return .object(o)
    }

    /// One case as the JSON report has it.
    public static func caseJSON(_ r: CaseResult) -> JSONValue {
        var o = JSONObject()
        o.append("name", .string(r.suiteCase.name))
        o.append("file", .string(r.suiteCase.file))
        o.append("gateway", r.suiteCase.profile.map { .string($0.gateway.rawValue) } ?? .null)
        o.append("profile", r.suiteCase.profile.map { .string($0.name) } ?? .null)
        o.append("row", r.suiteCase.row.map { .number(JSONNumber($0)) } ?? .null)
        o.append("result", .string(word(r.verdict)))
        o.append("duration_ms", .number(JSONNumber(milliseconds(r.duration))))
        o.append("history_id", r.historyID.map { .number(JSONNumber(Int($0))) } ?? .null)
        if let seen = r.observation {
            var s = JSONObject()
            s.append("outcome", .string(CaseExpectation.Outcome(seen.verdict).rawValue))
            s.append("code", seen.code.map(JSONValue.string) ?? .null)
            s.append("message_id", seen.messageID.map(JSONValue.string) ?? .null)
            s.append("statuses", .array(seen.statuses.map { .string($0.status) }))
            s.append("findings", .array(seen.findings.map { f in
                ["severity": .string(f.severity.rawValue), "rule": .string(f.rule.rawValue), "path": .string(f.path.display), "message": .string(f.message)]
            }))
            s.append("reply", seen.reply.map { reply in ["type": .string(reply.replyType), "fields": .object(reply.replyFields)] } ?? .null)
            s.append("problems", .array(seen.problems.map(JSONValue.string)))
            o.append("observed", .object(s))
        } else {
            o.append("observed", .null)
        }
        switch r.verdict {
        case .passed:
            o.append("mismatches", .array([]))
        case .failed(let m):
            o.append("mismatches", .array(m.map { ["field": .string($0.field), "expected": .string($0.expected), "actual": .string($0.actual)] }))
        case .error(let why):
            o.append("mismatches", .array([]))
            o.append("error", .string(why))
        }
        return .object(o)
    }

    // MARK: JUnit

    /// JUnit XML as CI systems read it: `testsuites`, one `testsuite` per file, a `testcase`
    /// per case with a `failure` (expected and actual) or an `error` (it could not run), and
    /// the history entry in `system-out`.
    public static func junit(_ summary: SuiteSummary, startedAt: Date, hostname: String) -> String {
        var byFile: [(file: String, results: [CaseResult])] = []
        var index: [String: Int] = [:]
        for r in summary.results {
            if let i = index[r.suiteCase.file] { byFile[i].results.append(r) } else {
                index[r.suiteCase.file] = byFile.count
                byFile.append((r.suiteCase.file, [r]))
            }
        }
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x += "<testsuites name=\"wacon test\" tests=\"\(summary.results.count)\" failures=\"\(summary.failed)\" errors=\"\(summary.errors)\" time=\"\(secondsText(summary.duration))\">\n"
        for (i, group) in byFile.enumerated() {
            let failures = group.results.filter { if case .failed = $0.verdict { return true }; return false }.count
            let errors = group.results.filter { if case .error = $0.verdict { return true }; return false }.count
            let time = group.results.reduce(Duration.zero) { $0 + $1.duration }
            x += "  <testsuite name=\"\(xml(group.file))\" id=\"\(i)\" package=\"wacon\" tests=\"\(group.results.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"0\""
            x += " time=\"\(secondsText(time))\" timestamp=\"\(WallClock.utc.format(group.results.first?.startedAt ?? startedAt, "yyyy-MM-ddTHH:mm:ss"))\" hostname=\"\(xml(hostname))\">\n"
            for r in group.results {
                x += "    <testcase name=\"\(xml(r.suiteCase.name))\" classname=\"\(xml(className(r.suiteCase.file)))\" time=\"\(secondsText(r.duration))\""
                var body = ""
                switch r.verdict {
                case .passed: break
                case .failed(let m):
                    body += "      <failure message=\"\(xml(m.map { "\($0.field): expected \($0.expected), got \($0.actual)" }.joined(separator: "; ")))\" type=\"mismatch\">"
                    body += xml(diff(m)) + "</failure>\n"
                case .error(let why):
                    body += "      <error message=\"\(xml(why))\" type=\"setup\">\(xml(why))</error>\n"
                }
                var out: [String] = []
                if let seen = r.observation {
                    out.append("observed: \(seen.outcomeText)")
                    out.append(contentsOf: seen.problems)
                }
                if let id = r.historyID { out.append("history \(id): wacon history show \(id)") }
                if !out.isEmpty { body += "      <system-out>\(xml(out.joined(separator: "\n")))</system-out>\n" }
                x += body.isEmpty ? "/>\n" : ">\n" + body + "    </testcase>\n"
            }
            x += "  </testsuite>\n"
        }
        x += "</testsuites>\n"
        return x
    }

    /// `examples/suites/meta-text.json` as a JUnit class name: `examples.suites.meta-text`.
    static func className(_ file: String) -> String {
        var f = file
        if f.lowercased().hasSuffix(".json") { f = String(f.dropLast(5)) }
        while f.hasPrefix("./") { f = String(f.dropFirst(2)) }
        return f.replacing("/", with: ".")
    }

    /// Text made safe in XML 1.0 character data and attribute values: the five entities, and
    /// characters XML 1.0 cannot carry at all (most control characters) written as `\u{…}`.
    static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            default:
                let v = scalar.value
                if v < 0x20 || (0xD800...0xDFFF).contains(v) || v == 0xFFFE || v == 0xFFFF {
                    out += "\\u{\(String(v, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    // MARK: TAP

    /// TAP version 14: the plan, a test point per case (`# time` and the history id in its
    /// description's directive-free tail), and for a failure or error a YAML block with what
    /// was expected and what came.
    public static func tap(_ summary: SuiteSummary) -> String {
        var t = "TAP version 14\n1..\(summary.results.count)\n"
        for (i, r) in summary.results.enumerated() {
            var description = tapEscape(r.suiteCase.name) + " (\(secondsText(r.duration)) s"
            if let id = r.historyID { description += ", history \(id)" }
            description += ")"
            t += (r.verdict.passed ? "ok" : "not ok") + " \(i + 1) - \(description)\n"
            switch r.verdict {
            case .passed: break
            case .failed(let m):
                t += "  ---\n  message: \(yaml("expectations not met"))\n  severity: fail\n  mismatches:\n"
                for x in m {
                    t += "    - field: \(yaml(x.field))\n      expected: \(yaml(x.expected))\n      actual: \(yaml(x.actual))\n"
                }
                if let id = r.historyID { t += "  history_id: \(id)\n" }
                t += "  ...\n"
            case .error(let why):
                t += "  ---\n  message: \(yaml(why))\n  severity: error\n  ...\n"
            }
        }
        t += "# \(tapEscape(summary.line))\n"
        return t
    }

    /// A test point's description: `#` starts a directive and `\` escapes, so both are escaped;
    /// a line break would end the line, so it is written as a space; other control characters
    /// (a file name may hold any) are written as `\u{1B}`, never sent to a terminal.
    static func tapEscape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "#": out += "\\#"
            case "\n", "\r": out += " "
            default:
                if scalar.properties.generalCategory == .control {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A YAML scalar: a JSON string, which YAML reads as a double-quoted scalar.
    static func yaml(_ s: String) -> String { JSONWriter.compactString(.string(s)) }

    // MARK: Text

    /// What was expected and what came, one member per pair of lines, as the terminal and the
    /// JUnit failure show it:
    ///
    /// ```
    /// outcome  - rejected
    ///          + accepted
    /// ```
    public static func diff(_ mismatches: [CaseMismatch]) -> String {
        let width = mismatches.map(\.field.count).max() ?? 0
        return mismatches.map { m in
            let pad = String(repeating: " ", count: width - m.field.count)
            return "\(m.field)\(pad)  - \(m.expected)\n\(String(repeating: " ", count: width))  + \(m.actual)"
        }.joined(separator: "\n")
    }

    /// The result in a word: `passed`, `failed`, `error`.
    public static func word(_ v: CaseVerdict) -> String {
        switch v {
        case .passed: return "passed"
        case .failed: return "failed"
        case .error: return "error"
        }
    }

    /// Milliseconds to the microsecond.
    static func milliseconds(_ d: Duration) -> Double { (d.milliseconds * 1000).rounded() / 1000 }

    static func secondsText(_ d: Duration) -> String { NumberText.fixed(d.seconds, places: 3) }
}
