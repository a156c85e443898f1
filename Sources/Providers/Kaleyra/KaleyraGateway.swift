import WhatsAppModel

/// Kaleyra WhatsApp API v2: `POST https://<pod domain>/v2/<SID>/whatsapp/<phone_number>/messages`
/// with `api-key`; the body nests Meta's message as `messaging_object`, plus `extra_info`.
///
/// The seed's table calls the URL's `<phone_number>` the end customer's number, but its WA401
/// ("Phone number is not present or does not belong to the account") shows it is the account's
/// own sending number; wacon puts the profile's `phone_number` there and the recipient in `to`.
public struct KaleyraGateway: Gateway {
    /// `wa_source` values Kaleyra knows; any other is replaced by "API" on their side.
    public static let waSources = ["api", "clevertap", "zoho", "webengage", "shopify", "leadsquared", "responsys", "braze",
                                   "hubspot", "salesforce", "zapier", "eloqua", "moengage"]

    public init() {}

    public var id: GatewayID { .kaleyra }
    public var displayName: String { "Kaleyra v2" }

    public var capabilities: GatewayCapabilities {
        // Meta's message object is carried as is; group sends and per-message callbacks are not
        // documented for v2 (callbacks are account-level callback profiles).
        // Kaleyra is silent on the 2026 envelope members (recipient, recipient_identity_key_hash,
        // category); since it passes Meta's object on as is, it carries them (plausible).
        GatewayCapabilities(kinds: MessageKind.allCases, features: [.replyContext, .mediaByID, .linkPreview, .callbackData, .userIDRecipient, .identityCheck, .directSend,
                                                                       .templateNamedParameters, .templateMediaHeader, .templateButtonParameters, .templateCarousel],
                            statuses: .callback)
    }

    public var defaultBaseURL: String? { nil }

    /// Each pod's host; the host says which pod the profile uses.
    public var apiHosts: [GatewayHost] {
        KaleyraPod.allCases.flatMap { pod in
            var values = ProfileValues()
            values.pod = pod
            return ([pod.domain] + pod.otherDomains).map { GatewayHost(host: $0, gateway: id, values: values) }
        }
    }

    public var endpointShape: String { "/v2/{sid}/whatsapp/{phone_number}/messages" }
    public var authHeader: AuthHeader { AuthHeader("api-key") }

    public func matchEndpoint(_ segments: [String]) -> EndpointMatch? {
        let n = segments.count
        guard n >= 5, segments[n - 5] == "v2", segments[n - 3] == "whatsapp", segments[n - 1] == "messages" else { return nil }
        var values = ProfileValues()
        values.sid = segments[n - 4]
        values.senderNumber = segments[n - 2]
        return EndpointMatch(prefixCount: n - 5, values: values)
    }

    public func findings(for message: OutboundMessage, profile: Profile, options: VendorOptions) -> [Finding] {
        var out: [Finding] = []
        for (key, value) in [("ref", options.kaleyraRef), ("ref1", options.kaleyraRef1), ("ref2", options.kaleyraRef2)] {
            guard let value else { continue }
            let n = TextLength.of(value)
            if n > Limits.kaleyraRef {
                out.append(Finding(.warning, FieldPath("extra_info").key(key), .maxLength,
                                   "\(key) is truncated to \(Limits.kaleyraRef) characters, as Kaleyra would; the last \(n - Limits.kaleyraRef) cut",
                                   limit: "\(Limits.kaleyraRef)", actual: "\(n)"))
            }
        }
        if let source = options.kaleyraWASource, !Self.waSources.contains(source.lowercased()) {
            out.append(Finding(.warning, "extra_info.wa_source", .allowedValues, "Kaleyra replaces an unknown wa_source with \"API\"",
                               limit: Self.waSources.joined(separator: ", "), actual: "\"\(source)\""))
        }
        return out
    }

    public func wireRequest(for message: OutboundMessage, profile: Profile, options: VendorOptions) -> WireRequest {
        let base = profile.baseURL ?? "https://" + (profile.pod ?? .IN).domain
        let sender = profile.senderNumber.map { number in (try? PhoneNumber.parse(number).get())?.e164 ?? number } ?? ""
        let url = base.joiningPath("/v2/\(profile.sid ?? "")/whatsapp/\(sender)/messages")
        var body = JSONObject()
        body.append("messaging_object", MetaCloudGateway().body(message))
        var extra = JSONObject()
        // Kaleyra truncates past 255; the request shows what Kaleyra keeps (the finding says so).
        func ref(_ v: String?) -> JSONValue? { v.map { .string(TextLength.prefix($0, units: Limits.kaleyraRef)) } }
        extra.set("ref", ref(options.kaleyraRef))
        extra.set("ref1", ref(options.kaleyraRef1))
        extra.set("ref2", ref(options.kaleyraRef2))
        extra.set("wa_source", options.kaleyraWASource.map(JSONValue.string))
        if !extra.isEmpty { body.append("extra_info", .object(extra)) }
        return WireRequest(method: "POST", url: url, headers: [
            WireHeader("Content-Type", "application/json"),
            authHeader.header(for: profile),
            WireHeader("cache-control", "no-cache"),
        ], json: .object(body))
    }

    public func read(body: JSONValue, path: String) throws(MessageDecodingError) -> ReadRequest {
        guard let object = body.objectValue else { throw MessageDecodingError(path: .root, reason: "expected an object, found \(body.typeName)") }
        guard let mo = object["messaging_object"] else { throw MessageDecodingError(path: "messaging_object", reason: "missing: Meta's message object") }
        let message = try OutboundMessage(json: mo)
        var options = VendorOptions()
        if let extra = object["extra_info"] {
            guard let e = extra.objectValue else { throw MessageDecodingError(path: "extra_info", reason: "expected an object, found \(extra.typeName)") }
            // extra_info's members are the options, under the same names.
            for key in optionKeys {
                guard let v = e[key.name] else { continue }
                guard let s = v.stringValue else { throw MessageDecodingError(path: FieldPath("extra_info").key(key.name), reason: "expected a string, found \(v.typeName)") }
                options[key.name] = s
            }
        }
        return ReadRequest(message: message, options: options)
    }

    public func decode(_ response: WireResponse) -> SendOutcome {
        ResponseReading.decodeJSON(response) { json, notes in
            // Kaleyra forwards Meta's error object in some failures.
            if json["error"]?["code"]?.doubleValue != nil { return MetaCloudGateway.decodeGraph(response) }
            let code = json["code"]?.stringValue
            if (200...299).contains(response.status), code == nil || code == "WA202" || code == "WA200" {
                guard let id = json["data"]?["message_id"]?.stringValue else { return ResponseReading.missing("data.message_id", response) }
                return .accepted(Acceptance(httpStatus: response.status, messageID: id,
                                            status: json["message"]?.stringValue ?? "accepted", vendorCode: code, notes: notes, rawBody: response.body))
            }
            let message = json["message"]?.stringValue
            let details = ResponseReading.text(json["error"])
            guard let code, let entry = KaleyraErrorCatalogue.entry(code: code) else {
                return ResponseReading.rejection(response, code: code, message: message, details: details, notes: notes)
            }
            var r = Rejection(httpStatus: response.status, vendorCode: code, vendorMessage: message, details: details,
                              category: entry.category, retry: entry.retry, meaning: entry.meaning, rawBody: response.body)
            r.notes = notes
            return .rejected(r)
        }
    }

    public var errorCatalogue: [CatalogueEntry] { KaleyraErrorCatalogue.entries }

    public var statusDecoder: StatusCallbackDecoder? { KaleyraCallbacks.statusDecoder }
    public var webhookShape: WebhookShape? { KaleyraCallbacks.shape }

    public var emulation: any GatewayEmulation { KaleyraEmulation() }
}
