#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Providers
import ServiceLifecycle
import WhatsAppModel

/// A path webhooks arrive at, and how bodies there are read.
public struct WebhookRoute: Sendable, Hashable {
    /// `/`, `/meta`, `/callbacks/kaleyra`: matched exactly (a trailing `/` aside).
    public var path: String
    /// The gateway whose webhooks come here; nil: the body's shape decides.
    public var gateway: GatewayID?
    /// The profile whose webhooks come here, when the path is a profile's.
    public var profile: String?

    public init(path: String, gateway: GatewayID?, profile: String? = nil) {
        self.path = path
        self.gateway = gateway
        self.profile = profile
    }
}

/// How a `WebhookReceiver` listens: in process for the sandbox's webhooks (`inProcess`), or as
/// `wacon listen` for a real gateway's (`listen`).
public struct WebhookReceiverConfiguration: Sendable {
    public var host: String
    /// 0: any free port.
    public var port: Int
    public var routes: [WebhookRoute]
    /// Checks `X-Hub-Signature-256` on the webhooks of gateways that sign them (Meta's and
    /// those that forward Meta's); nil: signatures are not checked.
    public var appSecret: String?
    /// Answers Meta's subscription check (`hub.verify_token`); nil: every check is refused.
    public var verifyToken: String?
    /// A larger body is refused with 413.
    public var maxBodyBytes: Int
    /// Where each accepted webhook is passed on, unchanged (same bytes, signature and content
    /// type), after it is answered.
    public var forwardURL: String?
    /// Timeouts, header sizes and open connections: the sandbox's.
    public var limits: SandboxLimits
    /// Hears each refusal and problem (a wrong signature, a failed forward) as it happens.
    public var notify: (@Sendable (WebhookReceiverNotice) -> Void)?
    /// Names the server in its `Server` header.
    public var serverName: String

    /// Meta's webhooks are up to 3 MB.
    public static let defaultMaxBodyBytes = 3 * 1_048_576

    public init(host: String = "127.0.0.1", port: Int = 0, routes: [WebhookRoute], appSecret: String? = nil, verifyToken: String? = nil,
                maxBodyBytes: Int = Self.defaultMaxBodyBytes, forwardURL: String? = nil, limits: SandboxLimits = SandboxLimits(),
                notify: (@Sendable (WebhookReceiverNotice) -> Void)? = nil, serverName: String = "wacon-webhooks") {
        self.host = host
        self.port = port
        self.routes = routes
        self.appSecret = appSecret
        self.verifyToken = verifyToken
        self.maxBodyBytes = maxBodyBytes
        self.forwardURL = forwardURL
        self.limits = limits
        self.notify = notify
        self.serverName = serverName
    }

    /// wacon's own receiver for the sandbox's webhooks, on a free loopback port: each gateway's
    /// at `/callbacks/<gateway>` (what a send puts in `X-Wacon-Callback`), and any gateway's at
    /// `/callbacks`, read by its shape (the sandbox's webhook URL).
    public static func inProcess(appSecret: String?, verifyToken: String? = "wacon") -> Self {
        var routes = [WebhookRoute(path: WebhookReceiver.sandboxPath, gateway: nil)]
        routes += GatewayID.allCases.map { WebhookRoute(path: "\(WebhookReceiver.sandboxPath)/\($0.rawValue)", gateway: $0) }
        return Self(routes: routes, appSecret: appSecret, verifyToken: verifyToken, serverName: "wacon-callbacks")
    }

    /// `wacon listen`'s routes: Meta's webhooks at `/`, each profile's at `/NAME` (the built-in
    /// profiles are named after their gateways: `/meta`, `/kaleyra`, `/zixflow`, `/flowiq`),
    /// read as its gateway's. `root` is the profile whose webhooks come to `/` (Meta's when nil).
    /// Profiles whose gateway reads no webhooks, and names that are not one path segment of
    /// letters, digits, `.`, `_` and `-`, get no path.
    public static func listenRoutes(profiles: [Profile], root: Profile? = nil) -> [WebhookRoute] {
        var routes = [WebhookRoute(path: "/", gateway: root?.gateway ?? .meta, profile: root.flatMap { $0.isBuiltIn ? nil : $0.name })]
        var taken: Set<String> = ["/"]
        for p in profiles where p.gateway.gateway.webhookShape != nil && isPathSegment(p.name) {
            let path = "/" + p.name
            guard taken.insert(path).inserted else { continue }
            // A built-in profile's path is its gateway's; it names no profile of the user's.
            routes.append(WebhookRoute(path: path, gateway: p.gateway, profile: p.isBuiltIn ? nil : p.name))
        }
        return routes
    }

    /// Whether a profile name can be a path as it is (no escaping to explain).
    public static func isPathSegment(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name != "." && name != ".."
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "._-".unicodeScalars.contains($0)) }
    }
}

/// A webhook as it arrived and was read: what a receiver hands to the code that keeps it.
public struct ArrivedWebhook: Sendable {
    /// The body, byte for byte.
    public var body: [UInt8]
    /// Its events (a JSON body whose shape no gateway's reader knows is one event of kind
    /// `.other` with field `unknown`, kept as received).
    public var read: WebhookBody
    /// Why no gateway's reader knew the body, when none did.
    public var unread: WebhookReadError?
    public var route: WebhookRoute
    public var receivedAt: Date
    /// `X-Hub-Signature-256` as received (checked already when the receiver has an app secret).
    public var signature: String?
    /// `Content-Type` as received.
    public var contentType: String?

    public init(body: [UInt8], read: WebhookBody, unread: WebhookReadError? = nil, route: WebhookRoute, receivedAt: Date,
                signature: String? = nil, contentType: String? = nil) {
        self.body = body
        self.read = read
        self.unread = unread
        self.route = route
        self.receivedAt = receivedAt
        self.signature = signature
        self.contentType = contentType
    }

    /// A body that arrived at `route`, read (`WebhookInbox.read`); a JSON body no reader
    /// knows is kept whole as one unknown event. Only a body that is not JSON is refused.
    public static func reading(_ body: [UInt8], route: WebhookRoute, receivedAt: Date = Date(), signature: String? = nil,
                               contentType: String? = nil) -> Result<ArrivedWebhook, WebhookReadError> {
        var read: WebhookBody
        var unread: WebhookReadError?
        switch WebhookInbox.read(body, gateway: route.gateway) {
        case .success(let r): read = r
        case .failure(let error):
            guard let json = try? JSONParser.parse(body) else { return .failure(error) }
            // A webhook is evidence, even one no reader knows.
            read = WebhookBody(gateway: route.gateway ?? .meta, events: [WebhookEvent(field: "unknown", kind: .other(json))])
            unread = error
        }
        return .success(ArrivedWebhook(body: body, read: read, unread: unread, route: route, receivedAt: receivedAt, signature: signature, contentType: contentType))
    }
}

/// What became of an arrived webhook.
public struct WebhookHandling: Sendable {
    /// Events not seen before.
    public var events: Int
    /// Events seen before (gateways deliver at least once).
    public var duplicates: Int
    /// Why it could not be kept; the gateway is answered 500 and delivers it again.
    public var problem: String?

    public init(events: Int, duplicates: Int, problem: String? = nil) {
        self.events = events
        self.duplicates = duplicates
        self.problem = problem
    }
}

/// Receives the arrived webhooks of a receiver (the session records them in history).
public typealias WebhookHandler = @Sendable (ArrivedWebhook) async -> WebhookHandling

/// A refusal or a problem a receiver reports as it happens (`wacon listen` prints them on
/// standard error). Paths, reasons and URLs only: never a body or a secret.
public enum WebhookReceiverNotice: Sendable, Hashable, CustomStringConvertible {
    /// A request answered with an error status.
    case refused(method: String, path: String, status: Int, reason: String)
    /// A body no gateway's reader knows, kept as an unknown event.
    case unread(path: String, reason: String)
    /// A body that could not be kept (answered 500).
    case notKept(path: String, reason: String)
    /// A webhook that could not be passed on (it is kept all the same).
    case forwardFailed(url: String, reason: String)

    public var description: String {
        switch self {
        case .refused(let method, let path, let status, let reason): return "refused \(method) \(path) with \(status): \(reason)"
        case .unread(let path, let reason): return "POST \(path): \(reason); kept as an unknown event"
        case .notKept(let path, let reason): return "POST \(path) answered 500 (the gateway delivers it again): \(reason)"
        case .forwardFailed(let url, let reason): return "not forwarded to \(url): \(reason) (the webhook is kept)"
        }
    }
}

/// What a receiver has done so far.
public struct WebhookReceiverCounts: Sendable, Hashable {
    /// Bodies taken (answered 200).
    public var received = 0
    /// Events in them not seen before.
    public var events = 0
    /// Events seen before.
    public var duplicates = 0
    /// Requests refused (a wrong or missing signature or verify token, an unknown path, a body
    /// too large or not JSON).
    public var refused = 0
    /// Bodies answered 500 because they could not be kept.
    public var notKept = 0
    /// Verification requests answered.
    public var verified = 0
    /// Webhooks passed on, and those whose passing on failed.
    public var forwarded = 0
    public var forwardFailures = 0

    public init() {}
}

/// wacon's HTTP receiver of webhooks, one type for both uses: in process, on a loopback port,
/// for the sandbox's webhooks (statuses, the customer's messages); and standalone as `wacon
/// listen`, for a real gateway's. It answers Meta's subscription check, checks
/// `X-Hub-Signature-256` when an app secret is set, refuses bodies over the limit, reads each
/// body (`WebhookInbox.read`), hands it to its handler (the session records it in history;
/// without one, the inbox takes it), answers, and then passes it on when told to forward.
public final class WebhookReceiver: Sendable {
    /// `http://host:port`.
    public let baseURL: String
    public let port: Int
    public let configuration: WebhookReceiverConfiguration
    /// Where the events land, de-duplicated; what `collect` reads.
    public let inbox: WebhookInbox
    private let ownsInbox: Bool
    private let task: Task<Void, any Error>
    private let group: ServiceGroup
    private let tally: Tally
    private let forwarder: WebhookForwarder?

    /// The in-process receiver's path prefix.
    public static let sandboxPath = "/callbacks"

    /// The callback URL for one gateway (what wacon puts in `X-Wacon-Callback`).
    public func url(for gateway: GatewayID) -> String { "\(baseURL)\(Self.sandboxPath)/\(gateway.rawValue)" }

    /// The in-process receiver's URL for any gateway's webhooks (read by their shape): the
    /// sandbox's webhook URL when the session receives its webhooks.
    public var webhookURL: String { baseURL + Self.sandboxPath }

    /// Requests refused for a missing or wrong signature.
    public var rejectedCount: Int { get async { await tally.signatureRefusals } }

    /// What the receiver has done so far.
    public var counts: WebhookReceiverCounts {
        get async {
            var c = await tally.counts
            if let forwarder {
                let f = forwarder.counts
                c.forwarded = f.forwarded
                c.forwardFailures = f.failed
            }
            return c
        }
    }

    actor Tally {
        var counts = WebhookReceiverCounts()
        var signatureRefusals = 0

        func refused(signature: Bool = false) {
            counts.refused += 1
            if signature { signatureRefusals += 1 }
        }

        func took(_ h: WebhookHandling) {
            if h.problem != nil {
                counts.notKept += 1
            } else {
                counts.received += 1
                counts.events += h.events
                counts.duplicates += h.duplicates
            }
        }

        func verified() { counts.verified += 1 }
    }

    /// The in-process receiver on a free loopback port (see `WebhookReceiverConfiguration.inProcess`),
    /// taking webhooks into its own inbox.
    public static func start(appSecret: String?, verifyToken: String = "wacon") async throws -> WebhookReceiver {
        try await start(.inProcess(appSecret: appSecret, verifyToken: verifyToken))
    }

    /// Starts listening. `handler` keeps each arrived webhook (it claims its events from
    /// `inbox` and publishes them); without one, `inbox` takes them as they come.
    public static func start(_ configuration: WebhookReceiverConfiguration, inbox: WebhookInbox? = nil,
                             handler: WebhookHandler? = nil) async throws -> WebhookReceiver {
        let inbox = inbox ?? WebhookInbox()
        let ownsInbox = handler == nil
        let tally = Tally()
        let forwarder = configuration.forwardURL.map { WebhookForwarder(url: $0, notify: configuration.notify) }
        let handle: WebhookHandler = handler ?? { arrived in
            let claim = await inbox.take(arrived.read, raw: arrived.body)
            return WebhookHandling(events: claim.events.count, duplicates: claim.duplicates)
        }
        let routes = Dictionary(configuration.routes.map { (Self.normalised($0.path), $0) }, uniquingKeysWith: { first, _ in first })
        let config = configuration
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            await Self.respond(to: request, routes: routes, configuration: config, tally: tally, handle: handle, forwarder: forwarder)
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let logger = Logger(label: "wacon.webhooks", factory: { _ in SwiftLogNoOpLogHandler() })
        let limits = configuration.limits
        let app = Application(responder: responder, server: limits.http1,
                              configuration: limits.application(host: configuration.host, port: configuration.port,
                                                                serverName: configuration.serverName, logger: logger),
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
            // The server did not start (the port is taken), or the caller was cancelled: the
            // server must not outlive the call.
            task.cancel()
            await forwarder?.shutdown(within: .zero)
            if case .failure(let error) = await task.result { throw error }
            throw CancellationError()
        }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return WebhookReceiver(baseURL: "http://\(host):\(port)", port: port, configuration: configuration, inbox: inbox, ownsInbox: ownsInbox,
                               task: task, group: group, tally: tally, forwarder: forwarder)
    }

    private init(baseURL: String, port: Int, configuration: WebhookReceiverConfiguration, inbox: WebhookInbox, ownsInbox: Bool,
                 task: Task<Void, any Error>, group: ServiceGroup, tally: Tally, forwarder: WebhookForwarder?) {
        self.baseURL = baseURL
        self.port = port
        self.configuration = configuration
        self.inbox = inbox
        self.ownsInbox = ownsInbox
        self.task = task
        self.group = group
        self.tally = tally
        self.forwarder = forwarder
    }

    // MARK: Answering

    static func normalised(_ path: String) -> String {
        var p = path.isEmpty ? "/" : path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        return p
    }

    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    static func respond(to request: Request, routes: [String: WebhookRoute], configuration: WebhookReceiverConfiguration, tally: Tally,
                        handle: WebhookHandler, forwarder: WebhookForwarder?) async -> Response {
        let path = normalised(request.uri.path)
        let method = request.method.rawValue
        func refuse(_ status: HTTPResponse.Status, _ reason: String, signature: Bool = false) async -> Response {
            await tally.refused(signature: signature)
            // The path as a line: a request's path is outside text.
            configuration.notify?(.refused(method: method, path: TerminalText.safe(String(path.prefix(200)), .line), status: status.code, reason: reason))
            return text(status, reason)
        }
        guard let route = routes[path] else {
            let known = routes.keys.sorted().joined(separator: ", ")
            return await refuse(.notFound, "no webhooks are taken at this path; paths: \(known)")
        }
        switch request.method {
        case .get: return await verify(request, configuration: configuration, tally: tally, refuse: { await refuse($0, $1) })
        case .post: break
        default: return await refuse(.methodNotAllowed, "webhooks are POSTed; GET answers the subscription check")
        }
        // Refused before a byte of it is read.
        let limit = configuration.maxBodyBytes
        let tooLarge = "the body is larger than \(InputFile.describe(limit)) (\(limit) bytes), the limit for a webhook"
        if let announced = request.headers[.contentLength].flatMap({ Int($0) }), announced > limit {
            return await refuse(.contentTooLarge, tooLarge)
        }
        let body: [UInt8]
        do { body = Array(buffer: try await request.body.collect(upTo: limit)) } catch is NIOTooManyBytesError {
            return await refuse(.contentTooLarge, tooLarge)
        } catch {
            return await refuse(.badRequest, "the body could not be read: \(error)")
        }
        let signature = request.headers[HTTPField.Name("X-Hub-Signature-256")!]
        func signatureProblem() -> String? {
            guard let secret = configuration.appSecret else { return nil }
            if signature == nil { return "X-Hub-Signature-256 is missing (an app secret is set, so every webhook must be signed)" }
            return WebhookSignature.verify(body, header: signature, secret: secret) ? nil
                : "X-Hub-Signature-256 does not match the body (signed with another app secret, or the body was changed)"
        }
        // A gateway that signs: checked before the body is read.
        if route.gateway?.gateway.signsWebhooks == true, let problem = signatureProblem() {
            return await refuse(.unauthorized, problem, signature: true)
        }
        let arrived: ArrivedWebhook
        switch ArrivedWebhook.reading(body, route: route, signature: signature, contentType: request.headers[.contentType]) {
        case .success(let a): arrived = a
        case .failure(let error): return await refuse(.badRequest, "the body is \(error)")
        }
        // A path that names no gateway: the body's shape says whether it must be signed (a
        // signature given is checked whatever the shape).
        if route.gateway == nil, arrived.read.gateway.gateway.signsWebhooks || signature != nil, let problem = signatureProblem() {
            return await refuse(.unauthorized, problem, signature: true)
        }
        if let unread = arrived.unread { configuration.notify?(.unread(path: path, reason: unread.description)) }
        let handling = await handle(arrived)
        await tally.took(handling)
        if let problem = handling.problem {
            configuration.notify?(.notKept(path: path, reason: problem))
            return text(.internalServerError, "not kept: \(problem)")
        }
        // Passed on after the answer is decided, never in its way.
        forwarder?.forward(arrived)
        return Response(status: .ok)
    }

    /// Meta's subscription check: `hub.challenge` echoed as text when `hub.mode` is `subscribe`
    /// and `hub.verify_token` is the one configured; 403 otherwise.
    static func verify(_ request: Request, configuration: WebhookReceiverConfiguration, tally: Tally,
                       refuse: (HTTPResponse.Status, String) async -> Response) async -> Response {
        let q = request.uri.queryParameters
        guard q["hub.mode"].map(String.init) == "subscribe" else {
            return await refuse(.forbidden, "a GET is Meta's subscription check: hub.mode=subscribe is missing")
        }
        guard let expected = configuration.verifyToken else {
            return await refuse(.forbidden, "no verify token is set, so subscription checks are refused")
        }
        guard let given = q["hub.verify_token"].map(String.init) else {
            return await refuse(.forbidden, "hub.verify_token is missing")
        }
        guard constantTimeEqual(Array(given.utf8), Array(expected.utf8)) else {
            return await refuse(.forbidden, "hub.verify_token is not the verify token set")
        }
        guard let challenge = q["hub.challenge"].map(String.init), !challenge.isEmpty, challenge.utf8.count <= 1024 else {
            return await refuse(.badRequest, "hub.challenge is missing or longer than 1024 bytes")
        }
        await tally.verified()
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: challenge)))
    }

    /// Compares in time that depends on the lengths only.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var diff = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) { diff |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0) }
        return diff == 0
    }

    // MARK: Collecting (the inbox's)

    /// Statuses for `ids` until each has a final status (by `isFinal`: read or failed by
    /// default) or `timeout` passes; `each` sees every status as it arrives. Any number of
    /// collects may run, one after another or at once.
    public func collect(ids: Set<String>, timeout: Duration, isFinal: @escaping @Sendable (DeliveryStatus) -> Bool = { $0.isFinal },
                        each: @escaping @Sendable (DeliveryStatus) -> Void = { _ in }) async -> [DeliveryStatus] {
        await inbox.collect(ids: ids, timeout: timeout, isFinal: isFinal, each: each)
    }

    /// The customer's messages received so far (the newest 50,000 or more).
    public var receivedReplies: [InboundMessage] { get async { await inbox.receivedReplies } }

    /// Every customer's message received so far, then each one as it arrives. The stream ends
    /// when the receiver stops; stop iterating (or cancel the task) to unsubscribe.
    public func subscribeReplies() async -> AsyncStream<InboundMessage> { await inbox.replyStream() }

    /// The first reply whose `context.id` is `messageID` (one received before the call counts),
    /// or nil when none arrives within `timeout`.
    public func collectReply(to messageID: String, timeout: Duration) async -> InboundMessage? {
        await inbox.collectReply(to: messageID, timeout: timeout)
    }

    // MARK: Stopping

    /// Stops listening: gracefully (requests in flight answered, connections closed), and by
    /// cancelling only a client that holds a request open past a bound; then gives webhooks
    /// still being passed on `forwardGrace` to get there.
    public func stop(forwardGrace: Duration = .seconds(5)) async {
        if ownsInbox { await inbox.finish() }
        await group.shutDown(running: task)
        await forwarder?.shutdown(within: forwardGrace)
    }
}
