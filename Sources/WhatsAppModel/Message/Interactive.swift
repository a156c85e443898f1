/// An `interactive` message: optional header, body and footer, and the action that makes it
/// interactive (reply buttons, a list, a URL button, a flow, …). The action decides `type`.
public struct InteractiveContent: Sendable, Hashable {
    public var header: InteractiveHeader?
    public var body: InteractiveText?
    public var footer: InteractiveText?
    public var action: InteractiveAction
    public var unknownFields: JSONObject = [:]

    public init(header: InteractiveHeader? = nil, body: String?, footer: String? = nil, action: InteractiveAction) {
        self.header = header
        self.body = body.map { InteractiveText($0) }
        self.footer = footer.map { InteractiveText($0) }
        self.action = action
    }

    /// The value of `interactive.type`.
    public var typeName: String { action.typeName }

    static func decode(_ json: JSONValue, at path: FieldPath) throws(MessageDecodingError) -> MessageContent {
        var r = try ObjectReader(json, at: path)
        guard let type = try r.string("type") else {
            throw MessageDecodingError(path: path.key("type"), reason: "missing: one of \(MessageKind.interactiveTypes.joined(separator: ", "))")
        }
        guard MessageKind.interactiveTypes.contains(type) else {
            // Meta defines more kinds (order_details, order_status, …):
            // carry them unchanged; validation warns that they are not checked.
            return .otherInteractive(type: type, object: r.object)
        }
        let header = try r.nested("header", InteractiveHeader.init)
        let body = try r.nested("body", InteractiveText.init)
        let footer = try r.nested("footer", InteractiveText.init)
        let actionPath = path.key("action")
        let actionJSON = r.raw("action") ?? .object([:])
        let action: InteractiveAction
        switch type {
        case "button": action = .buttons(try ReplyButtonsAction(json: actionJSON, at: actionPath))
        case "list": action = .list(try ListAction(json: actionJSON, at: actionPath))
        case "cta_url": action = .ctaURL(try CTAURLAction(json: actionJSON, at: actionPath))
        case "flow": action = .flow(try FlowAction(json: actionJSON, at: actionPath))
        case "location_request_message": action = .locationRequest(try NamedAction(json: actionJSON, at: actionPath))
        case "product": action = .product(try ProductAction(json: actionJSON, at: actionPath))
        case "product_list": action = .productList(try ProductListAction(json: actionJSON, at: actionPath))
        case "carousel": action = .carousel(try CarouselAction(json: actionJSON, at: actionPath))
        case "voice_call": action = .voiceCall(try VoiceCallAction(json: actionJSON, at: actionPath))
        case "call_permission_request": action = .callPermissionRequest(try NamedAction(json: actionJSON, at: actionPath))
        case "address_message": action = .addressMessage(try AddressMessageAction(json: actionJSON, at: actionPath))
        default: action = .catalog(try CatalogAction(json: actionJSON, at: actionPath))
        }
        var content = InteractiveContent(header: header, body: nil, footer: nil, action: action)
        content.body = body
        content.footer = footer
        content.unknownFields = r.unknown
        return .interactive(content)
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("type", .string(typeName))
        o.set("header", header?.json)
        o.set("body", body?.json)
        o.set("footer", footer?.json)
        o.append("action", action.json)
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// `{ "text": … }`, the shape of interactive bodies and footers.
public struct InteractiveText: Sendable, Hashable {
    public var text: String
    public var unknownFields: JSONObject = [:]

    public init(_ text: String) { self.text = text }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        text = try r.string("text") ?? ""
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("text", .string(text))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// An interactive header: `text`, or `image` / `video` / `document` with a media object under the
/// member named like the type.
public struct InteractiveHeader: Sendable, Hashable {
    public var type: String
    public var text: String?
    public var media: MediaObject?
    /// `type` was missing and the header has text: read as a text header, and written back
    /// without `type` (one of Meta's own cta_url examples is so).
    public var typeDefaulted = false
    public var unknownFields: JSONObject = [:]

    public static func text(_ text: String) -> InteractiveHeader {
        InteractiveHeader(type: "text", text: text, media: nil)
    }

    public static func media(_ kind: MediaKind, _ media: MediaObject) -> InteractiveHeader {
        InteractiveHeader(type: kind.rawValue, text: nil, media: media)
    }

    init(type: String, text: String?, media: MediaObject?) {
        self.type = type
        self.text = text
        self.media = media
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        type = try r.string("type") ?? ""
        text = try r.string("text")
        if type.isEmpty, r.object["type"] == nil, text != nil {
            type = "text"
            typeDefaulted = true
        }
        if ["image", "video", "document"].contains(type) {
            media = try r.nested(type, MediaObject.init)
        } else {
            media = nil
        }
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        if !typeDefaulted { o.append("type", .string(type)) }
        o.set("text", text.map(JSONValue.string))
        if let media { o.append(type, media.json) }
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// The action of an interactive message, one case per modelled `interactive.type`.
public enum InteractiveAction: Sendable, Hashable {
    case buttons(ReplyButtonsAction)
    case list(ListAction)
    case ctaURL(CTAURLAction)
    case flow(FlowAction)
    case locationRequest(NamedAction)
    case product(ProductAction)
    case productList(ProductListAction)
    case catalog(CatalogAction)
    /// Media or product cards that scroll sideways.
    case carousel(CarouselAction)
    /// A button that starts a WhatsApp call to the business.
    case voiceCall(VoiceCallAction)
    /// Asks the customer to allow the business to call them: `{"name": "call_permission_request"}`.
    case callPermissionRequest(NamedAction)
    /// Asks for a delivery address (India).
    case addressMessage(AddressMessageAction)

    public var typeName: String {
        switch self {
        case .buttons: return "button"
        case .list: return "list"
        case .ctaURL: return "cta_url"
        case .flow: return "flow"
        case .locationRequest: return "location_request_message"
        case .product: return "product"
        case .productList: return "product_list"
        case .catalog: return "catalog_message"
        case .carousel: return "carousel"
        case .voiceCall: return "voice_call"
        case .callPermissionRequest: return "call_permission_request"
        case .addressMessage: return "address_message"
        }
    }

    public var kind: MessageKind {
        switch self {
        case .buttons: return .button
        case .list: return .list
        case .ctaURL: return .ctaURL
        case .flow: return .flow
        case .locationRequest: return .locationRequest
        case .product: return .product
        case .productList: return .productList
        case .catalog: return .catalog
        case .carousel: return .carousel
        case .voiceCall: return .voiceCall
        case .callPermissionRequest: return .callPermissionRequest
        case .addressMessage: return .addressMessage
        }
    }

    public var json: JSONValue {
        switch self {
        case .buttons(let a): return a.json
        case .list(let a): return a.json
        case .ctaURL(let a): return a.json
        case .flow(let a): return a.json
        case .locationRequest(let a): return a.json
        case .product(let a): return a.json
        case .productList(let a): return a.json
        case .catalog(let a): return a.json
        case .carousel(let a): return a.json
        case .voiceCall(let a): return a.json
        case .callPermissionRequest(let a): return a.json
        case .addressMessage(let a): return a.json
        }
    }
}

// MARK: - Reply buttons

/// `action.buttons[]`: up to three reply buttons (a reply-button message's `reply` buttons, or a
/// carousel card's `quick_reply` ones).
public struct ReplyButtonsAction: Sendable, Hashable {
    public var buttons: [ReplyButton]
    public var unknownFields: JSONObject = [:]

    public init(buttons: [ReplyButton]) { self.buttons = buttons }

    /// `member`: the key each button's id and title sit under (`reply` or `quick_reply`).
    init(json: JSONValue, at path: FieldPath, member: String = "reply") throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        buttons = try r.array("buttons") { (v, p) throws(MessageDecodingError) in try ReplyButton(json: v, at: p, member: member) } ?? []
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("buttons", .array(buttons.map(\.json)))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// `{ "type": "reply", "reply": { "id", "title" } }`, or a carousel card's
/// `{ "type": "quick_reply", "quick_reply": { "id", "title" } }`.
public struct ReplyButton: Sendable, Hashable {
    public var type: String
    public var id: String
    public var title: String
    /// The key the id and title sit under: `reply`, or `quick_reply` on a carousel card.
    public var member: String
    public var unknownFields: JSONObject = [:]
    public var replyUnknownFields: JSONObject = [:]

    public init(id: String, title: String, member: String = "reply") {
        self.type = member
        self.id = id
        self.title = title
        self.member = member
    }

    init(json: JSONValue, at path: FieldPath, member: String = "reply") throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        self.member = member
        type = try r.string("type") ?? ""
        if let reply = r.raw(member) {
            var rr = try ObjectReader(reply, at: path.key(member))
            id = try rr.string("id") ?? ""
            title = try rr.string("title") ?? ""
            replyUnknownFields = rr.unknown
        } else {
            id = ""
            title = ""
        }
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var reply = JSONObject()
        reply.append("id", .string(id))
        reply.append("title", .string(title))
        reply.appendUnknown(replyUnknownFields)
        var o = JSONObject()
        o.append("type", .string(type))
        o.append(member, .object(reply))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

// MARK: - List

/// `action` of a list: the button label and up to ten sections.
public struct ListAction: Sendable, Hashable {
    public var button: String
    public var sections: [ListSection]
    public var unknownFields: JSONObject = [:]

    public init(button: String, sections: [ListSection]) {
        self.button = button
        self.sections = sections
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        button = try r.string("button") ?? ""
        sections = try r.array("sections", ListSection.init) ?? []
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("button", .string(button))
        o.append("sections", .array(sections.map(\.json)))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

public struct ListSection: Sendable, Hashable {
    public var title: String?
    public var rows: [ListRow]
    public var unknownFields: JSONObject = [:]

    public init(title: String?, rows: [ListRow]) {
        self.title = title
        self.rows = rows
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        title = try r.string("title")
        rows = try r.array("rows", ListRow.init) ?? []
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.set("title", title.map(JSONValue.string))
        o.append("rows", .array(rows.map(\.json)))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

public struct ListRow: Sendable, Hashable {
    public var id: String
    public var title: String
    public var description: String?
    public var unknownFields: JSONObject = [:]

    public init(id: String, title: String, description: String? = nil) {
        self.id = id
        self.title = title
        self.description = description
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        id = try r.string("id") ?? ""
        title = try r.string("title") ?? ""
        description = try r.string("description")
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("id", .string(id))
        o.append("title", .string(title))
        o.set("description", description.map(JSONValue.string))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

// MARK: - Actions with `name` + `parameters`

/// Reads the common `{ "name": …, "parameters": { … } }` action shape.
struct NamedParameters {
    var name: String?
    var parameters: ObjectReader?
    var actionReader: ObjectReader

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        actionReader = try ObjectReader(json, at: path)
        name = try actionReader.string("name")
        if let p = actionReader.raw("parameters") {
            parameters = try ObjectReader(p, at: path.key("parameters"))
        }
    }

    static func json(name: String?, parameters: JSONObject?, unknown: JSONObject) -> JSONValue {
        var o = JSONObject()
        o.set("name", name.map(JSONValue.string))
        o.set("parameters", parameters.map(JSONValue.object))
        o.appendUnknown(unknown)
        return .object(o)
    }
}

/// An action that is only a name (`location_request_message`: `{"name": "send_location"}`,
/// `call_permission_request`); anything else in it is kept.
public struct NamedAction: Sendable, Hashable {
    public var name: String?
    public var parameters: JSONObject?
    public var unknownFields: JSONObject = [:]

    public init(name: String) { self.name = name }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        let np = try NamedParameters(json: json, at: path)
        name = np.name
        parameters = np.parameters?.object
        unknownFields = np.actionReader.unknown
    }

    public var json: JSONValue { NamedParameters.json(name: name, parameters: parameters, unknown: unknownFields) }
}

/// `cta_url`: a button that opens `url`.
public struct CTAURLAction: Sendable, Hashable {
    public var name: String?
    public var displayText: String
    public var url: String
    public var unknownFields: JSONObject = [:]
    public var parametersUnknownFields: JSONObject = [:]

    public init(displayText: String, url: String) {
        self.name = "cta_url"
        self.displayText = displayText
        self.url = url
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var np = try NamedParameters(json: json, at: path)
        name = np.name
        displayText = try np.parameters?.string("display_text") ?? ""
        url = try np.parameters?.string("url") ?? ""
        parametersUnknownFields = np.parameters?.unknown ?? [:]
        unknownFields = np.actionReader.unknown
    }

    public var json: JSONValue {
        var p = JSONObject()
        p.append("display_text", .string(displayText))
        p.append("url", .string(url))
        p.appendUnknown(parametersUnknownFields)
        return NamedParameters.json(name: name, parameters: p, unknown: unknownFields)
    }
}

/// `flow`: opens a WhatsApp Flow.
public struct FlowAction: Sendable, Hashable {
    public var name: String?
    /// Must be `"3"`.
    public var flowMessageVersion: String?
    public var flowID: String?
    public var flowName: String?
    public var flowToken: String?
    public var flowCTA: String
    /// `draft` or `published`.
    public var mode: String?
    /// `navigate` or `data_exchange`.
    public var flowAction: String?
    /// `flow_action_payload.screen`: the first screen.
    public var screen: String?
    /// `flow_action_payload.data`: the first screen's data.
    public var data: JSONValue?
    /// Whether `flow_action_payload` was present (it may be present and empty).
    public var hasPayload: Bool
    public var payloadUnknownFields: JSONObject = [:]
    public var unknownFields: JSONObject = [:]
    public var parametersUnknownFields: JSONObject = [:]

    public init(flowID: String? = nil, flowName: String? = nil, flowToken: String? = nil, flowCTA: String,
                flowAction: String? = "navigate", screen: String? = nil, data: JSONObject? = nil, mode: String? = nil) {
        self.name = "flow"
        self.flowMessageVersion = Limits.flowMessageVersion
        self.flowID = flowID
        self.flowName = flowName
        self.flowToken = flowToken
        self.flowCTA = flowCTA
        self.mode = mode
        self.flowAction = flowAction
        self.screen = screen
        self.data = data.map(JSONValue.object)
        self.hasPayload = screen != nil || data != nil
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var np = try NamedParameters(json: json, at: path)
        name = np.name
        flowMessageVersion = try np.parameters?.string("flow_message_version")
        flowID = try np.parameters?.string("flow_id")
        flowName = try np.parameters?.string("flow_name")
        flowToken = try np.parameters?.string("flow_token")
        flowCTA = try np.parameters?.string("flow_cta") ?? ""
        mode = try np.parameters?.string("mode")
        flowAction = try np.parameters?.string("flow_action")
        if let payload = np.parameters?.raw("flow_action_payload") {
            var pr = try ObjectReader(payload, at: path.key("parameters").key("flow_action_payload"))
            hasPayload = true
            screen = try pr.string("screen")
            data = pr.raw("data")
            payloadUnknownFields = pr.unknown
        } else {
            hasPayload = false
        }
        parametersUnknownFields = np.parameters?.unknown ?? [:]
        unknownFields = np.actionReader.unknown
    }

    /// The `flow_action_payload` object as it will be sent, if any.
    public var payloadJSON: JSONObject? {
        guard hasPayload || screen != nil || data != nil else { return nil }
        var payload = JSONObject()
        payload.set("screen", screen.map(JSONValue.string))
        payload.set("data", data)
        payload.appendUnknown(payloadUnknownFields)
        return payload
    }

    public var json: JSONValue {
        var p = JSONObject()
        p.set("flow_message_version", flowMessageVersion.map(JSONValue.string))
        p.set("flow_id", flowID.map(JSONValue.string))
        p.set("flow_name", flowName.map(JSONValue.string))
        p.set("flow_token", flowToken.map(JSONValue.string))
        p.append("flow_cta", .string(flowCTA))
        p.set("mode", mode.map(JSONValue.string))
        p.set("flow_action", flowAction.map(JSONValue.string))
        p.set("flow_action_payload", payloadJSON.map(JSONValue.object))
        p.appendUnknown(parametersUnknownFields)
        return NamedParameters.json(name: name, parameters: p, unknown: unknownFields)
    }
}

/// `catalog_message`: shows the business catalog with a thumbnail product.
public struct CatalogAction: Sendable, Hashable {
    public var name: String?
    public var thumbnailProductRetailerID: String?
    public var unknownFields: JSONObject = [:]
    public var parametersUnknownFields: JSONObject = [:]

    public init(thumbnailProductRetailerID: String?) {
        self.name = "catalog_message"
        self.thumbnailProductRetailerID = thumbnailProductRetailerID
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var np = try NamedParameters(json: json, at: path)
        name = np.name
        thumbnailProductRetailerID = try np.parameters?.string("thumbnail_product_retailer_id")
        parametersUnknownFields = np.parameters?.unknown ?? [:]
        unknownFields = np.actionReader.unknown
    }

    public var json: JSONValue {
        var p = JSONObject()
        p.set("thumbnail_product_retailer_id", thumbnailProductRetailerID.map(JSONValue.string))
        p.appendUnknown(parametersUnknownFields)
        return NamedParameters.json(name: name, parameters: p, unknown: unknownFields)
    }
}

// MARK: - Products

/// `product`: one product from a catalog.
public struct ProductAction: Sendable, Hashable {
    public var catalogID: String
    public var productRetailerID: String
    public var unknownFields: JSONObject = [:]

    public init(catalogID: String, productRetailerID: String) {
        self.catalogID = catalogID
        self.productRetailerID = productRetailerID
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        catalogID = try r.string("catalog_id") ?? ""
        productRetailerID = try r.string("product_retailer_id") ?? ""
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("catalog_id", .string(catalogID))
        o.append("product_retailer_id", .string(productRetailerID))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// `product_list`: up to 30 products in up to 10 sections.
public struct ProductListAction: Sendable, Hashable {
    public var catalogID: String
    public var sections: [ProductSection]
    public var unknownFields: JSONObject = [:]

    public init(catalogID: String, sections: [ProductSection]) {
        self.catalogID = catalogID
        self.sections = sections
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        catalogID = try r.string("catalog_id") ?? ""
        sections = try r.array("sections", ProductSection.init) ?? []
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("catalog_id", .string(catalogID))
        o.append("sections", .array(sections.map(\.json)))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

public struct ProductSection: Sendable, Hashable {
    public var title: String?
    /// `product_items[].product_retailer_id`.
    public var productRetailerIDs: [String]
    public var unknownFields: JSONObject = [:]
    /// Unknown members of each `product_items[]` element, by index.
    public var itemUnknownFields: [JSONObject] = []

    public init(title: String?, productRetailerIDs: [String]) {
        self.title = title
        self.productRetailerIDs = productRetailerIDs
        self.itemUnknownFields = Array(repeating: [:], count: productRetailerIDs.count)
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        title = try r.string("title")
        let items: [(String, JSONObject)] = try r.array("product_items") { (v, p) throws(MessageDecodingError) in
            var ir = try ObjectReader(v, at: p)
            return (try ir.string("product_retailer_id") ?? "", ir.unknown)
        } ?? []
        productRetailerIDs = items.map(\.0)
        itemUnknownFields = items.map(\.1)
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.set("title", title.map(JSONValue.string))
        let items: [JSONValue] = productRetailerIDs.enumerated().map { (i, id) in
            var item = JSONObject()
            item.append("product_retailer_id", .string(id))
            if i < itemUnknownFields.count { item.appendUnknown(itemUnknownFields[i]) }
            return .object(item)
        }
        o.append("product_items", .array(items))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}
