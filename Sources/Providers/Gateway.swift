import WhatsAppModel

/// The gateways wacon speaks.
public enum GatewayID: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case meta, kaleyra, flowiq, botika, zixflow

    public var description: String { rawValue }

    /// The adapter for this gateway.
    public var gateway: any Gateway {
        switch self {
        case .meta: return MetaCloudGateway()
        case .kaleyra: return KaleyraGateway()
        case .flowiq: return FlowIQGateway()
        case .botika: return BotikaGateway()
        case .zixflow: return ZixflowGateway()
        }
    }
}

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
}

/// What a gateway can carry.
public struct GatewayCapabilities: Sendable, Hashable {
    public var kinds: [MessageKind]
    public var features: Set<GatewayFeature>

    public init(kinds: [MessageKind], features: Set<GatewayFeature>) {
        self.kinds = kinds
        self.features = features
    }

    public func carries(_ kind: MessageKind) -> Bool { kinds.contains(kind) }
}

/// One gateway adapter: what it carries, how a message becomes its HTTP request, and how its
/// responses become a `SendOutcome`. Every method is a plain function over values.
public protocol Gateway: Sendable {
    var id: GatewayID { get }
    /// A name for people: "Meta Cloud API".
    var displayName: String { get }
    var capabilities: GatewayCapabilities { get }
    /// Findings particular to this gateway (beyond Meta's rules and the capability check).
    func findings(for message: OutboundMessage, profile: Profile, options: VendorOptions) -> [Finding]
    /// The exact request. Call only when `capabilityFindings` has no errors.
    func encode(_ message: OutboundMessage, profile: Profile, options: VendorOptions) -> WireRequest
    /// Reads a response.
    func decode(_ response: WireResponse) -> SendOutcome
    /// The inverse of `encode`: reads this gateway's request body (and URL path) back into the
    /// canonical message. The sandbox validates requests with it; curl import uses it too.
    func read(body: JSONValue, path: String) throws(MessageDecodingError) -> ReadRequest
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
        func need(_ feature: GatewayFeature, _ present: Bool, _ path: FieldPath, _ what: String) {
            if present && !capabilities.features.contains(feature) {
                out.append(Finding(.error, path, .gatewayCapability, "\(displayName) has no field for \(what)", actual: feature.rawValue))
            }
        }
        need(.replyContext, message.replyTo != nil, "context.message_id", "a reply context")
        need(.callbackData, message.bizOpaqueCallbackData != nil, "biz_opaque_callback_data", "biz_opaque_callback_data")
        need(.groupRecipient, message.recipientType == "group", "recipient_type", "group recipients")
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
            + findings(for: message, profile: profile, options: options) + optionFindings(options)
    }

    /// Warnings for vendor options that this gateway does not carry.
    func optionFindings(_ options: VendorOptions) -> [Finding] {
        var out: [Finding] = []
        if id != .kaleyra, [options.kaleyraRef, options.kaleyraRef1, options.kaleyraRef2, options.kaleyraWASource].contains(where: { $0 != nil }) {
            out.append(Finding(.warning, "extra_info", .gatewayCapability, "extra_info (ref, ref1, ref2, wa_source) is Kaleyra's; \(displayName) does not send it"))
        }
        if id != .zixflow, options.postBackURL != nil || options.postBackData != nil {
            out.append(Finding(.warning, "post_back_url", .gatewayCapability, "post_back_url and post_back_data are Zixflow's; \(displayName) does not send them"))
        }
        return out
    }

    /// The one way through before sending: validate, then encode unless the gateway cannot
    /// carry the message at all. Validation errors do not stop the encode, so a preview shows the
    /// request with its problems listed next to it.
    public func prepare(_ message: OutboundMessage, profile: Profile, options: VendorOptions = VendorOptions()) -> Preparation {
        let findings = validate(message, profile: profile, options: options)
        let blocked = findings.contains { $0.rule == .gatewayCapability && $0.isError && $0.path == "type" }
        return Preparation(findings: findings, request: blocked ? nil : encode(message, profile: profile, options: options))
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

/// Options some gateways carry outside Meta's message object.
public struct VendorOptions: Sendable, Hashable {
    /// Kaleyra `extra_info`: `ref`, `ref1`, `ref2` (≤ 255 each) and `wa_source`.
    public var kaleyraRef: String?
    public var kaleyraRef1: String?
    public var kaleyraRef2: String?
    public var kaleyraWASource: String?
    /// Zixflow: where delivery postbacks go, and what they carry back.
    public var postBackURL: String?
    public var postBackData: String?

    public init(kaleyraRef: String? = nil, kaleyraRef1: String? = nil, kaleyraRef2: String? = nil, kaleyraWASource: String? = nil,
                postBackURL: String? = nil, postBackData: String? = nil) {
        self.kaleyraRef = kaleyraRef
        self.kaleyraRef1 = kaleyraRef1
        self.kaleyraRef2 = kaleyraRef2
        self.kaleyraWASource = kaleyraWASource
        self.postBackURL = postBackURL
        self.postBackData = postBackData
    }

    /// These options over `defaults`: a value set here wins.
    public func over(_ defaults: VendorOptions) -> VendorOptions {
        VendorOptions(kaleyraRef: kaleyraRef ?? defaults.kaleyraRef, kaleyraRef1: kaleyraRef1 ?? defaults.kaleyraRef1,
                      kaleyraRef2: kaleyraRef2 ?? defaults.kaleyraRef2, kaleyraWASource: kaleyraWASource ?? defaults.kaleyraWASource,
                      postBackURL: postBackURL ?? defaults.postBackURL, postBackData: postBackData ?? defaults.postBackData)
    }
}

/// The recipient formatted for a gateway: E.164 when it parses, else as written (validation has
/// already reported it).
func recipient(_ message: OutboundMessage, digitsOnly: Bool = false) -> String {
    guard message.recipientType != "group", case .success(let p) = PhoneNumber.parse(message.to) else { return message.to }
    return digitsOnly ? p.digits : p.e164
}
