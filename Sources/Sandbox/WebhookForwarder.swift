import AsyncHTTPClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel
import NIOCore
import Providers
import Transport
import NIOHTTP1

/// Passes each webhook a receiver took on to another server (the team's own), unchanged: the
/// same body bytes, the same `X-Hub-Signature-256` and content type, so that server verifies
/// and reads it as if the gateway had posted it. Off the answer's path: `forward` queues and
/// returns; a few posts run at once. A post that fails (or a queue that is full) is reported
/// through `notify`; the webhook itself is already kept.
final class WebhookForwarder: Sendable {
    struct Item: Sendable {
        var body: [UInt8]
        var signature: String?
        var contentType: String?
    }

    struct Counts: Sendable {
        var forwarded = 0
        var failed = 0
    }

    /// Counted under a lock: `forward` is called on the answer's path and must not wait.
    final class Tally: @unchecked Sendable {
        private let lock = ThreadLock()
        private var value = Counts()
        private var queued = 0
        var counts: Counts { lock.withLock { value } }
        /// Queued and not yet done.
        var pending: Int { lock.withLock { queued } }
        func enqueued() { lock.withLock { queued += 1 } }
        func done(_ ok: Bool, queued wasQueued: Bool = true) {
            lock.withLock {
                if ok { value.forwarded += 1 } else { value.failed += 1 }
                if wasQueued { queued -= 1 }
            }
        }
    }

    let url: String
    private let client: HTTPClient
    private let queue: AsyncStream<Item>.Continuation
    private let worker: Task<Void, Never>
    private let tally: Tally
    private let notify: (@Sendable (WebhookReceiverNotice) -> Void)?

    /// Posts waiting their turn at most; more are reported and not passed on.
    static let queueLimit = 10_000
    /// Posts at once.
    static let concurrency = 4
    /// One post's bound, head and body.
    static let timeout: Duration = .seconds(10)

    init(url: String, notify: (@Sendable (WebhookReceiverNotice) -> Void)?) {
        self.url = url
        self.notify = notify
        var config = HTTPClient.Configuration()
        config.redirectConfiguration = .disallow
        config.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        self.client = client
        let (stream, queue) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingOldest(Self.queueLimit))
        self.queue = queue
        let tally = Tally()
        self.tally = tally
        // The test suites' guard: a forward to anything but loopback fails instead of leaving the machine.
        let loopbackOnly = TransportConfiguration().loopbackOnly
        worker = Task {
            await withTaskGroup(of: Void.self) { group in
                var inFlight = 0
                for await item in stream {
                    if inFlight >= Self.concurrency {
                        await group.next()
                        inFlight -= 1
                    }
                    group.addTask {
                        let problem = loopbackOnly && !Transport.isLoopback(url)
                            ? "\(url) is not loopback and WACON_LOOPBACK_ONLY is set"
                            : await Self.post(item, to: url, client: client)
                        tally.done(problem == nil)
                        if let problem { notify?(.forwardFailed(url: url, reason: problem)) }
                    }
                    inFlight += 1
                }
            }
        }
    }

    var counts: Counts { tally.counts }

    /// Queues a webhook to pass on.
    func forward(_ arrived: ArrivedWebhook) {
        tally.enqueued()
        if case .dropped = queue.yield(Item(body: arrived.body, signature: arrived.signature, contentType: arrived.contentType)) {
            tally.done(false)
            notify?(.forwardFailed(url: url, reason: "\(Self.queueLimit) webhooks are already waiting to be passed on"))
        }
    }

    /// Posts one webhook; nil when the server answered 2xx, else why not.
    static func post(_ item: Item, to url: String, client: HTTPClient) async -> String? {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: item.contentType ?? "application/json")
        if let signature = item.signature { request.headers.add(name: "X-Hub-Signature-256", value: signature) }
        request.headers.add(name: "Content-Length", value: String(item.body.count))
        request.body = .bytes(ByteBuffer(bytes: item.body))
        do {
            let response = try await client.execute(request, timeout: .seconds(Int64(timeout.components.seconds)))
            // The answer's body is not wanted; it is read (up to a bound) so the connection can be kept.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            let code = Int(response.status.code)
            return (200..<300).contains(code) ? nil : "it answered \(code)"
        } catch {
            return "\(error)"
        }
    }

    /// Stops taking webhooks and gives those queued or in flight `grace` to get there; then
    /// closes the client.
    func shutdown(within grace: Duration) async {
        queue.finish()
        let worker = self.worker
        let deadline = Task {
            try await Task.sleep(for: grace)
            worker.cancel()
        }
        await worker.value
        deadline.cancel()
        let left = tally.pending
        if left > 0 {
            for _ in 0..<left { tally.done(false) }
            notify?(.forwardFailed(url: url, reason: "\(left) webhook\(left == 1 ? "" : "s") still waiting when the listener stopped"))
        }
        try? await client.shutdown()
    }
}
