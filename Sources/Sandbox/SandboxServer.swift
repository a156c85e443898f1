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
import Transport
import WhatsAppModel

/// Settings of a running sandbox that the control endpoint and the CLI can change.
public struct SandboxSettings: Sendable {
    /// The scenario for every request that names none (nil: plain success).
    public var scenario: Scenario?
    /// Where Meta webhooks and Kaleyra callbacks go when a request names no callback.
    public var webhookURL: String?
    /// Signs Meta webhooks (`X-Hub-Signature-256`) when set.
    public var appSecret: String?
    /// Time between a send and its first status, and between statuses.
    public var statusDelay: Duration
    /// Post callbacks to loopback addresses only (the in-process sandbox: its fake statuses
    /// must never reach a customer's real postback URL).
    public var loopbackCallbacksOnly: Bool
    /// The 24-hour customer-service window is enforced: a free-form message to a customer who
    /// has not written in 24 hours is accepted, then fails with 131047 (see `ServiceWindowRule`).
    /// Off (`wacon sandbox --window off`) for tests that send anything to anyone.
    public var windowRule: Bool
    /// When the seeded customers last wrote (nil: when the sandbox starts). The in-process
    /// sandbox starts on first use; its session says the windows from its own start, before.
    public var seededAt: Date?

    public init(scenario: Scenario? = nil, webhookURL: String? = nil, appSecret: String? = "wacon-sandbox-app-secret",
                statusDelay: Duration = .milliseconds(100), loopbackCallbacksOnly: Bool = false, windowRule: Bool = true, seededAt: Date? = nil) {
        self.scenario = scenario
        self.webhookURL = webhookURL
        self.appSecret = appSecret
        self.statusDelay = statusDelay
        self.loopbackCallbacksOnly = loopbackCallbacksOnly
        self.windowRule = windowRule
        self.seededAt = seededAt
    }
}

/// Mutable state of a running sandbox.
actor SandboxState {
    var settings: SandboxSettings
    var stopping = false
    var accepted: [AcceptedMessage] = []
    var flows = FlowRegistry()
    /// The customers and their conversations; the seeded ones wrote just before the start.
    var conversations: SandboxConversations
    /// The template libraries, seeded on first use: a sandbox that never lists templates never
    /// parses the seed.
    private var templateStorage: SandboxTemplateLibrary?

    init(_ settings: SandboxSettings) {
        self.settings = settings
        conversations = SandboxConversations.seeded(at: settings.seededAt ?? Date())
    }

    var templates: SandboxTemplateLibrary {
        if let t = templateStorage { return t }
        let t = SandboxTemplateLibrary()
        templateStorage = t
        return t
    }

    func addTemplates(_ new: [StoredTemplate], to gateways: [GatewayID], max: Int) throws(SandboxTemplateError) -> TemplateAddition {
        var library = templates
        let addition = try library.add(new, to: gateways, maxPerGateway: max)
        templateStorage = library
        return addition
    }

    /// The accepted message with this id (newest first: ids are unique, and recent ones are
    /// the ones asked about).
    func message(id: String) -> AcceptedMessage? { accepted.last { $0.id == id } }

    func registerFlow(id: String?, name: String?, document: FlowDocument) throws(FlowRegistrationError) -> RegisteredFlow {
        try flows.register(id: id, name: name, document: document)
    }

    /// Registers a Flow unless the registry would then hold more than `maxFlows` Flows or
    /// `maxBytes` of Flow JSON (a Flow with the same id, or the same name and no id, is replaced).
    func registerFlow(id: String?, name: String?, document: FlowDocument, maxFlows: Int, maxBytes: Int) throws(FlowRegistrationError) -> RegisteredFlow {
        let replaced = if let id { flows.flow(id: id) } else { name.flatMap { flows.flow(name: $0) } }
        let count = flows.flows.count + (replaced == nil ? 1 : 0)
        let bytes = flows.flows.reduce(0) { $0 + $1.document.byteCount } - (replaced?.document.byteCount ?? 0) + document.byteCount
        if count > maxFlows || bytes > maxBytes { throw .registryFull(flows: maxFlows, bytes: maxBytes) }
        return try flows.register(id: id, name: name, document: document)
    }

    func update(_ change: @Sendable (inout SandboxSettings) -> Void) { change(&settings) }

    /// Changes the settings and returns them as changed.
    func updated(_ change: @Sendable (inout SandboxSettings) -> Void) -> SandboxSettings {
        change(&settings)
        return settings
    }
    func record(_ m: AcceptedMessage) {
        accepted.append(m)
        // Trim in batches so recording stays O(1) amortised under load.
        if accepted.count > 12_000 { accepted.removeFirst(accepted.count - 10_000) }
    }
    func stop() { stopping = true }

    /// Changes the customers and returns what the change returned.
    @discardableResult
    func withConversations<T: Sendable, E: Error>(_ change: @Sendable (inout SandboxConversations) throws(E) -> T) throws(E) -> T {
        try change(&conversations)
    }

    func statusPosted(_ status: String, messageID: String, to user: EmulatedRecipient, errorCode: String?) {
        conversations.statusPosted(status, messageID: messageID, to: user, errorCode: errorCode)
    }
}

/// The local server that speaks every gateway's API on one loopback port. Runs in process (the
/// default target of the built-in profiles) or standalone (`wacon sandbox`).
public final class SandboxServer: Sendable {
    public let engine: SandboxEngine
    /// What it takes from a client and how long it waits for one.
    public let limits: SandboxLimits
    let state: SandboxState
    private let routes: SandboxRoutes
    private let task: Task<Void, any Error>
    private let group: ServiceGroup
    /// `http://127.0.0.1:PORT`.
    public let baseURL: String
    public let port: Int

    /// Starts the server on `host:port` (port 0: any free port) and returns once it listens.
    public static func start(host: String = "127.0.0.1", port: Int = 0, settings: SandboxSettings = SandboxSettings(),
                             engine: SandboxEngine = SandboxEngine(), limits: SandboxLimits = SandboxLimits()) async throws -> SandboxServer {
        let routes = SandboxRoutes(engine: engine, state: SandboxState(settings),
                                   callbacks: Transport(configuration: TransportConfiguration(timeout: .seconds(5))),
                                   intake: RequestIntake(lane: WorkerLane(threads: limits.workerThreads, capacity: limits.largeRequests), limits: limits))
        let router = Router()
        routes.install(on: router)
        let logger = Logger(label: "wacon.sandbox", factory: { _ in SwiftLogNoOpLogHandler() })
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, server: limits.http1,
                              configuration: limits.application(host: host, port: port, serverName: "wacon-sandbox", logger: logger),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? port) },
                              logger: logger)
        // A service group of its own, so that stop() can shut the server down gracefully:
        // cancelling a server with requests in flight trips NIO's check that every connection's
        // writer was finished, and takes the whole process down.
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            // A bind failure ends the stream too, so start() reports it instead of waiting.
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = stream.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            await routes.shutDown()
            // A cancelled caller (a send stopped by the user) ends the stream too: the server
            // must not outlive it, or waiting for its result never ends.
            task.cancel()
            if case .failure(let error) = await task.result { throw error }
            throw CancellationError()
        }
        return SandboxServer(routes: routes, limits: limits, group: group, task: task, host: host, port: bound)
    }

    private init(routes: SandboxRoutes, limits: SandboxLimits, group: ServiceGroup, task: Task<Void, any Error>, host: String, port: Int) {
        self.group = group
        self.engine = routes.engine
        self.state = routes.state
        self.routes = routes
        self.limits = limits
        self.task = task
        self.port = port
        self.baseURL = "http://\(host):\(port)"
    }

    /// Changes settings while running.
    public func update(_ change: @escaping @Sendable (inout SandboxSettings) -> Void) async { await state.update(change) }

    /// Messages accepted so far (the newest 10,000).
    public var acceptedMessages: [AcceptedMessage] { get async { await state.accepted } }

    /// Registers a Flow (see `FlowRegistry.register`): from now on flow messages must name a
    /// registered Flow and one of its screens. Returns the Flow with its id and name settled.
    @discardableResult
    public func registerFlow(id: String? = nil, name: String? = nil, document: FlowDocument) async throws(FlowRegistrationError) -> RegisteredFlow {
        try await state.registerFlow(id: id, name: name, document: document)
    }

    /// The Flows registered so far, in registration order.
    public var registeredFlows: [RegisteredFlow] { get async { await state.flows.flows } }

    /// Plays the customer who completes the Flow that the accepted message `messageID` opened:
    /// posts Meta's `nfm_reply` inbound-message webhook, signed, to that send's callback target
    /// (its `X-Wacon-Callback`, else the webhook URL). `response` is what the customer submitted
    /// (the Flow's `complete` payload); nil lets the sandbox walk the registered Flow and fill
    /// in example values. `flow_token` is added from the message either way.
    public func completeFlow(messageID: String, response: JSONObject? = nil) async throws(FlowCompletionError) -> FlowCompletion {
        try await routes.completeFlow(messageID: messageID, response: response)
    }

    /// Plays a customer (see `CustomerAction`): a message they write, a number change, a
    /// marketing stop or resume. The action is checked whole before anything changes; then a
    /// message opens the customer's 24-hour window and joins their conversation, and Meta's
    /// webhook for it is posted, signed, to `target` (wacon's receiver), else the sandbox's
    /// webhook URL, else the callback URL of the last accepted send to the customer. Resellers
    /// relay Meta's envelope (plausible, undocumented), so every gateway's body is Meta's.
    public func playCustomer(_ action: CustomerAction, target: String? = nil) async throws(CustomerPlayError) -> CustomerPlayReport {
        try await routes.playCustomer(action, target: target)
    }

    /// The customers the sandbox knows (those it seeded, wrote to or heard from), the most
    /// recently active first.
    public var customers: [SandboxCustomer] { get async { await state.conversations.all } }

    /// The customer a number (`+27…`) or user id names: as known, else as new (window closed,
    /// no messages); nil when `reference` is neither a number nor a user id.
    public func customer(_ reference: String) async -> SandboxCustomer? {
        guard case .success(let user) = SandboxCustomers.resolve(reference) else { return nil }
        return await state.conversations.customer(user)
    }

    /// The customer a number or user id names in a sandbox that has not started yet (seeded at
    /// `seededAt`, nothing else known): what `customer(_:)` will say once it starts, without
    /// starting a server to ask.
    public static func customer(_ reference: String, seededAt: Date) -> SandboxCustomer? {
        guard case .success(let user) = SandboxCustomers.resolve(reference) else { return nil }
        return SandboxConversations.seeded(at: seededAt).customer(user)
    }

    /// Sets a customer up for a test: `windowOpen` true opens their window as if they had just
    /// written, false closes it as if they last wrote 25 hours ago; `marketingOptOut` sets
    /// their opt-out. nil leaves each as it is.
    @discardableResult
    public func setUpCustomer(_ reference: String, windowOpen: Bool? = nil, marketingOptOut: Bool? = nil) async throws(CustomerPlayError) -> SandboxCustomer {
        try await routes.setUpCustomer(reference, windowOpen: windowOpen, marketingOptOut: marketingOptOut)
    }

    /// The settings in force.
    public var settings: SandboxSettings { get async { await state.settings } }

    /// Adds templates to the libraries of `gateways` (every gateway's when nil); a template with
    /// the name and language of one already there replaces it.
    @discardableResult
    public func addTemplates(_ templates: [StoredTemplate], gateways: [GatewayID]? = nil) async throws(SandboxTemplateError) -> TemplateAddition {
        try await state.addTemplates(templates, to: gateways ?? GatewayID.allCases, max: limits.templatesPerGateway)
    }

    /// The templates of `gateway`'s account, in the order they were added.
    public func templates(for gateway: GatewayID) async -> [StoredTemplate] {
        await state.templates.templates(for: gateway)
    }

    /// Stops serving: held requests and those waiting for a worker thread are released, the
    /// listener closes.
    public func stop() async {
        await state.stop()
        // First, so that requests waiting for a worker are answered and the server can close.
        routes.intake.lane.stop()
        // Graceful: no new connections, requests in flight answered, idle connections closed.
        // A client that keeps a request open past the bound is cut off by cancelling.
        await group.shutDown(running: task)
        await routes.shutDown()
    }

    /// Runs until the task is cancelled (the standalone `wacon sandbox`).
    public func wait() async {
        _ = await task.result
    }

    /// A profile for `gateway` that points at this sandbox.
    public func profile(for gateway: GatewayID) -> Profile {
        var p = engine.accounts.profile(gateway)
        p.baseURL = baseURL
        p.isSandbox = true
        return p
    }
}

/// The routes: each vendor's send endpoint, and `/_sandbox/…` to steer the sandbox.
struct SandboxRoutes: Sendable {
    let engine: SandboxEngine
    let state: SandboxState
    /// Posts status callbacks and customers' replies.
    let callbacks: Transport
    let intake: RequestIntake
    var limits: SandboxLimits { intake.limits }

    /// Every gateway's send routes, as the router holds them.
    var sendRoutes: [String] { GatewayID.allCases.flatMap { $0.gateway.emulation.routes } }

    /// `route` as the router can hold it beside `others`: the router takes one capture name per
    /// position of a shared path (`/{version}/{phoneNumberID}/messages` beside
    /// `/{version}/{wabaID}/message_templates` would stop it), so a capture takes the name
    /// another route gives that position. Returns the path and, per router name, the name the
    /// emulation reads.
    static func routerPath(_ route: String, beside others: [String]) -> (path: String, names: [(router: String, emulation: String)]) {
        func isCapture(_ s: Substring) -> Bool { s.hasPrefix("{") && s.hasSuffix("}") }
        let segments = route.split(separator: "/")
        let otherSegments = others.map { $0.split(separator: "/") }
        var out: [Substring] = []
        var names: [(router: String, emulation: String)] = []
        for (i, segment) in segments.enumerated() {
            guard isCapture(segment) else { out.append(segment); continue }
            // A route with the same path so far (literals equal, captures at the same places).
            let shared = otherSegments.first { o in
                o.count > i && isCapture(o[i]) && zip(o.prefix(i), out).allSatisfy { a, b in isCapture(a) ? isCapture(b) && a == b : a == b }
            }
            let name = shared.map { $0[i] } ?? segment
            out.append(name)
            names.append((String(name.dropFirst().dropLast()), String(segment.dropFirst().dropLast())))
        }
        return ("/" + out.joined(separator: "/"), names)
    }

    func install(on router: Router<BasicRequestContext>) {
        // Each gateway's send endpoint, with the `{name}` segments of its routes as parameters.
        for g in GatewayID.allCases {
            for route in g.gateway.emulation.routes {
                let names = route.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
                router.post(RouterPath(route)) { request, context in try await send(request, context, gateway: g, parameterNames: names) }
            }
            // The template-listing API, where the gateway has one (Meta's message_templates).
            for route in g.gateway.emulation.templateRoutes {
                let (path, names) = Self.routerPath(route, beside: sendRoutes)
                router.get(RouterPath(path)) { request, context in await listTemplates(request, context, gateway: g, parameterNames: names) }
            }
        }
        installControlRoutes(on: router)
    }

    /// Releases the worker lane and the callback client (both may be released twice).
    func shutDown() async {
        intake.lane.stop()
        await callbacks.shutdown()
    }

    /// A send to a gateway: the engine decides (on the worker lane for a large body), then the
    /// decision is acted out.
    func send(_ request: Request, _ context: BasicRequestContext, gateway: GatewayID, parameterNames: [String]) async throws -> Response {
        var parameters: [String: String] = [:]
        for n in parameterNames { parameters[n] = context.parameters.get(n) }
        var queryValues: [String: String] = [:]
        for (k, v) in request.uri.queryParameters { queryValues[String(k)] = String(v) }
        let (path, headers, named, query) = (request.uri.path, request.headers, parameters, queryValues)
        let settings = await state.settings
        let flows = await state.flows
        let templates = await state.templates.library(for: gateway)
        let customers = await state.conversations
        let decided = try await intake.process(request, limit: limits.sendBodyBytes) { [engine] body in
            let emulated = EmulatedRequest(gateway: gateway, path: path, parameters: named, query: query, headers: headers, body: body)
            return engine.handle(emulated, sticky: settings.scenario, flows: flows, templates: templates,
                                 customers: customers, windowRule: settings.windowRule, now: Date())
        }
        switch decided {
        case .failure(let refusal):
            return Self.response(refusal.reply)
        case .success(.reply(let reply, let accepted)):
            if let accepted { await deliverStatuses(accepted) }
            return Self.response(reply)
        case .success(.fault(let fault, let reply, let accepted)):
            return await act(fault, reply: reply, accepted: accepted)
        }
    }

    /// A template listing: authenticated like a send, answered from the gateway's library. It
    /// has no body to read, so it is answered inline.
    func listTemplates(_ request: Request, _ context: BasicRequestContext, gateway: GatewayID, parameterNames: [(router: String, emulation: String)]) async -> Response {
        var parameters: [String: String] = [:]
        for n in parameterNames { parameters[n.emulation] = context.parameters.get(n.router) }
        var query: [String: String] = [:]
        for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
        var headers = request.headers
        // HTTP/1's Host header arrives as the request's authority; the next page's URL is built on it.
        if headers[named: "Host"] == nil, let authority = request.head.authority, let host = HTTPField.Name("Host") {
            headers.append(HTTPField(name: host, value: authority))
        }
        let emulated = EmulatedRequest(gateway: gateway, path: request.uri.path, parameters: parameters, query: query, headers: headers, body: [])
        return Self.response(engine.listTemplates(emulated, templates: await state.templates.templates(for: gateway)))
    }

    static func response(_ reply: EmulatedReply) -> Response {
        Response(status: .init(code: reply.status), headers: reply.headers, body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    struct ResetError: Error {}

    /// Acts out a transport fault.
    func act(_ fault: Scenario.Fault, reply: EmulatedReply?, accepted: AcceptedMessage?) async -> Response {
        switch fault {
        case .noResponse:
            // Hold the request until the client gives up or the sandbox stops (at most 10 minutes).
            let clock = ContinuousClock()
            let until = clock.now + .seconds(600)
            while clock.now < until, await !state.stopping, !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(50))
            }
            return Self.response(EmulatedReply(status: 504, json: ["sandbox_error": "held until shutdown"]))
        case .resetMidBody:
            let full = reply?.body ?? Array("{\"messaging_product\":\"whatsapp\"}".utf8)
            let half = ByteBuffer(bytes: full.prefix(full.count / 2))
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            // Promise the whole length, send half, then fail: the server drops the connection.
            return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: full.count) { writer in
                try await writer.write(half)
                throw ResetError()
            })
        case .slow(let ms):
            try? await Task.sleep(for: .milliseconds(ms))
            if let accepted { await deliverStatuses(accepted) }
            return Self.response(reply ?? EmulatedReply(status: 200, body: []))
        default:
            return Self.response(reply ?? EmulatedReply(status: 500, body: []))
        }
    }

    /// Records the send and posts its status callbacks in the background.
    func deliverStatuses(_ accepted: AcceptedMessage) async {
        await state.record(accepted)
        await state.withConversations { (c: inout SandboxConversations) in c.businessSent(accepted, at: Date()) }
        let settings = await state.settings
        let gateway = accepted.gateway.gateway
        let target = gateway.emulation.statusTarget(callbackURL: accepted.callbackURL, options: accepted.options, webhookURL: settings.webhookURL)
        guard let target, !settings.loopbackCallbacksOnly || Transport.isLoopback(target) else { return }
        let profile = engine.accounts.profile(accepted.gateway)
        let steps = StatusCallbacks.plan(for: accepted, delay: settings.statusDelay)
        let duplicate = accepted.scenario?.behavior == .duplicateStatuses
        Task.detached {
            let clock = ContinuousClock()
            let start = clock.now
            for step in steps {
                try? await Task.sleep(until: start + step.after, clock: clock)
                if await state.stopping { return }
                let json = StatusCallbacks.body(for: accepted, step: step, at: Date(), profile: profile)
                var request = WireRequest(method: "POST", url: target, headers: [WireHeader("Content-Type", "application/json")], json: json)
                if gateway.signsWebhooks, let secret = settings.appSecret {
                    request.headers.append(WireHeader("X-Hub-Signature-256", WebhookSignature.sign(request.body, secret: secret)))
                }
                for _ in 0..<(duplicate ? 2 : 1) { _ = await callbacks.send(request) }
                await state.statusPosted(step.status, messageID: accepted.id, to: accepted.recipient, errorCode: step.error?.code)
            }
        }
    }
}

extension ServiceGroup {
    /// Shuts the group down gracefully (no new connections, requests in flight answered, idle
    /// connections closed) and waits for `task`, which runs it; a client that holds a request
    /// open longer than `bound` is cut off by cancelling the task.
    func shutDown(running task: Task<Void, any Error>, bound: Duration = .seconds(3)) async {
        await triggerGracefulShutdown()
        let deadline = Task {
            try await Task.sleep(for: bound)
            task.cancel()
        }
        _ = await task.result
        deadline.cancel()
    }
}
