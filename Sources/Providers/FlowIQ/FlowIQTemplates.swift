import WhatsAppModel

/// FlowIQ's template route: `POST /send-template` with `templateName`, `whatsappNumber`,
/// `bodyParameters` and `buttonParameters` (objects of values by name) and `headerMedia` (a
/// link). It takes no language: FlowIQ sends the template in the language it was approved in.
/// Documented: named body parameters, URL button parameters by name, a media header by link.
/// Positional parameters go by their number (`"1"`, `"2"`) and a button parameter without a
/// name by the button's index: FlowIQ says it supports positional parameters without showing
/// their keys (plausible, marked where written).
enum FlowIQTemplates {
    static let path = "/send-template"

    /// What the route cannot carry: a text or location header, buttons other than a URL's
    /// suffix, carousels and the other components, and parameters other than text.
    static func findings(_ t: TemplateContent) -> [Finding] {
        var out: [Finding] = []
        for (i, c) in (t.components ?? []).enumerated() {
            let path = FieldPath("template.components").index(i)
            switch c.type.lowercased() {
            case "header":
                for (j, p) in (c.parameters ?? []).enumerated() where p.media == nil || p.media?.link == nil {
                    out.append(Finding(.error, path.key("parameters").index(j), .gatewayCapability,
                                       "FlowIQ's header is headerMedia, a media link; it has no \(p.media == nil ? p.type : "media id") header parameter", actual: "\"\(p.type)\""))
                }
            case "body":
                for (j, p) in (c.parameters ?? []).enumerated() where p.type != "text" {
                    out.append(Finding(.error, path.key("parameters").index(j), .gatewayCapability,
                                       "FlowIQ's bodyParameters are text values", actual: "\"\(p.type)\""))
                }
            case "button" where c.subType?.lowercased() == "url":
                break
            default:
                out.append(Finding(.error, path.key("type"), .gatewayCapability,
                                   "FlowIQ's template route carries a media header, body parameters and URL button parameters; it has no \(c.type)\(c.subType.map { " \($0)" } ?? "") component",
                                   actual: "\"\(c.type)\""))
            }
        }
        if !t.languageCode.isEmpty {
            out.append(Finding(.note, "template.language", .defaulted, "FlowIQ takes no language: it sends the template in the language it was approved in",
                               actual: "\"\(t.languageCode)\""))
        }
        return out
    }

    /// The body of `/send-template`.
    static func body(_ t: TemplateContent, to number: String) -> JSONObject {
        var b: JSONObject = ["templateName": .string(t.name), "whatsappNumber": .string(number)]
        var body = JSONObject(), buttons = JSONObject()
        var headerMedia: String?
        for c in t.components ?? [] {
            switch c.type.lowercased() {
            case "header": headerMedia = c.parameters?.first?.media?.link
            case "body":
                for (n, p) in (c.parameters ?? []).enumerated() { body.append(p.parameterName ?? String(n + 1), .string(p.text ?? "")) }
            case "button":
                for p in c.parameters ?? [] { buttons.append(p.parameterName ?? c.index ?? "0", .string(p.text ?? "")) }
            default: break
            }
        }
        b.set("headerMedia", headerMedia.map(JSONValue.string))
        if !body.isEmpty { b.append("bodyParameters", .object(body)) }
        if !buttons.isEmpty { b.append("buttonParameters", .object(buttons)) }
        return b
    }

    /// `/send-template`'s body back to Meta's template message. Parameters named by a number
    /// are positional; any other name is a named parameter. FlowIQ has no language: the message
    /// reads as `en` (Meta's model needs one), which is not sent, with a note.
    static func read(_ b: inout BodyReader) throws(MessageDecodingError) -> ReadRequest {
        let name = try b.string("templateName") ?? ""
        let to = try b.string("whatsappNumber") ?? ""
        var components: [TemplateComponent] = []
        if let link = try b.string("headerMedia") {
            components.append(TemplateComponent(type: "header", parameters: [TemplateParameter(media: Self.mediaKind(link), MediaObject(link: link))]))
        }
        func values(_ key: String) throws(MessageDecodingError) -> [(String, String)] {
            guard let v = b.raw(key) else { return [] }
            guard let o = v.objectValue else { throw MessageDecodingError(path: FieldPath(key), reason: "expected an object of values by name, found \(v.typeName)") }
            var out: [(String, String)] = []
            for (k, value) in o {
                guard let s = value.stringValue else { throw MessageDecodingError(path: FieldPath(key).key(k), reason: "expected a string, found \(value.typeName)") }
                out.append((k, s))
            }
            return out
        }
        let body = try values("bodyParameters")
        if !body.isEmpty {
            components.append(TemplateComponent(type: "body", parameters: body.map { Int($0.0) != nil ? TemplateParameter(text: $0.1) : TemplateParameter(text: $0.1, name: $0.0) }))
        }
        for (key, value) in try values("buttonParameters") {
            let index = Int(key).map(String.init) ?? "0"
            components.append(TemplateComponent(type: "button", subType: "url", index: index,
                                                parameters: [Int(key) != nil ? TemplateParameter(text: value) : TemplateParameter(text: value, name: key)]))
        }
        var message = OutboundMessage(to: to, content: .template(TemplateContent(name: name, languageCode: "en", components: components.isEmpty ? nil : components)))
        message.unknownFields = b.unknown(besides: ["templateName", "whatsappNumber", "headerMedia", "bodyParameters", "buttonParameters"])
        return ReadRequest(message: message, notes: [Finding(.note, "template.language", .defaulted, "FlowIQ's template route takes no language: read as en, not sent")])
    }

    /// The header's media kind from its link's extension (FlowIQ's `headerMedia` is only a
    /// link; plausible: image unless the extension says video or document).
    static func mediaKind(_ link: String) -> MediaKind {
        let ext = link.split(separator: "?").first.flatMap { $0.split(separator: ".").last }.map { $0.lowercased() } ?? ""
        if ["mp4", "3gp", "mov"].contains(ext) { return .video }
        if ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt"].contains(ext) { return .document }
        return .image
    }

    /// The documented success: `results[0].messageId`; a failed result carries its `error`.
    static func decode(_ json: JSONValue, _ response: WireResponse, notes: [String]) -> SendOutcome? {
        guard let results = json["results"]?.arrayValue else { return nil }
        guard let first = results.first else { return ResponseReading.missing("results[0]", response) }
        if first["success"]?.boolValue == false || json["success"]?.boolValue == false {
            return ResponseReading.rejection(response, code: nil, message: first["error"]?.stringValue ?? "the template was not sent", notes: notes)
        }
        guard let id = first["messageId"]?.stringValue else { return ResponseReading.missing("results[0].messageId", response) }
        return .accepted(Acceptance(httpStatus: response.status, messageID: id, requestID: json["broadcastId"]?.stringValue, status: "sent",
                                    notes: notes, rawBody: response.body))
    }

    /// The sandbox's answer: the documented shape, one result.
    static func accepted(id: String, contactName: String) -> EmulatedReply {
        EmulatedReply(status: 200, json: ["success": true, "summary": ["total": 1, "successful": 1, "failed": 0],
                                          "results": [["contactId": "sandbox-contact", "contactName": .string(contactName), "success": true,
                                                       "messageId": .string(id), "error": nil]],
                                          "broadcastId": .string("broadcast-" + String(id.suffix(12)))])
    }
}
