import WhatsAppModel

/// Meta's WhatsApp Cloud API: `POST {base}/{version}/{phone-number-id}/messages` with a Bearer
/// token; the body is the canonical message itself.
public struct MetaCloudGateway: Gateway {
    public static let defaultBaseURL = "https://graph.facebook.com"

    public init() {}

    public var id: GatewayID { .meta }
    public var displayName: String { "Meta Cloud API" }

    public var capabilities: GatewayCapabilities {
        GatewayCapabilities(kinds: MessageKind.allCases, features: Set(GatewayFeature.allCases).subtracting([.statusCallback]), statuses: .webhook)
    }

    public var defaultBaseURL: String? { Self.defaultBaseURL }
    public var endpointShape: String { "/{version}/{phone-number-id}/messages" }
    public var authHeader: AuthHeader { AuthHeader("Authorization", prefix: "Bearer ") }

    public func matchEndpoint(_ segments: [String]) -> EndpointMatch? {
        let n = segments.count
        guard n >= 3, MetaEndpoint(lastSegment: segments[n - 1]) != nil, Self.isGraphVersion(segments[n - 3]) else { return nil }
        var values = ProfileValues()
        values.apiVersion = segments[n - 3]
        values.phoneNumberID = segments[n - 2]
        return EndpointMatch(prefixCount: n - 3, values: values)
    }

    public func wireRequest(for message: OutboundMessage, profile: Profile, options: VendorOptions) -> WireRequest {
        post(body(message), to: MetaEndpoint(options), profile: profile)
    }

    /// Mark as read goes to the messages endpoint.
    public func readReceiptRequest(_ receipt: ReadReceipt, profile: Profile) -> WireRequest? {
        post(receipt.json, to: .messages, profile: profile)
    }

    public func decodeReadReceipt(_ response: WireResponse) -> SendOutcome {
        ResponseReading.decodeJSON(response) { json, notes in
            if let err = json["error"]?.objectValue { return Self.rejection(err, response, notes: notes) }
            guard (200...299).contains(response.status), json["success"]?.boolValue == true else {
                return ResponseReading.missing("success: true", response)
            }
            return .accepted(Acceptance(httpStatus: response.status, status: "read", notes: notes, rawBody: response.body))
        }
    }

    func post(_ body: JSONValue, to endpoint: MetaEndpoint, profile: Profile) -> WireRequest {
        let base = profile.baseURL ?? Self.defaultBaseURL
        let url = base.joiningPath("/\(profile.apiVersion ?? GraphAPIVersions.current)/\(profile.phoneNumberID ?? "")/\(endpoint.rawValue)")
        return WireRequest(method: "POST", url: url, headers: [
            authHeader.header(for: profile),
            WireHeader("Content-Type", "application/json"),
        ], json: body)
    }

    /// Meta's body: the message with the recipient in E.164 (the `+` matters: without it Meta
    /// prepends the business number's country code).
    func body(_ message: OutboundMessage) -> JSONValue {
        var o = message.jsonObject
        if message.to != nil { o["to"] = .string(recipient(message)) }
        return .object(o)
    }

    public func read(body: JSONValue, path: String) throws(MessageDecodingError) -> ReadRequest {
        var options = VendorOptions()
        if let last = path.split(separator: "/").last, MetaEndpoint(lastSegment: String(last)) == .marketingMessages {
            options[MetaEndpoint.optionKey.name] = MetaEndpoint.marketingMessages.rawValue
        }
        return ReadRequest(message: try OutboundMessage(json: body), options: options)
    }

    public var optionKeys: [VendorOptionKey] { [MetaEndpoint.optionKey] }

    public func optionsNotCarried(by gatewayName: String) -> Finding? {
        Finding(.warning, "endpoint", .gatewayCapability, "endpoint (Meta's marketing messages endpoint) is Meta's; \(gatewayName) does not use it")
    }

    public func findings(for message: OutboundMessage, profile: Profile, options: VendorOptions) -> [Finding] {
        MetaEndpoint.findings(for: message, options: options)
    }

    public func decode(_ response: WireResponse) -> SendOutcome {
        Self.decodeGraph(response)
    }

    public var errorCatalogue: [CatalogueEntry] { MetaErrorCatalogue.entries }

    public func catalogueEntry(code: String) -> CatalogueEntry? { Int(code).flatMap(MetaErrorCatalogue.entry(code:)) }

    public var statusDecoder: StatusCallbackDecoder? { MetaWebhooks.statusDecoder }
    public var webhookShape: WebhookShape? { MetaWebhooks.shape }

    public var signsWebhooks: Bool { true }

    public var emulation: any GatewayEmulation { MetaEmulation() }

    /// Reads a Graph API response: `messages[0].id` on success, the `error` object otherwise.
    static func decodeGraph(_ response: WireResponse) -> SendOutcome {
        ResponseReading.decodeJSON(response) { json, notes in
            if let err = json["error"]?.objectValue { return rejection(err, response, notes: notes) }
            guard (200...299).contains(response.status) else {
                return ResponseReading.rejection(response, code: nil, message: "HTTP \(response.status) without an error object", notes: notes)
            }
            guard let first = json["messages"]?.arrayValue?.first, let id = first["id"]?.stringValue else {
                return ResponseReading.missing("messages[0].id", response)
            }
            // `message_status` is in the `messages[]` item since v24 and at the top level before;
            // the contact has `wa_id` for a number and `user_id` for a user id (v24 and later).
            let contact = json["contacts"]?.arrayValue?.first
            let status = first["message_status"]?.stringValue ?? json["message_status"]?.stringValue ?? "accepted"
            return .accepted(Acceptance(httpStatus: response.status, messageID: id, status: status,
                                        recipient: contact?["wa_id"]?.stringValue ?? contact?["user_id"]?.stringValue, notes: notes, rawBody: response.body))
        }
    }

    /// Graph's error object as a rejection, with the catalogue's meaning and retry advice.
    static func rejection(_ err: JSONObject, _ response: WireResponse, notes: [String]) -> SendOutcome {
        let code = err["code"]?.intValue
        let entry = code.flatMap(MetaErrorCatalogue.entry(code:))
        let fallback = ResponseReading.classify(status: response.status, response: response)
        var retry = entry?.retry ?? fallback.retry
        // A Retry-After from the server beats the catalogue's generic advice.
        if let after = ResponseReading.retryAfter(response), retry.isRetryable || response.status == 429 { retry = .after(seconds: after) }
        var r = Rejection(httpStatus: response.status, vendorCode: code.map(String.init), vendorMessage: err["message"]?.stringValue,
                          details: err["error_data"]?["details"]?.stringValue ?? err["error_user_msg"]?.stringValue,
                          category: entry?.category ?? fallback.category, retry: retry, meaning: entry?.meaning, rawBody: response.body)
        r.errorType = err["type"]?.stringValue
        r.subcode = err["error_subcode"]?.intValue
        r.fbtraceID = err["fbtrace_id"]?.stringValue
        r.notes = notes
        if code == nil { r.notes.append("the error object has no whole-number code") }
        return .rejected(r)
    }
}
