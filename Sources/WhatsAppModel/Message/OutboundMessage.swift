/// One message to send, in Meta's Cloud API shape: the canonical model every gateway encodes
/// from. A message file is exactly the JSON a developer would POST to Meta, and
/// `OutboundMessage(json:)` followed by `json` gives the same JSON value back: fields wacon does
/// not model are kept in `unknownFields` (and reported by validation), never dropped.
public struct OutboundMessage: Sendable, Hashable {
    /// Always `whatsapp`.
    public var messagingProduct: String?
    /// `individual` (default) or `group`.
    public var recipientType: String?
    /// `to` as written: a phone number in any dialable format, or a group id. Each gateway
    /// formats it as its docs require (see `PhoneNumber`). nil when the message has no `to`
    /// (it goes to `recipient`). `addressee` says which one Meta uses.
    public var to: String?
    /// `recipient`: a business-scoped user id or parent id (`US.1349…`), since v23 in 2026.
    public var recipient: String?
    /// `recipient_identity_key_hash`: Meta refuses the send (137000) when the user's identity key
    /// no longer has this hash, as after a phone change.
    public var recipientIdentityKeyHash: String?
    /// The message this one replies to (`context.message_id`).
    public var replyTo: String?
    /// Other members of `context` (kept for round-trip).
    public var contextExtra: JSONObject
    /// Echoed back in status webhooks.
    public var bizOpaqueCallbackData: String?
    /// Needed only when the token reaches more than one messaging account on the number.
    public var messagingAccountID: String?
    /// The payload: one case per kind.
    public var content: MessageContent
    /// Direct Send's `category`: `utility` or `authentication` sends a message without a
    /// template, which Meta delivers as one.
    public var category: String?
    /// Direct Send's `ttl_seconds`: how long Meta keeps trying to deliver (number as written).
    public var ttlSeconds: JSONValue?
    /// The marketing messages endpoint's `product_policy`: `CLOUD_API_FALLBACK` or `STRICT`.
    public var productPolicy: String?
    /// The marketing messages endpoint's `message_activity_sharing`.
    public var messageActivitySharing: Bool?
    /// The marketing messages endpoint's `bid_spec` (`per_message_bid_multiplier`).
    public var bidSpec: JSONObject?
    /// Top-level members wacon does not model.
    public var unknownFields: JSONObject
    /// What reading the JSON took as Meta's default or left out, reported by validation as notes.
    public var reading = MessageReading()

    public init(to: String, content: MessageContent, replyTo: String? = nil) {
        self.messagingProduct = "whatsapp"
        self.recipientType = "individual"
        self.to = to
        self.recipient = nil
        self.recipientIdentityKeyHash = nil
        self.replyTo = replyTo
        self.contextExtra = [:]
        self.bizOpaqueCallbackData = nil
        self.messagingAccountID = nil
        self.content = content
        self.unknownFields = [:]
    }

    /// The message is a Direct Send (it has a `category`).
    public var isDirectSend: Bool { category != nil }

    /// The members only the marketing messages endpoint takes, with their paths.
    public var marketingOnlyMembers: [String] {
        [("product_policy", productPolicy != nil), ("message_activity_sharing", messageActivitySharing != nil), ("bid_spec", bidSpec != nil)]
            .filter(\.1).map(\.0)
    }

    /// The kind of this message (`interactive.list`, `template`, …).
    public var kind: MessageKind { content.kind }
}

/// The payload of a message: exactly one kind, each with its own value struct.
public enum MessageContent: Sendable, Hashable {
    case text(TextContent)
    /// image, video, audio, document, sticker.
    case media(MediaKind, MediaObject)
    case location(LocationContent)
    case contacts([ContactCard])
    case reaction(ReactionContent)
    /// button, list, cta_url, flow, location_request_message, product, product_list, catalog_message,
    /// carousel, voice_call, call_permission_request, address_message.
    case interactive(InteractiveContent)
    /// An interactive kind wacon does not model (`order_details`, `order_status`, …): passed through
    /// unchanged, with a warning that it is not checked.
    case otherInteractive(type: String, object: JSONObject)
    case template(TemplateContent)

    public var kind: MessageKind {
        switch self {
        case .text: return .text
        case .media(let k, _): return k.messageKind
        case .location: return .location
        case .contacts: return .contacts
        case .reaction: return .reaction
        case .interactive(let i): return i.action.kind
        case .otherInteractive: return .otherInteractive
        case .template: return .template
        }
    }

    /// The value of the envelope's `type` field.
    public var typeName: String {
        switch self {
        case .text: return "text"
        case .media(let k, _): return k.rawValue
        case .location: return "location"
        case .contacts: return "contacts"
        case .reaction: return "reaction"
        case .interactive, .otherInteractive: return "interactive"
        case .template: return "template"
        }
    }
}

/// Every kind of message wacon models, as gateways declare what they carry.
public enum MessageKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case text, image, video, audio, document, sticker, location, contacts, reaction
    case button = "interactive.button"
    case list = "interactive.list"
    case ctaURL = "interactive.cta_url"
    case flow = "interactive.flow"
    case locationRequest = "interactive.location_request_message"
    case product = "interactive.product"
    case productList = "interactive.product_list"
    case catalog = "interactive.catalog_message"
    case carousel = "interactive.carousel"
    case voiceCall = "interactive.voice_call"
    case callPermissionRequest = "interactive.call_permission_request"
    case addressMessage = "interactive.address_message"
    /// Any other interactive kind (passed through unchecked).
    case otherInteractive = "interactive.other"
    case template

    public var description: String { rawValue }

    /// The values of the envelope's `type` field wacon knows.
    public static let envelopeTypes = ["text", "image", "video", "audio", "document", "sticker", "location", "contacts", "reaction", "interactive", "template"]
    /// The values of `interactive.type` wacon models.
    public static let interactiveTypes = ["button", "list", "cta_url", "flow", "location_request_message", "product", "product_list", "catalog_message",
                                           "carousel", "voice_call", "call_permission_request", "address_message"]

    /// The families kinds are named within (`interactive` for `interactive.list`, …).
    public static let families: [String] = allCases.compactMap { k in
        k.rawValue.firstIndex(of: ".").map { String(k.rawValue[..<$0]) }
    }.reduce(into: []) { out, family in if !out.contains(family) { out.append(family) } }
}

// MARK: - JSON

extension OutboundMessage {
    /// Reads a message from Meta-format JSON text. Syntax errors carry line and column.
    public static func parse(_ text: String) throws(MessageFileError) -> OutboundMessage {
        try parse(Array(text.utf8))
    }

    /// Reads a message from Meta-format JSON bytes.
    public static func parse(_ bytes: [UInt8]) throws(MessageFileError) -> OutboundMessage {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes, rejectDuplicateKeys: true) } catch { throw .syntax(error) }
        do { return try OutboundMessage(json: value) } catch { throw .structure(error) }
    }

    /// Reads a message from a parsed JSON value. Members sent as `null` are taken as absent, as
    /// Meta takes them; a missing `type` is Meta's default, text, when there is a `text` member.
    /// `reading` records both.
    public init(json raw: JSONValue) throws(MessageDecodingError) {
        var dropped: [FieldPath] = []
        let json = raw.droppingNullMembers(at: .root, into: &dropped)
        var r = try ObjectReader(json, at: .root)
        var typeDefaulted = false
        messagingProduct = try r.string("messaging_product")
        recipientType = try r.string("recipient_type")
        to = try r.string("to")
        recipient = try r.string("recipient")
        recipientIdentityKeyHash = try r.string("recipient_identity_key_hash")
        if let ctx = try r.objectValue("context") {
            var cr = try ObjectReader(.object(ctx), at: "context")
            replyTo = try cr.string("message_id")
            contextExtra = cr.unknown
        } else {
            replyTo = nil
            contextExtra = [:]
        }
        bizOpaqueCallbackData = try r.string("biz_opaque_callback_data")
        messagingAccountID = try r.string("messaging_account_id")
        category = try r.string("category")
        ttlSeconds = r.raw("ttl_seconds")
        productPolicy = try r.string("product_policy")
        messageActivitySharing = try r.bool("message_activity_sharing")
        bidSpec = try r.objectValue("bid_spec")
        let type: String
        if let written = try r.string("type") {
            type = written
        } else if r.object["text"] != nil {
            // Meta reads a message without `type` as text.
            type = "text"
            typeDefaulted = true
        } else {
            let payloads = r.object.keys.filter { MessageKind.envelopeTypes.contains($0) }
            let hint = payloads.first.map { ", but this message has no \"text\" member: add \"type\": \"\($0)\"" } ?? ""
            throw MessageDecodingError(path: "type", reason: "missing: Meta reads a message without type as text\(hint); the kinds are \(MessageKind.envelopeTypes.joined(separator: ", "))")
        }
        let payloadPath = FieldPath.root.key(type)
        func payload() throws(MessageDecodingError) -> JSONValue {
            guard let v = r.raw(type) else {
                throw MessageDecodingError(path: payloadPath, reason: "missing: a \(type) message carries its content in a \"\(type)\" member")
            }
            return v
        }
        switch type {
        case "text": content = .text(try TextContent(json: try payload(), at: payloadPath))
        case "image", "video", "audio", "document", "sticker":
            content = .media(MediaKind(rawValue: type)!, try MediaObject(json: try payload(), at: payloadPath))
        case "location": content = .location(try LocationContent(json: try payload(), at: payloadPath))
        case "contacts":
            let v = try payload()
            guard case .array(let items) = v else {
                throw MessageDecodingError(path: payloadPath, reason: "expected an array of contact cards, found \(v.typeName)")
            }
            var cards: [ContactCard] = []
            for (i, item) in items.enumerated() { cards.append(try ContactCard(json: item, at: payloadPath.index(i))) }
            content = .contacts(cards)
        case "reaction": content = .reaction(try ReactionContent(json: try payload(), at: payloadPath))
        case "interactive": content = try InteractiveContent.decode(try payload(), at: payloadPath)
        case "template": content = .template(try TemplateContent(json: try payload(), at: payloadPath))
        default:
            throw MessageDecodingError(path: "type", reason: "unknown message type \"\(type)\"; known types: \(MessageKind.envelopeTypes.joined(separator: ", "))")
        }
        unknownFields = r.unknown
        reading = MessageReading(typeDefaulted: typeDefaulted, droppedNulls: dropped)
    }

    /// The message as Meta-format JSON, in Meta's documented field order.
    public var json: JSONValue { .object(jsonObject) }

    /// The message as a Meta-format JSON object.
    public var jsonObject: JSONObject {
        var o = JSONObject()
        o.set("messaging_product", messagingProduct.map(JSONValue.string))
        o.set("recipient_type", recipientType.map(JSONValue.string))
        o.set("to", to.map(JSONValue.string))
        o.set("recipient", recipient.map(JSONValue.string))
        o.set("recipient_identity_key_hash", recipientIdentityKeyHash.map(JSONValue.string))
        if replyTo != nil || !contextExtra.isEmpty {
            var c = JSONObject()
            c.set("message_id", replyTo.map(JSONValue.string))
            c.appendUnknown(contextExtra)
            o.append("context", .object(c))
        }
        // The request says what was written: a message that leaves `type` to Meta's default
        // still does (the validator notes the default).
        if !reading.typeDefaulted { o.append("type", .string(content.typeName)) }
        switch content {
        case .text(let t): o.append("text", t.json)
        case .media(let k, let m): o.append(k.rawValue, m.json)
        case .location(let l): o.append("location", l.json)
        case .contacts(let cards): o.append("contacts", .array(cards.map(\.json)))
        case .reaction(let r): o.append("reaction", r.json)
        case .interactive(let i): o.append("interactive", i.json)
        case .otherInteractive(_, let raw): o.append("interactive", .object(raw))
        case .template(let t): o.append("template", t.json)
        }
        o.set("biz_opaque_callback_data", bizOpaqueCallbackData.map(JSONValue.string))
        o.set("messaging_account_id", messagingAccountID.map(JSONValue.string))
        o.set("category", category.map(JSONValue.string))
        o.set("ttl_seconds", ttlSeconds)
        o.set("product_policy", productPolicy.map(JSONValue.string))
        o.set("message_activity_sharing", messageActivitySharing.map(JSONValue.bool))
        o.set("bid_spec", bidSpec.map(JSONValue.object))
        o.appendUnknown(unknownFields)
        return o
    }
}

/// What reading a message's JSON took for the user: a `type` left to Meta's default, and `null`
/// members taken as absent. Validation reports each as a note.
public struct MessageReading: Sendable, Hashable {
    /// `type` was missing: Meta reads the message as text (the request stays as written).
    public var typeDefaulted: Bool
    /// Members sent as `null`: Meta takes them as absent, and wacon leaves them out.
    public var droppedNulls: [FieldPath]

    public init(typeDefaulted: Bool = false, droppedNulls: [FieldPath] = []) {
        self.typeDefaulted = typeDefaulted
        self.droppedNulls = droppedNulls
    }
}

extension JSONValue {
    /// This value with every object member whose value is `null` removed, at any depth; the
    /// paths of the removed members are appended to `dropped`. Nulls inside arrays stay (they
    /// are not optional fields, and reading reports them as the wrong type).
    func droppingNullMembers(at path: FieldPath, into dropped: inout [FieldPath]) -> JSONValue {
        switch self {
        case .object(let o):
            var out = JSONObject()
            for (k, v) in o {
                if case .null = v { dropped.append(path.key(k)); continue }
                out.append(k, v.droppingNullMembers(at: path.key(k), into: &dropped))
            }
            return .object(out)
        case .array(let items):
            return .array(items.enumerated().map { $0.element.droppingNullMembers(at: path.index($0.offset), into: &dropped) })
        default:
            return self
        }
    }
}

/// Why a message file could not be read.
public enum MessageFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not valid JSON: line, column and reason.
    case syntax(JSONParseError)
    /// Valid JSON, but not a message: field path and reason.
    case structure(MessageDecodingError)

    public var description: String {
        switch self {
        case .syntax(let e): return "not valid JSON at \(e)"
        case .structure(let e): return e.description
        }
    }
}

// MARK: - Small kinds

/// `text`: a body up to 4096 characters and an optional link preview.
public struct TextContent: Sendable, Hashable {
    public var body: String
    public var previewURL: Bool?
    /// `preview_url` was written as the string `"true"` or `"false"` (Kaleyra's docs do), and is
    /// sent so.
    public var previewURLIsString = false
    public var unknownFields: JSONObject = [:]

    public init(body: String, previewURL: Bool? = nil) {
        self.body = body
        self.previewURL = previewURL
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        body = try r.string("body") ?? ""
        if case .string(let s)? = r.object["preview_url"], let b = Bool(s.lowercased()) {
            _ = r.raw("preview_url")
            previewURL = b
            previewURLIsString = true
        } else {
            previewURL = try r.bool("preview_url")
        }
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("body", .string(body))
        o.set("preview_url", previewURL.map { previewURLIsString ? .string(String($0)) : .bool($0) })
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// `reaction`: an emoji on an earlier message; an empty emoji removes the reaction.
public struct ReactionContent: Sendable, Hashable {
    public var messageID: String
    /// The emoji; `""` removes a reaction. nil means the field is missing (an error, not a removal).
    public var emoji: String?
    public var unknownFields: JSONObject = [:]

    public init(messageID: String, emoji: String) {
        self.messageID = messageID
        self.emoji = emoji
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        messageID = try r.string("message_id") ?? ""
        emoji = try r.string("emoji")
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("message_id", .string(messageID))
        o.set("emoji", emoji.map(JSONValue.string))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// A latitude or longitude. Meta's spec declares strings while its examples send numbers; both
/// are accepted and written back as they came.
public enum Coordinate: Sendable, Hashable {
    case number(JSONNumber)
    case string(String)

    public var value: Double? {
        switch self {
        case .number(let n): return n.doubleValue
        case .string(let s): return Double(s.trimmed)
        }
    }

    var json: JSONValue {
        switch self {
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        }
    }
}

/// `location`: a pin with an optional name and address.
public struct LocationContent: Sendable, Hashable {
    public var latitude: Coordinate?
    public var longitude: Coordinate?
    public var name: String?
    public var address: String?
    public var unknownFields: JSONObject = [:]

    public init(latitude: Double, longitude: Double, name: String? = nil, address: String? = nil) {
        self.latitude = .number(JSONNumber(latitude))
        self.longitude = .number(JSONNumber(longitude))
        self.name = name
        self.address = address
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        func coordinate(_ key: String) throws(MessageDecodingError) -> Coordinate? {
            switch r.raw(key) {
            case nil: return nil
            case .number(let n)?: return .number(n)
            case .string(let s)?: return .string(s)
            case let v?: throw MessageDecodingError(path: path.key(key), reason: "expected a number, found \(v.typeName)")
            }
        }
        latitude = try coordinate("latitude")
        longitude = try coordinate("longitude")
        name = try r.string("name")
        address = try r.string("address")
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.set("latitude", latitude?.json)
        o.set("longitude", longitude?.json)
        o.set("name", name.map(JSONValue.string))
        o.set("address", address.map(JSONValue.string))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
