#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One thing a webhook reports: a customer's message, a status of a message the business sent,
/// a changed business-scoped user id, or anything else Meta posts (account, template, history,
/// echo and preference updates…), which is kept whole under its field name. A body never loses
/// an event to a field wacon does not know.
public struct WebhookEvent: Sendable, Hashable {
    /// The change's `field`: `messages`, `user_id_update`, `account_update`, … (a reseller's own
    /// callback names its type here, such as Zixflow's `delivery_status`).
    public var field: String
    /// `entry[].id`: the WhatsApp Business Account the change belongs to.
    public var businessAccountID: String?
    /// `value.metadata.phone_number_id`: the business number that sent or received.
    public var phoneNumberID: String?
    /// `value.metadata.display_phone_number`.
    public var displayPhoneNumber: String?
    public var kind: Kind

    /// What the event is.
    public enum Kind: Sendable, Hashable {
        /// A message from a customer (`value.messages[]`).
        case message(WebhookMessage)
        /// A status of a message the business sent (`value.statuses[]`).
        case status(WebhookStatus)
        /// A customer's business-scoped user id changed (`value.user_id_update[]`).
        case userIDUpdate(WebhookUserIDUpdate)
        /// Any other change, as its `value` was received.
        case other(JSONValue)
    }

    public init(field: String, businessAccountID: String? = nil, phoneNumberID: String? = nil, displayPhoneNumber: String? = nil, kind: Kind) {
        self.field = field
        self.businessAccountID = businessAccountID
        self.phoneNumberID = phoneNumberID
        self.displayPhoneNumber = displayPhoneNumber
        self.kind = kind
    }

    /// The inbound message, when this event is one.
    public var message: WebhookMessage? {
        if case .message(let m) = kind { return m }
        return nil
    }

    /// The status, when this event is one.
    public var status: WebhookStatus? {
        if case .status(let s) = kind { return s }
        return nil
    }

    /// The user id change, when this event is one.
    public var userIDUpdate: WebhookUserIDUpdate? {
        if case .userIDUpdate(let u) = kind { return u }
        return nil
    }

    /// `message`, `status`, `user_id_update`, or the field of anything else: what a listing
    /// calls the event.
    public var kindName: String {
        switch kind {
        case .message: return "message"
        case .status: return "status"
        case .userIDUpdate: return "user_id_update"
        case .other: return field
        }
    }
}

/// A customer as a webhook's `contacts[]` names them. Since business-scoped user ids, the phone
/// number (`wa_id`) may be withheld; `user_id` is always there on new webhooks.
public struct WebhookContact: Sendable, Hashable {
    /// `profile.name`: the customer's WhatsApp display name.
    public var name: String?
    /// `profile.username`: the customer's WhatsApp username, when they have one.
    public var username: String?
    /// `wa_id`: the customer's phone number as digits, when the webhook gives it.
    public var waID: String?
    /// `user_id`: the business-scoped user id (`US.13491208655302741918`).
    public var userID: String?
    /// `parent_user_id`: the id shared across a portfolio's businesses (`US.ENT.…`).
    public var parentUserID: String?

    public init(name: String? = nil, username: String? = nil, waID: String? = nil, userID: String? = nil, parentUserID: String? = nil) {
        self.name = name
        self.username = username
        self.waID = waID
        self.userID = userID
        self.parentUserID = parentUserID
    }
}

/// An error a webhook reports: on a failed status, on an `unsupported` message, or for a whole
/// change (`{code, title, message, error_data.details, href}`).
public struct WebhookError: Sendable, Hashable {
    /// The code as written: Meta writes a number (`131047`), a reseller may write text; nil when
    /// the webhook gave none.
    public var code: String?
    public var title: String?
    public var message: String?
    /// `error_data.details`: what went wrong in this case.
    public var details: String?
    public var href: String?

    public init(code: String?, title: String? = nil, message: String? = nil, details: String? = nil, href: String? = nil) {
        self.code = code
        self.title = title
        self.message = message
        self.details = details
        self.href = href
    }
}

/// A customer's business-scoped user id changed, as the `user_id_update` field reports it (the
/// customer changed their phone number).
public struct WebhookUserIDUpdate: Sendable, Hashable {
    /// `wa_id`: the phone number, when the webhook gives it.
    public var waID: String?
    /// `detail`: Meta's sentence about the change.
    public var detail: String?
    public var userID: WebhookIDChange?
    public var parentUserID: WebhookIDChange?
    public var timestamp: Date?
    /// The `user_id_update[]` entry as received.
    public var raw: JSONValue

    public init(waID: String? = nil, detail: String? = nil, userID: WebhookIDChange? = nil, parentUserID: WebhookIDChange? = nil, timestamp: Date? = nil, raw: JSONValue = .null) {
        self.waID = waID
        self.detail = detail
        self.userID = userID
        self.parentUserID = parentUserID
        self.timestamp = timestamp
        self.raw = raw
    }
}

/// An id before and after a change: `{previous, current}`.
public struct WebhookIDChange: Sendable, Hashable {
    public var previous: String?
    public var current: String?

    public init(previous: String?, current: String?) {
        self.previous = previous
        self.current = current
    }
}
