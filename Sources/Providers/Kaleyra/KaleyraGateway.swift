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
                                   "\(key) is truncated to \(Limits.kaleyraRef) characters, as Kaleyra would; \(n - Limits.kaleyraRef) are cut",
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
        let sender = profile.senderNumber.map { number in (try? PhoneNumber.parse(number).get())?.e164 ?? number } ?? ""
        let url = base.joiningPath("/v2/\(profile.sid ?? "")/whatsapp/\(sender)/messages")
        var body = JSONObject()
        body.append("messaging_object", MetaCloudGateway.body(message))
        var extra = JSONObject()
        // Kaleyra truncates past 255; the request shows what Kaleyra keeps (the finding says so).
        func ref(_ v: String?) -> JSONValue? { v.map { .string(TextLength.prefix($0, units: Limits.kaleyraRef)) } }
        extra.set("ref", ref(o.kaleyraRef))
        extra.set("ref1", ref(o.kaleyraRef1))
        extra.set("ref2", ref(o.kaleyraRef2))
        extra.set("wa_source", o.kaleyraWASource.map(JSONValue.string))
        if !extra.isEmpty { body.append("extra_info", .object(extra)) }
        return WireRequest(method: "POST", url: url, headers: [
            WireHeader("Content-Type", "application/json"),
            secretHeader("api-key", profile: profile),
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
            func string(_ key: String) throws(MessageDecodingError) -> String? {
                guard let v = e[key] else { return nil }
                guard let s = v.stringValue else { throw MessageDecodingError(path: FieldPath("extra_info").key(key), reason: "expected a string, found \(v.typeName)") }
                return s
            }
            options = VendorOptions(kaleyraRef: try string("ref"), kaleyraRef1: try string("ref1"), kaleyraRef2: try string("ref2"), kaleyraWASource: try string("wa_source"))
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
}
