import Foundation
import Providers
import WhatsAppModel

/// A request as the sandbox sees it, already routed to a gateway.
public struct SandboxRequest: Sendable {
    public var gateway: GatewayID
    public var path: String
    /// Path parameters from the route (`version`, `phoneNumberID`, `sid`, `phone`).
    public var parameters: [String: String]
    public var query: [String: String]
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(gateway: GatewayID, path: String, parameters: [String: String] = [:], query: [String: String] = [:],
                headers: [(name: String, value: String)], body: [UInt8]) {
        self.gateway = gateway
        self.path = path
        self.parameters = parameters
        self.query = query
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A message the sandbox accepted, with what it needs to report statuses later.
public struct AcceptedMessage: Sendable {
    public var gateway: GatewayID
    public var id: String
    public var recipientDigits: String
    public var message: OutboundMessage
    public var options: VendorOptions
    public var scenario: Scenario?
    /// Where wacon's own receiver wants callbacks (`X-Wacon-Callback`), if it asked.
    public var callbackURL: String?
}

/// What the sandbox does with a request.
public enum SandboxDecision: Sendable {
    /// Answer now; `accepted` is set for a successful send.
    case reply(SandboxReply, accepted: AcceptedMessage?)
    /// A transport fault; the server layer acts it out (`slow` carries the eventual success).
    case fault(Scenario.Fault, reply: SandboxReply?, accepted: AcceptedMessage?)
}

/// The sandbox's accounts: what it accepts as keys and ids. By default the built-in profiles',
/// so wacon with no config talks to it as is.
public struct SandboxAccounts: Sendable {
    public var profiles: [GatewayID: Profile]

    public static let builtIn = SandboxAccounts(profiles: Dictionary(uniqueKeysWithValues: GatewayID.allCases.map { ($0, Profile.builtIn($0)) }))

    func secret(_ g: GatewayID) -> String { profiles[g]?.resolvedSecret()?.value ?? "" }
}

/// Decides the sandbox's answer to one request: a pure function of the request, the accounts
/// and the scenario in force, so every vendor behaviour is testable without a socket.
public struct SandboxEngine: Sendable {
    public var accounts: SandboxAccounts

    public init(accounts: SandboxAccounts = .builtIn) { self.accounts = accounts }

    /// `flows`: the Flows registered on the sandbox; flow messages are checked against them
    /// once there is at least one (see `FlowRegistry`).
    public func handle(_ req: SandboxRequest, sticky: Scenario? = nil, flows: FlowRegistry = FlowRegistry()) -> SandboxDecision {
        let g = req.gateway
        if let denied = authenticate(req) { return .reply(denied, accepted: nil) }
        // The body: JSON, then the gateway's shape read back into a message.
        let json: JSONValue
        do { json = try JSONParser.parse(req.body) } catch { return .reply(VendorReplies.notJSON(g, error), accepted: nil) }
        let read: ReadRequest
        do { read = try g.gateway.read(body: json, path: req.path) } catch {
            return .reply(VendorReplies.invalid(g, Finding(.error, error.path, .format, error.reason)), accepted: nil)
        }
        if g == .zixflow, json["phone_id"]?.stringValue != (accounts.profiles[g] ?? .builtIn(g)).phoneID {
            return .reply(SandboxReply(status: 400, json: ["success": false, "message": "Invalid phone_id: no WhatsApp account with this id in the workspace"]), accepted: nil)
        }
        // The scenario: a request header beats a magic recipient, which beats the sticky one.
        var scenario: Scenario?
        if let name = req.header("X-Wacon-Scenario") {
            guard let s = ScenarioCatalogue.named(name) else {
                return .reply(SandboxReply(status: 400, json: ["sandbox_error": .string("unknown scenario \"\(name)\"; GET /_sandbox/scenarios lists them")]), accepted: nil)
            }
            if let only = s.gateways, !only.contains(g) {
                return .reply(SandboxReply(status: 400, json: ["sandbox_error": .string("scenario \"\(s.name)\" does not apply to \(g)")]), accepted: nil)
            }
            scenario = s
        } else {
            scenario = ScenarioCatalogue.forRecipient(read.message.to) ?? sticky
        }
        if let s = scenario, let only = s.gateways, !only.contains(g) { scenario = nil }
        // The number Meta delivers to: as the validator reads it, a number without its country
        // code completed with the account's business number.
        let reading = PhoneNumber.read(read.message.to, businessNumber: (accounts.profiles[g] ?? .builtIn(g)).businessNumber)
        let digits = reading.number?.digits ?? reading.metaWouldSendTo?.digits ?? read.message.to
        let accepted = AcceptedMessage(gateway: g, id: VendorReplies.newID(g), recipientDigits: digits, message: read.message,
                                       options: read.options, scenario: scenario, callbackURL: req.header("X-Wacon-Callback"))
        let success = VendorReplies.success(g, id: accepted.id, recipientDigits: digits, message: read.message)
        // Faults come first: infrastructure fails whatever the payload.
        if case .fault(let f)? = scenario?.behavior {
            switch f {
            case .slow: return .fault(f, reply: success, accepted: accepted)
            case .html(let status): return .reply(VendorReplies.html(status), accepted: nil)
            case .rateLimited(let seconds):
                var reply = MetaErrorCatalogue.entry(code: 130429).map { VendorReplies.metaCode(g, $0) } ?? VendorReplies.html(429)
                reply.status = 429
                reply.headers.removeAll { $0.0 == "Retry-After" }
                reply.headers.append(("Retry-After", String(seconds)))
                return .reply(reply, accepted: nil)
            case .malformedJSON:
                return .reply(SandboxReply(status: 200, body: Array(success.body.prefix(max(1, success.body.count / 2)))), accepted: nil)
            case .emptyBody:
                return .reply(SandboxReply(status: 200, headers: [], body: []), accepted: nil)
            case .noResponse, .resetMidBody:
                return .fault(f, reply: success, accepted: nil)
            }
        }
        // What the vendor checks, with the same rules and limits as the client.
        let profile = accounts.profiles[g] ?? .builtIn(g)
        let findings = g.gateway.messageFindings(read.message, profile: profile, options: read.options)
        if let first = findings.first(where: { $0.isError }) { return .reply(VendorReplies.invalid(g, first), accepted: nil) }
        // Meta checks the Flow the message opens after the schema, like any other bad value.
        if let rejection = flows.check(read.message) { return .reply(rejection.reply(g), accepted: nil) }
        switch scenario?.behavior {
        case .metaError(let e)?: return .reply(VendorReplies.metaCode(g, e), accepted: nil)
        case .kaleyraError(let e)?: return .reply(VendorReplies.kaleyra(e), accepted: nil)
        case .vendorFailure(_, let status, let body)?: return .reply(SandboxReply(status: status, text: body), accepted: nil)
        default: return .reply(success, accepted: accepted)
        }
    }

    /// The vendor's own answer to a missing or wrong key or account id, or nil when all is well.
    func authenticate(_ req: SandboxRequest) -> SandboxReply? {
        let g = req.gateway
        let profile = accounts.profiles[g] ?? .builtIn(g)
        let key = accounts.secret(g)
        func bearer() -> String? {
            guard let h = req.header("Authorization"), h.hasPrefix("Bearer ") else { return nil }
            return String(h.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        switch g {
        case .meta:
            guard bearer() == key else { return VendorReplies.unauthorized(.meta) }
            if let id = req.parameters["phoneNumberID"], id != profile.phoneNumberID {
                return VendorReplies.metaError(code: 100, title: "Unsupported post request. Object with ID '\(id)' does not exist, cannot be loaded due to missing permissions, or does not support this operation",
                                               status: 400, details: nil, subcode: 33)
            }
        case .kaleyra:
            guard req.header("api-key") == key, req.parameters["sid"] == profile.sid else { return VendorReplies.unauthorized(.kaleyra) }
            let sender = req.parameters["phone"].flatMap { try? PhoneNumber.parse($0).get() }
            if sender?.e164 != profile.senderNumber.flatMap({ try? PhoneNumber.parse($0).get() })?.e164 { return VendorReplies.kaleyraWA401Number() }
        case .flowiq:
            guard let token = bearer(), token.hasPrefix("fiq_"), token == key else { return VendorReplies.unauthorized(.flowiq) }
            guard let tenant = req.query["tenantId"] else {
                return SandboxReply(status: 400, json: ["error": "Missing required field", "message": "tenantId query parameter is required"])
            }
            if tenant != profile.tenantID {
                return SandboxReply(status: 403, json: ["error": "Forbidden", "message": .string("API key does not belong to tenant \(tenant)")])
            }
        case .botika:
            guard bearer() == key else { return VendorReplies.unauthorized(.botika) }
        case .zixflow:
            guard req.header("x-api-key") == key, req.header("x-workspace-id") == profile.workspaceID else { return VendorReplies.unauthorized(.zixflow) }
        }
        return nil
    }
}
