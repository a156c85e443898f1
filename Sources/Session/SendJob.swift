#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import History
import Providers
import Transport
import WhatsAppModel

/// What a front end asks the session to send: one message through one gateway and profile, to
/// its own recipient or to a list of them, with the sandbox scenario, retries and status
/// following it wants. The CLI builds one from its arguments, the console from its form, replay
/// from a history entry.
public struct SendJob: Sendable {
    public var message: OutboundMessage
    public var gateway: GatewayID
    public var profile: Profile
    /// The message's own vendor options; the profile's defaults fill in the rest.
    public var options: VendorOptions
    /// A sandbox scenario by name (checked before anything is sent).
    public var scenario: String?
    public var retry: RetryPolicy
    /// Wait for delivery statuses (a sandbox profile's receiver) and report each as it arrives.
    public var followStatuses: Bool
    /// How long to wait for statuses after the last send.
    public var statusTimeout: Duration
    /// Send even when validation finds errors (to see what the gateway says).
    public var force: Bool
    /// Record the exchange in the history file.
    public var record: Bool
    /// Send to each of these instead of the message's recipient, paced at `rate` per second.
    public var recipients: [String]?
    /// Messages per second for `recipients`; 0 sends them as fast as they go.
    public var rate: Double
    /// What was changed in making the job that the user should hear (a replay's scenario left
    /// behind).
    public var notes: [String] = []

    public init(message: OutboundMessage, gateway: GatewayID, profile: Profile, options: VendorOptions = VendorOptions(),
                scenario: String? = nil, retry: RetryPolicy = .none, followStatuses: Bool = false, statusTimeout: Duration = .seconds(10),
                force: Bool = false, record: Bool = true, recipients: [String]? = nil, rate: Double = 0) {
        self.message = message
        self.gateway = gateway
        self.profile = profile
        self.options = options
        self.scenario = scenario
        self.retry = retry
        self.followStatuses = followStatuses
        self.statusTimeout = statusTimeout
        self.force = force
        self.record = record
        self.recipients = recipients
        self.rate = rate
    }
}

/// What a send came to, from the front ends' point of view, worst last: the order `SendJob`
/// batches use to say how a batch went.
public enum SendVerdict: Int, Sendable, Hashable, Comparable, CaseIterable {
    case accepted
    /// Validation found errors: nothing was sent.
    case invalid
    /// The gateway refused it, or answered something unreadable.
    case rejected
    /// No answer: timeout, refused or reset connection.
    case transportFailure
    /// Accepted, then a `failed` delivery status.
    case failedAfterAccept

    public static func < (a: SendVerdict, b: SendVerdict) -> Bool { a.severity < b.severity }

    /// How bad: a failure after acceptance is the worst news (the message looked fine).
    private var severity: Int {
        switch self {
        case .accepted: return 0
        case .invalid: return 1
        case .rejected: return 2
        case .transportFailure: return 3
        case .failedAfterAccept: return 4
        }
    }

    /// The verdict of one report (before any status arrived).
    public init(_ report: SendReport) {
        switch report.outcome {
        case nil: self = .invalid
        case .accepted?: self = .accepted
        case .rejected?, .unexpected?: self = .rejected
        case .transportFailed?: self = .transportFailure
        }
    }
}

/// The result of one send through a session.
public struct SessionSend: Sendable {
    public var report: SendReport
    /// The history entry's id, once it is committed.
    public var historyID: Int64?
    /// Why recording failed (the send itself is unaffected).
    public var historyError: String?

    public init(report: SendReport, historyID: Int64? = nil, historyError: String? = nil) {
        self.report = report
        self.historyID = historyID
        self.historyError = historyError
    }

    /// The message or request id the gateway gave, when it accepted.
    public var acceptedID: String? {
        if case .accepted(let a)? = report.outcome { return a.messageID ?? a.requestID }
        return nil
    }
}

/// What running a job reports, as it happens.
public enum SendEvent: Sendable {
    /// One send is done; `index` counts from 1 when the job has a recipient list.
    case sent(SessionSend, index: Int?)
    /// A delivery status arrived (recorded in history with its send).
    case status(DeliveryStatus)
    /// Something the user should know that is not a send's outcome (history upkeep failed).
    case problem(String)
}

/// What a whole job came to.
public struct SendJobResult: Sendable {
    public var sends: [SessionSend]
    public var statuses: [DeliveryStatus]

    /// The worst verdict of all the sends, a failed status after acceptance counting as the worst.
    public var verdict: SendVerdict { verdicts.max() ?? .invalid }

    /// Each send's verdict, in the order sent: an accepted send whose status then failed
    /// (Meta's `failed`, Kaleyra's `not-sent`) is `failedAfterAccept`.
    public var verdicts: [SendVerdict] {
        let failedIDs = Set(statuses.filter(\.isFailure).map(\.messageID))
        return sends.map { s -> SendVerdict in
            if let id = s.acceptedID, failedIDs.contains(id) { return .failedAfterAccept }
            return SendVerdict(s.report)
        }
    }

    /// One line for a batch: `4 sends: 2 accepted, 1 rejected, 1 invalid (not sent)`, the
    /// verdicts in the order of `SendVerdict`'s cases, only those that occurred.
    public var summary: String {
        let all = verdicts
        let counts: [(SendVerdict, String)] = [(.accepted, "accepted"), (.failedAfterAccept, "accepted, then failed"), (.invalid, "invalid (not sent)"),
                                               (.rejected, "rejected"), (.transportFailure, "transport failure")]
        let parts = counts.compactMap { v, name -> String? in
            let n = all.filter { $0 == v }.count
            return n == 0 ? nil : "\(n) \(name)"
        }
        return "\(all.count) send\(all.count == 1 ? "" : "s"): " + parts.joined(separator: ", ")
    }

    /// True when some exchange could not be recorded in the history file.
    public var historyFailed: Bool { sends.contains { $0.historyError != nil } }
}

/// Why a job cannot start.
public enum SendJobError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `--scenario` with a profile that sends to a real vendor.
    case scenarioNeedsSandbox(profile: String, endpoint: String)
    case unknownScenario(String)
    case scenarioNotForGateway(scenario: String, gateways: [String], gateway: GatewayID)
    /// The in-process sandbox (or the status receiver) could not start.
    case sandbox(String)

    public var description: String {
        switch self {
        case .scenarioNeedsSandbox(let p, let endpoint): return "--scenario needs a sandbox profile; \"\(p)\" sends to \(endpoint)"
        case .unknownScenario(let name): return "unknown scenario \"\(name)\"; `wacon sandbox --list-scenarios` lists them"
        case .scenarioNotForGateway(let s, let gs, let g): return "scenario \"\(s)\" is for \(gs.joined(separator: ", ")), not \(g)"
        case .sandbox(let why): return "cannot start the sandbox: \(why)"
        }
    }
}
