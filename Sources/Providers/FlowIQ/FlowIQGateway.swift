import WhatsAppModel

/// FlowIQ: `POST https://api.flowiq.live/send-whatsapp?tenantId=<slug>` with `Bearer fiq_…`,
/// and a flat body of its own (`phone_number`, `message_type`, `text`, `media_url`, …).
///
/// Documented: text, media by URL, contacts, interactive reply buttons (with `header_media`), and
/// the list fields on FlowIQ's list page. The `location` and `reaction` objects are listed but not
/// shown; wacon sends Meta's shape for both (plausible, undocumented). A reply button's `id` is
/// optional and "auto-generated if omitted"; how is undocumented, so reading a button without
/// one takes its title as the id and sends that (plausible, undocumented).
public struct FlowIQGateway: Gateway {
    public static let defaultBaseURL = "https://api.flowiq.live"

    public init() {}

    public var id: GatewayID { .flowiq }
    public var displayName: String { "FlowIQ" }

    public var capabilities: GatewayCapabilities {
        GatewayCapabilities(kinds: [.text, .image, .video, .audio, .document, .location, .contacts, .reaction, .button, .list, .template],
                            features: [.replyContext, .templateNamedParameters, .templateMediaHeader, .templateButtonParameters])
    }

    public var defaultBaseURL: String? { Self.defaultBaseURL }
    public var endpointShape: String { "/send-whatsapp" }
    public var authHeader: AuthHeader { AuthHeader("Authorization", prefix: "Bearer ") }

    public func matchEndpoint(_ segments: [String]) -> EndpointMatch? {
        ["send-whatsapp", "send-template"].contains(segments.last ?? "") ? EndpointMatch(prefixCount: segments.count - 1) : nil
    }

    public func findings(for message: OutboundMessage, profile: Profile, options: VendorOptions) -> [Finding] {
        if case .template(let t) = message.content { return FlowIQTemplates.findings(t) }
        guard case .interactive(let i) = message.content else { return [] }
        var out: [Finding] = []
        if let h = i.header, h.type != "text", h.type != "image", h.type != "video", h.type != "document" {
            out.append(Finding(.error, "interactive.header.type", .gatewayCapability, "FlowIQ headers are text or header_media", actual: "\"\(h.type)\""))
        }
        if let caption = i.header?.media?.caption {
            out.append(Finding(.error, "interactive.header", .gatewayCapability, "FlowIQ's header_media has no caption", actual: "\"\(caption)\""))
        }
        return out
    }

    public func wireRequest(for message: OutboundMessage, profile: Profile, options: VendorOptions) -> WireRequest {
        let isTemplate = message.kind == .template
        var url = (profile.baseURL ?? Self.defaultBaseURL).joiningPath(isTemplate ? FlowIQTemplates.path : "/send-whatsapp")
        // The tenant goes on the template route too (its page shows none, as the other routes'
        // examples do not: plausible).
        if let tenant = profile.tenantID { url += "?\(Self.tenantParameter)=" + PercentEncoding.queryValue(tenant) }
        if case .template(let t) = message.content {
            return WireRequest(method: "POST", url: url, headers: [authHeader.header(for: profile), WireHeader("Content-Type", "application/json")],
                               json: .object(FlowIQTemplates.body(t, to: recipient(message))))
        }
        var b = JSONObject()
        b.append("phone_number", .string(recipient(message)))
        switch message.content {
        case .text(let t):
            b.append("message_type", "text")
            b.append("text", .string(t.body))
        case .media(let kind, let m):
            b.append("message_type", .string(kind.rawValue))
            b.set("media_url", m.link.map(JSONValue.string))
            b.set("caption", m.caption.map(JSONValue.string))
            b.set("filename", m.filename.map(JSONValue.string))
        case .location(let l):
            b.append("message_type", "location")
            b.append("location", l.json)
        case .contacts(let cards):
            b.append("message_type", "contacts")
            b.append("contacts", .array(cards.map(\.json)))
        case .reaction(let r):
            b.append("message_type", "reaction")
            b.append("reaction", r.json)
        case .interactive(let i):
            b.append("message_type", "interactive")
            b.append("interactive", .object(Self.interactive(i)))
        case .otherInteractive, .template:
            b.append("message_type", .string(message.content.typeName))  // not carried: capability error already raised
        }
        b.set("context_message_id", message.replyTo.map(JSONValue.string))
        return WireRequest(method: "POST", url: url, headers: [
            authHeader.header(for: profile),
            WireHeader("Content-Type", "application/json"),
        ], json: .object(b))
    }

    /// FlowIQ's interactive object: plain strings for header, body and footer, media headers as
    /// `header_media {type, url, filename}`, buttons as `{id, title}`.
    static func interactive(_ i: InteractiveContent) -> JSONObject {
        var o = JSONObject()
        o.append("type", .string(i.typeName))
        if let h = i.header {
            if h.type == "text" {
                o.set("header", h.text.map(JSONValue.string))
            } else {
                var media = JSONObject()
                media.append("type", .string(h.type))
                media.set("url", h.media?.link.map(JSONValue.string))
                media.set("filename", h.media?.filename.map(JSONValue.string))
                o.append("header_media", .object(media))
            }
        }
        o.set("body", i.body.map { .string($0.text) })
        o.set("footer", i.footer.map { .string($0.text) })
        switch i.action {
        case .buttons(let a):
            o.append("buttons", .array(a.buttons.map { ["id": .string($0.id), "title": .string($0.title)] }))
        case .list(let a):
            o.append("button", .string(a.button))
            o.append("sections", .array(a.sections.map(\.json)))
        default: break
        }
        // The interactive object above reorders to FlowIQ's documented field order.
        return reorder(o, ["type", "header", "header_media", "body", "footer", "button", "buttons", "sections"])
    }

    static func reorder(_ o: JSONObject, _ order: [String]) -> JSONObject {
        var out = JSONObject()
        for k in order { out.set(k, o[k]) }
        return out
    }

    public func read(body: JSONValue, path: String) throws(MessageDecodingError) -> ReadRequest {
        var b = try BodyReader(body)
        if path.hasSuffix(FlowIQTemplates.path) { return try FlowIQTemplates.read(&b) }
        let to = try b.string("phone_number") ?? ""
        let type = try b.string("message_type") ?? ""
        var notes: [Finding] = []
        let content: MessageContent
        switch type {
        case "text": content = .text(TextContent(body: try b.string("text") ?? ""))
        case "image", "video", "audio", "document":
            content = .media(MediaKind(rawValue: type)!, MediaObject(link: try b.string("media_url"), caption: try b.string("caption"), filename: try b.string("filename")))
        case "location", "contacts", "reaction", "interactive":
            // These carry Meta's objects (interactive in FlowIQ's flat form): rebuild Meta's envelope.
            var meta: JSONObject = ["to": .string(to), "type": .string(type)]
            guard let payload = b.raw(type) else { throw MessageDecodingError(path: FieldPath(type), reason: "missing: required for \(type) messages") }
            meta[type] = type == "interactive" ? try Self.metaInteractive(payload, notes: &notes) : payload
            content = try OutboundMessage(json: .object(meta)).content
        default:
            throw MessageDecodingError(path: "message_type", reason: "unknown message_type \"\(type)\"; one of text, image, video, audio, document, location, contacts, interactive, reaction")
        }
        var message = OutboundMessage(to: to, content: content, replyTo: try b.string("context_message_id"))
        message.unknownFields = b.unknown(besides: ["phone_number", "message_type", "text", "media_url", "caption", "filename", "location", "contacts", "reaction", "interactive", "context_message_id"])
        return ReadRequest(message: message, notes: notes)
    }

    /// FlowIQ's flat interactive object back to Meta's. A button without an id gets its title
    /// (Meta requires an id), and `notes` says so.
    static func metaInteractive(_ v: JSONValue, notes: inout [Finding]) throws(MessageDecodingError) -> JSONValue {
        guard let i = v.objectValue else { throw MessageDecodingError(path: "interactive", reason: "expected an object, found \(v.typeName)") }
        var o: JSONObject = ["type": i["type"] ?? ""]
        if let h = i["header"] { o["header"] = ["type": "text", "text": h] }
        if let hm = i["header_media"]?.objectValue {
            let type = hm["type"]?.stringValue ?? "image"
            var media = JSONObject()
            media.set("link", hm["url"])
            media.set("filename", hm["filename"])
            o["header"] = ["type": .string(type), "\(type)": .object(media)]
        }
        if let body = i["body"] { o["body"] = ["text": body] }
        if let footer = i["footer"] { o["footer"] = ["text": footer] }
        if let buttons = i["buttons"]?.arrayValue {
            var replies: [JSONValue] = []
            for (n, button) in buttons.enumerated() {
                guard var reply = button.objectValue, reply["id"] == nil, let title = reply["title"]?.stringValue else {
                    replies.append(["type": "reply", "reply": button])
                    continue
                }
                reply = JSONObject([(key: "id", value: .string(title))] + reply.members)
                notes.append(Finding(.note, FieldPath("interactive.buttons").index(n).key("id"), .defaulted,
                                     "not given: FlowIQ would generate one; wacon sends the title, \"\(title)\", as the id so a tap's reply is known"))
                replies.append(["type": "reply", "reply": .object(reply)])
            }
            o["action"] = ["buttons": .array(replies)]
        } else {
            var action = JSONObject()
            action.set("button", i["button"])
            action.set("sections", i["sections"])
            o["action"] = .object(action)
        }
        return .object(o)
    }

    public func decode(_ response: WireResponse) -> SendOutcome {
        ResponseReading.decodeJSON(response) { json, notes in
            if let template = FlowIQTemplates.decode(json, response, notes: notes) { return template }
            if (200...299).contains(response.status), json["success"]?.boolValue != false {
                guard let id = json["data"]?["message_id"]?.stringValue else { return ResponseReading.missing("data.message_id", response) }
                return .accepted(Acceptance(httpStatus: response.status, messageID: id, status: json["message"]?.stringValue ?? "sent",
                                            recipient: json["data"]?["recipient"]?.stringValue, notes: notes, rawBody: response.body))
            }
            // Documented error shape: {"error": "Missing required field", "message": "… is required …"}.
            let error = json["error"]?.stringValue
            let message = json["message"]?.stringValue
            return ResponseReading.rejection(response, code: error, message: message ?? error, notes: notes)
        }
    }

    /// FlowIQ relays Meta's webhooks, statuses included, signed as Meta signs them.
    public var statusDecoder: StatusCallbackDecoder? { MetaWebhooks.statusDecoder }
    public var webhookShape: WebhookShape? { MetaWebhooks.shape }

    public var signsWebhooks: Bool { true }

    public var emulation: any GatewayEmulation { FlowIQEmulation() }
}
