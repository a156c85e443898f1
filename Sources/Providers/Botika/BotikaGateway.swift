import WhatsAppModel

/// Botika WA Official: `POST https://waofficial-rm.botika.online/api/whatsapp/v1/messages` with a
/// Bearer API token. Documented: flow messages (the seed), text (`text{body, preview_url}`),
/// contacts as a flat list (`[{name, phone}]`), reactions (`reaction{id, emoji}`), document and
/// sticker (Meta's media object, by id or link), location (coordinates as strings), and templates
/// in Botika's own shape (`template{name, language, param{header, body[], button[]}}`).
///
/// Plausible, undocumented: image, video and audio in the document page's media object (Botika's
/// media upload takes all five kinds), and the template mapping's details (language as a code
/// string, header text as `text`).
public struct BotikaGateway: Gateway {
    public static let defaultBaseURL = "https://waofficial-rm.botika.online"

    public init() {}

    public var id: GatewayID { .botika }
    public var displayName: String { "Botika" }

    public var capabilities: GatewayCapabilities {
        GatewayCapabilities(kinds: [.text, .image, .video, .audio, .document, .sticker, .location, .contacts, .reaction, .flow, .template],
                            features: [.replyContext, .linkPreview, .mediaByID, .templateMediaHeader, .templateButtonParameters])
    }

    public var defaultBaseURL: String? { Self.defaultBaseURL }
    public var endpointShape: String { "/api/whatsapp/v1/messages" }
    public var authHeader: AuthHeader { AuthHeader("Authorization", prefix: "Bearer ") }

    public func matchEndpoint(_ segments: [String]) -> EndpointMatch? {
        let tail = ["api", "whatsapp", "v1", "messages"]
        return segments.count >= tail.count && Array(segments.suffix(tail.count)) == tail ? EndpointMatch(prefixCount: segments.count - tail.count) : nil
    }

    /// Botika's profile is its API token: no account ids.
    public var profileKeys: [ProfileKey] { [] }

    public var sampleAccount: SampleAccount { SampleAccount(values: [:], secret: "botika-sample-wacon-token") }

    public func findings(for message: OutboundMessage, profile: Profile, options: VendorOptions) -> [Finding] {
        var out: [Finding] = []
        func cannot(_ path: FieldPath, _ what: String) {
            out.append(Finding(.error, path, .gatewayCapability, "Botika's flow object has no field for \(what)"))
        }
        switch message.content {
        case .interactive(let i):
            guard case .flow(let f) = i.action else { break }
            let p: FieldPath = "interactive.action.parameters"
            if f.flowName != nil { cannot(p.key("flow_name"), "flow_name; use flow_id") }
            if f.mode == "draft" { cannot(p.key("mode"), "mode: a draft flow cannot be sent through Botika") }
            if f.data != nil { cannot(p.key("flow_action_payload.data"), "flow_action_payload.data") }
            // Botika marks flow.screen required for every action. Meta's data_exchange usually
            // carries no screen: without one, Botika's shape cannot hold the message.
            if f.screen == nil {
                if f.flowAction == "data_exchange" {
                    out.append(Finding(.error, p.key("flow_action_payload.screen"), .gatewayCapability,
                                       "Botika requires flow.screen, which this data_exchange flow message does not carry: name the first screen in flow_action_payload"))
                } else {
                    out.append(Finding(.error, p.key("flow_action_payload.screen"), .required, "Botika requires flow.screen: name the first screen"))
                }
            }
            if f.flowToken == nil {
                out.append(Finding(.error, p.key("flow_token"), .required, "Botika requires flow.token"))
            }
            if let h = i.header, h.type != "text" {
                if h.type != "image" { out.append(Finding(.error, "interactive.header.type", .gatewayCapability, "Botika flow headers are text or an image URL", actual: "\"\(h.type)\"")) }
                if h.media?.id != nil { out.append(Finding(.error, "interactive.header.image.id", .gatewayCapability, "Botika takes header images by URL only")) }
            }
        case .contacts(let cards):
            out += Self.contactFindings(cards)
        case .location(let l):
            for (key, c) in [("latitude", l.latitude), ("longitude", l.longitude)] {
                if case .number(let n)? = c {
                    out.append(Finding(.note, FieldPath("location").key(key), .format, "sent as the string \"\(n.literal)\", as Botika documents coordinates"))
                }
            }
        case .template(let t):
            // Botika's template param: header {type, text|id|link}, body [values], button [{type, value}].
            for (i, c) in (t.components ?? []).enumerated() {
                let cp = FieldPath("template.components").index(i)
                for (j, p) in (c.parameters ?? []).enumerated() {
                    let pp = cp.key("parameters").index(j)
                    // Botika's body and header are values by position (its pages show no names):
                    // a named parameter would reach a named template without its name.
                    if let name = p.parameterName {
                        out.append(Finding(.error, pp.key("parameter_name"), .gatewayCapability,
                                           "Botika's template takes parameters by position only; a named parameter cannot be carried", actual: "\"\(name)\""))
                    }
                    switch (c.type, p.type) {
                    case ("header", "location"):
                        out.append(Finding(.error, pp, .gatewayCapability, "Botika template headers take text or media, not a location"))
                    case ("body", "currency"), ("body", "date_time"):
                        out.append(Finding(.warning, pp, .gatewayCapability, "Botika's body takes plain values: the \(p.type) is sent as its fallback_value"))
                    case ("button", "action"):
                        out.append(Finding(.error, pp, .gatewayCapability, "Botika's template buttons carry a value (QUICK_REPLY, URL, COPY_CODE), not a \(c.subType ?? "") action"))
                    default: break
                    }
                }
                if c.type == "button", let sub = c.subType, !["quick_reply", "url", "copy_code"].contains(sub) {
                    out.append(Finding(.error, cp.key("sub_type"), .gatewayCapability, "Botika's template buttons are QUICK_REPLY, URL or COPY_CODE", actual: "\"\(sub)\""))
                }
            }
        default: break
        }
        return out
    }

    /// Botika's contact is a name and one phone; anything else a card holds would be lost.
    static func contactFindings(_ cards: [ContactCard]) -> [Finding] {
        var out: [Finding] = []
        for (i, card) in cards.enumerated() {
            let cp = FieldPath("contacts").index(i)
            func lost(_ key: String, _ what: String) {
                out.append(Finding(.error, cp.key(key), .gatewayCapability, "Botika's contacts are a name and one phone: \(what) would be lost"))
            }
            let phones = card.phones ?? []
            if phones.isEmpty {
                out.append(Finding(.error, cp.key("phones"), .required, "Botika requires a phone for each contact"))
            } else if phones.count > 1 {
                lost("phones", "\(phones.count - 1) more phone(s) after the first")
            }
            if let n = card.emails?.count, n > 0 { lost("emails", "\(n) email(s)") }
            if let n = card.urls?.count, n > 0 { lost("urls", "\(n) URL(s)") }
            if let n = card.addresses?.count, n > 0 { lost("addresses", "\(n) address(es)") }
            if card.org != nil { lost("org", "the organisation") }
            if card.birthday != nil { lost("birthday", "the birthday") }
            // The card still shows the full name and the number: the parts Botika drops are advice.
            let parts = card.name.fields.keys.filter { $0 != "formatted_name" }.sorted()
            if !parts.isEmpty {
                out.append(Finding(.warning, cp.key("name"), .gatewayCapability, "Botika sends formatted_name as the contact's name; \(parts.joined(separator: ", ")) not sent"))
            }
            if let phone = phones.first {
                let extra = phone.fields.keys.filter { $0 != "phone" }.sorted()
                if !extra.isEmpty {
                    out.append(Finding(.warning, cp.key("phones[0]"), .gatewayCapability, "Botika sends the phone number only; \(extra.joined(separator: ", ")) not sent (Botika fills wa_id from the number)"))
                }
            }
        }
        return out
    }

    public func wireRequest(for message: OutboundMessage, profile: Profile, options: VendorOptions) -> WireRequest {
        let url = (profile.baseURL ?? Self.defaultBaseURL).joiningPath(endpointShape)
        var b = JSONObject()
        b.append("to", .string(recipient(message)))
        b.set("reply_message_id", message.replyTo.map(JSONValue.string))
        b.append("type", .string(message.kind == .flow ? "flow" : message.content.typeName))
        switch message.content {
        case .text(let t): b.append("text", t.json)
        case .media(let kind, let m): b.append(kind.rawValue, m.json)
        case .location(let l): b.append("location", .object(Self.location(l)))
        case .contacts(let cards): b.append("contacts", .array(cards.map { .object(Self.contact($0)) }))
        case .reaction(let r): b.append("reaction", .object(Self.reaction(r)))
        case .interactive(let i): if case .flow(let f) = i.action { b.append("flow", .object(Self.flow(f, i))) }
        case .template(let t): b.append("template", .object(Self.template(t)))
        case .otherInteractive: break  // not carried: the capability error is already raised
        }
        return WireRequest(method: "POST", url: url, headers: [
            authHeader.header(for: profile),
            WireHeader("Content-Type", "application/json"),
        ], json: .object(b))
    }

    /// Meta's location with the coordinates as strings, as Botika's page shows them.
    static func location(_ l: LocationContent) -> JSONObject {
        func text(_ c: Coordinate?) -> JSONValue? {
            switch c {
            case .number(let n)?: return .string(n.literal)
            case .string(let s)?: return .string(s)
            case nil: return nil
            }
        }
        var o = JSONObject()
        o.set("latitude", text(l.latitude))
        o.set("longitude", text(l.longitude))
        o.set("name", l.name.map(JSONValue.string))
        o.set("address", l.address.map(JSONValue.string))
        for (k, v) in l.unknownFields { o[k] = v }
        return o
    }

    /// A card as Botika's flat `{name, phone}`: the formatted name and the first phone.
    static func contact(_ card: ContactCard) -> JSONObject {
        var o = JSONObject()
        o.append("name", .string(card.name.formattedName ?? ""))
        o.set("phone", card.phones?.first?.fields["phone"].map(JSONValue.string))
        for (k, v) in card.unknownFields { o[k] = v }
        return o
    }

    /// Meta's reaction with `message_id` under Botika's name, `id`.
    static func reaction(_ r: ReactionContent) -> JSONObject {
        var o = JSONObject()
        o.append("id", .string(r.messageID))
        o.set("emoji", r.emoji.map(JSONValue.string))
        for (k, v) in r.unknownFields { o[k] = v }
        return o
    }

    static func flow(_ f: FlowAction, _ i: InteractiveContent) -> JSONObject {
        var flow = JSONObject()
        flow.set("id", f.flowID.map(JSONValue.string))
        flow.set("token", f.flowToken.map(JSONValue.string))
        flow.append("text", .string(f.flowCTA))
        // The seed spells it "nagivate | data_exchange"; that is a typo for Meta's "navigate".
        flow.append("action", .string(f.flowAction ?? "navigate"))
        flow.set("screen", f.screen.map(JSONValue.string))
        var param = JSONObject()
        if let h = i.header {
            if h.type == "text" {
                param.append("header", ["type": "text", "text": .string(h.text ?? "")])
            } else {
                param.append("header", ["type": "media", "media": .string(h.media?.link ?? "")])
            }
        }
        param.append("body", .string(i.body?.text ?? ""))
        param.set("footer", i.footer.map { .string($0.text) })
        flow.append("param", .object(param))
        return flow
    }

    static func template(_ t: TemplateContent) -> JSONObject {
        var param = JSONObject()
        var body: [JSONValue] = []
        var buttons: [JSONValue] = []
        for c in t.components ?? [] {
            let params = c.parameters ?? []
            switch c.type {
            case "header":
                guard let p = params.first else { continue }
                if p.type == "text" {
                    param.append("header", ["type": "text", "text": .string(p.text ?? "")])
                } else if let m = p.media {
                    var h = JSONObject()
                    h.append("type", .string(p.type))
                    h.set("id", m.id.map(JSONValue.string))
                    h.set("link", m.link.map(JSONValue.string))
                    param.append("header", .object(h))
                }
            case "body":
                // Botika's body is a list of values; currency and date_time send their fallback text.
                for p in params {
                    let value = p.text ?? p.otherFields[p.type]?["fallback_value"]?.stringValue ?? ""
                    body.append(.string(value))
                }
            case "button":
                let type = (c.subType ?? "").uppercased()
                for p in params {
                    let value = p.payload ?? p.text ?? p.otherFields["coupon_code"]?.stringValue ?? ""
                    buttons.append(["type": .string(type), "value": .string(value)])
                }
            default: break
            }
        }
        if !body.isEmpty { param.append("body", .array(body)) }
        if !buttons.isEmpty { param.append("button", .array(buttons)) }
        var o = JSONObject()
        o.append("name", .string(t.name))
        o.append("language", .string(t.languageCode))
        if !param.isEmpty { o.append("param", .object(param)) }
        return o
    }

    public func read(body: JSONValue, path: String) throws(MessageDecodingError) -> ReadRequest {
        var b = try BodyReader(body)
        let to = try b.string("to") ?? ""
        let replyTo = try b.string("reply_message_id")
        let type = try b.string("type") ?? ""
        let content: MessageContent
        // Kinds whose object is Meta's, or Meta's under other names, read through Meta's reader.
        func meta(_ payload: JSONValue) throws(MessageDecodingError) -> MessageContent {
            try OutboundMessage(json: ["to": .string(to), "type": .string(type), .init(stringLiteral: type): payload]).content
        }
        func payload() throws(MessageDecodingError) -> JSONValue {
            guard let v = b.raw(type) else { throw MessageDecodingError(path: FieldPath(type), reason: "missing: the \(type) object") }
            return v
        }
        switch type {
        case "text":
            content = try OutboundMessage(json: ["to": .string(to), "type": "text", "text": b.raw("text") ?? [:]]).content
        case "image", "video", "audio", "document", "sticker", "location":
            content = try meta(try payload())
        case "reaction":
            guard let r = try payload().objectValue else { throw MessageDecodingError(path: "reaction", reason: "expected an object {id, emoji}") }
            content = try meta(.object(JSONObject(r.members.map { (key: $0.key == "id" ? "message_id" : $0.key, value: $0.value) })))
        case "contacts":
            guard let items = try payload().arrayValue else { throw MessageDecodingError(path: "contacts", reason: "expected an array of {name, phone}") }
            var cards: [JSONValue] = []
            for (i, item) in items.enumerated() {
                guard let c = item.objectValue else { throw MessageDecodingError(path: FieldPath("contacts").index(i), reason: "expected an object {name, phone}, found \(item.typeName)") }
                var card = JSONObject()
                for (k, v) in c {
                    switch k {
                    case "name": card["name"] = ["formatted_name": v]
                    case "phone": card["phones"] = [["phone": v]]
                    default: card[k] = v
                    }
                }
                cards.append(.object(card))
            }
            content = try meta(.array(cards))
        case "flow":
            guard let flow = b.raw("flow")?.objectValue else { throw MessageDecodingError(path: "flow", reason: "missing: the flow object") }
            let param = flow["param"]?.objectValue ?? [:]
            var parameters: JSONObject = ["flow_message_version": .string(Limits.flowMessageVersion)]
            parameters.set("flow_id", flow["id"])
            parameters.set("flow_token", flow["token"])
            parameters.append("flow_cta", flow["text"] ?? "")
            parameters.set("flow_action", flow["action"])
            if let screen = flow["screen"] { parameters.append("flow_action_payload", ["screen": screen]) }
            var interactive: JSONObject = ["type": "flow"]
            if let h = param["header"]?.objectValue {
                interactive["header"] = h["type"]?.stringValue == "media"
                    ? ["type": "image", "image": ["link": h["media"] ?? ""]]
                    : ["type": "text", "text": h["text"] ?? ""]
            }
            interactive.append("body", ["text": param["body"] ?? ""])
            if let footer = param["footer"] { interactive.append("footer", ["text": footer]) }
            interactive.append("action", ["name": "flow", "parameters": .object(parameters)])
            content = try OutboundMessage(json: ["to": .string(to), "type": "interactive", "interactive": .object(interactive)]).content
        case "template":
            guard let t = b.raw("template")?.objectValue else { throw MessageDecodingError(path: "template", reason: "missing: the template object") }
            var components: [JSONValue] = []
            let param = t["param"]?.objectValue ?? [:]
            if let h = param["header"]?.objectValue {
                let htype = h["type"]?.stringValue ?? "text"
                var media = JSONObject()
                media.set("id", h["id"])
                media.set("link", h["link"])
                let p: JSONValue = htype == "text" ? ["type": "text", "text": h["text"] ?? ""] : ["type": .string(htype), "\(htype)": .object(media)]
                components.append(["type": "header", "parameters": [p]])
            }
            if let body = param["body"]?.arrayValue {
                components.append(["type": "body", "parameters": .array(body.map { ["type": "text", "text": $0] })])
            }
            for (i, button) in (param["button"]?.arrayValue ?? []).enumerated() {
                let sub = (button["type"]?.stringValue ?? "").lowercased()
                let p: JSONValue = sub == "quick_reply" ? ["type": "payload", "payload": button["value"] ?? ""] : ["type": "text", "text": button["value"] ?? ""]
                components.append(["type": "button", "sub_type": .string(sub), "index": .string(String(i)), "parameters": [p]])
            }
            var template: JSONObject = ["name": t["name"] ?? "", "language": ["code": t["language"] ?? ""]]
            if !components.isEmpty { template.append("components", .array(components)) }
            content = try OutboundMessage(json: ["to": .string(to), "type": "template", "template": .object(template)]).content
        default:
            throw MessageDecodingError(path: "type", reason: "unknown type \"\(type)\"; Botika takes \(Self.wireTypes.joined(separator: ", "))")
        }
        var message = OutboundMessage(to: to, content: content, replyTo: replyTo)
        message.unknownFields = b.unknown(besides: Set(["to", "reply_message_id", "type"] + Self.wireTypes))
        return ReadRequest(message: message)
    }

    /// The values of Botika's `type`, each also the member that carries the content.
    static let wireTypes = ["text", "image", "video", "audio", "document", "sticker", "location", "contacts", "reaction", "flow", "template"]

    public func decode(_ response: WireResponse) -> SendOutcome {
        ResponseReading.decodeJSON(response) { json, notes in
            let data = json["data"]
            // The flow page answers {status, message, request_id}; the other send pages {id}, the message's id.
            if (200...299).contains(response.status), let data, data["request_id"] != nil || data["status"] != nil || data["id"] != nil {
                return .accepted(Acceptance(httpStatus: response.status, messageID: data["id"]?.stringValue, requestID: data["request_id"]?.stringValue,
                                            status: data["status"]?.stringValue ?? data["message"]?.stringValue, notes: notes, rawBody: response.body))
            }
            if (200...299).contains(response.status) { return ResponseReading.missing("data.request_id", response) }
            // Botika documents no error body; read the usual places.
            let message = json["message"]?.stringValue ?? data?["message"]?.stringValue ?? ResponseReading.text(json["error"]) ?? ResponseReading.text(json["errors"])
            let code = json["code"].flatMap(ResponseReading.text) ?? data?["code"].flatMap(ResponseReading.text)
            return ResponseReading.rejection(response, code: code, message: message, notes: notes)
        }
    }

    public var emulation: any GatewayEmulation { BotikaEmulation() }
}
