import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

/// Where the events of every webhook wacon receives land, once each: gateways deliver webhooks
/// at least once, so a body may come again, whole or in part. The one place webhook events are
/// de-duplicated — a customer's message by its wamid, a status by gateway, message id, status
/// and timestamp, anything else by its content — and the streams that `collect` and
/// `collectReply` read (statuses and the customer's messages as wacon tracks them).
///
/// A body is taken in two steps so that what records it (history) can refuse it without losing
/// it: `claim` marks the new events as seen and returns them; `publish` streams them once
/// recorded, or `release` forgets them so that the gateway's next delivery is new again.
public actor WebhookInbox {
    /// The events of one body that were not seen before, as claimed.
    public struct Claim: Sendable {
        /// The gateway the events are filed under (the path's, else the body's shape's).
        public var gateway: GatewayID
        /// The new events, in the order the body lists them.
        public var events: [WebhookEvent]
        /// How many of the body's events were seen before.
        public var duplicates: Int
        /// The body as received.
        public var body: [UInt8]
        /// The de-duplication keys of `events` (nil for an event that has none).
        var keys: [String?]

        /// The statuses among `events`, as wacon tracks them (by the id the send answered with).
        public var statuses: [DeliveryStatus] {
            events.compactMap(\.status).map { DeliveryStatus(gateway: gateway, event: $0, raw: body) }
        }

        /// The customer's messages among `events` (those with an id: Meta always gives one).
        public var messages: [InboundMessage] {
            events.compactMap(\.message).filter { $0.id != nil }.map { InboundMessage(gateway: gateway, event: $0, raw: body) }
        }
    }

    private var seen: RecentKeys
    private var statuses: [DeliveryStatus] = []
    private var statusSubscribers: [UUID: AsyncStream<DeliveryStatus>.Continuation] = [:]
    private var replies: [InboundMessage] = []
    private var replySubscribers: [UUID: AsyncStream<InboundMessage>.Continuation] = [:]
    /// How many statuses and messages the streams keep for a `collect` that starts late.
    private let kept: Int

    /// An inbox that remembers the keys of the last `remember` events (an older event delivered
    /// again is new to it) and keeps the last `kept` statuses and messages for late collectors.
    public init(remember: Int = 100_000, kept: Int = 50_000) {
        seen = RecentKeys(capacity: remember)
        self.kept = kept
    }

    // MARK: Reading

    /// The events of a webhook body as a path that names `gateway` (nil: the shape decides)
    /// reads them: the gateway's own shape, else whatever shape the body has (resellers forward
    /// Meta's webhooks), else — for a path that names no gateway — each gateway's shape as if
    /// named (a Kaleyra callback profile's body cannot be told by looking). Events are filed
    /// under the path's gateway when it names one.
    public static func read(_ body: [UInt8], gateway: GatewayID?) -> Result<WebhookBody, WebhookReadError> {
        var first: WebhookReadError?
        if let gateway {
            do { return .success(try WebhookBodyReader.read(body, gateway: gateway)) } catch {
                if case .notJSON = error { return .failure(error) }
                first = error
            }
        }
        do {
            let read = try WebhookBodyReader.read(body)
            return .success(WebhookBody(gateway: gateway ?? read.gateway, events: read.events))
        } catch {
            if case .notJSON = error { return .failure(error) }
            if let first { return .failure(first) }
            for id in GatewayID.allCases where id.gateway.webhookShape != nil {
                if let read = try? WebhookBodyReader.read(body, gateway: id) { return .success(read) }
            }
            return .failure(error)
        }
    }

    /// What de-duplication knows an event by; nil for a message without an id (nothing to
    /// know it by: it is always new).
    public static func key(_ event: WebhookEvent, gateway: GatewayID) -> String? {
        switch event.kind {
        case .message(let m):
            // A wamid is unique across gateways: a reseller forwarding Meta's webhook names the same message.
            return m.id.map { "message|" + $0 }
        case .status(let s):
            return "status|" + DeliveryStatus(gateway: gateway, event: s, raw: []).dedupKey
        case .userIDUpdate(let u):
            return "user_id_update|" + digest(u.raw)
        case .other(let value):
            return "other|\(event.field)|" + digest(value)
        }
    }

    static func digest(_ value: JSONValue) -> String {
        NumberText.hex(SHA256.hash(data: JSONWriter.compact(value)))
    }

    // MARK: Taking a body

    /// Marks the events not seen before as seen and returns them.
    public func claim(_ body: WebhookBody, raw: [UInt8]) -> Claim {
        var fresh: [WebhookEvent] = []
        var keys: [String?] = []
        var duplicates = 0
        for event in body.events {
            let key = Self.key(event, gateway: body.gateway)
            if let key, !seen.insert(key) {
                duplicates += 1
                continue
            }
            fresh.append(event)
            keys.append(key)
        }
        return Claim(gateway: body.gateway, events: fresh, duplicates: duplicates, body: raw, keys: keys)
    }

    /// Forgets a claim's events (their recording failed): the gateway's next delivery of them
    /// is taken as new.
    public func release(_ claim: Claim) {
        for key in claim.keys.compactMap({ $0 }) { seen.remove(key) }
    }

    /// Streams a claim's statuses and the customer's messages to collectors.
    public func publish(_ claim: Claim) {
        for s in claim.statuses {
            statuses.append(s)
            for c in statusSubscribers.values { c.yield(s) }
        }
        for m in claim.messages {
            replies.append(m)
            for c in replySubscribers.values { c.yield(m) }
        }
        // Dropped in blocks: one removal per `kept / 5` arrivals, not one per arrival.
        if statuses.count > kept + kept / 5 { statuses.removeFirst(statuses.count - kept) }
        if replies.count > kept + kept / 5 { replies.removeFirst(replies.count - kept) }
    }

    /// Claims and publishes at once: for a receiver that records nothing.
    @discardableResult
    public func take(_ body: WebhookBody, raw: [UInt8]) -> Claim {
        let taken = self.claim(body, raw: raw)
        publish(taken)
        return taken
    }

    // MARK: Streams

    /// Every status kept so far, then each one as it is published.
    func subscribeStatuses() -> (UUID, AsyncStream<DeliveryStatus>) {
        let (stream, c) = AsyncStream.makeStream(of: DeliveryStatus.self)
        for s in statuses { c.yield(s) }
        let id = UUID()
        statusSubscribers[id] = c
        return (id, stream)
    }

    func unsubscribeStatuses(_ id: UUID) { statusSubscribers.removeValue(forKey: id)?.finish() }

    /// Every customer's message kept so far, then each one as it is published.
    func subscribeReplies() -> (UUID, AsyncStream<InboundMessage>) {
        let (stream, c) = AsyncStream.makeStream(of: InboundMessage.self)
        for m in replies { c.yield(m) }
        let id = UUID()
        replySubscribers[id] = c
        return (id, stream)
    }

    func unsubscribeReplies(_ id: UUID) { replySubscribers.removeValue(forKey: id)?.finish() }

    /// The customer's messages kept so far.
    public var receivedReplies: [InboundMessage] { replies }

    /// Ends every stream (the receivers are stopping).
    public func finish() {
        for c in statusSubscribers.values { c.finish() }
        for c in replySubscribers.values { c.finish() }
        statusSubscribers = [:]
        replySubscribers = [:]
    }

    /// Statuses for `ids` until each has a final one (by `isFinal`) or `timeout` passes; `each`
    /// sees every status as it arrives. Statuses published before the call count.
    public func collect(ids: Set<String>, timeout: Duration, isFinal: @escaping @Sendable (DeliveryStatus) -> Bool = { $0.isFinal },
                        each: @escaping @Sendable (DeliveryStatus) -> Void = { _ in }) async -> [DeliveryStatus] {
        let (token, stream) = subscribeStatuses()
        let got = await Self.first(within: timeout) { () -> [DeliveryStatus]? in
            var open = ids
            var got: [DeliveryStatus] = []
            for await s in stream where ids.contains(s.messageID) {
                got.append(s)
                each(s)
                if isFinal(s) { open.remove(s.messageID) }
                if open.isEmpty { break }
            }
            return got
        }
        if let got {
            unsubscribeStatuses(token)
            return got
        }
        return collectedAfterTimeout(token, ids: ids)
    }

    /// What `work` gives, or nil when `timeout` passes first (`work` is then cancelled).
    static func first<T: Sendable>(within timeout: Duration, _ work: @escaping @Sendable () async -> T?) async -> T? {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { await work() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// After a timeout the collecting task was cancelled mid-stream; what it saw is read again
    /// from the kept statuses (a collect's result is every status for its ids so far).
    private func collectedAfterTimeout(_ token: UUID, ids: Set<String>) -> [DeliveryStatus] {
        unsubscribeStatuses(token)
        return statuses.filter { ids.contains($0.messageID) }
    }

    /// The first of the customer's messages whose `context.id` is `messageID` (one received
    /// before the call counts), or nil when none arrives within `timeout`.
    public func collectReply(to messageID: String, timeout: Duration) async -> InboundMessage? {
        let (token, stream) = subscribeReplies()
        let found = await Self.first(within: timeout) { () -> InboundMessage? in
            for await m in stream where m.contextID == messageID { return m }
            return nil
        }
        unsubscribeReplies(token)
        return found
    }

    /// Every customer's message so far, then each one as it arrives; the stream ends when the
    /// inbox finishes. Stop iterating (or cancel the task) to unsubscribe.
    public func replyStream() -> AsyncStream<InboundMessage> {
        let (token, upstream) = subscribeReplies()
        // A relay, so the consumer's end of the stream can unsubscribe from the inbox.
        return AsyncStream { continuation in
            let relay = Task {
                for await m in upstream { continuation.yield(m) }
                continuation.finish()
            }
            continuation.onTermination = { _ in
                relay.cancel()
                Task { await self.unsubscribeReplies(token) }
            }
        }
    }
}

/// The last `capacity` keys inserted, for de-duplication that stays bounded however long a
/// listener runs: the oldest key is forgotten when a new one would exceed the capacity.
struct RecentKeys: Sendable {
    private var members: Set<String> = []
    private var order: [String] = []
    /// Where the oldest key in `order` is (a ring once full).
    private var head = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Inserts a key; false when it was already there.
    mutating func insert(_ key: String) -> Bool {
        guard members.insert(key).inserted else { return false }
        if order.count < capacity {
            order.append(key)
        } else {
            members.remove(order[head])
            order[head] = key
            head = (head + 1) % capacity
        }
        return true
    }

    /// Forgets a key. Its slot in the ring stays until it is reused; should the key come back
    /// before then, that slot's reuse forgets it a little early (a later duplicate of it is then
    /// taken as new, which history's own uniqueness of a wamid still catches for messages).
    mutating func remove(_ key: String) { members.remove(key) }

    var count: Int { members.count }
}
