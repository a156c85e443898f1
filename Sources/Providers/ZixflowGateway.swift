import WhatsAppModel

/// Zixflow AI ingestion API: `POST https://api-ai.zixflow.com/api/ingest/whatsapp/v1/message/<kind>/send`
/// with `x-api-key` and `x-workspace-id`; the body is `recipient` (digits only), `phone_id`, Meta's
/// object for the kind, and optional `post_back_url` / `post_back_data`.
///
/// Only the reply-buttons path is in the seed; the other kinds' paths follow its pattern and the
/// kinds Zixflow lists (plausible, undocumented).
public struct ZixflowGateway: Gateway {
    public static let defaultBaseURL = "https://api-ai.zixflow.com"

    public init() {}

    public var id: GatewayID { .zixflow }
    public var displayName: String { "Zixflow" }

    public var capabilities: GatewayCapabilities {
        GatewayCapabilities(kinds: [.text, .image, .video, .audio, .document, .sticker, .location, .contacts, .reaction,
                                    .button, .list, .ctaURL, .locationRequest, .template],
                            features: [.mediaByID, .linkPreview, .statusCallback])
    }

    /// The path segment after `/message/` for each kind.
    static func pathSegment(_ kind: MessageKind) -> String {
        switch kind {
        case .button: return "interactive/reply-buttons"
        case .list: return "interactive/list"
        case .ctaURL: return "interactive/cta-url"
        case .locationRequest: return "interactive/location-request"
        case .contacts: return "contact"
        default: return kind.rawValue
        }
    }

    public func findings(for message: OutboundMessage, profile: Profile, options: VendorOptions) -> [Finding] {
        var out: [Finding] = []
        if let url = options.over(profile.defaults).postBackURL, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            out.append(Finding(.error, "post_back_url", .format, "post_back_url must be an http:// or https:// URL", actual: "\"\(url)\""))
        }
        return out
    }

    public func encode(_ message: OutboundMessage, profile: Profile, options: VendorOptions) -> WireRequest {
        let o = options.over(profile.defaults)
        let url = (profile.baseURL ?? Self.defaultBaseURL).joiningPath("/api/ingest/whatsapp/v1/message/\(Self.pathSegment(message.kind))/send")
        var b = JSONObject()
        b.append("recipient", .string(recipient(message, digitsOnly: true)))
        b.append("phone_id", .string(profile.phoneID ?? ""))
        let meta = message.jsonObject
        let key = message.content.typeName
        b.set(key, meta[key])
        b.set("post_back_url", o.postBackURL.map(JSONValue.string))
        b.set("post_back_data", o.postBackData.map(JSONValue.string))
        return WireRequest(method: "POST", url: url, headers: [
            WireHeader("Content-Type", "application/json"),
            secretHeader("x-api-key", profile: profile),
            WireHeader("x-workspace-id", profile.workspaceID ?? ""),
        ], json: .object(b))
    }

    public func read(body: JSONValue, path: String) throws(MessageDecodingError) -> ReadRequest {
        var b = try BodyReader(body)
        let recipient = try b.string("recipient") ?? ""
        guard let kind = capabilities.kinds.first(where: { path.hasSuffix("/message/\(Self.pathSegment($0))/send") }) else {
            throw MessageDecodingError(path: "url", reason: "no Zixflow message endpoint at \(path)")
        }
        let key = kind == .contacts ? "contacts" : kind.rawValue.hasPrefix("interactive.") ? "interactive" : kind.rawValue
        guard let payload = b.raw(key) else { throw MessageDecodingError(path: FieldPath(key), reason: "missing: required for this endpoint") }
        // The digits-only recipient gets its + back so validation reads it as E.164.
        let to = recipient.isEmpty || recipient.hasPrefix("+") ? recipient : "+" + recipient
        var message = try OutboundMessage(json: ["messaging_product": "whatsapp", "to": .string(to), "type": .string(key), .init(stringLiteral: key): payload])
        _ = try b.string("phone_id")
        let options = VendorOptions(postBackURL: try b.string("post_back_url"), postBackData: try b.string("post_back_data"))
        message.unknownFields = b.unknown(besides: ["recipient", "phone_id", key, "post_back_url", "post_back_data"])
        return ReadRequest(message: message, options: options)
    }

    public func decode(_ response: WireResponse) -> SendOutcome {
        ResponseReading.decodeJSON(response) { json, notes in
            let success = json["success"]?.boolValue ?? json["status"]?.boolValue
            if (200...299).contains(response.status), success == nil { return ResponseReading.missing("success", response) }
            if (200...299).contains(response.status), success == true {
                guard let rid = json["request_id"]?.stringValue else { return ResponseReading.missing("request_id", response) }
                return .accepted(Acceptance(httpStatus: response.status, requestID: rid, status: "queued", notes: notes, rawBody: response.body))
            }
            // Zixflow documents failures only as success:false + message; a 200 with it is a validation failure.
            var outcome = ResponseReading.rejection(response, code: nil, message: json["message"]?.stringValue ?? ResponseReading.text(json["error"]), notes: notes)
            if case .rejected(var r) = outcome, (200...299).contains(response.status) {
                r.category = .validation
                r.retry = .fixRequest
                outcome = .rejected(r)
            }
            return outcome
        }
    }
}
