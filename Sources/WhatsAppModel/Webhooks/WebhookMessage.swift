#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A message a customer sent (`value.messages[]`), of any type Meta delivers: text, media,
/// location, contacts, an order, a reaction, a button or interactive reply, a system notice, an
/// edit or a revoke, and `unsupported`. A type wacon does not know reads as `.other`, with the
/// message kept in `raw`.
///
/// Since business-scoped user ids, `from` (the phone number) may be withheld; `from_user_id`
/// always names the sender on new webhooks.
public struct WebhookMessage: Sendable, Hashable {
    /// The message's own id (`wamid.…`); nil only when the webhook gave none (an edit's inner
    /// message has none).
    public var id: String?
    /// `from`: the sender's phone number as digits, when the webhook gives it.
    public var from: String?
    /// `from_user_id`: the sender's business-scoped user id.
    public var fromUserID: String?
    /// `from_parent_user_id`.
    public var fromParentUserID: String?
    /// `group_id`: the group the message was sent in, for a group message.
    public var groupID: String?
    public var timestamp: Date?
    /// `type` as written: `text`, `image`, `interactive`, `system`, `edit`, …
    public var type: String
    /// `context`: the message this one replies to, or that it forwards.
    public var context: WebhookMessageContext?
    /// The sender as the change's `contacts[]` names them.
    public var sender: WebhookContact?
    public var content: WebhookMessageContent
    /// `errors[]` (an `unsupported` message says why here).
    public var errors: [WebhookError]
    /// The message object as received.
    public var raw: JSONValue

    public init(id: String?, from: String? = nil, fromUserID: String? = nil, fromParentUserID: String? = nil, groupID: String? = nil,
                timestamp: Date? = nil, type: String, context: WebhookMessageContext? = nil, sender: WebhookContact? = nil,
                content: WebhookMessageContent, errors: [WebhookError] = [], raw: JSONValue = .null) {
        self.id = id
        self.from = from
        self.fromUserID = fromUserID
        self.fromParentUserID = fromParentUserID
        self.groupID = groupID
        self.timestamp = timestamp
        self.type = type
        self.context = context
        self.sender = sender
        self.content = content
        self.errors = errors
        self.raw = raw
    }

    /// Who sent it, in the best form the message gives: the phone number, else the
    /// business-scoped user id, else the parent id.
    public var senderText: String? { from ?? fromUserID ?? fromParentUserID ?? sender?.waID ?? sender?.userID }
}

/// A message's `context`: what it replies to (`id`, `from`), or that it was forwarded.
public struct WebhookMessageContext: Sendable, Hashable {
    /// The id of the message replied to.
    public var id: String?
    /// Who sent the message replied to (the business number, for a reply to the business).
    public var from: String?
    public var forwarded: Bool
    public var frequentlyForwarded: Bool

    public init(id: String?, from: String? = nil, forwarded: Bool = false, frequentlyForwarded: Bool = false) {
        self.id = id
        self.from = from
        self.forwarded = forwarded
        self.frequentlyForwarded = frequentlyForwarded
    }
}

/// What an inbound message holds, by its type.
public indirect enum WebhookMessageContent: Sendable, Hashable {
    /// `text.body`.
    case text(String)
    /// An image, video, audio (a voice note has `voice: true`), document or sticker.
    case media(WebhookMedia)
    case location(WebhookLocation)
    /// Shared contact cards, as received.
    case contacts([JSONValue])
    case order(WebhookOrder)
    /// A reaction to `messageID`; an empty or absent emoji removes the reaction.
    case reaction(messageID: String?, emoji: String?)
    /// A template's quick-reply button tap: `button.payload`, `button.text`.
    case button(payload: String?, text: String?)
    case interactive(WebhookInteractiveReply)
    /// A change about the customer (`system`): a new number, a new user id, …
    case system(WebhookSystemNotice)
    /// The customer edited an earlier message: its id and the message as it now reads.
    case edit(originalMessageID: String?, message: WebhookMessage?)
    /// The customer deleted an earlier message.
    case revoke(originalMessageID: String?)
    /// A message WhatsApp could not pass on (`unsupported`, formerly `unknown`), with
    /// `unsupported.type` when given.
    case unsupported(type: String?)
    /// A type wacon does not read; the message is in `raw`.
    case other
}

/// An image, video, audio, document or sticker in an inbound message.
public struct WebhookMedia: Sendable, Hashable {
    /// `image`, `video`, `audio`, `document` or `sticker`.
    public var kind: String
    /// The media id to download it by.
    public var id: String?
    public var mimeType: String?
    public var sha256: String?
    public var caption: String?
    /// A document's `filename`.
    public var filename: String?
    /// `url`, when the webhook carries one.
    public var url: String?
    /// `audio.voice`: a voice note recorded in WhatsApp, not a shared audio file.
    public var isVoice: Bool
    /// `sticker.animated`.
    public var isAnimated: Bool

    public init(kind: String, id: String? = nil, mimeType: String? = nil, sha256: String? = nil, caption: String? = nil,
                filename: String? = nil, url: String? = nil, isVoice: Bool = false, isAnimated: Bool = false) {
        self.kind = kind
        self.id = id
        self.mimeType = mimeType
        self.sha256 = sha256
        self.caption = caption
        self.filename = filename
        self.url = url
        self.isVoice = isVoice
        self.isAnimated = isAnimated
    }
}

/// A shared location. Coordinates are kept as written (Meta writes numbers).
public struct WebhookLocation: Sendable, Hashable {
    public var latitude: String?
    public var longitude: String?
    public var name: String?
    public var address: String?
    public var url: String?

    public init(latitude: String?, longitude: String?, name: String? = nil, address: String? = nil, url: String? = nil) {
        self.latitude = latitude
        self.longitude = longitude
        self.name = name
        self.address = address
        self.url = url
    }
}

/// An order a customer placed from a catalog.
public struct WebhookOrder: Sendable, Hashable {
    public var catalogID: String?
    /// The customer's note.
    public var text: String?
    public var items: [Item]

    /// One `product_items[]` line; numbers kept as written.
    public struct Item: Sendable, Hashable {
        public var productRetailerID: String?
        public var quantity: String?
        public var itemPrice: String?
        public var currency: String?

        public init(productRetailerID: String?, quantity: String?, itemPrice: String?, currency: String?) {
            self.productRetailerID = productRetailerID
            self.quantity = quantity
            self.itemPrice = itemPrice
            self.currency = currency
        }
    }

    public init(catalogID: String?, text: String?, items: [Item]) {
        self.catalogID = catalogID
        self.text = text
        self.items = items
    }
}

/// A customer's answer to an interactive message.
public enum WebhookInteractiveReply: Sendable, Hashable {
    /// A reply button tapped.
    case buttonReply(id: String?, title: String?)
    /// A list row chosen.
    case listReply(id: String?, title: String?, description: String?)
    /// `nfm_reply`: a completed Flow (`name: flow`) or an address form (`name: address_message`),
    /// with `response_json`, a JSON string.
    case formReply(name: String?, body: String?, responseJSON: String?)
    /// The customer answered a call permission request.
    case callPermissionReply(WebhookCallPermissionReply)
    /// An interactive type wacon does not read.
    case other(type: String?)
}

/// `call_permission_reply`: whether the business may call the customer, and until when.
public struct WebhookCallPermissionReply: Sendable, Hashable {
    /// `accept` or `reject`.
    public var response: String?
    public var isPermanent: Bool?
    public var expiration: Date?
    /// `user_action` or `automatic`.
    public var responseSource: String?

    public init(response: String?, isPermanent: Bool?, expiration: Date?, responseSource: String?) {
        self.response = response
        self.isPermanent = isPermanent
        self.expiration = expiration
        self.responseSource = responseSource
    }
}

/// A `system` message: something changed about the customer. `type` is
/// `user_changed_number` (`wa_id` is the new number) or `user_changed_user_id` (`user_id` is the
/// new id), or another Meta adds.
public struct WebhookSystemNotice: Sendable, Hashable {
    public var type: String?
    /// Meta's sentence about the change.
    public var body: String?
    public var waID: String?
    /// `new_wa_id`, as older webhooks name the new number.
    public var newWaID: String?
    public var userID: String?
    public var parentUserID: String?

    public init(type: String?, body: String? = nil, waID: String? = nil, newWaID: String? = nil, userID: String? = nil, parentUserID: String? = nil) {
        self.type = type
        self.body = body
        self.waID = waID
        self.newWaID = newWaID
        self.userID = userID
        self.parentUserID = parentUserID
    }
}
