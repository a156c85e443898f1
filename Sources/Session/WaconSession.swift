import Config
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import History
import Providers
import Sandbox
import Transport
import WhatsAppModel

/// Where the session keeps its history and how long it waits: settings the front ends read
/// from the config once and hand over.
public struct SessionSettings: Sendable {
    /// The `[history]` table: on or off, where, how much to keep.
    public var history: HistorySettings
    /// How long one send may take before it is a transport failure.
    public var timeout: Duration
    /// The in-process sandbox's settings (built-in profiles send to it).
    public var sandbox: SandboxSettings
    /// Where the template libraries are cached; nil: `$XDG_DATA_HOME/wacon/templates`.
    public var templateFolder: String?

    public init(history: HistorySettings = HistorySettings(), timeout: Duration = .seconds(30),
                sandbox: SandboxSettings = SandboxSettings(statusDelay: .milliseconds(50), loopbackCallbacksOnly: true),
                templateFolder: String? = nil) {
        self.history = history
        self.timeout = timeout
        self.sandbox = sandbox
        self.templateFolder = templateFolder
    }

    /// The retention policy the settings make (defaults where they are silent).
    public var retention: RetentionPolicy {
        var policy = RetentionPolicy.default
        if let n = history.maxEntries { policy.maxEntries = n }
        if let n = history.maxBytes { policy.maxBytes = n }
        if let n = history.bodyCap { policy.bodyCap = n }
        return policy
    }

    /// The history file's path: the configured one, else the default.
    public var historyPath: String { history.path ?? HistoryStore.defaultPath() }
}

/// The application behind both front ends: sending (one message or a batch, paced), replaying a
/// history entry, following delivery statuses, flows on the sandbox, the history file and its
/// upkeep. Built-in profiles go to the in-process sandbox, started on first use; the HTTP client
/// and the history file also open on first use, so a front end's start costs nothing.
public actor WaconSession {
    public nonisolated let settings: SessionSettings
    private var transportStorage: Transport?
    private var historyStorage: Result<HistoryStore, HistoryError>??
    private let openHistory: @Sendable () -> Result<HistoryStore, HistoryError>?
    /// The file opened read-only for reads, when no send opened it for writing.
    private var readOnlyStorage: HistoryStore?
    /// Stores checked for damage already (a file is checked once per session).
    private var checked = Set<ObjectIdentifier>()
    private var sandbox: SandboxServer?
    /// The in-process sandbox if it has started (nothing is started to answer).
    var runningSandbox: SandboxServer? { sandbox }
    /// True once the in-process sandbox has started (on the first send through a built-in
    /// profile, or the first thing only it can do).
    public var isSandboxRunning: Bool { sandbox != nil }
    /// The sandbox's start while it is under way.
    private var sandboxStart: Task<SandboxServer, any Error>?
    /// The receiver's start while it is under way.
    private var receiverStart: Task<WebhookReceiver, any Error>?
    /// The in-process receiver of the sandbox's webhooks, started on first use.
    private var receiver: WebhookReceiver?
    /// Receivers started with `startListener`, stopped with the session.
    private var listeners: [WebhookReceiver] = []
    /// Where every webhook body comes in (created on first use, with the history file).
    private var intakeStorage: WebhookIntake?
    /// The in-process sandbox posts every webhook to the receiver (not only those of sends that
    /// follow their statuses): set once the session receives sandbox webhooks.
    private var receivesSandboxWebhooks = false
    /// When the session was made: the in-process sandbox's seeded customers wrote then.
    private let startedAt = Date()
    /// Kinds of accepted messages by id: a reaction only ever gets `sent`.
    private var kinds: [String: MessageKind] = [:]
    /// Replies already written to history (a reply may be awaited more than once).
    private var recordedReplies = Set<String>()

    /// A session whose history is the one the settings name (opened on first use; none when
    /// `[history] enabled = false`).
    public init(settings: SessionSettings = SessionSettings()) {
        self.settings = settings
        let enabled = settings.history.enabled
        let path = settings.historyPath
        self.openHistory = {
            guard enabled else { return nil }
            do throws(HistoryError) {
                // A damaged file is not written to: a small one is checked whole, read-only,
                // before anything opens it for writing.
                if FileManager.default.fileExists(atPath: path) { try HistoryStore(readingAt: path).checkWhenSmall() }
                return .success(try HistoryStore(path: path))
            } catch { return .failure(error) }
        }
    }

    /// A session that records into `history` (nil: records nothing) and reads from it.
    public init(history: HistoryStore?, settings: SessionSettings = SessionSettings()) {
        var settings = settings
        // No store: no history at all (reads do not fall back to the default file).
        if history == nil { settings.history.enabled = false }
        self.settings = settings
        self.openHistory = { history.map { .success($0) } }
        self.historyStorage = .some(history.map { .success($0) })
    }

    /// The history file, opened on first use; nil when history is off or the file cannot be
    /// opened (`historyProblem` says why).
    public var history: HistoryStore? {
        if case .success(let h)?? = historyStorage { return h }
        if historyStorage != nil { return nil }
        let h = openHistory()
        historyStorage = .some(h)
        if case .success(let store)? = h { return store }
        return nil
    }

    /// The read-write store, if a send already opened it (reads then share it).
    func openHistoryIfOpened() -> HistoryStore? {
        if case .success(let h)?? = historyStorage { return h }
        return nil
    }

    /// The file opened read-only (once per session).
    func readOnlyHistory() throws(HistoryError) -> HistoryStore {
        if let r = readOnlyStorage { return r }
        let r = try HistoryStore(readingAt: settings.historyPath)
        readOnlyStorage = r
        return r
    }

    /// Checks a small file whole the first time it is read (see `HistoryStore.checkWhenSmall`).
    func checkOnce(_ store: HistoryStore) throws(HistoryError) {
        guard !checked.contains(ObjectIdentifier(store)) else { return }
        try store.checkWhenSmall()
        checked.insert(ObjectIdentifier(store))
    }

    /// Why the history file could not be opened, if it could not.
    public var historyProblem: HistoryError? {
        _ = history
        if case .failure(let e)?? = historyStorage { return e }
        return nil
    }

    var transport: Transport {
        if let t = transportStorage { return t }
        let t = Transport(configuration: TransportConfiguration(timeout: settings.timeout))
        transportStorage = t
        return t
    }

    /// The in-process sandbox, started on first use.
    func inProcessSandbox() async throws -> SandboxServer {
        if let sandbox { return sandbox }
        // Callers that come while it starts wait for the same start: two sends at once (a
        // suite's jobs) must not start two sandboxes and set up one while sending to the other.
        if let starting = sandboxStart { return try await starting.value }
        var sandboxSettings = settings.sandbox
        // Seeded as of the session's start: the windows said before it started stay true.
        sandboxSettings.seededAt = sandboxSettings.seededAt ?? startedAt
        if receivesSandboxWebhooks { sandboxSettings.webhookURL = try await statusReceiver().webhookURL }
        let start = Task { try await SandboxServer.start(settings: sandboxSettings) }
        sandboxStart = start
        defer { sandboxStart = nil }
        let s = try await start.value
        sandbox = s
        return s
    }

    /// The profile a send really uses: a built-in one points at the in-process sandbox.
    public func effectiveProfile(_ profile: Profile) async throws -> Profile {
        guard profile.isBuiltIn else { return profile }
        var p = try await inProcessSandbox().profile(for: profile.gateway)
        p.name = profile.name
        // What the session knows of the profile beyond its config: its template library.
        p.templates = profile.templates
        return p
    }

    /// Where every webhook body comes in: one per session, shared by its receivers.
    func intake() -> WebhookIntake {
        if let intakeStorage { return intakeStorage }
        let i = WebhookIntake(history: { [weak self] in await self?.history })
        intakeStorage = i
        return i
    }

    /// Starts the in-process receiver of the sandbox's webhooks (for sandbox profiles) if it
    /// is not running. What it takes goes through the session's intake: recorded in history
    /// and streamed to `webhookEvents()`.
    func statusReceiver() async throws -> WebhookReceiver {
        if let receiver { return receiver }
        if let starting = receiverStart { return try await starting.value }
        let intake = intake()
        let appSecret = settings.sandbox.appSecret
        let start = Task {
            try await WebhookReceiver.start(.inProcess(appSecret: appSecret), inbox: intake.inbox) { arrived in
                await intake.receive(arrived).handling
            }
        }
        receiverStart = start
        defer { receiverStart = nil }
        let r = try await start.value
        receiver = r
        return r
    }

    // MARK: Sending

    /// Checks the job's scenario against the catalogue, its gateway and its profile.
    public func checkScenario(_ job: SendJob) throws(SendJobError) {
        guard let name = job.scenario else { return }
        guard job.profile.isSandbox else {
            throw .scenarioNeedsSandbox(profile: job.profile.name, endpoint: job.gateway.gateway.endpoint(profile: job.profile))
        }
        guard let s = ScenarioCatalogue.named(name) else { throw .unknownScenario(name) }
        if let only = s.gateways, !only.contains(job.gateway) {
            throw .scenarioNotForGateway(scenario: s.name, gateways: only.map(\.rawValue).sorted(), gateway: job.gateway)
        }
    }

    /// Runs a job: checks it, sends to each recipient (paced), records every exchange, then
    /// follows the accepted messages' statuses if asked; every step is reported through `events`
    /// as it happens. History upkeep (retention, a WAL checkpoint) runs after the sends.
    public func run(_ job: SendJob, events: @escaping @Sendable (SendEvent) -> Void = { _ in }) async throws(SendJobError) -> SendJobResult {
        try checkScenario(job)
        let targets = job.recipients ?? [job.message.recipientText]
        let many = job.recipients != nil
        var result = SendJobResult(sends: [], statuses: [])
        let clock = ContinuousClock()
        let start = clock.now
        for (i, number) in targets.enumerated() {
            // A cancelled job (the console's Esc) sends no further recipient.
            if i > 0, Task.isCancelled { break }
            if i > 0, job.rate > 0 { try? await Task.sleep(until: start + .seconds(Double(i) / job.rate), clock: clock) }
            var message = job.message
            if job.recipients != nil { message.address(to: number) }
            let sent = try await send(message, job: job)
            result.sends.append(sent)
            events(.sent(sent, index: many ? i + 1 : nil))
        }
        let accepted = Set(result.sends.compactMap(\.acceptedID))
        if job.followStatuses, !accepted.isEmpty, !Task.isCancelled {
            let (statuses, problem) = await collectStatuses(ids: accepted, timeout: job.statusTimeout, each: { events(.status($0)) })
            result.statuses = statuses
            if let problem { events(.problem(problem)) }
        }
        if job.record, let problem = maintainHistory() { events(.problem(problem)) }
        return result
    }

    /// Sends the job's message once (its recipients and status following aside) and records it:
    /// the first step of `run`, for callers that follow up themselves.
    public func send(_ job: SendJob) async throws(SendJobError) -> SessionSend {
        try checkScenario(job)
        return try await send(job.message, job: job)
    }

    /// Sends one message as `job` says, records it, and returns the report with its history id.
    func send(_ message: OutboundMessage, job: SendJob) async throws(SendJobError) -> SessionSend {
        let effective: Profile
        var headers: [WireHeader] = []
        do {
            effective = try await effectiveProfile(job.profile)
            if effective.isSandbox {
                if let scenario = job.scenario { headers.append(WireHeader("X-Wacon-Scenario", scenario)) }
                if job.followStatuses { headers.append(WireHeader("X-Wacon-Callback", try await statusReceiver().url(for: job.gateway))) }
            }
        } catch {
            throw .sandbox("\(error)")
        }
        let report = await Sender(transport: transport).send(message, gateway: job.gateway.gateway, profile: effective, options: job.options,
                                                             retry: job.retry, extraHeaders: headers, force: job.force)
        var result = SessionSend(report: report)
        if let id = result.acceptedID { kinds[id] = message.kind }
        guard job.record else { return result }
        if let history {
            do {
                let draft = HistoryDraft(report: report, message: message, options: job.profile.sendOptions(job.options),
                                         scenario: effective.isSandbox ? job.scenario : nil, bodyCap: settings.retention.bodyCap)
                result.historyID = try history.record(draft)
            } catch {
                result.historyError = "history: could not record this exchange: \(error)"
            }
        } else if let problem = historyProblem {
            result.historyError = "\(problem)"
        }
        return result
    }

    /// Waits for statuses of `ids` (from the receiver, which records each in history as it
    /// arrives), and hands each to `each` as it arrives. Returns the statuses and the last
    /// history problem while they came, if any. `until` says when a message has all it needs
    /// (nil: a final status); `settle` takes in the statuses right behind the last one.
    public func collectStatuses(ids: Set<String>, timeout: Duration, until: (@Sendable (DeliveryStatus) -> Bool)? = nil, settle: Bool = true,
                                each: @escaping @Sendable (DeliveryStatus) -> Void = { _ in }) async -> (statuses: [DeliveryStatus], problem: String?) {
        guard let receiver else { return ([], nil) }
        let intake = intake()
        let problemsBefore = await intake.problemCount
        let refusedBefore = await receiver.counts.refused
        let kinds = self.kinds
        let statuses = await receiver.collect(ids: ids, timeout: timeout, isFinal: until ?? { s in
            kinds[s.messageID] == .reaction ? (s.status == "sent" || s.status == "failed") : s.isFinal
        }, each: each)
        var problem = await intake.problemCount > problemsBefore ? await intake.lastProblem : nil
        // Silence is said, with the likely reason when the receiver turned callbacks away.
        let silent = ids.subtracting(statuses.map(\.messageID))
        if problem == nil, !silent.isEmpty {
            let refused = await receiver.counts.refused - refusedBefore
            let c = timeout.components
            let seconds = c.attoseconds == 0 ? "\(c.seconds)" : NumberText.fixed(Double(c.seconds) + Double(c.attoseconds) / 1e18, places: 1)
            problem = "no status for \(silent.sorted().joined(separator: ", ")) within \(seconds) s"
                + (refused > 0 ? "; \(refused) callback(s) were refused (a wrong or missing signature: does the sandbox sign with another app secret?)" : "")
        }
        // Statuses may come out of order (read before delivered): the ones right behind the
        // final one are still taken into history before the caller moves on.
        if settle, silent.isEmpty, !statuses.isEmpty { try? await Task.sleep(for: .milliseconds(250)) }
        return (statuses, problem)
    }

    /// Retention and a WAL checkpoint, after the sends (a send never waits for them).
    public func maintainHistory() -> String? {
        do { try history?.maintain(settings.retention) } catch { return error.description }
        return nil
    }

    public func close() async {
        for listener in listeners { await listener.stop() }
        await receiver?.stop()
        await intakeStorage?.inbox.finish()
        await intakeStorage?.finish()
        await transportStorage?.shutdown()
        await sandbox?.stop()
    }
}

extension WaconSession {
    // MARK: Webhooks

    /// Every webhook event the session receives from now on, once each, as it arrives: from
    /// the in-process receiver (the sandbox's statuses, the customer it plays), from listeners
    /// started with `startListener`, and from `receiveWebhook`. Each is in history before it is
    /// streamed. The stream ends when the session closes; a subscriber that falls 10,000
    /// events behind loses the oldest from its stream (never from history).
    public func webhookEvents() async -> AsyncStream<ReceivedWebhookEvent> {
        await intake().subscribe()
    }

    /// Has the in-process sandbox post every webhook to the session — the statuses of every
    /// send, not only of those that follow them, and the messages of the customer it plays —
    /// so that each lands in history and in `webhookEvents()`. Starts the in-process receiver;
    /// returns the URL the sandbox posts to.
    @discardableResult
    public func receiveSandboxWebhooks() async throws -> String {
        let r = try await statusReceiver()
        receivesSandboxWebhooks = true
        let url = r.webhookURL
        await sandbox?.update { $0.webhookURL = url }
        return url
    }

    /// `receiveSandboxWebhooks()` from the moment the in-process sandbox starts: nothing
    /// starts now (a console that never sends never starts a server); a sandbox already
    /// running is told at once.
    public func receiveSandboxWebhooksOnceStarted() async throws {
        receivesSandboxWebhooks = true
        if sandbox != nil { try await receiveSandboxWebhooks() }
    }

    /// When the in-process sandbox's seeded customers wrote (the session's start).
    nonisolated var sandboxSeededAt: Date { settings.sandbox.seededAt ?? startedAt }

    /// Takes in a webhook body as a receiver would at a path for `gateway` (nil: the body's
    /// shape decides) and `profile`: recorded, de-duplicated, streamed. Only a body that is not
    /// JSON is refused (`problem`); one of no known shape is kept as an unknown event.
    public func receiveWebhook(_ body: [UInt8], gateway: GatewayID? = nil, profile: String? = nil, receivedAt: Date = Date()) async -> WebhookIntakeResult {
        let route = WebhookRoute(path: "(handed over)", gateway: gateway, profile: profile)
        switch ArrivedWebhook.reading(body, route: route, receivedAt: receivedAt) {
        case .success(let arrived): return await intake().receive(arrived)
        case .failure(let error): return WebhookIntakeResult(events: [], duplicates: 0, problem: "the body is \(error)")
        }
    }

    /// Starts a webhook receiver as `wacon listen` runs it (see
    /// `WebhookReceiverConfiguration.listenRoutes`) whose webhooks go through the session:
    /// recorded in history next to the sends they belong to, and streamed to `webhookEvents()`.
    /// It stops when the session closes, or with its own `stop()`.
    public func startListener(_ configuration: WebhookReceiverConfiguration) async throws -> WebhookReceiver {
        let intake = intake()
        let r = try await WebhookReceiver.start(configuration, inbox: intake.inbox) { arrived in
            await intake.receive(arrived).handling
        }
        listeners.append(r)
        return r
    }

    /// A message's status as received so far, merged by rank; nil when none arrived lately.
    public func receivedStatus(of messageID: String) async -> DeliveryStatus? {
        await intake().messageStatus(messageID)
    }
}

extension WaconSession {
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
    /// `messageID` opened, posting the `nfm_reply` webhook. `response` is the customer's
    /// submission (nil: the sandbox walks the registered Flow with example values). The webhook
    /// reaches the receiver only when the send followed its statuses; wait for it with
    /// `awaitReply(to:timeout:)`.
    public func completeFlow(messageID: String, response: JSONObject? = nil) async throws(FlowCompletionFailure) -> FlowCompletionReport {
        guard let sandbox else { throw FlowCompletionFailure(description: "no accepted message with id \"\(messageID)\": nothing was sent to the in-process sandbox") }
        do throws(FlowCompletionError) {
            let done = try await sandbox.completeFlow(messageID: messageID, response: response)
            return FlowCompletionReport(webhook: done.webhook, replyID: done.replyID, response: done.response,
                                        deliveredTo: done.deliveredTo, deliveryStatus: done.deliveryStatus, deliveryError: done.deliveryError)
        } catch {
            throw FlowCompletionFailure(description: error.description)
        }
    }

    /// The customer's reply to `messageID` (a completed Flow's `nfm_reply`, a button tap), from
    /// wacon's receiver; nil when none arrives within `timeout` or the receiver never started.
    /// The reply is recorded in history against the original message as a `replied` status
    /// carrying the webhook body.
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
}

/// What playing the customer who completed a Flow produced.
public struct FlowCompletionReport: Sendable {
    /// The inbound-message webhook body that was posted (Meta's envelope with one `nfm_reply`).
    public var webhook: JSONValue
    /// The new wamid of the customer's reply.
    public var replyID: String
    /// The `response_json` object before it was serialised into the webhook.
    public var response: JSONObject
    /// Where it was posted; nil when the send named no callback and no webhook URL is set.
    public var deliveredTo: String?
    /// The HTTP status the target answered with; nil when nothing was posted or the post failed.
    public var deliveryStatus: Int?
    /// Why the post failed.
    public var deliveryError: String?

    /// Why the reply will not reach wacon's receiver, if it will not.
    public var undelivered: String? {
        deliveryError ?? (deliveredTo == nil ? "the message named no callback to post it to" : nil)
    }
}

/// Why the sandbox cannot play the customer for a message.
public struct FlowCompletionFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
}
