import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Providers
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

    public init(scenario: Scenario? = nil, webhookURL: String? = nil, appSecret: String? = "wacon-sandbox-app-secret",
                statusDelay: Duration = .milliseconds(100), loopbackCallbacksOnly: Bool = false) {
        self.scenario = scenario
        self.webhookURL = webhookURL
        self.appSecret = appSecret
        self.statusDelay = statusDelay
        self.loopbackCallbacksOnly = loopbackCallbacksOnly
    }
}

/// Mutable state of a running sandbox.
actor SandboxState {
    var settings: SandboxSettings
    var stopping = false
    var accepted: [AcceptedMessage] = []
    var flows = FlowRegistry()

    init(_ settings: SandboxSettings) { self.settings = settings }

    /// The accepted message with this id (newest first: ids are unique, and recent ones are
    /// the ones asked about).
    func message(id: String) -> AcceptedMessage? { accepted.last { $0.id == id } }

    func registerFlow(id: String?, name: String?, document: FlowDocument) throws(FlowRegistrationError) -> RegisteredFlow {
        try flows.register(id: id, name: name, document: document)
    }

    func registerFlow(id: String?, name: String?, flowJSON: [UInt8]) throws(FlowRegistrationError) -> RegisteredFlow {
        try flows.register(id: id, name: name, flowJSON: flowJSON)
    }

    func update(_ change: @Sendable (inout SandboxSettings) -> Void) { change(&settings) }
    func record(_ m: AcceptedMessage) {
        accepted.append(m)
        // Trim in batches so recording stays O(1) amortised under load.
        if accepted.count > 12_000 { accepted.removeFirst(accepted.count - 10_000) }
    }
    func stop() { stopping = true }
}

/// The local server that speaks every gateway's API on one loopback port. Runs in process (the
/// default target of the built-in profiles) or standalone (`wacon sandbox`).
public final class SandboxServer: Sendable {
    public let engine: SandboxEngine
    let state: SandboxState
    private let task: Task<Void, any Error>
    /// `http://127.0.0.1:PORT`.
    public let baseURL: String
    public let port: Int
    private let callbacks: Transport

    /// Starts the server on `host:port` (port 0: any free port) and returns once it listens.
    public static func start(host: String = "127.0.0.1", port: Int = 0, settings: SandboxSettings = SandboxSettings(),
                             engine: SandboxEngine = SandboxEngine()) async throws -> SandboxServer {
        let state = SandboxState(settings)
        let callbacks = Transport(configuration: TransportConfiguration(timeout: .seconds(5)))
        let router = Router()
        SandboxRoutes.install(on: router, engine: engine, state: state, callbacks: callbacks)
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "wacon-sandbox"),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? port) },
                              logger: .init(label: "wacon.sandbox", factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task {
            // A bind failure ends the stream too, so start() reports it instead of waiting.
            defer { continuation.finish() }
            try await app.run()
        }
        var iterator = stream.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            await callbacks.shutdown()
            if case .failure(let error) = await task.result { throw error }
            throw CancellationError()
        }
        return SandboxServer(engine: engine, state: state, task: task, host: host, port: bound, callbacks: callbacks)
    }

    private init(engine: SandboxEngine, state: SandboxState, task: Task<Void, any Error>, host: String, port: Int, callbacks: Transport) {
        self.engine = engine
        self.state = state
        self.task = task
        self.port = port
        self.baseURL = "http://\(host):\(port)"
        self.callbacks = callbacks
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
        try await SandboxRoutes.completeFlow(messageID: messageID, response: response, engine: engine, state: state, callbacks: callbacks)
    }

    /// Stops serving: held requests are released, the listener closes.
    public func stop() async {
        await state.stop()
        task.cancel()
        _ = await task.result
        await callbacks.shutdown()
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

import Logging

/// The routes: each vendor's send endpoint, and `/_sandbox/…` to steer the sandbox.
enum SandboxRoutes {
    static func install(on router: Router<BasicRequestContext>, engine: SandboxEngine, state: SandboxState, callbacks: Transport) {
        func serve(_ gateway: GatewayID, _ names: [String]) -> @Sendable (Request, BasicRequestContext) async throws -> Response {
            return { request, context in
                let body = try await request.body.collect(upTo: 4 * 1_048_576)
                var parameters: [String: String] = [:]
                for n in names { parameters[n] = context.parameters.get(n) }
                var query: [String: String] = [:]
                for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
                let req = EmulatedRequest(gateway: gateway, path: request.uri.path, parameters: parameters, query: query,
                                         headers: request.headers,
                                         body: Array(buffer: body))
                let settings = await state.settings
                switch engine.handle(req, sticky: settings.scenario, flows: await state.flows) {
                case .reply(let reply, let accepted):
                    if let accepted { await deliverStatuses(accepted, engine: engine, state: state, callbacks: callbacks) }
                    return response(reply)
                case .fault(let fault, let reply, let accepted):
                    return await act(fault, reply: reply, accepted: accepted, engine: engine, state: state, callbacks: callbacks)
                }
            }
        }
        // Each gateway's send endpoint, with the `{name}` segments of its routes as parameters.
        for g in GatewayID.allCases {
            for route in g.gateway.emulation.routes {
                let names = route.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
                router.post(RouterPath(route), use: serve(g, names))
            }
        }

        installFlowRoutes(on: router, engine: engine, state: state, callbacks: callbacks)

        router.get("/_sandbox/health") { _, _ in response(EmulatedReply(status: 200, json: ["ok": true])) }
        router.get("/_sandbox/scenarios") { _, _ in
            response(EmulatedReply(status: 200, json: .array(ScenarioCatalogue.all.map {
                ["name": .string($0.name), "summary": .string($0.summary), "magic_number": .string($0.magicNumber),
                 "gateways": $0.gateways.map { .array($0.map { .string($0.rawValue) }.sorted { $0.stringValue! < $1.stringValue! }) } ?? "all"]
            })))
        }
        // {"name": "meta-131047"} sets the sticky scenario; {"name": null} or DELETE clears it.
        router.post("/_sandbox/scenario") { request, _ in
            let body = try await request.body.collect(upTo: 65_536)
            let json = try? JSONParser.parse(Array(buffer: body))
            guard let name = json?["name"]?.stringValue else {
                await state.update { $0.scenario = nil }
                return response(EmulatedReply(status: 200, json: ["scenario": nil]))
            }
            guard let s = ScenarioCatalogue.named(name) else {
                return response(EmulatedReply(status: 404, json: ["sandbox_error": .string("unknown scenario \"\(name)\"")]))
            }
            await state.update { $0.scenario = s }
            return response(EmulatedReply(status: 200, json: ["scenario": .string(s.name)]))
        }
        router.delete("/_sandbox/scenario") { _, _ in
            await state.update { $0.scenario = nil }
            return response(EmulatedReply(status: 200, json: ["scenario": nil]))
        }
        // {"webhook_url": "...", "app_secret": "...", "status_delay_ms": 100}
        router.post("/_sandbox/config") { request, _ in
            let body = try await request.body.collect(upTo: 65_536)
            guard let json = try? JSONParser.parse(Array(buffer: body)), json.objectValue != nil else {
                return response(EmulatedReply(status: 400, json: ["sandbox_error": "expected a JSON object"]))
            }
            await state.update { s in
                if let v = json["webhook_url"] { s.webhookURL = v.stringValue }
                if let v = json["app_secret"] { s.appSecret = v.stringValue }
                if let ms = json["status_delay_ms"]?.intValue { s.statusDelay = .milliseconds(max(0, ms)) }
            }
            return response(EmulatedReply(status: 200, json: ["ok": true]))
        }
    }

    /// `/_sandbox/flows`: register and list Flows; `/_sandbox/flows/complete`: play the
    /// customer who completes one.
    static func installFlowRoutes(on router: Router<BasicRequestContext>, engine: SandboxEngine, state: SandboxState, callbacks: Transport) {
        @Sendable func failure(_ status: Int, _ message: String) -> Response {
            response(EmulatedReply(status: status, json: ["sandbox_error": .string(message)]))
        }
        // {"id"?: "123…", "name"?: "...", "flow_json": {...} or "<Flow JSON as a string>" (as Meta's Flows API takes it)}
        router.post("/_sandbox/flows") { request, _ in
            let body = Array(buffer: try await request.body.collect(upTo: 11 * 1_048_576))
            guard let json = try? JSONParser.parse(body), json.objectValue != nil else {
                return failure(400, "expected a JSON object {\"id\"?, \"name\"?, \"flow_json\"}")
            }
            let flowBytes: [UInt8]
            switch json["flow_json"] {
            case .string(let text)?: flowBytes = Array(text.utf8)
            case .object(let o)?: flowBytes = JSONWriter.compact(.object(o))
            case nil: return failure(400, "\"flow_json\" is required: the Flow JSON, as an object or a string")
            case let other?: return failure(400, "\"flow_json\" must be an object or a string, found \(other.typeName)")
            }
            let id = json["id"].flatMap { $0.stringValue ?? $0.intValue.map(String.init) }
            do throws(FlowRegistrationError) {
                let flow = try await state.registerFlow(id: id, name: json["name"]?.stringValue, flowJSON: flowBytes)
                return response(EmulatedReply(status: 200, json: flow.summaryJSON))
            } catch {
                return failure(error.isConflict ? 409 : 400, error.description)
            }
        }
        router.get("/_sandbox/flows") { _, _ in
            response(EmulatedReply(status: 200, json: .array(await state.flows.flows.map(\.summaryJSON))))
        }
        // {"message_id": "wamid…", "response"?: {...}} → the webhook body that was posted.
        router.post("/_sandbox/flows/complete") { request, _ in
            let body = Array(buffer: try await request.body.collect(upTo: 1_048_576))
            guard let json = try? JSONParser.parse(body), let messageID = json["message_id"]?.stringValue else {
                return failure(400, "expected {\"message_id\": \"<id of an accepted flow message>\", \"response\"?: {...}}")
            }
            var answers: JSONObject?
            switch json["response"] {
            case .object(let o)?: answers = o
            case nil, .null?: answers = nil
            case let other?: return failure(400, "\"response\" must be an object (the Flow's complete payload), found \(other.typeName)")
            }
            do throws(FlowCompletionError) {
                let done = try await completeFlow(messageID: messageID, response: answers, engine: engine, state: state, callbacks: callbacks)
                var reply = EmulatedReply(status: 200, json: done.webhook)
                // Where it went, beside the body (the body is exactly what was posted).
                reply.headers.append(HTTPField(name: HTTPField.Name("X-Wacon-Delivered-To")!, value: done.deliveredTo ?? "none"))
                if let status = done.deliveryStatus { reply.headers.append(HTTPField(name: HTTPField.Name("X-Wacon-Delivery-Status")!, value: String(status))) }
                if let error = done.deliveryError { reply.headers.append(HTTPField(name: HTTPField.Name("X-Wacon-Delivery-Error")!, value: error)) }
                return response(reply)
            } catch {
                return failure(error.httpStatus, error.description)
            }
        }
    }

    static func response(_ reply: EmulatedReply) -> Response {
        Response(status: .init(code: reply.status), headers: reply.headers, body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    struct ResetError: Error {}

    /// Acts out a transport fault.
    static func act(_ fault: Scenario.Fault, reply: EmulatedReply?, accepted: AcceptedMessage?, engine: SandboxEngine, state: SandboxState, callbacks: Transport) async -> Response {
        switch fault {
        case .noResponse:
            // Hold the request until the client gives up or the sandbox stops (at most 10 minutes).
            let clock = ContinuousClock()
            let until = clock.now + .seconds(600)
            while clock.now < until, await !state.stopping, !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(50))
            }
            return response(EmulatedReply(status: 504, json: ["sandbox_error": "held until shutdown"]))
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
            if let accepted { await deliverStatuses(accepted, engine: engine, state: state, callbacks: callbacks) }
            return response(reply ?? EmulatedReply(status: 200, body: []))
        default:
            return response(reply ?? EmulatedReply(status: 500, body: []))
        }
    }

    /// Records the send and posts its status callbacks in the background.
    static func deliverStatuses(_ accepted: AcceptedMessage, engine: SandboxEngine, state: SandboxState, callbacks: Transport) async {
        await state.record(accepted)
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
            }
        }
    }
}
