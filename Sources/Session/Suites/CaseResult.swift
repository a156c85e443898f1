#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

/// What running a case saw: how the send ended, the code, the statuses, the findings, the
/// customer's reply. A case's expectation is checked against it; "save as case" records it.
public struct CaseObservation: Sendable {
    public var verdict: SendVerdict
    /// The vendor's code: the refusal's, else the failed status's.
    public var code: String?
    /// What the refusal or the failure said (`Insufficient balance`).
    public var codeTitle: String?
    /// Statuses in the order they arrived.
    public var statuses: [DeliveryStatus]
    /// The validator's findings about the message (with the template library's).
    public var findings: [Finding]
    public var reply: InboundMessage?
    /// The gateway's message id when it accepted.
    public var messageID: String?
    /// The history entry of the exchange.
    public var historyID: Int64?
    /// What did not come or could not be done (no status within the wait, a history error).
    public var problems: [String]

    public init(verdict: SendVerdict, code: String? = nil, codeTitle: String? = nil, statuses: [DeliveryStatus] = [], findings: [Finding] = [],
                reply: InboundMessage? = nil, messageID: String? = nil, historyID: Int64? = nil, problems: [String] = []) {
        self.verdict = verdict
        self.code = code
        self.codeTitle = codeTitle
        self.statuses = statuses
        self.findings = findings
        self.reply = reply
        self.messageID = messageID
        self.historyID = historyID
        self.problems = problems
    }

    /// What a send came to: its verdict, code and findings from the report, then what the
    /// statuses say (a failure makes it `failed` with the status's code) and the reply.
    public init(sent: SessionSend, statuses: [DeliveryStatus] = [], reply: InboundMessage? = nil) {
        self.init(verdict: SendVerdict(sent.report), findings: sent.report.preparation.findings, reply: reply, messageID: sent.acceptedID,
                  historyID: sent.historyID, problems: sent.historyError.map { [$0] } ?? [])
        switch sent.report.outcome {
        case .rejected(let r)?:
            code = r.vendorCode
            codeTitle = r.vendorMessage ?? r.meaning
        case .unexpected(let u)?:
            codeTitle = "HTTP \(u.httpStatus)"
        case .transportFailed(let f)?:
            codeTitle = f.description
        default:
            break
        }
        take(statuses)
    }

    /// Takes in the statuses that came: a failure makes an accepted send `failed`, with the
    /// status's code.
    public mutating func take(_ statuses: [DeliveryStatus]) {
        self.statuses = statuses
        if verdict == .accepted, let failure = statuses.first(where: \.isFailure) {
            verdict = .failedAfterAccept
            code = failure.errors.first?.code
            codeTitle = failure.errors.first?.title
        }
    }

    /// The final status by rank (a failure wins), nil before any.
    public var finalStatus: String? { DeliveryStatus.final(of: statuses, word: \.status)?.status }

    /// `rejected (E110 Insufficient balance)`, `accepted, then failed (131047)`, `accepted (read)`.
    public var outcomeText: String {
        var s = CaseExpectation.Outcome(verdict).rawValue
        var detail: [String] = []
        if let code { detail.append([code, codeTitle].compactMap { $0 }.joined(separator: " ")) }
        if verdict == .accepted, let f = finalStatus { detail.append(f) }
        // Why it was not sent: the errors, by rule and field.
        if verdict == .invalid {
            let errors = findings.filter(\.isError)
            detail += errors.prefix(2).map { "\($0.rule.rawValue) at \($0.path.display)" }
            if errors.count > 2 { detail.append("\(errors.count - 2) more") }
        }
        if !detail.isEmpty { s += " (" + detail.joined(separator: ", ") + ")" }
        return s
    }
}

/// One way a case did not come out as expected: what was expected and what came.
public struct CaseMismatch: Sendable, Hashable {
    /// The expectation's member: `outcome`, `code`, `status`, `findings`, `reply.fields.email`.
    public var field: String
    public var expected: String
    public var actual: String

    public init(field: String, expected: String, actual: String) {
        self.field = field
        self.expected = expected
        self.actual = actual
    }
}

extension CaseExpectation {
    /// Every way `seen` differs from the expectation; empty when the case passes.
    public func mismatches(_ seen: CaseObservation) -> [CaseMismatch] {
        var out: [CaseMismatch] = []
        if let want = checkedOutcome, want.verdict != seen.verdict {
            out.append(CaseMismatch(field: "outcome", expected: want.rawValue, actual: seen.outcomeText))
        }
        if let code, code != seen.code {
            out.append(CaseMismatch(field: "code", expected: code, actual: seen.code.map { [$0, seen.codeTitle].compactMap { $0 }.joined(separator: " ") } ?? "none"))
        }
        if let status, !Self.reached(status, in: seen.statuses) {
            let came = seen.statuses.map(\.status)
            out.append(CaseMismatch(field: "status", expected: "\(status) within \(Self.seconds(within)) s",
                                    actual: came.isEmpty ? "no status" : came.joined(separator: ", ")))
        }
        let rules = Set(seen.findings.map(\.rule.rawValue))
        let missing = findings.filter { !rules.contains($0) }
        if !missing.isEmpty {
            out.append(CaseMismatch(field: "findings", expected: missing.joined(separator: ", "),
                                    actual: rules.isEmpty ? "no findings" : rules.sorted().joined(separator: ", ")))
        }
        if let reply {
            if let got = seen.reply {
                if let t = reply.type, t != got.replyType {
                    out.append(CaseMismatch(field: "reply.type", expected: t, actual: got.replyType))
                }
                let fields = got.replyFields
                for (key, value) in reply.fields where fields[key] != value {
                    out.append(CaseMismatch(field: "reply.fields.\(key)", expected: JSONWriter.compactString(value),
                                            actual: fields[key].map(JSONWriter.compactString) ?? "absent"))
                }
            } else {
                out.append(CaseMismatch(field: "reply", expected: "\(reply.type ?? "a reply") within \(Self.seconds(within)) s", actual: "no reply"))
            }
        }
        return out
    }

    /// True when `statuses` reach `word`: a failure for `failed`, else a status of at least its
    /// rank with no failure.
    static func reached(_ word: String, in statuses: [DeliveryStatus]) -> Bool {
        if DeliveryStatus.isFailure(word) { return statuses.contains(where: \.isFailure) }
        guard !statuses.contains(where: \.isFailure), let want = DeliveryStatus.rank(word) else { return false }
        return statuses.contains { ($0.rank ?? -1) >= want }
    }

    /// `10`, `2.5`.
    static func seconds(_ s: Double) -> String { s == s.rounded() ? String(Int(s)) : String(s) }

    /// The expectation that records what was just seen (the console's "save as case"): its
    /// outcome and code, the final status it reached, the errors' and warnings' rules, the
    /// reply's type and fields; `given` as it was run.
    public init(recording seen: CaseObservation, given: CaseSetup = CaseSetup()) {
        self.init(given: given, outcome: Outcome(seen.verdict), code: seen.code)
        if seen.verdict == .accepted, let f = seen.finalStatus { status = f }
        findings = Array(Set(seen.findings.filter { $0.severity != .note }.map(\.rule.rawValue))).sorted()
        if let r = seen.reply { reply = ExpectedReply(type: r.replyType, fields: r.replyFields.removing("flow_token")) }
    }
}

extension JSONObject {
    /// The object without `key`.
    func removing(_ key: String) -> JSONObject { JSONObject(members.filter { $0.key != key }) }
}

/// How one case came out.
public enum CaseVerdict: Sendable, Hashable {
    case passed
    /// It ran, and came out otherwise than expected.
    case failed([CaseMismatch])
    /// It could not run: an unreadable file, a setup the profile cannot do, the sandbox down.
    case error(String)

    public var passed: Bool { self == .passed }
}

/// One case's result, as the run reports it.
public struct CaseResult: Sendable {
    /// The case (its id is its place in the run).
    public var suiteCase: SuiteCase
    public var verdict: CaseVerdict
    /// From the setup to the last check.
    public var duration: Duration
    public var observation: CaseObservation?
    /// When it started.
    public var startedAt: Date

    public init(suiteCase: SuiteCase, verdict: CaseVerdict, duration: Duration, observation: CaseObservation? = nil, startedAt: Date = Date()) {
        self.suiteCase = suiteCase
        self.verdict = verdict
        self.duration = duration
        self.observation = observation
        self.startedAt = startedAt
    }

    public var historyID: Int64? { observation?.historyID }

    /// The duration in seconds.
    public var seconds: Double { duration.seconds }
}

/// How a whole run came out.
public struct SuiteSummary: Sendable {
    /// Every case's result, in the run's order.
    public var results: [CaseResult]
    /// Wall time from the first case to the last.
    public var duration: Duration

    /// How many cases the run had (more than `results` when it was stopped).
    public var planned: Int

    public init(results: [CaseResult], duration: Duration, planned: Int? = nil) {
        self.results = results
        self.duration = duration
        self.planned = planned ?? results.count
    }

    /// Cases a stopped run never started.
    public var notRun: Int { max(0, planned - results.count) }

    public var passed: Int { results.filter(\.verdict.passed).count }
    public var failed: Int { results.filter { if case .failed = $0.verdict { return true }; return false }.count }
    public var errors: Int { results.filter { if case .error = $0.verdict { return true }; return false }.count }
    public var allPassed: Bool { passed == results.count && notRun == 0 }

    /// `12 cases: 11 passed, 1 failed in 1.42 s (8.5 cases/s)`.
    public var line: String {
        let seconds = duration.seconds
        var parts = ["\(passed) passed"]
        if failed > 0 { parts.append("\(failed) failed") }
        if errors > 0 { parts.append("\(errors) could not run") }
        if notRun > 0 { parts.append("\(notRun) not run (stopped)") }
        let rate = seconds > 0 ? " (\(NumberText.fixed(Double(results.count) / seconds, places: 1)) cases/s)" : ""
        return "\(results.count) case\(results.count == 1 ? "" : "s"): " + parts.joined(separator: ", ") + " in \(NumberText.fixed(seconds, places: 2)) s" + rate
    }
}

/// What a run reports as it goes.
public enum SuiteEvent: Sendable {
    /// A case started (in any order, as workers take them).
    case started(SuiteCase)
    /// A case finished; these come in the run's order, whatever order the cases ran in.
    case finished(CaseResult)
}
