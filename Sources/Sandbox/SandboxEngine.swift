#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Providers
import WhatsAppModel

/// A message the sandbox accepted, with what it needs to report statuses later.
public struct AcceptedMessage: Sendable {
    public var gateway: GatewayID
    public var id: String
    /// The user it went to.
    public var recipient: EmulatedRecipient
    public var message: OutboundMessage
    public var options: VendorOptions
    public var scenario: Scenario?
    /// Where wacon's own receiver wants callbacks (`X-Wacon-Callback`), if it asked.
    public var callbackURL: String?

    /// The recipient's digits, or their user id when the sandbox knows no number for it.
    public var recipientDigits: String { recipient.digitsOrID }
}

/// What the sandbox does with a request.
public enum SandboxDecision: Sendable {
    /// Answer now; `accepted` is set for a successful send.
    case reply(EmulatedReply, accepted: AcceptedMessage?)
    /// A transport fault; the server layer acts it out (`slow` carries the eventual success).
    case fault(Scenario.Fault, reply: EmulatedReply?, accepted: AcceptedMessage?)
}

/// The sandbox's accounts: what it accepts as keys and ids. By default the built-in profiles',
/// so wacon with no config talks to it as is.
public struct SandboxAccounts: Sendable {
    public var profiles: [GatewayID: Profile]

    public static let builtIn = SandboxAccounts(profiles: Dictionary(uniqueKeysWithValues: GatewayID.allCases.map { ($0, Profile.builtIn($0)) }))

    /// The account for a gateway: its profile here, else the built-in one.
    func profile(_ g: GatewayID) -> Profile { profiles[g] ?? .builtIn(g) }

    func secret(_ g: GatewayID) -> String { profiles[g]?.resolvedSecret()?.value ?? "" }
}

/// Decides the sandbox's answer to one request: a pure function of the request, the accounts
/// and the scenario in force, so every vendor behaviour is testable without a socket.
public struct SandboxEngine: Sendable {
    public var accounts: SandboxAccounts

    public init(accounts: SandboxAccounts = .builtIn) { self.accounts = accounts }

    /// `flows`: the Flows registered on the sandbox; flow messages are checked against them
    /// once there is at least one (see `FlowRegistry`). `templates`: the sandbox's template
    /// library; a template message naming one of its templates is checked against it as the
    /// validator checks it, and a mismatch is answered with Meta's code for it. A template the
    /// library does not have is taken as approved (plausible leniency: the sandbox cannot hold
    /// every account's templates; add one to have it checked).
    ///
    /// `customers`: what the sandbox knows of its customers (nil: nothing, every send is
    /// delivered). With it, an accepted send to a customer plays their side: a free-form
    /// message outside their 24-hour window fails after the accept with 131047 (unless
    /// `windowRule` is off), a marketing template to a customer who stopped marketing fails
    /// with 131050 (see `ServiceWindowRule`). A scenario in force (named, magic or sticky)
    /// decides the send's story instead. `now` is when the window is judged.
    public func handle(_ req: EmulatedRequest, sticky: Scenario? = nil, flows: FlowRegistry = FlowRegistry(), templates: TemplateLibrary? = nil,
                       customers: SandboxConversations? = nil, windowRule: Bool = true, now: Date = Date()) -> SandboxDecision {
        let g = req.gateway
        let vendor = g.gateway.emulation
        let profile = accounts.profile(g)
        if let denied = vendor.authenticate(req, account: profile, key: accounts.secret(g)) { return .reply(denied, accepted: nil) }
        // The body: JSON, then the gateway's shape read back into a message.
        let json: JSONValue
        do { json = try JSONParser.parse(req.body) } catch {
            return .reply(vendor.invalid(Finding(.error, .root, .format, "the body is not valid JSON (\(error))")), accepted: nil)
        }
        // Requests on the send endpoint that are not messages (Meta's mark as read).
        if let answer = vendor.nonMessage(json) {
            // A Meta error asked for by name stands in for the success, as for a message.
            if answer.status == 200, let name = req.header("X-Wacon-Scenario"), case .metaError(let e)? = ScenarioCatalogue.named(name)?.behavior {
                return .reply(vendor.relay(e), accepted: nil)
            }
            return .reply(answer, accepted: nil)
        }
        let read: ReadRequest
        do { read = try g.gateway.read(body: json, path: req.path) } catch {
            return .reply(vendor.invalid(Finding(.error, error.path, .format, error.reason)), accepted: nil)
        }
        if let refused = vendor.check(json, account: profile) { return .reply(refused, accepted: nil) }
        // The scenario: a request header beats a magic recipient, which beats the sticky one.
        var scenario: Scenario?
        if let name = req.header("X-Wacon-Scenario") {
            guard let s = ScenarioCatalogue.named(name) else {
                return .reply(EmulatedReply(status: 400, json: ["sandbox_error": .string("unknown scenario \"\(name)\"; GET /_sandbox/scenarios lists them")]), accepted: nil)
            }
            if let only = s.gateways, !only.contains(g) {
                return .reply(EmulatedReply(status: 400, json: ["sandbox_error": .string("scenario \"\(s.name)\" does not apply to \(g)")]), accepted: nil)
            }
            scenario = s
        } else {
            scenario = sticky
        }
        // The user Meta delivers to: by number as the validator reads it (a number without its
        // country code completed with the account's business number), or by user id.
        let recipient = SandboxCustomers.recipient(of: read.message, businessNumber: profile.businessNumber)
        if req.header("X-Wacon-Scenario") == nil, let magic = ScenarioCatalogue.forRecipient(recipient.digits.map { "+" + $0 } ?? "") {
            scenario = magic
        }
        if let s = scenario, let only = s.gateways, !only.contains(g) { scenario = nil }
        var accepted = AcceptedMessage(gateway: g, id: vendor.newMessageID(), recipient: recipient, message: read.message,
                                       options: read.options, scenario: scenario, callbackURL: req.header("X-Wacon-Callback"))
        let success = vendor.accepted(id: accepted.id, recipient: recipient, message: read.message)
        // Faults come first: infrastructure fails whatever the payload.
        if case .fault(let f)? = scenario?.behavior {
            switch f {
            case .slow: return .fault(f, reply: success, accepted: accepted)
            case .html(let status): return .reply(.proxyErrorPage(status), accepted: nil)
            case .rateLimited(let seconds):
                var reply = MetaErrorCatalogue.entry(code: 130429).map(vendor.relay) ?? .proxyErrorPage(429)
                reply.status = 429
                reply.headers[.retryAfter] = String(seconds)
                return .reply(reply, accepted: nil)
            case .malformedJSON:
                return .reply(EmulatedReply(status: 200, body: Array(success.body.prefix(max(1, success.body.count / 2)))), accepted: nil)
            case .emptyBody:
                return .reply(EmulatedReply(status: 200, headers: [:], body: []), accepted: nil)
            case .noResponse, .resetMidBody:
                return .fault(f, reply: success, accepted: nil)
            }
        }
        // What the vendor checks, with the same rules and limits as the client.
        var checking = profile
        if case .template(let t) = read.message.content, let templates, !templates.languages(of: t.name).isEmpty { checking.templates = templates }
        let findings = g.gateway.messageFindings(read.message, profile: checking, options: read.options)
        if let first = findings.first(where: { $0.isError }) { return .reply(vendor.invalid(first), accepted: nil) }
        // Meta checks the Flow the message opens after the schema, like any other bad value.
        if let rejection = flows.check(read.message) { return .reply(rejection.reply(vendor), accepted: nil) }
        // The identity check: Meta accepts the send, then reports it failed (137000) when the
        // user's identity key no longer has the hash the business sent.
        if scenario == nil, let sent = read.message.recipientIdentityKeyHash, let known = recipient.identityKeyHash, sent != known,
           let mismatch = MetaErrorCatalogue.entry(code: 137000) {
            accepted.scenario = Scenario(name: "meta-137000", summary: "identity key hash mismatch", magicNumber: "", behavior: .failedAfterAccept(mismatch))
        }
        // The customer's side: who they are as the sandbox knows them (a moved number keeps its
        // name), their window, their opt-out.
        if let customers, let known = customers.known(recipient) {
            accepted.recipient.name = known.user.name
            accepted.recipient.username = known.user.username
            accepted.recipient.hidesNumber = known.user.hidesNumber
            if !recipient.byUserID || accepted.recipient.parentUserID == nil { accepted.recipient.parentUserID = known.user.parentUserID }
        }
        if scenario == nil, accepted.scenario == nil, let customers {
            var category: TemplateCategory?
            if case .template(let t) = read.message.content { category = templates?.definition(name: t.name, language: t.languageCode)?.category }
            if let failure = ServiceWindowRule.failure(of: read.message, options: read.options, templateCategory: category,
                                                       customer: customers.customer(recipient, at: now), windowRule: windowRule, at: now) {
                let why = failure.code == "131047" ? "the customer's 24-hour window is closed" : "the customer stopped marketing messages"
                accepted.scenario = Scenario(name: "customer-\(failure.code)", summary: why, magicNumber: "", behavior: .failedAfterAccept(failure))
            }
        }
        switch scenario?.behavior {
        case .metaError(let e)?: return .reply(vendor.relay(e), accepted: nil)
        case .catalogueError(_, let e)?: return .reply(vendor.reply(to: e), accepted: nil)
        case .vendorFailure(_, let status, let body)?: return .reply(EmulatedReply(status: status, text: body), accepted: nil)
        default: return .reply(success, accepted: accepted)
        }
    }
}

extension SandboxEngine {
    /// The answer to a template-listing request: refused like a send with a wrong key, else
    /// the gateway's page of `templates`.
    public func listTemplates(_ req: EmulatedRequest, templates: [StoredTemplate]) -> EmulatedReply {
        let g = req.gateway
        let vendor = g.gateway.emulation
        let profile = accounts.profile(g)
        if let denied = vendor.authenticate(req, account: profile, key: accounts.secret(g)) { return denied }
        return vendor.templatePage(req, account: profile, templates: templates)
    }
}

extension EmulatedReply {
    /// A proxy's HTML error page, as a gateway's front end answers when what is behind it fails.
    static func proxyErrorPage(_ status: Int) -> EmulatedReply {
        let reason = status == 502 ? "Bad Gateway" : status == 503 ? "Service Unavailable" : "Internal Server Error"
        return EmulatedReply(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                             body: Array("<html><head><title>\(status) \(reason)</title></head><body><center><h1>\(status) \(reason)</h1></center><hr><center>nginx</center></body></html>\n".utf8))
    }
}
