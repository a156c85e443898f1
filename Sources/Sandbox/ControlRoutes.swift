#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Hummingbird
import Providers
import WhatsAppModel

/// `/_sandbox/…`: steering the sandbox. Every route that takes a body checks all of it before
/// changing anything, and answers bad input with 400 and the field at fault.
extension SandboxRoutes {
    func installControlRoutes(on router: Router<BasicRequestContext>) {
        router.get("/_sandbox/health") { _, _ in Self.response(EmulatedReply(status: 200, json: ["ok": true])) }
        router.get("/_sandbox/scenarios") { _, _ in
            Self.response(EmulatedReply(status: 200, json: .array(ScenarioCatalogue.all.map {
                ["name": .string($0.name), "summary": .string($0.summary), "magic_number": .string($0.magicNumber),
                 "gateways": $0.gateways.map { .array($0.map(\.rawValue).sorted().map(JSONValue.string)) } ?? "all"]
            })))
        }
        installCustomerRoutes(on: router)
        // {"name": "meta-131047"} sets the scenario for requests that name none; {"name": null} or DELETE clears it.
        router.post("/_sandbox/scenario") { request, _ in
            try await control(request, limit: limits.controlBodyBytes, read: ScenarioChange.init) { change in
                await state.update { $0.scenario = change.scenario }
                return EmulatedReply(status: 200, json: ["scenario": change.scenario.map { .string($0.name) } ?? .null])
            }
        }
        router.delete("/_sandbox/scenario") { _, _ in
            await state.update { $0.scenario = nil }
            return Self.response(EmulatedReply(status: 200, json: ["scenario": nil]))
        }
        // {"webhook_url"?, "app_secret"?, "status_delay_ms"?} → the settings now in force.
        router.get("/_sandbox/config") { _, _ in Self.response(Self.configReply(await state.settings)) }
        router.post("/_sandbox/config") { request, _ in
            let loopbackOnly = await state.settings.loopbackCallbacksOnly
            return try await control(request, limit: limits.controlBodyBytes,
                                     read: { bytes throws(ControlInputError) in try ConfigChange(bytes, loopbackOnly: loopbackOnly) }) { change in
                Self.configReply(await state.updated { change.apply(to: &$0) })
            }
        }
        installFlowRoutes(on: router)
        installTemplateRoutes(on: router)
    }

    /// `/_sandbox/templates[?gateway=G]`: list a gateway's library (Meta's by default), or add
    /// templates to one library (every gateway's when none is named).
    private func installTemplateRoutes(on router: Router<BasicRequestContext>) {
        router.get("/_sandbox/templates") { request, _ in
            let named = request.uri.queryParameters["gateway"].map(String.init)
            do throws(ControlInputError) {
                let g = try TemplateUpload.gateways(named ?? GatewayID.meta.rawValue)[0]
                return Self.response(EmulatedReply(status: 200, json: .array(await state.templates.templates(for: g).map { .object($0.json) })))
            } catch {
                return Self.response(error.reply)
            }
        }
        let maxTemplates = limits.templatesPerGateway
        router.post("/_sandbox/templates") { request, _ in
            let gateways: [GatewayID]
            do throws(ControlInputError) { gateways = try TemplateUpload.gateways(request.uri.queryParameters["gateway"].map(String.init)) } catch {
                return Self.response(error.reply)
            }
            return try await control(request, limit: limits.templateBodyBytes, read: TemplateUpload.init) { upload in
                do throws(SandboxTemplateError) {
                    return EmulatedReply(status: 200, json: try await state.addTemplates(upload.templates, to: gateways, max: maxTemplates).json)
                } catch {
                    return ControlInputError(status: 409, field: nil, reason: error.description).reply
                }
            }
        }
    }

    /// `/_sandbox/flows`: register and list Flows; `/_sandbox/flows/complete`: play the
    /// customer who completes one.
    private func installFlowRoutes(on router: Router<BasicRequestContext>) {
        let (flowJSONBytes, maxFlows, maxBytes) = (limits.flowJSONBytes, limits.registeredFlows, limits.registeredFlowBytes)
        router.post("/_sandbox/flows") { request, _ in
            try await control(request, limit: limits.flowBodyBytes,
                              read: { bytes throws(ControlInputError) in try FlowRegistrationRequest(bytes, maxFlowJSONBytes: flowJSONBytes) }) { r in
                do throws(FlowRegistrationError) {
                    let flow = try await state.registerFlow(id: r.id, name: r.name, document: r.document, maxFlows: maxFlows, maxBytes: maxBytes)
                    return EmulatedReply(status: 200, json: flow.summaryJSON)
                } catch {
                    return Self.refusal(error).reply
                }
            }
        }
        router.get("/_sandbox/flows") { _, _ in
            Self.response(EmulatedReply(status: 200, json: .array(await state.flows.flows.map(\.summaryJSON))))
        }
        // {"message_id": "wamid…", "response"?: {...}} → the webhook body that was posted.
        router.post("/_sandbox/flows/complete") { request, _ in
            try await control(request, limit: limits.completionBodyBytes, read: FlowCompletionRequest.init) { r in
                do throws(FlowCompletionError) {
                    let done = try await completeFlow(messageID: r.messageID, response: r.response)
                    var reply = EmulatedReply(status: 200, json: done.webhook)
                    // Where it went, beside the body (the body is exactly what was posted).
                    reply.headers.append(HTTPField(name: HTTPField.Name("X-Wacon-Delivered-To")!, value: done.deliveredTo ?? "none"))
                    if let status = done.deliveryStatus { reply.headers.append(HTTPField(name: HTTPField.Name("X-Wacon-Delivery-Status")!, value: String(status))) }
                    if let error = done.deliveryError { reply.headers.append(HTTPField(name: HTTPField.Name("X-Wacon-Delivery-Error")!, value: error)) }
                    return reply
                } catch {
                    return EmulatedReply(status: error.httpStatus, json: ["sandbox_error": .string(error.description)])
                }
            }
        }
    }

    /// `/_sandbox/customers`: the customers the sandbox knows (window, opt-out, ids), one
    /// customer with their recent conversation, setting one up; `/_sandbox/inbound`: playing
    /// the customer.
    private func installCustomerRoutes(on router: Router<BasicRequestContext>) {
        router.get("/_sandbox/customers") { _, _ in
            let now = Date()
            let all = await state.conversations.all
            return Self.response(EmulatedReply(status: 200, json: .array(all.map { $0.json(at: now, known: true, messages: false) })))
        }
        router.get("/_sandbox/customers/{customer}") { _, context in
            // `+` may come percent-encoded (%2B).
            let raw = context.parameters.get("customer") ?? ""
            guard let reference = PercentEncoding.decoded(raw) else {
                return Self.response(ControlInputError(status: 400, field: "customer",
                                                       reason: "not a valid percent-escape in \"\(raw)\" (a + is written %2B)").reply)
            }
            let user: EmulatedRecipient
            switch SandboxCustomers.resolve(reference) {
            case .success(let u): user = u
            case .failure(let p): return Self.response(ControlInputError(status: 404, field: "customer", reason: p.description).reply)
            }
            let conversations = await state.conversations
            let known = conversations.known(user)
            return Self.response(EmulatedReply(status: 200, json: (known ?? conversations.customer(user)).json(at: Date(), known: known != nil, messages: true)))
        }
        // {"customer": "+27…" or a user id, "window"?: "open"|"closed", "marketing"?: "stop"|"resume"} → the customer.
        router.post("/_sandbox/customers") { request, _ in
            try await control(request, limit: limits.controlBodyBytes, read: CustomerSetUp.init) { r in
                do throws(CustomerPlayError) {
                    let c = try await setUpCustomer(r.customer, windowOpen: r.windowOpen, marketingOptOut: r.marketingOptOut)
                    return EmulatedReply(status: 200, json: c.json(at: Date(), known: true, messages: true))
                } catch {
                    return error.control.reply
                }
            }
        }
        // {"from", "message" | "user_id_update" | "marketing", "context"?, "gateway"?, "scenario"?, "callback_url"?}
        // → the webhook body posted, with where it went in X-Wacon-Delivered-To.
        router.post("/_sandbox/inbound") { request, _ in
            let header = request.headers[named: "X-Wacon-Scenario"]
            let callback = request.headers[named: "X-Wacon-Callback"]
            let loopbackOnly = await state.settings.loopbackCallbacksOnly
            return try await control(request, limit: limits.completionBodyBytes,
                                     read: { bytes throws(ControlInputError) in try CustomerPlayRequest(bytes, loopbackOnly: loopbackOnly) }) { r in
                var action = r.action
                if action.scenario == nil { action.scenario = header }
                do throws(CustomerPlayError) {
                    let done = try await playCustomer(action, target: r.callbackURL ?? callback)
                    var reply = EmulatedReply(status: 200, json: done.webhook)
                    reply.headers.append(HTTPField(name: HTTPField.Name("X-Wacon-Delivered-To")!, value: done.deliveredTo ?? "none"))
                    reply.headers.append(HTTPField(name: HTTPField.Name("X-Wacon-Posts")!, value: String(done.posts)))
                    if let status = done.deliveryStatus { reply.headers.append(HTTPField(name: HTTPField.Name("X-Wacon-Delivery-Status")!, value: String(status))) }
                    if let error = done.deliveryError { reply.headers.append(HTTPField(name: HTTPField.Name("X-Wacon-Delivery-Error")!, value: error)) }
                    return reply
                } catch {
                    return error.control.reply
                }
            }
        }
    }

    /// Reads a control request's body within `limit` and checks all of it with `read` (on the
    /// worker lane when it is large), then `act`s on it. A body that does not pass changes
    /// nothing: it is answered with its field and the reason.
    func control<Input: Sendable>(_ request: Request, limit: Int, read: @escaping @Sendable ([UInt8]) throws(ControlInputError) -> Input,
                                  act: (Input) async -> EmulatedReply) async throws -> Response {
        let checked = try await intake.process(request, limit: limit) { bytes in
            Result { () throws(ControlInputError) in try read(bytes) }
        }
        switch checked {
        case .failure(let refusal): return Self.response(refusal.reply)
        case .success(.failure(let invalid)): return Self.response(invalid.reply)
        case .success(.success(let input)): return Self.response(await act(input))
        }
    }

    /// The settings a client can change, as `POST /_sandbox/config` takes them (the app
    /// secret only as whether one is set).
    static func configReply(_ settings: SandboxSettings) -> EmulatedReply {
        EmulatedReply(status: 200, json: [
            "webhook_url": settings.webhookURL.map(JSONValue.string) ?? .null,
            "signs_webhooks": .bool(settings.appSecret != nil),
            "status_delay_ms": .number(JSONNumber(Int(settings.statusDelay.components.seconds) * 1000
                                                  + Int(settings.statusDelay.components.attoseconds / 1_000_000_000_000_000))),
            "scenario": settings.scenario.map { .string($0.name) } ?? .null,
            "window": .string(settings.windowRule ? "on" : "off"),
        ])
    }

    /// A registration the registry refused, as the field at fault.
    static func refusal(_ error: FlowRegistrationError) -> ControlInputError {
        switch error {
        case .invalidFlowJSON: return ControlInputError(field: "flow_json", reason: error.description)
        case .invalidID: return ControlInputError(field: "id", reason: error.description)
        case .nameTaken: return ControlInputError(status: 409, field: "name", reason: error.description)
        case .noScreens: return ControlInputError(field: "flow_json", reason: error.description)
        case .registryFull: return ControlInputError(status: 409, field: nil, reason: error.description)
        }
    }
}
