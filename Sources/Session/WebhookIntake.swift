#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import History
import Providers
import Sandbox
import WhatsAppModel

/// One webhook event as wacon received it: what `WaconSession.webhookEvents()` streams and
/// what the console and `wacon listen` show. Each event comes once, however often its gateway
/// delivered it.
public struct ReceivedWebhookEvent: Sendable {
    /// The event as the webhook reader read it (`WebhookEventLine` writes it as a line).
    public var event: WebhookEvent
    /// The gateway whose path it came to (else whose shape the body has).
    public var gateway: GatewayID
    /// The profile whose path it came to, when it came to a profile's own path.
    public var profile: String?
    /// When wacon received the body.
    public var receivedAt: Date
    /// The history entry (a send) it was filed under: the send a status is about, the send a
    /// customer's message answers (see `HistoryStore.record(webhook:raw:receivedAt:)`); nil when
    /// there is none or history is off.
    public var entryID: Int64?
    /// For a status: the message's status once this one is merged in by rank — a `delivered`
    /// after `read` leaves `read`, and a failure is final.
    public var messageStatus: DeliveryStatus?
    /// For a customer's message: as history recorded it.
    public var inbound: RecordedInbound?
    /// The body it came in, byte for byte.
    public var body: [UInt8]

    public init(event: WebhookEvent, gateway: GatewayID, profile: String? = nil, receivedAt: Date, entryID: Int64? = nil,
                messageStatus: DeliveryStatus? = nil, inbound: RecordedInbound? = nil, body: [UInt8] = []) {
        self.event = event
        self.gateway = gateway
        self.profile = profile
        self.receivedAt = receivedAt
        self.entryID = entryID
        self.messageStatus = messageStatus
        self.inbound = inbound
        self.body = body
    }
}

/// What became of one webhook body.
public struct WebhookIntakeResult: Sendable {
    /// Its events not received before, as streamed.
    public var events: [ReceivedWebhookEvent]
    /// Its events received before (not streamed or recorded again).
    public var duplicates: Int
    /// Why it could not be kept: unreadable, or history could not record it. Its events are
    /// then neither streamed nor remembered as received, so a delivery again is taken in.
    public var problem: String?

    public init(events: [ReceivedWebhookEvent], duplicates: Int, problem: String? = nil) {
        self.events = events
        self.duplicates = duplicates
        self.problem = problem
    }

    /// What a receiver answers for it.
    var handling: WebhookHandling { WebhookHandling(events: events.count, duplicates: duplicates, problem: problem) }
}

/// The one way a webhook body comes into wacon, whichever receiver took it (the in-process one
/// for the sandbox's webhooks, `wacon listen`'s) or whoever hands it over: its events are read,
/// claimed from the inbox (de-duplication happens there, once), recorded in history in one
/// transaction (each status with its send, each customer's message with the exchange it
/// belongs to, every other event kept), merged by rank into each message's status, then
/// published to the inbox's collectors and streamed to subscribers. A body is recorded before
/// it is answered, so a standalone listener's events are in the file by the time the gateway
/// has its 200.
actor WebhookIntake {
    let inbox: WebhookInbox
    /// Opens the history file when the first body comes (a console that receives nothing
    /// never opens it for the intake's sake).
    private let openHistory: @Sendable () async -> HistoryStore?
    private var historyStorage: HistoryStore??
    private var subscribers: [UUID: AsyncStream<ReceivedWebhookEvent>.Continuation] = [:]
    /// Each message's status so far, by rank (two generations: bounded however long it runs).
    private var latest = [String: DeliveryStatus]()
    private var older = [String: DeliveryStatus]()
    private let generation: Int
    /// How many bodies could not be recorded so far, and why the last one could not.
    private(set) var problemCount = 0
    private(set) var lastProblem: String?

    /// How many events a slow subscriber may fall behind before the oldest are dropped from
    /// its stream (never from history).
    static let subscriberBuffer = 10_000

    init(inbox: WebhookInbox = WebhookInbox(), history: @escaping @Sendable () async -> HistoryStore?, tracked: Int = 100_000) {
        self.inbox = inbox
        self.openHistory = history
        self.generation = max(1, tracked / 2)
    }

    /// The history file, opened on the first body.
    private func history() async -> HistoryStore? {
        if let h = historyStorage { return h }
        let h = await openHistory()
        historyStorage = .some(h)
        return h
    }

    /// Every event received from now on, as it arrives; the stream ends when the intake
    /// finishes.
    func subscribe() -> AsyncStream<ReceivedWebhookEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: ReceivedWebhookEvent.self, bufferingPolicy: .bufferingNewest(Self.subscriberBuffer))
        let id = UUID()
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: UUID) { subscribers.removeValue(forKey: id) }

    /// Ends every subscriber's stream.
    func finish() {
        for c in subscribers.values { c.finish() }
        subscribers = [:]
    }

    /// A receiver's arrived webhook, taken in.
    func receive(_ arrived: ArrivedWebhook) async -> WebhookIntakeResult {
        let claim = await inbox.claim(arrived.read, raw: arrived.body)
        guard !claim.events.isEmpty else { return WebhookIntakeResult(events: [], duplicates: claim.duplicates) }
        var recording: WebhookRecording?
        if let history = await history() {
            do {
                recording = try history.record(webhook: WebhookBody(gateway: claim.gateway, events: claim.events), raw: arrived.body,
                                               receivedAt: arrived.receivedAt)
            } catch {
                // Not remembered as received: the gateway is answered 500 and delivers it again.
                await inbox.release(claim)
                let problem = "history: could not record a webhook: \(error)"
                problemCount += 1
                lastProblem = problem
                return WebhookIntakeResult(events: [], duplicates: claim.duplicates, problem: problem)
            }
        }
        var events: [ReceivedWebhookEvent] = []
        let entries = statusEntries(recording, claim: claim, all: arrived.read)
        var inboundByID: [String: RecordedInbound] = [:]
        for r in recording?.inbound ?? [] { inboundByID[r.messageID] = r }
        for event in claim.events {
            var received = ReceivedWebhookEvent(event: event, gateway: claim.gateway, profile: arrived.route.profile,
                                                receivedAt: arrived.receivedAt, body: arrived.body)
            switch event.kind {
            case .status(let s):
                let status = DeliveryStatus(gateway: claim.gateway, event: s, raw: arrived.body)
                received.messageStatus = merge(status)
                received.entryID = entries[status.messageID] ?? nil
            case .message(let m):
                received.inbound = m.id.flatMap { inboundByID[$0] }
                received.entryID = received.inbound?.entryID
            case .userIDUpdate(let u):
                received.entryID = recordedEntry(of: event, value: u.raw, in: recording)
            case .other(let value):
                received.entryID = recordedEntry(of: event, value: value, in: recording)
            }
            events.append(received)
        }
        await inbox.publish(claim)
        for e in events {
            for c in subscribers.values { c.yield(e) }
        }
        return WebhookIntakeResult(events: events, duplicates: claim.duplicates)
    }

    /// The entry each status's message is filed under, by message id. History answers one
    /// entry per status of the body it read (the claimed events, or the whole body when it
    /// reads the statuses from the raw bytes): whichever it was, they pair up in order.
    func statusEntries(_ recording: WebhookRecording?, claim: WebhookInbox.Claim, all: WebhookBody) -> [String: Int64?] {
        guard let entries = recording?.statusEntries else { return [:] }
        let claimed = claim.events.compactMap(\.status)
        let everything = all.events.compactMap(\.status)
        let statuses = entries.count == claimed.count ? claimed : entries.count == everything.count ? everything : []
        var out: [String: Int64?] = [:]
        for (s, entry) in zip(statuses, entries) {
            let id = DeliveryStatus(gateway: claim.gateway, event: s, raw: []).messageID
            if out[id] == nil || entry != nil { out[id] = entry }
        }
        return out
    }

    /// The entry history filed an event other than a message or a status under (by the
    /// customer it names), found by its kind and value.
    func recordedEntry(of event: WebhookEvent, value: JSONValue, in recording: WebhookRecording?) -> Int64? {
        guard let recorded = recording?.events, !recorded.isEmpty else { return nil }
        let text = JSONWriter.compactString(value)
        return recorded.first { $0.kind == event.kindName && $0.value == text }?.entryID
    }

    /// The message's status with `status` merged in: the higher rank wins (of equal ranks, the
    /// first to arrive); a word that is no delivery step leaves it as it was.
    func merge(_ status: DeliveryStatus) -> DeliveryStatus {
        let id = status.messageID
        let current = latest[id] ?? older[id]
        guard let rank = status.rank else { return current ?? status }
        if let current, let held = current.rank, held >= rank { return current }
        if latest.count >= generation {
            older = latest
            latest = [:]
        }
        latest[id] = status
        return status
    }

    /// The status of a message as received so far (merged by rank), if any arrived recently.
    func messageStatus(_ messageID: String) -> DeliveryStatus? { latest[messageID] ?? older[messageID] }
}
