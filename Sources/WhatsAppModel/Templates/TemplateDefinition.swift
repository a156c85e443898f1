#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A message template as Meta defines it: the object `GET /{waba-id}/message_templates` answers
/// with (and Meta's template export holds). Read leniently: every member wacon does not model,
/// and every known member of an unexpected JSON type, is kept as it came, so `init(json:)`
/// followed by `json` gives the same JSON value.
///
/// This is the definition side; the message that uses a template is `TemplateContent`, and
/// `TemplateCheck` checks one against the other.
public struct TemplateDefinition: Sendable, Hashable {
    public var name: String
    /// The language and locale code as Meta writes it on the template (`en_US`, `pt_BR`, `de`).
    public var language: String
    /// Nil when the object has none (an export may leave it out).
    public var status: TemplateStatus?
    public var category: TemplateCategory?
    /// `quality_score` as read (`{"score": "GREEN", "date": …}`).
    public var qualityScore: JSONValue?
    /// `parameter_format` as written; nil means Meta's default, positional.
    public var parameterFormat: TemplateParameterFormat?
    public var id: String?
    public var components: [TemplateDefinitionComponent]
    public var unknownFields: JSONObject = [:]
    /// Whether the object had a `components` member (written back only then, or when there are
    /// components).
    var hadComponents = true

    public init(name: String, language: String, status: TemplateStatus? = .approved, category: TemplateCategory? = nil,
                parameterFormat: TemplateParameterFormat? = nil, components: [TemplateDefinitionComponent]) {
        self.name = name
        self.language = language
        self.status = status
        self.category = category
        self.parameterFormat = parameterFormat
        self.components = components
    }

    /// Reads one template object. Throws, with the field's path, only when the object is not
    /// an object or lacks a string `name` or `language`; anything else odd is kept as read.
    public init(json: JSONValue, at path: FieldPath = .root) throws(MessageDecodingError) {
        var r = try LenientReader(json, at: path)
        guard let name = r.string("name"), !name.isEmpty else {
            throw MessageDecodingError(path: path.key("name"), reason: Self.missing("name", in: r.object))
        }
        guard let language = r.string("language"), !language.isEmpty else {
            throw MessageDecodingError(path: path.key("language"), reason: Self.missing("language", in: r.object))
        }
        self.name = name
        self.language = language
        status = r.string("status").map(TemplateStatus.init(rawValue:))
        category = r.string("category").map(TemplateCategory.init(rawValue:))
        qualityScore = r.raw("quality_score")
        parameterFormat = r.string("parameter_format").map(TemplateParameterFormat.init(rawValue:))
        id = r.string("id")
        if let list = try r.array("components", TemplateDefinitionComponent.init) {
            components = list
        } else {
            components = []
            hadComponents = false
        }
        unknownFields = r.unknown
    }

    private static func missing(_ key: String, in object: JSONObject) -> String {
        switch object[key] {
        case nil: return "a template needs its \(key)"
        case .string?: return "a template's \(key) cannot be empty"
        case let v?: return "a template's \(key) is a string, found \(v.typeName)"
        }
    }

    /// The template object, members in Meta's order, unknown members after.
    public var json: JSONValue {
        var o = JSONObject()
        o.append("name", .string(name))
        o.append("language", .string(language))
        o.set("status", status.map { .string($0.rawValue) })
        o.set("category", category.map { .string($0.rawValue) })
        o.set("quality_score", qualityScore)
        o.set("parameter_format", parameterFormat.map { .string($0.rawValue) })
        if hadComponents || !components.isEmpty { o.append("components", .array(components.map(\.json))) }
        o.set("id", id.map(JSONValue.string))
        o.appendUnknown(unknownFields)
        return .object(o)
    }

    // MARK: What the check and the form need

    /// `quality_score.score` (`GREEN`, `YELLOW`, `RED`, `UNKNOWN`), if given.
    public var quality: String? { qualityScore?["score"]?.stringValue }

    /// True for an `AUTHENTICATION` template: Meta does not send those to a business-scoped
    /// user id (131062), and groups take none.
    public var isAuthentication: Bool { category?.is(.authentication) ?? false }

    /// True when the template names its variables (`parameter_format: NAMED`).
    public var usesNamedParameters: Bool { parameterFormat?.is(.named) ?? false }

    public var header: TemplateDefinitionComponent? { components.first(.header) }
    public var body: TemplateDefinitionComponent? { components.first(.body) }
    public var footer: TemplateDefinitionComponent? { components.first(.footer) }
    /// The buttons of the `BUTTONS` component, each with its position (`index`).
    public var buttons: [TemplateDefinitionButton] { components.buttons }
    /// The cards of the `CAROUSEL` component (empty without one).
    public var carouselCards: [TemplateDefinitionCard] { components.first(.carousel)?.cards ?? [] }
    public var limitedTimeOffer: TemplateDefinitionComponent? { components.first(.limitedTimeOffer) }
    /// `name` and `language` as one key: `order_update/en_US`.
    public var key: String { "\(name)/\(language)" }
}

/// A component's type in a definition: `HEADER`, `BODY`, `FOOTER`, `BUTTONS`, `CAROUSEL`,
/// `LIMITED_TIME_OFFER`, `CALL_PERMISSION_REQUEST`, … (open).
public struct TemplateComponentType: TemplateWord {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let header: Self = "HEADER"
    public static let body: Self = "BODY"
    public static let footer: Self = "FOOTER"
    public static let buttons: Self = "BUTTONS"
    public static let carousel: Self = "CAROUSEL"
    public static let limitedTimeOffer: Self = "LIMITED_TIME_OFFER"
    public static let callPermissionRequest: Self = "CALL_PERMISSION_REQUEST"
}

/// One component of a template definition (or of a carousel card).
public struct TemplateDefinitionComponent: Sendable, Hashable {
    public var type: TemplateComponentType
    /// A header's format.
    public var format: TemplateHeaderFormat?
    /// The header, body or footer text, with its variables.
    public var text: String?
    /// `example` as read: `header_text`, `header_text_named_params`, `header_handle`,
    /// `body_text`, `body_text_named_params`.
    public var example: JSONValue?
    /// A `BUTTONS` component's buttons, each with its position.
    public var buttons: [TemplateDefinitionButton]?
    /// A `CAROUSEL` component's cards.
    public var cards: [TemplateDefinitionCard]?
    /// Authentication bodies: whether Meta adds "For your security, do not share this code."
    public var addSecurityRecommendation: Bool?
    /// Authentication footers: the code's lifetime Meta writes in the footer.
    public var codeExpirationMinutes: JSONNumber?
    /// A `LIMITED_TIME_OFFER` component's `limited_time_offer` (`text`, `has_expiration`).
    public var limitedTimeOffer: JSONObject?
    public var unknownFields: JSONObject = [:]

    public init(type: TemplateComponentType, format: TemplateHeaderFormat? = nil, text: String? = nil, example: JSONValue? = nil,
                buttons: [TemplateDefinitionButton]? = nil, cards: [TemplateDefinitionCard]? = nil) {
        self.type = type
        self.format = format
        self.text = text
        self.example = example
        self.buttons = buttons.map { $0.enumerated().map { i, b in var b = b; b.index = i; return b } }
        self.cards = cards
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try LenientReader(json, at: path)
        type = TemplateComponentType(rawValue: r.string("type") ?? "")
        format = r.string("format").map(TemplateHeaderFormat.init(rawValue:))
        text = r.string("text")
        example = r.raw("example")
        buttons = try r.array("buttons") { (v, p) throws(MessageDecodingError) in try TemplateDefinitionButton(json: v, at: p) }
            .map { $0.enumerated().map { i, b in var b = b; b.index = i; return b } }
        cards = try r.array("cards", TemplateDefinitionCard.init)
        addSecurityRecommendation = r.bool("add_security_recommendation")
        codeExpirationMinutes = r.number("code_expiration_minutes")
        limitedTimeOffer = r.objectValue("limited_time_offer")
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("type", .string(type.rawValue))
        o.set("format", format.map { .string($0.rawValue) })
        o.set("text", text.map(JSONValue.string))
        o.set("add_security_recommendation", addSecurityRecommendation.map(JSONValue.bool))
        o.set("code_expiration_minutes", codeExpirationMinutes.map(JSONValue.number))
        o.set("limited_time_offer", limitedTimeOffer.map(JSONValue.object))
        o.set("buttons", buttons.map { .array($0.map(\.json)) })
        o.set("cards", cards.map { .array($0.map(\.json)) })
        o.set("example", example)
        o.appendUnknown(unknownFields)
        return .object(o)
    }

    /// The variables of the component's text, each with its example. Positional examples are
    /// taken by number (`{{2}}` is the second example), named ones by `param_name`.
    public var placeholders: [TemplatePlaceholder] {
        guard let text else { return [] }
        let names = TemplatePlaceholder.names(in: text)
        let positional = positionalExamples
        let named = namedExamples
        return names.enumerated().map { i, name in
            var example: String?
            if let n = Int(name), n >= 1, n <= positional.count { example = positional[n - 1] }
            else if Int(name) == nil { example = named[name] }
            else if i < positional.count { example = positional[i] }
            return TemplatePlaceholder(name: name, example: example)
        }
    }

    /// `header_text` (a list) or `body_text` (a list of lists: the first is used).
    private var positionalExamples: [String] {
        if let list = example?["header_text"]?.arrayValue { return list.compactMap(\.stringValue) }
        if let rows = example?["body_text"]?.arrayValue {
            if let first = rows.first?.arrayValue { return first.compactMap(\.stringValue) }
            return rows.compactMap(\.stringValue)
        }
        return []
    }

    /// `header_text_named_params` or `body_text_named_params`: `param_name` to `example`.
    private var namedExamples: [String: String] {
        let list = example?["header_text_named_params"]?.arrayValue ?? example?["body_text_named_params"]?.arrayValue ?? []
        var out: [String: String] = [:]
        for item in list {
            if let name = item["param_name"]?.stringValue, let value = item["example"]?.stringValue { out[name] = value }
        }
        return out
    }

    /// A media header's `header_handle` examples (upload handles, or the media's URL as Meta
    /// answers them).
    public var headerHandles: [String] { example?["header_handle"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// Whether a `LIMITED_TIME_OFFER` component's offer expires (then the message must give
    /// `expiration_time_ms`).
    public var offerHasExpiration: Bool { limitedTimeOffer?["has_expiration"]?.boolValue ?? false }
}

/// One button of a template definition's `BUTTONS` component.
public struct TemplateDefinitionButton: Sendable, Hashable {
    /// The button's position in the list: the `index` a message gives for it. Not a member of
    /// Meta's object; set when read.
    public var index: Int = 0
    public var type: TemplateButtonType
    public var text: String?
    /// A URL button's URL; `{{1}}` at its end is the suffix a message sends.
    public var url: String?
    public var phoneNumber: String?
    /// `example` as read: a list for URL buttons, a string (or list) for copy-code buttons.
    public var example: JSONValue?
    /// An OTP button's kind.
    public var otpType: TemplateOTPType?
    /// Flow buttons: which flow, and how it opens.
    public var flowID: String?
    public var flowName: String?
    public var flowAction: String?
    public var navigateScreen: String?
    public var unknownFields: JSONObject = [:]

    public init(type: TemplateButtonType, text: String? = nil, url: String? = nil, example: JSONValue? = nil) {
        self.type = type
        self.text = text
        self.url = url
        self.example = example
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try LenientReader(json, at: path)
        type = TemplateButtonType(rawValue: r.string("type") ?? "")
        text = r.string("text")
        url = r.string("url")
        phoneNumber = r.string("phone_number")
        example = r.raw("example")
        otpType = r.string("otp_type").map(TemplateOTPType.init(rawValue:))
        flowID = r.string("flow_id")
        flowName = r.string("flow_name")
        flowAction = r.string("flow_action")
        navigateScreen = r.string("navigate_screen")
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("type", .string(type.rawValue))
        o.set("otp_type", otpType.map { .string($0.rawValue) })
        o.set("text", text.map(JSONValue.string))
        o.set("url", url.map(JSONValue.string))
        o.set("phone_number", phoneNumber.map(JSONValue.string))
        o.set("flow_id", flowID.map(JSONValue.string))
        o.set("flow_name", flowName.map(JSONValue.string))
        o.set("flow_action", flowAction.map(JSONValue.string))
        o.set("navigate_screen", navigateScreen.map(JSONValue.string))
        o.set("example", example)
        o.appendUnknown(unknownFields)
        return .object(o)
    }

    /// True for a one-time-password button: `OTP` as created, or the `URL` button Meta turns
    /// it into (its URL is WhatsApp's OTP link; plausible test: the link names `otp`).
    public var isOTP: Bool {
        if type.is(.otp) { return true }
        guard type.is(.url), let url = url?.lowercased() else { return false }
        return url.contains("otp_type=") || url.contains("whatsapp.com/otp")
    }

    /// True for a URL button whose URL ends with a variable: the message sends the suffix.
    public var hasDynamicURL: Bool {
        type.is(.url) && !TemplatePlaceholder.names(in: url ?? "").isEmpty
    }

    /// The `sub_type` a message sends for this button; nil for buttons that take nothing at
    /// send time (phone number) or that wacon does not know.
    public var messageSubType: String? {
        if isOTP { return "url" }
        switch type.normalized {
        case "QUICK_REPLY": return "quick_reply"
        case "URL": return "url"
        case "COPY_CODE": return "copy_code"
        case "FLOW": return "flow"
        case "CATALOG": return "catalog"
        case "MPM": return "mpm"
        case "VOICE_CALL": return "voice_call"
        default: return nil
        }
    }

    /// Whether a message must carry a component for this button: a URL button's suffix, an
    /// OTP's code, a copy-code button's coupon, a multi-product button's sections. Quick
    /// replies, flows, catalogs and call buttons take optional parameters.
    public var needsMessageComponent: Bool {
        isOTP || hasDynamicURL || type.is(.copyCode) || type.is(.mpm)
    }

    /// The button's variable, with its example: the URL's `{{1}}`, an OTP's code, a
    /// copy-code button's coupon (named `coupon_code`).
    public var placeholders: [TemplatePlaceholder] {
        let examples = example?.arrayValue?.compactMap(\.stringValue) ?? example?.stringValue.map { [$0] } ?? []
        if isOTP { return [TemplatePlaceholder(name: "1", example: nil)] }
        if type.is(.copyCode) { return [TemplatePlaceholder(name: "coupon_code", example: examples.first)] }
        guard hasDynamicURL, let url else { return [] }
        // Meta's example is the whole URL with the suffix filled in; the suffix is what follows
        // the URL's fixed part.
        let names = TemplatePlaceholder.names(in: url)
        var suffix = examples.first
        if let full = suffix, let open = url.firstRange(of: "{{") {
            let fixed = String(url[..<open.lowerBound])
            if full.hasPrefix(fixed) { suffix = String(full.dropFirst(fixed.count)) }
        }
        return names.map { TemplatePlaceholder(name: $0, example: suffix) }
    }
}

/// One card of a carousel template: its own header, body and buttons.
public struct TemplateDefinitionCard: Sendable, Hashable {
    public var components: [TemplateDefinitionComponent]
    public var unknownFields: JSONObject = [:]

    public init(components: [TemplateDefinitionComponent]) { self.components = components }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try LenientReader(json, at: path)
        components = try r.array("components", TemplateDefinitionComponent.init) ?? []
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("components", .array(components.map(\.json)))
        o.appendUnknown(unknownFields)
        return .object(o)
    }

    public var header: TemplateDefinitionComponent? { components.first(.header) }
    public var body: TemplateDefinitionComponent? { components.first(.body) }
    public var buttons: [TemplateDefinitionButton] { components.buttons }
}

extension Array where Element == TemplateDefinitionComponent {
    /// The first component of this type.
    public func first(_ type: TemplateComponentType) -> TemplateDefinitionComponent? { first { $0.type.is(type) } }

    /// The buttons of the first `BUTTONS` component.
    public var buttons: [TemplateDefinitionButton] { first(.buttons)?.buttons ?? [] }
}
