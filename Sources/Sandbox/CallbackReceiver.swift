import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Providers
import ServiceLifecycle
import WhatsAppModel

/// wacon's own loopback server for status callbacks: Meta webhooks (signature checked when an
/// app secret is set), Kaleyra callbacks and Zixflow postbacks. Statuses are de-duplicated and
/// kept; every `collect` sees them all, those that came before it included. Inbound messages in
/// Meta's webhooks (the customer's replies: a completed Flow, a button tap) are kept and
/// streamed the same way, apart from the statuses (`subscribeReplies`, `collectReply`).
public final class CallbackReceiver: Sendable {
    public let baseURL: String
    /// Callbacks refused for a missing or wrong signature.
    public var rejectedCount: Int { get async { await box.rejected } }
    private let task: Task<Void, any Error>
    private let group: ServiceGroup
    private let box: Box

    /// Received statuses and their subscribers.
    actor Box {
        var seen = Set<String>()
        var received: [DeliveryStatus] = []
        var subscribers: [UUID: AsyncStream<DeliveryStatus>.Continuation] = [:]
        var rejected = 0

        func deliver(_ s: DeliveryStatus) {
            guard seen.insert(s.dedupKey).inserted else { return }
            received.append(s)
            if received.count > 50_000 { received.removeFirst(10_000) }
            for c in subscribers.values { c.yield(s) }
        }

        func reject() { rejected += 1 }

        /// A stream of every status so far and every one to come.
        func subscribe() -> (UUID, AsyncStream<DeliveryStatus>) {
            let (stream, c) = AsyncStream.makeStream(of: DeliveryStatus.self)
            for s in received { c.yield(s) }
            let id = UUID()
            subscribers[id] = c
            return (id, stream)
        }

        func unsubscribe(_ id: UUID) { subscribers.removeValue(forKey: id)?.finish() }

        var replySeen = Set<String>()
        var replies: [InboundMessage] = []
        var replySubscribers: [UUID: AsyncStream<InboundMessage>.Continuation] = [:]

        /// Keeps a reply (once per wamid: webhooks are delivered at least once) and streams it.
        func deliver(reply m: InboundMessage) {
            guard replySeen.insert(m.id).inserted else { return }
            replies.append(m)
            if replies.count > 50_000 { replies.removeFirst(10_000) }
            for c in replySubscribers.values { c.yield(m) }
        }

        /// A stream of every reply so far and every one to come.
        func subscribeReplies() -> (UUID, AsyncStream<InboundMessage>) {
            let (stream, c) = AsyncStream.makeStream(of: InboundMessage.self)
            for m in replies { c.yield(m) }
            let id = UUID()
            replySubscribers[id] = c
            return (id, stream)
        }

        func unsubscribeReplies(_ id: UUID) { replySubscribers.removeValue(forKey: id)?.finish() }

        func finishReplies() {
            for c in replySubscribers.values { c.finish() }
            replySubscribers = [:]
        }
    }

    /// The callback URL for one gateway (what wacon puts in `X-Wacon-Callback`).
    public func url(for gateway: GatewayID) -> String { "\(baseURL)/callbacks/\(gateway.rawValue)" }

    /// Starts on a free loopback port. `appSecret` checks Meta's `X-Hub-Signature-256`;
    /// `verifyToken` answers Meta's GET subscription challenge.
    public static func start(appSecret: String?, verifyToken: String = "wacon") async throws -> CallbackReceiver {
        let box = Box()
        let router = Router()
        router.post("/callbacks/{gateway}") { request, context in
            let gateway = context.parameters.get("gateway").flatMap(GatewayID.init(rawValue:))
            let body = Array(buffer: try await request.body.collect(upTo: 1_048_576))
            if gateway?.gateway.signsWebhooks == true, let secret = appSecret {
                guard WebhookSignature.verify(body, header: request.headers[HTTPField.Name("X-Hub-Signature-256")!], secret: secret) else {
                    await box.reject()
                    return Response(status: .unauthorized)
                }
            }
            for status in DeliveryStatusParser.parse(body, gateway: gateway) {
                var s = status
                if let gateway { s.gateway = gateway }
                await box.deliver(s)
            }
            // Resellers forward Meta's inbound webhooks, so every path reads them.
            for reply in InboundMessageParser.parse(body, gateway: gateway ?? .meta) {
                await box.deliver(reply: reply)
            }
            return Response(status: .ok)
        }
        // Meta's subscription check: echo hub.challenge when the token matches (no signature on GET).
        router.get("/callbacks/{gateway}") { request, _ in
            let q = request.uri.queryParameters
            guard q["hub.mode"] == "subscribe", q["hub.verify_token"].map(String.init) == verifyToken, let challenge = q["hub.challenge"] else {
                return Response(status: .forbidden)
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: String(challenge))))
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        // The sandbox's connection limits: timeouts, header sizes, open connections.
        let limits = SandboxLimits()
        let logger = Logger(label: "wacon.callbacks", factory: { _ in SwiftLogNoOpLogHandler() })
        let app = Application(router: router, server: limits.http1,
                              configuration: limits.application(host: "127.0.0.1", port: 0, serverName: "wacon-callbacks", logger: logger),
                              onServerRunning: { portContinuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        // Its own service group, so that stop() shuts it down gracefully: cancelling a server while
        // a connection is being accepted (a status the sandbox posts as the session closes) trips
        // NIO's check that every connection's writer was finished, and takes the process down.
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { portContinuation.finish() }
            try await group.run()
        }
        var it = ports.makeAsyncIterator()
        guard let port = await it.next() else {
            // A cancelled caller ends the stream too: the server must not outlive it.
            task.cancel()
            if case .failure(let error) = await task.result { throw error }
            throw CancellationError()
        }
        return CallbackReceiver(baseURL: "http://127.0.0.1:\(port)", task: task, group: group, box: box)
    }

    private init(baseURL: String, task: Task<Void, any Error>, group: ServiceGroup, box: Box) {
        self.group = group
        self.baseURL = baseURL
        self.task = task
        self.box = box
    }

    /// Statuses for `ids` until each has a final status (by `isFinal`: read or failed by
    /// default) or `timeout` passes; `each` sees every status as it arrives. Any number of
    /// collects may run, one after another or at once.
    public func collect(ids: Set<String>, timeout: Duration, isFinal: @escaping @Sendable (DeliveryStatus) -> Bool = { $0.isFinal },
                        each: @escaping @Sendable (DeliveryStatus) -> Void = { _ in }) async -> [DeliveryStatus] {
        let (token, stream) = await box.subscribe()
        let got = Collected()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var open = ids
                for await s in stream where ids.contains(s.messageID) {
                    await got.add(s)
                    each(s)
                    if isFinal(s) { open.remove(s.messageID) }
                    if open.isEmpty { break }
                }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        await box.unsubscribe(token)
        return await got.items
    }

    /// Replies received so far (the newest 40,000 or more).
    public var receivedReplies: [InboundMessage] { get async { await box.replies } }

    /// Every reply received so far, then each one as it arrives. The stream ends when the
    /// receiver stops; stop iterating (or cancel the task) to unsubscribe.
    public func subscribeReplies() async -> AsyncStream<InboundMessage> {
        let (token, upstream) = await box.subscribeReplies()
        let box = self.box
        // A relay, so the consumer's end of the stream can unsubscribe from the box.
        return AsyncStream { continuation in
            let relay = Task {
                for await m in upstream { continuation.yield(m) }
                continuation.finish()
            }
            continuation.onTermination = { _ in
                relay.cancel()
                Task { await box.unsubscribeReplies(token) }
            }
        }
    }

    /// The first reply whose `context.id` is `messageID` (one received before the call counts),
    /// or nil when none arrives within `timeout`.
    public func collectReply(to messageID: String, timeout: Duration) async -> InboundMessage? {
        let (token, stream) = await box.subscribeReplies()
        let found = await withTaskGroup(of: InboundMessage?.self) { group in
            group.addTask {
                for await m in stream where m.contextID == messageID { return m }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        await box.unsubscribeReplies(token)
        return found
    }

    actor Collected {
        var items: [DeliveryStatus] = []
        func add(_ s: DeliveryStatus) { items.append(s) }
    }

    /// Stops listening: gracefully (requests in flight answered, connections closed), and by
    /// cancelling only a client that holds a request open past a bound.
    public func stop() async {
        await box.finishReplies()
        await group.triggerGracefulShutdown()
        let task = self.task
        let deadline = Task {
            try await Task.sleep(for: .seconds(3))
            task.cancel()
        }
        _ = await task.result
        deadline.cancel()
    }
}
