import WhatsAppModel

/// Zixflow AI ingestion API: `POST https://api-ai.zixflow.com/api/ingest/whatsapp/v1/message/<kind>/send`
/// with `x-api-key` and `x-workspace-id`; the body is `recipient` (digits only), `phone_id`, Meta's
/// object for the kind, and optional `post_back_url` / `post_back_data`. Templates go to
/// `…/v1/template/send` in Zixflow's own shape: `template_name`, `variables` (values by the
/// template's variable names), `language` (a code, optional). Older pages show the prefix
/// `/api/ingestion/`; both are read, the current one is sent.
///
/// Documented paths: reply buttons (the seed), text, address (`interactive/address`) and the
/// template send; the other kinds' paths follow the pattern and the kinds Zixflow lists
/// (plausible, undocumented).
public struct ZixflowGateway: Gateway {
    public static let defaultBaseURL = "https://api-ai.zixflow.com"
    /// The current path prefix, and the one older pages show.
    static let pathPrefixes = ["/api/ingest/whatsapp/v1/", "/api/ingestion/whatsapp/v1/"]
    /// What the language is when a template send names none. Zixflow then chooses the template's
    /// language itself, in a way it does not document; wacon's message needs a code (plausible,
    /// undocumented).
    static let assumedLanguage = "en"

    public init() {}

    public var id: GatewayID { .zixflow }
    public var displayName: String { "Zixflow" }

    public var capabilities: GatewayCapabilities {
        GatewayCapabilities(kinds: [.text, .image, .video, .audio, .document, .sticker, .location, .contacts, .reaction,
                                    .button, .list, .ctaURL, .locationRequest, .addressMessage, .otherInteractive, .template],
                            features: [.mediaByID, .linkPreview, .statusCallback, .templateNamedParameters], statuses: .postback)
    }

    /// The path segment after `/message/` for each kind.
    static func pathSegment(_ kind: MessageKind) -> String {
        switch kind {
        case .button: return "interactive/reply-buttons"
        case .list: return "interactive/list"
        case .ctaURL: return "interactive/cta-url"
        case .locationRequest: return "interactive/location-request"
        case .addressMessage: return "interactive/address"
        case .contacts: return "contact"
        default: return kind.rawValue
        }
    }

    /// The path after the prefix for this message.
    static func endpoint(_ message: OutboundMessage) -> String {
        switch message.content {
        case .template: return "template/send"
        default: return "message/\(pathSegment(message.kind))/send"
        }
    }

    public var defaultBaseURL: String? { Self.defaultBaseURL }
    public var endpointShape: String { "\(Self.pathPrefixes[0])message/{kind}/send or \(Self.pathPrefixes[0])template/send" }
    public var authHeader: AuthHeader { AuthHeader("x-api-key") }

    public func matchEndpoint(_ segments: [String]) -> EndpointMatch? {
        // ".../v1/template/send", or the kind between ".../v1/message/" and "/send", which may
        // be two segments (interactive/reply-buttons); which kinds exist is `read`'s to say.
        // Older pages write "ingestion" for "ingest".
        let n = segments.count
        guard n >= 6, segments[n - 1] == "send" else { return nil }
        for k in 0...(n - 6) where segments[k] == "api" && ["ingest", "ingestion"].contains(segments[k + 1])
            && segments[k + 2] == "whatsapp" && segments[k + 3] == "v1" {
            let rest = Array(segments[(k + 4)...])
            if rest == ["template", "send"] || (rest.first == "message" && rest.count >= 3) { return EndpointMatch(prefixCount: k) }
        }
        return nil
    }

    /// Digits only, no `+`.
    public func recipientText(_ number: PhoneNumber) -> String { number.digits }

    public func findings(for message: OutboundMessage, profile: Profile, options: VendorOptions) -> [Finding] {
        var out: [Finding] = []
        if let url = options.postBackURL, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            out.append(Finding(.error, "post_back_url", .format, "post_back_url must be an http:// or https:// URL", actual: "\"\(url)\""))
        }
        // Zixflow takes the number as digits and documents no completion of a national number
        // (Meta prepends the business number's country code): wacon's plausible reading is that
        // the digits go on as written and are refused as an international number.
        if case .phone(let to) = message.addressee, PhoneNumber.read(to, businessNumber: profile.businessNumber).nationalDigits != nil {
            out.append(Finding(.error, "to", .phoneNumber, "Zixflow takes the number with its country code (digits); it does not add the business number's country code as Meta does",
                               actual: "\"\(to)\""))
        }
        switch message.content {
        case .otherInteractive(let type, _):
            // Zixflow documents an endpoint per interactive kind; wacon knows none for a type
            // outside its model, so the refusal names the type rather than the whole kind.
            let known = capabilities.kinds.filter { $0.rawValue.hasPrefix("interactive.") && $0 != .otherInteractive }.map(\.rawValue).joined(separator: ", ")
            out.append(Finding(.error, "interactive.type", .gatewayCapability, "Zixflow has no endpoint wacon knows for interactive \(type) messages; it takes \(known)",
                               limit: known, actual: "\"\(type)\""))
        case .template(let t):
            out += Self.templateFindings(t)
        default: break
        }
        return out
    }

    /// What Zixflow's template send cannot hold: it has a name, a language code and text
    /// variables by name, nothing else.
    static func templateFindings(_ t: TemplateContent) -> [Finding] {
        var out: [Finding] = []
        func cannot(_ path: FieldPath, _ what: String) {
            out.append(Finding(.error, path, .gatewayCapability, "Zixflow's template send takes named text variables only: \(what)"))
        }
        var named: [String: FieldPath] = [:]
        for (i, c) in (t.components ?? []).enumerated() {
            let cp = FieldPath("template.components").index(i)
            guard c.type == "header" || c.type == "body" else {
                cannot(cp, c.type == "button" ? "it has no field for button parameters (\(c.subType ?? "no sub_type"))" : "it has no field for a \(c.type) component")
                continue
            }
            for (j, p) in (c.parameters ?? []).enumerated() {
                let pp = cp.key("parameters").index(j)
                guard p.type == "text" else {
                    cannot(pp, "a \(c.type) \(p.type) parameter has no place in them")
                    continue
                }
                guard let name = p.parameterName else {
                    cannot(pp, "this positional parameter has no parameter_name to send it under")
                    continue
                }
                if let first = named[name] {
                    out.append(Finding(.error, pp.key("parameter_name"), .gatewayCapability, "a second variable named \"\(name)\" (first at \(first)): Zixflow's variables hold one value per name"))
                } else {
                    named[name] = pp
                }
            }
        }
        if t.languagePolicy != nil {
            out.append(Finding(.warning, "template.language.policy", .gatewayCapability, "Zixflow's language is a code only; the policy is not sent"))
        }
        return out
    }

    public func wireRequest(for message: OutboundMessage, profile: Profile, options: VendorOptions) -> WireRequest {
        let url = (profile.baseURL ?? Self.defaultBaseURL).joiningPath(Self.pathPrefixes[0] + Self.endpoint(message))
        var b = JSONObject()
        b.append("recipient", .string(recipient(message)))
        b.append(Self.phoneIDMember, .string(profile.phoneID ?? ""))
        if case .template(let t) = message.content {
            b.append("template_name", .string(t.name))
            let variables = Self.variables(t)
            if !variables.isEmpty { b.append("variables", .object(variables)) }
            b.append("language", .string(t.languageCode))
        } else {
            let meta = message.jsonObject
            let key = message.content.typeName
            b.set(key, meta[key])
        }
        // The options are members of the body, under their own names.
        for key in optionKeys { b.set(key.name, options[key.name].map(JSONValue.string)) }
        return WireRequest(method: "POST", url: url, headers: [
            WireHeader("Content-Type", "application/json"),
            authHeader.header(for: profile),
            WireHeader(Self.workspaceHeader, profile.workspaceID ?? ""),
        ], json: .object(b))
    }

    /// The header and body text parameters by name. A parameter without a name goes under its
    /// position ("1", "2", …) so a preview shows it; validation has already refused it.
    static func variables(_ t: TemplateContent) -> JSONObject {
        var out = JSONObject()
        for c in t.components ?? [] where c.type == "header" || c.type == "body" {
            for (j, p) in (c.parameters ?? []).enumerated() where p.type == "text" {
                out[p.parameterName ?? String(j + 1)] = .string(p.text ?? "")
            }
        }
        return out
    }

    public func read(body: JSONValue, path: String) throws(MessageDecodingError) -> ReadRequest {
        var b = try BodyReader(body)
        let recipient = try b.string("recipient") ?? ""
        guard let found = Self.pathPrefixes.lazy.compactMap({ path.firstRange(of: $0) }).first else {
            throw MessageDecodingError(path: "url", reason: "no Zixflow endpoint at \(path); expected \(Self.pathPrefixes[0])message/<kind>/send or \(Self.pathPrefixes[0])template/send")
        }
        let rest = String(path[found.upperBound...])
        // The digits-only recipient gets its + back so validation reads it as E.164.
        let to = recipient.isEmpty || recipient.hasPrefix("+") ? recipient : "+" + recipient
        _ = try b.string(Self.phoneIDMember)
        var options = VendorOptions()
        for key in optionKeys { options[key.name] = try b.string(key.name) }
        var notes: [Finding] = []
        var message: OutboundMessage
        let fields: Set<String>
        if rest == "template/send" {
            message = try Self.readTemplate(&b, to: to, notes: &notes)
            fields = ["template_name", "variables", "language"]
        } else {
            let segment = rest.hasPrefix("message/") && rest.hasSuffix("/send") ? String(rest.dropFirst("message/".count).dropLast("/send".count)) : ""
            // The pass-through kind's own segment reads too: what wacon writes for it (and refuses)
            // imports back as written.
            guard let kind = capabilities.kinds.first(where: { $0 != .template && Self.pathSegment($0) == segment }) else {
                throw MessageDecodingError(path: "url", reason: "no Zixflow message endpoint at \(path)")
            }
            let key = kind == .contacts ? "contacts" : kind.rawValue.hasPrefix("interactive.") ? "interactive" : segment
            guard let payload = b.raw(key) else { throw MessageDecodingError(path: FieldPath(key), reason: "missing: required for this endpoint") }
            message = try OutboundMessage(json: ["messaging_product": "whatsapp", "to": .string(to), "type": .string(key), .init(stringLiteral: key): payload])
            fields = [key]
        }
        message.unknownFields = b.unknown(besides: fields.union(["recipient", Self.phoneIDMember]).union(optionKeys.map(\.name)))
        return ReadRequest(message: message, options: options, notes: notes)
    }

    /// Zixflow's template send as Meta's template: the variables become named body parameters
    /// (Zixflow does not say which component a variable fills; the body is where names are
    /// most used).
    static func readTemplate(_ b: inout BodyReader, to: String, notes: inout [Finding]) throws(MessageDecodingError) -> OutboundMessage {
        let name = try b.string("template_name") ?? ""
        var language = try b.string("language")
        if language == nil {
            language = assumedLanguage
            notes.append(Finding(.note, "language", .defaulted,
                                 "not given: Zixflow then picks the template's language itself; wacon's message needs a code and sends \"\(assumedLanguage)\" (set template.language.code to the template's own)"))
        }
        var parameters: [TemplateParameter] = []
        switch b.raw("variables") {
        case nil: break
        case .object(let variables)?:
            for (key, value) in variables {
                guard let text = value.stringValue else {
                    throw MessageDecodingError(path: FieldPath("variables").key(key), reason: "expected a string, found \(value.typeName)")
                }
                parameters.append(TemplateParameter(text: text, name: key))
            }
            if variables.isEmpty { notes.append(Finding(.note, "variables", .defaulted, "empty: wacon leaves it out")) }
        case let other?:
            throw MessageDecodingError(path: "variables", reason: "expected an object of values by variable name, found \(other.typeName)")
        }
        let components = parameters.isEmpty ? nil : [TemplateComponent(type: "body", parameters: parameters)]
        return OutboundMessage(to: to, content: .template(TemplateContent(name: name, languageCode: language ?? "", components: components)))
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

    public var statusDecoder: StatusCallbackDecoder? { ZixflowCallbacks.statusDecoder }
    public var webhookShape: WebhookShape? { ZixflowCallbacks.shape }

    public var emulation: any GatewayEmulation { ZixflowEmulation() }
}
