#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A status of a message the business sent (`value.statuses[]`): `sent`, `delivered`, `read`,
/// `played` (a voice message), `failed` with its errors, and whatever status Meta adds later.
///
/// Sent to a phone number, the status names it in `recipient_id`; sent to a business-scoped user
/// id, there is no `recipient_id`, only `recipient_user_id` (and the parent id). A status of a
/// group message names the group in `recipient_id` and the member in `recipient_participant_id`.
public struct WebhookStatus: Sendable, Hashable {
    /// The message's id (`wamid.…`), as the send answered it (a reseller's own id for its own
    /// callback, such as Zixflow's numeric `message_id`, kept digit for digit).
    public var id: String
    /// `sent`, `delivered`, `read`, `played`, `failed`, … as written.
    public var status: String
    public var timestamp: Date?
    /// `recipient_id`: a phone number's digits or a group id; nil for a business-scoped user id.
    public var recipientID: String?
    /// `recipient_user_id`: the recipient's business-scoped user id.
    public var recipientUserID: String?
    /// `recipient_parent_user_id` (also spelt `parent_recipient_user_id`).
    public var recipientParentUserID: String?
    /// `recipient_type`: `individual`, or `group` for a group message.
    public var recipientType: String?
    /// `recipient_participant_id` (also spelt `participant_recipient_id`): the group member.
    public var recipientParticipantID: String?
    /// `recipient_participant_user_id`: the group member's business-scoped user id.
    public var recipientParticipantUserID: String?
    /// `recipient_participant_parent_user_id`.
    public var recipientParticipantParentUserID: String?
    /// The recipient as the status's `contacts[]` block names them (sent, delivered and read
    /// statuses carry one; failed ones may not).
    public var recipient: WebhookContact?
    public var errors: [WebhookError]
    public var pricing: WebhookPricing?
    /// The conversation the message opened or ran in (conversation-based pricing; optional
    /// under per-message pricing).
    public var conversation: WebhookConversation?
    /// `biz_opaque_callback_data`: what the send asked to get back.
    public var bizOpaqueCallbackData: String?
    /// The id the send answered with, when the callback names the message by another id
    /// (Zixflow's `request_id` beside its `message_id`); nil when `id` is that id.
    public var sendID: String?
    /// What a reseller's callback adds around the status (Kaleyra's `extra_info`, Zixflow's
    /// `workspace_id`, `post_back_data`, …), as received.
    public var vendorFields: JSONObject
    /// The status object as received.
    public var raw: JSONValue

    public init(id: String, status: String, timestamp: Date? = nil, recipientID: String? = nil, recipientUserID: String? = nil,
                recipientParentUserID: String? = nil, recipientType: String? = nil, recipientParticipantID: String? = nil,
                recipientParticipantUserID: String? = nil, recipientParticipantParentUserID: String? = nil, recipient: WebhookContact? = nil,
                errors: [WebhookError] = [], pricing: WebhookPricing? = nil, conversation: WebhookConversation? = nil,
                bizOpaqueCallbackData: String? = nil, sendID: String? = nil, vendorFields: JSONObject = [:], raw: JSONValue = .null) {
        self.id = id
        self.status = status
        self.timestamp = timestamp
        self.recipientID = recipientID
        self.recipientUserID = recipientUserID
        self.recipientParentUserID = recipientParentUserID
        self.recipientType = recipientType
        self.recipientParticipantID = recipientParticipantID
        self.recipientParticipantUserID = recipientParticipantUserID
        self.recipientParticipantParentUserID = recipientParticipantParentUserID
        self.recipient = recipient
        self.errors = errors
        self.pricing = pricing
        self.conversation = conversation
        self.bizOpaqueCallbackData = bizOpaqueCallbackData
        self.sendID = sendID
        self.vendorFields = vendorFields
        self.raw = raw
    }

    /// Whom the message went to, in the best form the status gives: the phone number or group,
    /// else the business-scoped user id, else the parent id.
    public var recipientText: String? { recipientID ?? recipientUserID ?? recipientParentUserID }
}

/// What a status says the message costs. Meta prices per message since July 2025 (`PMP`);
/// older webhooks, kept in histories and replays, price per conversation (`CBP`). `type` and
/// `category` are kept as written: Meta has added values to both and will add more.
public struct WebhookPricing: Sendable, Hashable {
    /// `billable` (described as deprecated; still sent).
    public var billable: Bool?
    /// `pricing_model`: `PMP`, `CBP` (a reseller may write it out: "Conversation-Based Pricing").
    public var model: String?
    /// `type`: `regular`, `free_customer_service`, `free_entry_point`, …
    public var type: String?
    /// `category`: `marketing`, `utility`, `authentication`, `service`, `marketing_lite`, …
    public var category: String?

    public init(billable: Bool? = nil, model: String? = nil, type: String? = nil, category: String? = nil) {
        self.billable = billable
        self.model = model
        self.type = type
        self.category = category
    }
}

/// A status's `conversation` object: `{id, expiration_timestamp, origin: {type}}`.
public struct WebhookConversation: Sendable, Hashable {
    public var id: String?
    public var expiration: Date?
    /// `origin.type`: `marketing`, `utility`, `service`, `group_marketing`, …
    public var originType: String?

    public init(id: String?, expiration: Date? = nil, originType: String? = nil) {
        self.id = id
        self.expiration = expiration
        self.originType = originType
    }
}
