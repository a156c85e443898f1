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
        GatewayCapabilities(kinds: MessageKind.allCases, features: [.replyContext, .mediaByID, .linkPreview, .callbackData])
    }

    public func findings(for message: OutboundMessage, profile: Profile, options: VendorOptions) -> [Finding] {
        let o = options.over(profile.defaults)
        var out: [Finding] = []
        for (key, value) in [("ref", o.kaleyraRef), ("ref1", o.kaleyraRef1), ("ref2", o.kaleyraRef2)] {
            guard let value else { continue }
            let n = TextLength.of(value)
            if n > Limits.kaleyraRef {
                out.append(Finding(.warning, FieldPath("extra_info").key(key), .maxLength,
                                   "Kaleyra keeps only the first \(Limits.kaleyraRef) characters of \(key); \(n - Limits.kaleyraRef) would be cut",
                                   limit: "\(Limits.kaleyraRef)", actual: "\(n)"))
            }
        }
        if let source = o.kaleyraWASource, !Self.waSources.contains(source.lowercased()) {
            out.append(Finding(.warning, "extra_info.wa_source", .allowedValues, "Kaleyra replaces an unknown wa_source with \"API\"",
                               limit: Self.waSources.joined(separator: ", "), actual: "\"\(source)\""))
        }
        return out
    }

    public func encode(_ message: OutboundMessage, profile: Profile, options: VendorOptions) -> WireRequest {
        let o = options.over(profile.defaults)
        let base = profile.baseURL ?? "https://" + (profile.pod ?? .IN).domain
        let url = base.joiningPath("/v2/\(profile.sid ?? "")/whatsapp/\(profile.senderNumber ?? "")/messages")
        var body = JSONObject()
        body.append("messaging_object", MetaCloudGateway.body(message))
        var extra = JSONObject()
        extra.set("ref", o.kaleyraRef.map(JSONValue.string))
        extra.set("ref1", o.kaleyraRef1.map(JSONValue.string))
        extra.set("ref2", o.kaleyraRef2.map(JSONValue.string))
        extra.set("wa_source", o.kaleyraWASource.map(JSONValue.string))
        if !extra.isEmpty { body.append("extra_info", .object(extra)) }
        return WireRequest(method: "POST", url: url, headers: [
            WireHeader("Content-Type", "application/json"),
            secretHeader("api-key", profile: profile),
            WireHeader("cache-control", "no-cache"),
        ], json: .object(body))
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
}
