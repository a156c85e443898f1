/// A `template` message: an approved template by name and language, with the values for its
/// variables in `components`.
public struct TemplateContent: Sendable, Hashable {
    public var name: String
    public var languageCode: String
    /// Only `deterministic` exists.
    public var languagePolicy: String?
    public var languageUnknownFields: JSONObject = [:]
    public var components: [TemplateComponent]?
    public var unknownFields: JSONObject = [:]

    public init(name: String, languageCode: String, components: [TemplateComponent]? = nil) {
        self.name = name
        self.languageCode = languageCode
        self.languagePolicy = nil
        self.components = components
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        name = try r.string("name") ?? ""
        if let lang = r.raw("language") {
            var lr = try ObjectReader(lang, at: path.key("language"))
            languageCode = try lr.string("code") ?? ""
            languagePolicy = try lr.string("policy")
            languageUnknownFields = lr.unknown
        } else {
            languageCode = ""
        }
        components = try r.array("components", TemplateComponent.init)
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var lang = JSONObject()
        lang.append("code", .string(languageCode))
        lang.set("policy", languagePolicy.map(JSONValue.string))
        lang.appendUnknown(languageUnknownFields)
        var o = JSONObject()
        o.append("name", .string(name))
        o.append("language", .object(lang))
        o.set("components", components.map { .array($0.map(\.json)) })
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// One component's variable values: `header`, `body`, `button` (with `sub_type` and `index`),
/// `carousel` (with `cards`), `limited_time_offer` or `tap_target_configuration`.
public struct TemplateComponent: Sendable, Hashable {
    public var type: String
    public var subType: String?
    /// The button's position (`"0"`). Meta's reference says a string, its own examples send a
    /// number; both are read, and `indexIsNumber` keeps the form written.
    public var index: String?
    /// The index was written as a JSON number (`0`), and is sent as one.
    public var indexIsNumber = false
    public var parameters: [TemplateParameter]?
    /// A `carousel` component's cards, each with its own header, body and buttons.
    public var cards: [TemplateCard]?
    public var unknownFields: JSONObject = [:]

    public init(type: String, subType: String? = nil, index: String? = nil, parameters: [TemplateParameter]?) {
        self.type = type
        self.subType = subType
        self.index = index
        self.parameters = parameters
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        type = try r.string("type") ?? ""
        subType = try r.string("sub_type")
        switch r.raw("index") {
        case nil: index = nil
        case .string(let s)?: index = s
        case .number(let n)?:
            index = n.literal
            indexIsNumber = true
        case let v?: throw MessageDecodingError(path: path.key("index"), reason: "expected the button's position, \"0\" or 0, found \(v.typeName)")
        }
        parameters = try r.array("parameters", TemplateParameter.init)
        if type == "carousel" { cards = try r.array("cards", TemplateCard.init) }
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("type", .string(type))
        o.set("sub_type", subType.map(JSONValue.string))
        o.set("index", index.map { indexIsNumber ? .number(JSONNumber(literal: $0)) : .string($0) })
        o.set("parameters", parameters.map { .array($0.map(\.json)) })
        o.set("cards", cards.map { .array($0.map(\.json)) })
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// One card of a carousel template: its position and its own components.
public struct TemplateCard: Sendable, Hashable {
    /// `card_index`, as written (a number in Meta's examples).
    public var cardIndex: JSONValue?
    public var components: [TemplateComponent]
    public var unknownFields: JSONObject = [:]

    public init(cardIndex: Int, components: [TemplateComponent]) {
        self.cardIndex = .number(JSONNumber(cardIndex))
        self.components = components
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        cardIndex = r.raw("card_index")
        components = try r.array("components", TemplateComponent.init) ?? []
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.set("card_index", cardIndex)
        o.append("components", .array(components.map(\.json)))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// One variable value. `text`, `payload` and media parameters are modelled; the rest (`currency`,
/// `date_time`, `action`, `location`, `coupon_code`, …) are kept as their JSON objects in
/// `otherFields` and checked there.
public struct TemplateParameter: Sendable, Hashable {
    public var type: String
    public var text: String?
    public var payload: String?
    /// Named-parameter templates send the variable name with its value.
    public var parameterName: String?
    /// For `image`, `video`, `document`: the media object under the member named like the type.
    public var media: MediaObject?
    /// All other members, in order.
    public var otherFields: JSONObject = [:]

    public init(text: String, name: String? = nil) {
        self.type = "text"
        self.text = text
        self.parameterName = name
    }

    public init(payload: String) {
        self.type = "payload"
        self.payload = payload
    }

    /// A flow (or catalog) button's parameter: `{"type": "action", "action": {...}}`.
    public init(action: JSONValue) {
        self.type = "action"
        self.otherFields = ["action": action]
    }

    public init(media kind: MediaKind, _ media: MediaObject) {
        self.type = kind.rawValue
        self.media = media
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        type = try r.string("type") ?? ""
        parameterName = try r.string("parameter_name")
        if type == "text" { text = try r.string("text") }
        if type == "payload" { payload = try r.string("payload") }
        if ["image", "video", "document"].contains(type) { media = try r.nested(type, MediaObject.init) }
        otherFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("type", .string(type))
        o.set("parameter_name", parameterName.map(JSONValue.string))
        o.set("text", text.map(JSONValue.string))
        o.set("payload", payload.map(JSONValue.string))
        if let media { o.append(type, media.json) }
        o.appendUnknown(otherFields)
        return .object(o)
    }
}
