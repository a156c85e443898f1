import Foundation
import History
import Providers
import Sandbox
import Transport
import WhatsAppModel

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
}

/// What a front end does around a send: built-in profiles go to the sandbox (started in process
/// on first use), sandbox profiles may name a scenario and receive statuses through a local
/// receiver, and every send is recorded in the history file.
public actor SendSession {
    public let retention: RetentionPolicy
    let timeout: Duration
    /// Made on first use: the HTTP client's threads and the history file cost nothing until
    /// the first send (the console's start and idle memory stay small).
    private var transportStorage: Transport?
    private var historyStorage: HistoryStore??
    private let openHistory: @Sendable () -> HistoryStore?
    private var sandbox: SandboxServer?
    private var receiver: CallbackReceiver?
    /// Kinds of accepted messages by id: a reaction only ever gets `sent`.
    private var kinds: [String: MessageKind] = [:]
    /// Replies already written to history (a reply may be awaited more than once).
    private var recordedReplies = Set<String>()
    /// Sandbox settings for the in-process sandbox.
    let sandboxSettings: SandboxSettings

    public init(history: HistoryStore?, retention: RetentionPolicy = .default, timeout: Duration = .seconds(30),
                sandboxSettings: SandboxSettings = SandboxSettings(statusDelay: .milliseconds(50), loopbackCallbacksOnly: true)) {
        self.init(openHistory: { history }, retention: retention, timeout: timeout, sandboxSettings: sandboxSettings)
    }

    /// A session whose history is opened on first use by `openHistory`.
    public init(openHistory: @escaping @Sendable () -> HistoryStore?, retention: RetentionPolicy = .default, timeout: Duration = .seconds(30),
                sandboxSettings: SandboxSettings = SandboxSettings(statusDelay: .milliseconds(50), loopbackCallbacksOnly: true)) {
        self.openHistory = openHistory
        self.retention = retention
        self.timeout = timeout
        self.sandboxSettings = sandboxSettings
    }

    /// The history file (opened on first use).
    public var history: HistoryStore? {
        if let h = historyStorage { return h }
        let h = openHistory()
        historyStorage = .some(h)
        return h
    }

    var transport: Transport {
        if let t = transportStorage { return t }
        let t = Transport(configuration: TransportConfiguration(timeout: timeout))
        transportStorage = t
        return t
    }

    /// The in-process sandbox, started on first use.
    func inProcessSandbox() async throws -> SandboxServer {
        if let sandbox { return sandbox }
        let s = try await SandboxServer.start(settings: sandboxSettings)
        sandbox = s
        return s
    }

    /// The profile a send really uses: a built-in one points at the in-process sandbox.
    public func effectiveProfile(_ profile: Profile) async throws -> Profile {
        guard profile.isBuiltIn else { return profile }
        var p = try await inProcessSandbox().profile(for: profile.gateway)
        p.name = profile.name
        return p
    }

    // MARK: Flows

    /// Registers a Flow on the in-process sandbox (starting it if needed), so flow messages
    /// sent through built-in profiles are checked against it and can be completed. The id
    /// defaults to a 16-digit number derived from the name; the name to `flow_<id>`.
    /// Throws `FlowRegistrationError` for a non-numeric id or a name already taken.
    public func registerFlow(_ doc: FlowDocument, id: String? = nil, name: String? = nil) async throws -> (id: String, name: String) {
        let flow = try await inProcessSandbox().registerFlow(id: id, name: name, document: doc)
        return (flow.id, flow.name)
    }

    /// Has the in-process sandbox play the customer who completes the Flow that message
    /// `messageID` opened; returns the `nfm_reply` webhook body it posted. `response` is the
    /// customer's submission (nil: the sandbox walks the registered Flow with example values).
    /// The webhook reaches the receiver only when the send asked for statuses
    /// (`wantStatuses: true`); wait for it with `awaitReply(to:timeout:)`.
    /// Throws `FlowCompletionError` (unknown message, not a flow message, no response possible).
    public func completeFlow(messageID: String, response: JSONObject? = nil) async throws -> JSONValue {
        try await completeFlowReport(messageID: messageID, response: response).webhook
    }

    /// `completeFlow` with where the webhook went and whether the post failed, so a front end
    /// can say so at once instead of waiting for a reply that will not come.
    public func completeFlowReport(messageID: String, response: JSONObject? = nil) async throws -> FlowCompletion {
        guard let sandbox else { throw FlowCompletionError.unknownMessage(messageID) }
        return try await sandbox.completeFlow(messageID: messageID, response: response)
    }

    /// The customer's reply to `messageID` (a completed Flow's `nfm_reply`, a button tap), from
    /// wacon's receiver; nil when none arrives within `timeout` or the receiver never started
    /// (sends made without `wantStatuses`). The reply is recorded in history against the
    /// original message as a `replied` status carrying the webhook body.
    public func awaitReply(to messageID: String, timeout: Duration) async -> InboundMessage? {
        guard let receiver else { return nil }
        guard let reply = await receiver.collectReply(to: messageID, timeout: timeout) else { return nil }
        if !recordedReplies.contains(reply.id) {
            recordedReplies.insert(reply.id)
            // History keeps statuses per message; a reply is one more event in that timeline.
            _ = try? history?.attach(DeliveryStatus(gateway: reply.gateway, messageID: messageID, status: "replied",
                                                    timestamp: reply.timestamp, recipient: reply.from, raw: reply.raw))
        }
        return reply
    }

    /// Starts the status receiver (for sandbox profiles) if it is not running.
    public func statusReceiver() async throws -> CallbackReceiver {
        if let receiver { return receiver }
        let r = try await CallbackReceiver.start(appSecret: sandboxSettings.appSecret)
        receiver = r
        return r
    }

    /// Sends, records, and returns the report with its history id.
    public func send(_ message: OutboundMessage, gateway: any Gateway, profile: Profile, options: VendorOptions = VendorOptions(),
                     scenario: String? = nil, retry: RetryPolicy = .none, wantStatuses: Bool = false, force: Bool = false) async throws -> SessionSend {
        let effective = try await effectiveProfile(profile)
        var headers: [WireHeader] = []
        if effective.isSandbox {
            if let scenario { headers.append(WireHeader("X-Wacon-Scenario", scenario)) }
            if wantStatuses { headers.append(WireHeader("X-Wacon-Callback", try await statusReceiver().url(for: gateway.id))) }
        }
        let report = await Sender(transport: transport).send(message, gateway: gateway, profile: effective, options: options, retry: retry, extraHeaders: headers, force: force)
        if case .accepted(let a)? = report.outcome, let id = a.messageID ?? a.requestID { kinds[id] = message.kind }
        var result = SessionSend(report: report)
        if let history {
            do {
                let draft = HistoryDraft(report: report, message: message, options: options.over(profile.defaults),
                                         scenario: effective.isSandbox ? scenario : nil, bodyCap: retention.bodyCap)
                result.historyID = try history.record(draft)
            } catch {
                result.historyError = error.description
            }
        }
        return result
    }

    /// Waits for statuses of `ids` (from the receiver), records each in history, and hands each
    /// to `each` as it arrives. Returns the statuses and the first history error, if any.
    public func collectStatuses(ids: Set<String>, timeout: Duration, each: @escaping @Sendable (DeliveryStatus) -> Void = { _ in }) async -> (statuses: [DeliveryStatus], historyError: String?) {
        guard let receiver else { return ([], nil) }
        let history = self.history
        let kinds = self.kinds
        let errors = ErrorBox()
        let statuses = await receiver.collect(ids: ids, timeout: timeout, isFinal: { s in
            kinds[s.messageID] == .reaction ? (s.status == "sent" || s.status == "failed") : s.isFinal
        }) { status in
            do { try history?.attach(status) } catch { errors.set("\(error)") }
            each(status)
        }
        return (statuses, errors.first)
    }

    /// The first error from the status callback (which runs outside the actor).
    final class ErrorBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: String?
        var first: String? { lock.withLock { value } }
        func set(_ e: String) { lock.withLock { if value == nil { value = e } } }
    }

    /// Retention and a WAL checkpoint, after the sends (a send never waits for them).
    public func maintainHistory() -> String? {
        do { try history?.maintain(retention) } catch { return error.description }
        return nil
    }

    public func close() async {
        await receiver?.stop()
        await transportStorage?.shutdown()
        await sandbox?.stop()
    }
}
