import WhatsAppModel

/// Botika WA Official: `POST https://waofficial-rm.botika.online/api/whatsapp/v1/messages` with a
/// Bearer API token. Documented: flow messages (the seed), text (`text{body, preview_url}`), and
/// templates in Botika's own shape (`template{name, language, param{header, body[], button[]}}`).
/// The template mapping's details (language as a code string, header text as `text`) are
/// plausible, not documented.
public struct BotikaGateway: Gateway {
    public static let defaultBaseURL = "https://waofficial-rm.botika.online"

    public init() {}

    public var id: GatewayID { .botika }
    public var displayName: String { "Botika" }

    public var capabilities: GatewayCapabilities {
        GatewayCapabilities(kinds: [.text, .flow, .template], features: [.replyContext, .linkPreview])
    }

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
            // Botika marks flow.screen required for every action; Meta's data_exchange carries no
            // screen, so such a message cannot go through Botika.
            if f.screen == nil {
                out.append(Finding(.error, p.key("flow_action_payload.screen"), .required,
                                   f.flowAction == "data_exchange" ? "Botika requires flow.screen, which a data_exchange flow message does not carry" : "Botika requires flow.screen: name the first screen"))
            }
            if f.flowToken == nil {
                out.append(Finding(.error, p.key("flow_token"), .required, "Botika requires flow.token"))
            }
            if let h = i.header, h.type != "text" {
                if h.type != "image" { out.append(Finding(.error, "interactive.header.type", .gatewayCapability, "Botika flow headers are text or an image URL", actual: "\"\(h.type)\"")) }
                if h.media?.id != nil { out.append(Finding(.error, "interactive.header.image.id", .gatewayCapability, "Botika takes header images by URL only")) }
            }
        case .template(let t):
            // Botika's template param: header {type, text|id|link}, body [values], button [{type, value}].
            for (i, c) in (t.components ?? []).enumerated() {
                let cp = FieldPath("template.components").index(i)
                for (j, p) in (c.parameters ?? []).enumerated() {
                    let pp = cp.key("parameters").index(j)
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

    public func encode(_ message: OutboundMessage, profile: Profile, options: VendorOptions) -> WireRequest {
        let url = (profile.baseURL ?? Self.defaultBaseURL).joiningPath("/api/whatsapp/v1/messages")
        var b = JSONObject()
        b.append("to", .string(recipient(message)))
        b.set("reply_message_id", message.replyTo.map(JSONValue.string))
        b.append("type", .string(message.kind == .flow ? "flow" : message.content.typeName))
        switch message.content {
        case .text(let t): b.append("text", t.json)
        case .interactive(let i): if case .flow(let f) = i.action { b.append("flow", .object(Self.flow(f, i))) }
        case .template(let t): b.append("template", .object(Self.template(t)))
        default: break
        }
        return WireRequest(method: "POST", url: url, headers: [
            secretHeader("Authorization", prefix: "Bearer ", profile: profile),
            WireHeader("Content-Type", "application/json"),
        ], json: .object(b))
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
        switch type {
        case "text":
            content = try OutboundMessage(json: ["to": .string(to), "type": "text", "text": b.raw("text") ?? [:]]).content
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
            throw MessageDecodingError(path: "type", reason: "unknown type \"\(type)\"; Botika takes text, flow, template")
        }
        var message = OutboundMessage(to: to, content: content, replyTo: replyTo)
        message.unknownFields = b.unknown(besides: ["to", "reply_message_id", "type", "text", "flow", "template"])
        return ReadRequest(message: message)
    }

    public func decode(_ response: WireResponse) -> SendOutcome {
        ResponseReading.decodeJSON(response) { json, notes in
            let data = json["data"]
            if (200...299).contains(response.status), let data, data["request_id"] != nil || data["status"] != nil {
                return .accepted(Acceptance(httpStatus: response.status, requestID: data["request_id"]?.stringValue,
                                            status: data["status"]?.stringValue ?? data["message"]?.stringValue, notes: notes, rawBody: response.body))
            }
            if (200...299).contains(response.status) { return ResponseReading.missing("data.request_id", response) }
            // Botika documents no error body; read the usual places.
            let message = json["message"]?.stringValue ?? data?["message"]?.stringValue ?? ResponseReading.text(json["error"]) ?? ResponseReading.text(json["errors"])
            let code = json["code"].flatMap(ResponseReading.text) ?? data?["code"].flatMap(ResponseReading.text)
            return ResponseReading.rejection(response, code: code, message: message, notes: notes)
        }
    }
}
