import HTTPTypes
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// What a gateway answers, as plain functions over values: the sandbox routes a request to
/// the gateway's emulation and serves what it returns. Shapes a vendor documents are copied
/// from its pages; the others are plausible and say so where they are written.
public protocol GatewayEmulation: Sendable {
    /// The route patterns of the send endpoint (`/v2/{sid}/whatsapp/{phone}/messages`); a
    /// `{name}` segment becomes `EmulatedRequest.parameters[name]`.
    var routes: [String] { get }
    /// The vendor's answer to a missing or wrong key or account id, or nil when all is well.
    /// `key` is the secret the sandbox's account for this gateway takes.
    func authenticate(_ request: EmulatedRequest, account: Profile, key: String) -> EmulatedReply?
    /// The vendor's own checks of a body it could read (Zixflow's `phone_id`), or nil.
    func check(_ body: JSONValue, account: Profile) -> EmulatedReply?
    /// A new message id in the vendor's style.
    func newMessageID() -> String
    /// The answer to an accepted send to `recipient`.
    func accepted(id: String, recipient: EmulatedRecipient, message: OutboundMessage) -> EmulatedReply
    /// The answer to a request on the send endpoint that is not a message (Meta's mark as read),
    /// or nil when the body is to be read as a message.
    func nonMessage(_ body: JSONValue) -> EmulatedReply?
    /// The answer to a wrong or missing key.
    func unauthorized() -> EmulatedReply
    /// The answer to an invalid payload, from the first error finding.
    func invalid(_ finding: Finding) -> EmulatedReply
    /// A Meta error code as this gateway passes it on.
    func relay(_ metaError: CatalogueEntry) -> EmulatedReply
    /// An error of the gateway's own catalogue (`Gateway.errorCatalogue`).
    func reply(to ownError: CatalogueEntry) -> EmulatedReply
    /// Failures only this gateway has, each reachable by its own magic recipient number.
    var scenarios: [VendorScenario] { get }
    /// The statuses its callbacks report, of `sent`, `delivered`, `read` (and `failed`).
    var reportedStatuses: Set<String> { get }
    /// Where status callbacks go: wacon's own receiver (`callbackURL`) first, it is who is
    /// waiting; nil when they go nowhere.
    func statusTarget(callbackURL: String?, options: VendorOptions, webhookURL: String?) -> String?
    /// The body of one status callback.
    func statusCallback(_ status: EmulatedStatus, account: Profile) -> JSONValue
    /// The route patterns (GET) of the template-listing API; empty when the gateway has none.
    var templateRoutes: [String] { get }
    /// The answer to a template-listing request whose key `authenticate` accepted, from the
    /// account's template library (`templates`, in the order they were added).
    func templatePage(_ request: EmulatedRequest, account: Profile, templates: [StoredTemplate]) -> EmulatedReply
}

extension GatewayEmulation {
    public func check(_ body: JSONValue, account: Profile) -> EmulatedReply? { nil }
    public func nonMessage(_ body: JSONValue) -> EmulatedReply? { nil }
    public func reply(to ownError: CatalogueEntry) -> EmulatedReply { relay(ownError) }
    public var scenarios: [VendorScenario] { [] }
    public var reportedStatuses: Set<String> { ["sent", "delivered", "read", "failed"] }
    /// Gateways without documented callbacks post only to wacon's own receiver.
    public func statusTarget(callbackURL: String?, options: VendorOptions, webhookURL: String?) -> String? { callbackURL }
    public var templateRoutes: [String] { [] }
    public func templatePage(_ request: EmulatedRequest, account: Profile, templates: [StoredTemplate]) -> EmulatedReply {
        EmulatedReply(status: 404, json: ["sandbox_error": "this gateway has no template-listing API"])
    }
}

/// A request as an emulated gateway sees it, already routed to that gateway.
public struct EmulatedRequest: Sendable {
    public var gateway: GatewayID
    public var path: String
    /// Path parameters from the route (`version`, `phoneNumberID`, `sid`, `phone`).
    public var parameters: [String: String]
    public var query: [String: String]
    public var headers: HTTPFields
    public var body: [UInt8]

    public init(gateway: GatewayID, path: String, parameters: [String: String] = [:], query: [String: String] = [:],
                headers: HTTPFields, body: [UInt8]) {
        self.gateway = gateway
        self.path = path
        self.parameters = parameters
        self.query = query
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[named: name] }

    /// The token of an `Authorization: Bearer …` header.
    public var bearerToken: String? {
        guard let h = header("Authorization"), h.hasPrefix("Bearer ") else { return nil }
        return String(h.dropFirst(7)).trimmed
    }
}

/// An HTTP answer of an emulated gateway.
public struct EmulatedReply: Sendable {
    public var status: Int
    public var headers: HTTPFields
    public var body: [UInt8]

    public init(status: Int, headers: HTTPFields = [.contentType: "application/json"], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: Int, json: JSONValue) {
        self.init(status: status, body: JSONWriter.compact(json))
    }

    public init(status: Int, text: String) {
        self.init(status: status, body: Array(text.utf8))
    }
}

/// The WhatsApp user an emulated gateway delivered a message to, as the sandbox knows them:
/// their number (unless only an id was sent and the sandbox cannot tell whose it is), their
/// business-scoped ids, their username, and whether the send named them by id.
public struct EmulatedRecipient: Sendable, Hashable {
    /// The phone number's digits (no `+`); nil for a user id the sandbox knows no number for.
    public var digits: String?
    /// The business-scoped user id (`ZA.…`).
    public var userID: String
    /// The parent id, for a user of an enrolled business portfolio.
    public var parentUserID: String?
    /// The WhatsApp username, for users who have one.
    public var username: String?
    /// The profile name shown in webhooks.
    public var name: String
    /// The send named the user by id (`recipient`): Meta answers with `user_id`, and statuses
    /// carry `recipient_user_id` without `recipient_id`.
    public var byUserID: Bool
    /// The user has a username and Meta withholds their number from webhooks.
    public var hidesNumber: Bool
    /// The user's identity key hash: a send whose `recipient_identity_key_hash` differs is
    /// refused (137000).
    public var identityKeyHash: String?

    public init(digits: String?, userID: String, parentUserID: String? = nil, username: String? = nil, name: String = "Sandbox Customer",
                byUserID: Bool = false, hidesNumber: Bool = false, identityKeyHash: String? = nil) {
        self.digits = digits
        self.userID = userID
        self.parentUserID = parentUserID
        self.username = username
        self.name = name
        self.byUserID = byUserID
        self.hidesNumber = hidesNumber
        self.identityKeyHash = identityKeyHash
    }

    /// The number as Meta shows it in webhooks (`wa_id`, `from`, `recipient_id`): nil when the
    /// user hides it or it is unknown.
    public var shownDigits: String? { hidesNumber ? nil : digits }

    /// The digits, or the user id for a user whose number is unknown (reseller answers that
    /// name a recipient).
    public var digitsOrID: String { digits ?? userID }
}

/// A status an emulated gateway reports for a message it accepted.
public struct EmulatedStatus: Sendable {
    /// The id the send answered with.
    public var messageID: String
    /// The user the message went to, and whether the send named them by id.
    public var recipient: EmulatedRecipient
    public var message: OutboundMessage
    public var options: VendorOptions
    /// `sent`, `delivered`, `read` or `failed`.
    public var status: String
    /// The error of a `failed` status.
    public var error: CatalogueEntry?
    public var date: Date

    public init(messageID: String, recipient: EmulatedRecipient, message: OutboundMessage, options: VendorOptions, status: String, error: CatalogueEntry?, date: Date) {
        self.messageID = messageID
        self.recipient = recipient
        self.message = message
        self.options = options
        self.status = status
        self.error = error
        self.date = date
    }

    /// The recipient's digits (no `+`), or their user id when the sandbox knows no number for
    /// it: what the resellers' callbacks name.
    public var recipientDigits: String { recipient.digitsOrID }
}

/// A failure of one gateway the sandbox can be asked for, by name or by magic recipient number.
public struct VendorScenario: Sendable, Hashable {
    public enum Answer: Sendable, Hashable {
        /// An entry of the gateway's own error catalogue, answered by `reply(to:)`.
        case catalogueError(CatalogueEntry)
        /// A status and body as the vendor sends them.
        case failure(status: Int, body: String)
    }

    public var name: String
    public var summary: String
    /// A fictional NANP number (+1 555 …) that triggers the scenario when it is the recipient.
    public var magicNumber: String
    public var answer: Answer

    public init(name: String, summary: String, magicNumber: String, answer: Answer) {
        self.name = name
        self.summary = summary
        self.magicNumber = magicNumber
        self.answer = answer
    }

    /// `+1 555 <digit>` and `n` in six digits: the numbering every scenario follows.
    public static func magicNumber(series: Int, _ n: Int) -> String {
        let s = String(n)
        return "+1555\(series)" + String(repeating: "0", count: max(0, 6 - s.count)) + s
    }
}
