/// `carousel`: horizontally scrolling cards under one body. Media cards (`type: "cta_url"`) have
/// an image or video header, an optional short body and either one URL button or quick-reply
/// buttons; product cards (`type: "product"`) name one product of a catalog.
public struct CarouselAction: Sendable, Hashable {
    public var cards: [CarouselCard]
    public var unknownFields: JSONObject = [:]

    public init(cards: [CarouselCard]) { self.cards = cards }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        cards = try r.array("cards", CarouselCard.init) ?? []
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.append("cards", .array(cards.map(\.json)))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// One card of an interactive carousel.
public struct CarouselCard: Sendable, Hashable {
    /// `card_index` as written: the card's position from 0 (a number in Meta's examples; kept as
    /// written so a string is reported rather than silently changed).
    public var cardIndex: JSONValue?
    /// `cta_url` for a media card (even when its buttons are quick replies, as Meta's own example
    /// has it) or `product`.
    public var type: String?
    public var header: InteractiveHeader?
    public var body: InteractiveText?
    public var action: CarouselCardAction?
    public var unknownFields: JSONObject = [:]

    /// A media card: image or video header, optional body, and its buttons.
    public static func media(index: Int, header: InteractiveHeader, body: String?, action: CarouselCardAction) -> CarouselCard {
        CarouselCard(cardIndex: .number(JSONNumber(index)), type: "cta_url", header: header, body: body.map { InteractiveText($0) }, action: action)
    }

    /// A product card: one product of a catalog.
    public static func product(index: Int, catalogID: String, productRetailerID: String) -> CarouselCard {
        CarouselCard(cardIndex: .number(JSONNumber(index)), type: "product", header: nil, body: nil,
                     action: .product(ProductCardAction(productRetailerID: productRetailerID, catalogID: catalogID)))
    }

    public init(cardIndex: JSONValue?, type: String?, header: InteractiveHeader?, body: InteractiveText?, action: CarouselCardAction?) {
        self.cardIndex = cardIndex
        self.type = type
        self.header = header
        self.body = body
        self.action = action
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        cardIndex = r.raw("card_index")
        type = try r.string("type")
        header = try r.nested("header", InteractiveHeader.init)
        body = try r.nested("body", InteractiveText.init)
        if let a = r.raw("action") {
            action = try CarouselCardAction(json: a, cardType: type, at: path.key("action"))
        }
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.set("card_index", cardIndex)
        o.set("type", type.map(JSONValue.string))
        o.set("header", header?.json)
        o.set("body", body?.json)
        o.set("action", action?.json)
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}

/// What a carousel card does when tapped: one URL button, quick-reply buttons, or (product
/// cards) the product it shows.
public enum CarouselCardAction: Sendable, Hashable {
    /// `{name: "cta_url", parameters: {display_text, url}}`.
    case ctaURL(CTAURLAction)
    /// `{buttons: [{type: "quick_reply", quick_reply: {id, title}}, …]}`.
    case quickReplies(ReplyButtonsAction)
    /// `{product_retailer_id, catalog_id}`.
    case product(ProductCardAction)

    /// Which shape is meant: `buttons` makes quick replies, a product card or product member
    /// makes a product, anything else is read as a URL button (the default card type).
    init(json: JSONValue, cardType: String?, at path: FieldPath) throws(MessageDecodingError) {
        guard case .object(let o) = json else {
            throw MessageDecodingError(path: path, reason: "expected an object, found \(json.typeName)")
        }
        if o["buttons"] != nil {
            self = .quickReplies(try ReplyButtonsAction(json: json, at: path, member: "quick_reply"))
        } else if cardType == "product" || o["product_retailer_id"] != nil || o["catalog_id"] != nil {
            self = .product(try ProductCardAction(json: json, at: path))
        } else {
            self = .ctaURL(try CTAURLAction(json: json, at: path))
        }
    }

    /// How the card's buttons are named when cards are compared: all cards of a carousel carry
    /// the same kind of button.
    public var buttonKind: String {
        switch self {
        case .ctaURL: return "a URL button"
        case .quickReplies: return "quick-reply buttons"
        case .product: return "a product"
        }
    }

    /// A URL button or quick replies: what a media card carries.
    public var isButtons: Bool {
        if case .product = self { return false }
        return true
    }

    /// How many buttons the card has (a product card has none).
    public var buttonCount: Int {
        switch self {
        case .ctaURL: return 1
        case .quickReplies(let q): return q.buttons.count
        case .product: return 0
        }
    }

    public var json: JSONValue {
        switch self {
        case .ctaURL(let a): return a.json
        case .quickReplies(let a): return a.json
        case .product(let a): return a.json
        }
    }
}

/// A product card's action: which product of which catalog. Written in the order Meta's
/// product-carousel example uses (retailer id first); members left out stay out.
public struct ProductCardAction: Sendable, Hashable {
    public var productRetailerID: String?
    public var catalogID: String?
    public var unknownFields: JSONObject = [:]

    public init(productRetailerID: String, catalogID: String) {
        self.productRetailerID = productRetailerID
        self.catalogID = catalogID
    }

    init(json: JSONValue, at path: FieldPath) throws(MessageDecodingError) {
        var r = try ObjectReader(json, at: path)
        productRetailerID = try r.string("product_retailer_id")
        catalogID = try r.string("catalog_id")
        unknownFields = r.unknown
    }

    public var json: JSONValue {
        var o = JSONObject()
        o.set("product_retailer_id", productRetailerID.map(JSONValue.string))
        o.set("catalog_id", catalogID.map(JSONValue.string))
        o.appendUnknown(unknownFields)
        return .object(o)
    }
}
