import WhatsAppModel

/// Message features beyond the kind that a gateway may or may not carry.
public enum GatewayFeature: String, Sendable, Hashable, CaseIterable {
    /// Reply to an earlier message (`context.message_id`).
    case replyContext = "reply-context"
    /// Media by uploaded id, not only by link.
    case mediaByID = "media-by-id"
    /// `text.preview_url`.
    case linkPreview = "link-preview"
    /// `biz_opaque_callback_data`.
    case callbackData = "callback-data"
    /// `recipient_type: group`.
    case groupRecipient = "group-recipient"
    /// A status callback URL per message.
    case statusCallback = "status-callback"
    /// A business-scoped user id in `recipient` instead of a number in `to`.
    case userIDRecipient = "user-id-recipient"
    /// `recipient_identity_key_hash`: refuse the send if the user's identity changed.
    case identityCheck = "identity-check"
    /// Direct Send: a utility or authentication message without a template (`category`,
    /// `ttl_seconds`).
    case directSend = "direct-send"
    /// Meta's Marketing Messages API endpoint for marketing templates (`endpoint` option).
    case marketingMessages = "marketing-messages"
    /// Mark a customer's message as read, with the typing indicator (`wacon mark-read`).
    case markRead = "mark-read"
    /// Templates with named parameters (`parameter_name`).
    case templateNamedParameters = "template-named-params"
    /// Template media headers (image, video, document).
    case templateMediaHeader = "template-media-header"
    /// Template button parameters (a URL's suffix, a quick reply's payload, …).
    case templateButtonParameters = "template-button-params"
    /// Template carousels (a `carousel` component with cards).
    case templateCarousel = "template-carousel"
    /// An API that lists the account's message templates (`wacon templates sync`); a gateway
    /// without one takes an import (`wacon templates import`).
    case templateListing = "template-listing"
}

/// How a gateway delivers a message's statuses (sent, delivered, read, failed) afterwards.
public enum StatusRoute: String, Sendable, Hashable, CaseIterable {
    /// To the app's webhook, set up once for the account (Meta's `statuses[]`).
    case webhook
    /// To a callback set up per account with the vendor.
    case callback
    /// To a URL given with each message (a `post_back_url`).
    case postback
    /// The vendor documents none.
    case undocumented = "-"
}

/// What a gateway can carry.
public struct GatewayCapabilities: Sendable, Hashable {
    public var kinds: [MessageKind]
    public var features: Set<GatewayFeature>
    /// How statuses come back.
    public var statuses: StatusRoute

    public init(kinds: [MessageKind], features: Set<GatewayFeature>, statuses: StatusRoute = .undocumented) {
        self.kinds = kinds
        self.features = features
        self.statuses = statuses
    }

    public func carries(_ kind: MessageKind) -> Bool { kinds.contains(kind) }
}

/// One gateway: what it carries, where and how its requests go, what its profiles and vendor
/// options are, how a message becomes its HTTP request and its responses a `SendOutcome`, how
/// its status callbacks read, and how the sandbox plays it. Every member is a plain function
/// over values; each gateway keeps all of it in its own folder.
public protocol Gateway: Sendable {
    var id: GatewayID { get }
    /// A name for people: "Meta Cloud API".
    var displayName: String { get }
    var capabilities: GatewayCapabilities { get }

    // MARK: Where requests go

    /// The documented base URL, or nil when it depends on the profile (Kaleyra's pod).
    var defaultBaseURL: String? { get }
    /// The API hosts that name this gateway in a pasted URL, with what each says of the profile.
    var apiHosts: [GatewayHost] { get }
    /// The send endpoint's path as people read it: `/{version}/{phone-number-id}/messages`.
    var endpointShape: String { get }
    /// Matches the end of a URL path (percent-decoded segments) against the send endpoint.
    func matchEndpoint(_ segments: [String]) -> EndpointMatch?
    /// The header that carries the secret.
    var authHeader: AuthHeader { get }

    // MARK: Profiles and vendor options

    /// The profile keys this gateway takes beside the common ones (`gateway`, `base_url`, …),
    /// in the order they are read and listed.
    var profileKeys: [ProfileKey] { get }
    /// The account of the built-in profile: sample ids and key, the sandbox's by default.
    var sampleAccount: SampleAccount { get }
    /// What is wrong with a profile beyond a missing required key.
    func profileFindings(_ profile: Profile, environment: [String: String]?) -> [Finding]
    /// The vendor options this gateway carries outside Meta's message object.
    var optionKeys: [VendorOptionKey] { get }
    /// The warning for a message sent through `gatewayName` with this gateway's options set.
    func optionsNotCarried(by gatewayName: String) -> Finding?

    // MARK: Messages

    /// The recipient's number as this gateway writes it.
    func recipientText(_ number: PhoneNumber) -> String
    /// Findings particular to this gateway (beyond Meta's rules and the capability check).
    /// `options` are the send's (`Profile.sendOptions`).
    func findings(for message: OutboundMessage, profile: Profile, options: VendorOptions) -> [Finding]
    /// The exact request; `options` are the send's (`Profile.sendOptions`). Call `encode`.
    func wireRequest(for message: OutboundMessage, profile: Profile, options: VendorOptions) -> WireRequest
    /// Reads a response.
    func decode(_ response: WireResponse) -> SendOutcome
    /// The inverse of `encode`: reads this gateway's request body (and URL path) back into the
    /// canonical message. The sandbox validates requests with it; curl import uses it too.
    func read(body: JSONValue, path: String) throws(MessageDecodingError) -> ReadRequest

    /// The request that marks a customer's message as read (with the typing indicator when
    /// asked), or nil when the gateway has none.
    func readReceiptRequest(_ receipt: ReadReceipt, profile: Profile) -> WireRequest?
    /// Reads the answer to a read receipt (`{"success": true}` on Meta).
    func decodeReadReceipt(_ response: WireResponse) -> SendOutcome

    // MARK: After the send

    /// The gateway's own error codes (Meta's for Meta).
    var errorCatalogue: [CatalogueEntry] { get }
    /// The catalogue entry for a code as it appears in a status callback.
    func catalogueEntry(code: String) -> CatalogueEntry?
    /// How its status callbacks read, when it sends any.
    var statusDecoder: StatusCallbackDecoder? { get }
    /// How its webhook bodies read into events (`wacon webhook parse`), when it sends any.
    var webhookShape: WebhookShape? { get }
    /// Its webhooks carry `X-Hub-Signature-256` (an HMAC of the body with the app secret).
    var signsWebhooks: Bool { get }
    /// What the gateway answers, for the sandbox to play.
    var emulation: any GatewayEmulation { get }

    // MARK: Templates

    /// The API that lists the account's message templates, or nil when the gateway documents
    /// none (its templates are imported). Its presence is the `template-listing` feature.
    var templateListing: (any TemplateListingAPI)? { get }
}

/// The header that carries a gateway's secret, and what goes before the secret in it.
public struct AuthHeader: Sendable, Hashable {
    public var name: String
    public var prefix: String

    public init(_ name: String, prefix: String = "") {
        self.name = name
        self.prefix = prefix
    }

    /// The header with the profile's secret. An unresolved `env:` secret is written as
    /// `${NAME}`, which curl output expands (the profile's finding says why it is unresolved).
    public func header(for profile: Profile) -> WireHeader {
        if let secret = profile.resolvedSecret() {
            return WireHeader(name, prefix + secret.value, secret: secret)
        }
        if case .env(let variable)? = profile.secret {
            return WireHeader(name, prefix + "${\(variable)}", secret: Secret(value: "", source: .env(variable)))
        }
        return WireHeader(name, prefix + "<no secret>")
    }
}

/// What a path says when it is a gateway's send endpoint.
public struct EndpointMatch: Sendable, Hashable {
    /// How many leading segments belong to the base URL.
    public var prefixCount: Int
    /// The profile values in the path (Meta's version and phone number id, Kaleyra's SID).
    public var values: ProfileValues

    public init(prefixCount: Int, values: ProfileValues = ProfileValues()) {
        self.prefixCount = prefixCount
        self.values = values
    }
}

/// An API host wacon recognises in a pasted URL.
public struct GatewayHost: Sendable, Hashable {
    public var host: String
    public var gateway: GatewayID
    /// What the host says of the profile (Kaleyra: the pod it serves).
    public var values: ProfileValues

    public init(host: String, gateway: GatewayID, values: ProfileValues = ProfileValues()) {
        self.host = host
        self.gateway = gateway
        self.values = values
    }

    /// The host of a base URL such as `https://graph.facebook.com`.
    init(baseURL: String, gateway: GatewayID) {
        self.init(host: String(baseURL.drop { $0 != "/" }.drop { $0 == "/" }), gateway: gateway)
    }
}

/// A gateway request read back into wacon's terms.
public struct ReadRequest: Sendable, Hashable {
    public var message: OutboundMessage
    public var options: VendorOptions
    /// What reading filled in that the request left to the vendor (a button id, a language):
    /// notes at paths in the vendor's own request, so re-encoding may differ exactly there.
    public var notes: [Finding]

    public init(message: OutboundMessage, options: VendorOptions = VendorOptions(), notes: [Finding] = []) {
        self.message = message
        self.options = options
        self.notes = notes
    }
}

/// What most gateways share; a gateway states the rest.
extension Gateway {
    public var apiHosts: [GatewayHost] { defaultBaseURL.map { [GatewayHost(baseURL: $0, gateway: id)] } ?? [] }
    public func profileFindings(_ profile: Profile, environment: [String: String]?) -> [Finding] { [] }
    public var optionKeys: [VendorOptionKey] { [] }
    public func optionsNotCarried(by gatewayName: String) -> Finding? { nil }
    public func recipientText(_ number: PhoneNumber) -> String { number.e164 }
    public func findings(for message: OutboundMessage, profile: Profile, options: VendorOptions) -> [Finding] { [] }
    public var errorCatalogue: [CatalogueEntry] { [] }
    public func catalogueEntry(code: String) -> CatalogueEntry? { errorCatalogue.first { $0.code == code } }
    public var statusDecoder: StatusCallbackDecoder? { nil }
    public var webhookShape: WebhookShape? { nil }
    public var signsWebhooks: Bool { false }
    public func readReceiptRequest(_ receipt: ReadReceipt, profile: Profile) -> WireRequest? { nil }
    public func decodeReadReceipt(_ response: WireResponse) -> SendOutcome { decode(response) }
    public var templateListing: (any TemplateListingAPI)? { nil }
}

extension Gateway {
    /// Errors for a message kind or feature this gateway cannot carry, naming what it does carry.
    public func capabilityFindings(for message: OutboundMessage) -> [Finding] {
        var out: [Finding] = []
        let kind = message.kind
        if !capabilities.carries(kind) {
            let list = capabilities.kinds.map(\.rawValue).joined(separator: ", ")
            out.append(Finding(.error, "type", .gatewayCapability, "\(displayName) cannot carry \(kind.rawValue) messages; it carries \(list)",
                               limit: list, actual: kind.rawValue))
        }
        func need(_ feature: GatewayFeature, _ present: Bool, _ path: FieldPath, _ what: String, actual: String? = nil) {
            if present && !capabilities.features.contains(feature) {
                out.append(Finding(.error, path, .gatewayCapability, "\(displayName) has no field for \(what)", limit: feature.rawValue, actual: actual))
            }
        }
        need(.replyContext, message.replyTo != nil, "context.message_id", "a reply context")
        need(.callbackData, message.bizOpaqueCallbackData != nil, "biz_opaque_callback_data", "biz_opaque_callback_data")
        need(.groupRecipient, message.recipientType == "group", "recipient_type", "group recipients")
        need(.userIDRecipient, message.addressee.isUserID, "recipient", "business-scoped user ids (it sends to phone numbers)",
             actual: message.recipient.map { "\"\($0)\"" })
        need(.identityCheck, message.recipientIdentityKeyHash != nil, "recipient_identity_key_hash", "recipient_identity_key_hash")
        need(.directSend, message.isDirectSend, "category", "Direct Send (category and ttl_seconds)")
        if case .template(let t) = message.content, let i = t.components?.firstIndex(where: { $0.type.lowercased() == "carousel" }) {
            need(.templateCarousel, true, FieldPath("template.components").index(i), "template carousels", actual: "\"carousel\"")
        }
        if let member = message.marketingOnlyMembers.first {
            need(.marketingMessages, true, FieldPath.root.key(member), "the marketing messages endpoint (product_policy, message_activity_sharing, bid_spec)")
        }
        if case .text(let t) = message.content, t.previewURL == true, !capabilities.features.contains(.linkPreview) {
            out.append(Finding(.warning, "text.preview_url", .gatewayCapability, "\(displayName) has no link-preview switch; preview_url is not sent"))
        }
        if !capabilities.features.contains(.mediaByID) {
            for path in Self.mediaIDPaths(in: message) {
                out.append(Finding(.error, path, .gatewayCapability, "\(displayName) takes media by link (URL) only, not by uploaded id"))
            }
        }
        return out
    }

    static func mediaIDPaths(in message: OutboundMessage) -> [FieldPath] {
        switch message.content {
        case .media(let k, let m) where m.id != nil: return [FieldPath.root.key(k.rawValue).key("id")]
        case .interactive(let i):
            if let h = i.header, h.media?.id != nil { return [FieldPath("interactive.header").key(h.type).key("id")] }
        case .template(let t):
            var paths: [FieldPath] = []
            for (i, c) in (t.components ?? []).enumerated() {
                for (j, p) in (c.parameters ?? []).enumerated() where p.media?.id != nil {
                    paths.append(FieldPath("template.components").index(i).key("parameters").index(j).key(p.type).key("id"))
                }
            }
            return paths
        default: break
        }
        return []
    }

    /// The recipient as this gateway writes it: its form of the number when it parses, else as
    /// written (validation has already reported it); a user id as written.
    func recipient(_ message: OutboundMessage) -> String {
        guard case .phone(let to) = message.addressee, case .success(let p) = PhoneNumber.parse(to) else { return message.recipientText }
        return recipientText(p)
    }

    /// The exact request for the message, with the profile's default vendor options under the
    /// message's own. Call only when `capabilityFindings` has no errors.
    public func encode(_ message: OutboundMessage, profile: Profile, options: VendorOptions) -> WireRequest {
        wireRequest(for: message, profile: profile, options: profile.sendOptions(options))
    }

    /// The URL a text message goes to with this profile (the gateway's endpoint, for listings).
    public func endpoint(profile: Profile) -> String {
        encode(OutboundMessage(to: "+10000000000", content: .text(TextContent(body: ""))), profile: profile, options: VendorOptions()).url
    }

    /// Everything that stands between this message and this gateway: Meta's rules, the
    /// capability check, the gateway's own rules and the profile's problems.
    public func validate(_ message: OutboundMessage, profile: Profile, options: VendorOptions = VendorOptions()) -> [Finding] {
        messageFindings(message, profile: profile, options: options) + profile.findings()
    }

    /// What this gateway would say of the message itself (not of the profile): Meta's rules read
    /// with what the profile knows (its business number), the capability check, the gateway's
    /// own rules and its vendor options. The sandbox and curl import give this verdict too.
    public func messageFindings(_ message: OutboundMessage, profile: Profile, options: VendorOptions = VendorOptions()) -> [Finding] {
        MessageValidator.validate(message, context: profile.validationContext) + capabilityFindings(for: message)
            + findings(for: message, profile: profile, options: profile.sendOptions(options)) + optionFindings(options)
    }

    /// Warnings for vendor options that belong to other gateways.
    func optionFindings(_ options: VendorOptions) -> [Finding] {
        GatewayRegistry.all.filter { other in other.id != id && other.optionKeys.contains { options[$0.name] != nil } }
            .compactMap { $0.optionsNotCarried(by: displayName) }
    }

    /// The one way through before sending: validate, then encode unless the gateway cannot
    /// carry the message at all. Validation errors do not stop the encode, so a preview shows the
    /// request with its problems listed next to it.
    public func prepare(_ message: OutboundMessage, profile: Profile, options: VendorOptions = VendorOptions()) -> Preparation {
        let findings = validate(message, profile: profile, options: options)
        return Preparation(findings: findings, request: findings.gatewayCannotCarry ? nil : encode(message, profile: profile, options: options))
    }
}

/// The result of `prepare`: the findings, and the request when the gateway can carry the message.
public struct Preparation: Sendable, Hashable {
    public var findings: [Finding]
    public var request: WireRequest?

    /// Ready to send: a request and no errors.
    public var isSendable: Bool { request != nil && !findings.hasErrors }

    public init(findings: [Finding], request: WireRequest?) {
        self.findings = findings
        self.request = request
    }
}
