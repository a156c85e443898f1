#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

/// A customer as the sandbox knows them: who they are, their 24-hour customer-service window,
/// their marketing opt-out, and the recent messages both ways.
public struct SandboxCustomer: Sendable, Hashable {
    /// Who they are: number (unless only an id is known), user ids, username, profile name,
    /// whether they hide their number.
    public var user: EmulatedRecipient
    /// When they last wrote.
    public var window: ServiceWindow
    /// They stopped marketing messages: a marketing template to them fails with 131050.
    public var marketingOptOut: Bool
    /// The recent messages, oldest first (at most `SandboxConversations.maxMessagesPerCustomer`).
    public var messages: [Message]
    /// The callback URL of the last accepted send to them (`X-Wacon-Callback`): where their
    /// messages go when neither the caller nor the sandbox's webhook URL names a target.
    public var lastCallbackURL: String?
    /// When anything last happened with them (what the oldest customer is evicted by).
    public var lastActivity: Date

    /// How the sandbox keys them: their number's digits when known, else their user id.
    public var key: String { user.digits ?? user.userID }

    public init(user: EmulatedRecipient, window: ServiceWindow = ServiceWindow(), marketingOptOut: Bool = false,
                messages: [Message] = [], lastCallbackURL: String? = nil, lastActivity: Date = Date()) {
        var user = user
        user.byUserID = false
        self.user = user
        self.window = window
        self.marketingOptOut = marketingOptOut
        self.messages = messages
        self.lastCallbackURL = lastCallbackURL
        self.lastActivity = lastActivity
    }

    /// One message of the conversation.
    public struct Message: Sendable, Hashable {
        /// `inbound`: the customer wrote; `outbound`: the business sent.
        public enum Direction: String, Sendable, Hashable { case inbound, outbound }

        public var direction: Direction
        /// The wamid (or the reseller's id for an outbound message).
        public var id: String
        /// Meta's type: `text`, `template`, `image`, `interactive`, `button`, …
        public var type: String
        /// A short line of what it says (a text's body, a template's name, a button's title…),
        /// at most 200 characters.
        public var summary: String
        public var at: Date
        /// An outbound message's last status posted (`accepted` until one is); nil inbound.
        public var status: String?
        /// The error code of a failed outbound message (posted or planned).
        public var errorCode: String?
        /// The wamid an inbound message replies to.
        public var contextID: String?

        public init(direction: Direction, id: String, type: String, summary: String, at: Date, status: String? = nil,
                    errorCode: String? = nil, contextID: String? = nil) {
            self.direction = direction
            self.id = id
            self.type = type
            self.summary = summary.count <= 200 ? summary : String(summary.prefix(199)) + "…"
            self.at = at
            self.status = status
            self.errorCode = errorCode
            self.contextID = contextID
        }
    }
}

/// Every customer the sandbox has met, bounded: at most `maxCustomers` (the least recently
/// active dropped first, in batches so that adding stays cheap) with at most
/// `maxMessagesPerCustomer` messages each (the oldest dropped). A value: the engine gets a
/// snapshot of it, the server's state actor keeps the one that changes.
public struct SandboxConversations: Sendable {
    public static let maxCustomers = 10_000
    public static let maxMessagesPerCustomer = 50
    /// How far over `maxCustomers` the map may grow before a batch is evicted.
    static let evictionSlack = 1_000

    private(set) var byKey: [String: SandboxCustomer] = [:]

    /// No customers.
    public init() {}

    /// The seeded customers, with their windows open as if each had written at `date`: the
    /// named users and the console's default recipient, so a first send just works.
    public static func seeded(at date: Date) -> SandboxConversations {
        var c = SandboxConversations()
        for number in SandboxCustomers.openAtStart {
            let user = SandboxCustomers.user(digits: String(number.dropFirst()))
            c.byKey[user.digits ?? user.userID] = SandboxCustomer(user: user, window: ServiceWindow(lastCustomerMessage: date), lastActivity: date)
        }
        return c
    }

    public var count: Int { byKey.count }

    /// Every known customer, the most recently active first.
    public var all: [SandboxCustomer] { byKey.values.sorted { ($0.lastActivity, $0.key) > ($1.lastActivity, $1.key) } }

    /// The known customer this user is, if the sandbox has met them.
    public func known(_ user: EmulatedRecipient) -> SandboxCustomer? { byKey[user.digits ?? user.userID] }

    /// The customer this user is: the known one, or a new one (window closed, no messages).
    public func customer(_ user: EmulatedRecipient, at date: Date = Date()) -> SandboxCustomer {
        known(user) ?? SandboxCustomer(user: user, lastActivity: date)
    }

    /// Changes the customer this user is (adding them if new) and returns them as changed.
    @discardableResult
    public mutating func update(_ user: EmulatedRecipient, at date: Date, _ change: (inout SandboxCustomer) -> Void) -> SandboxCustomer {
        var c = customer(user, at: date)
        change(&c)
        c.lastActivity = max(c.lastActivity, date)
        if c.messages.count > Self.maxMessagesPerCustomer { c.messages.removeFirst(c.messages.count - Self.maxMessagesPerCustomer) }
        byKey[c.key] = c
        if byKey.count > Self.maxCustomers + Self.evictionSlack { evictOldest(keeping: c.key) }
        return c
    }

    /// The customer wrote: the window opens (or stays open from a later message) and the
    /// message joins the log.
    @discardableResult
    public mutating func customerWrote(_ user: EmulatedRecipient, _ message: SandboxCustomer.Message) -> SandboxCustomer {
        update(user, at: message.at) { c in
            c.window = c.window.reopened(at: message.at)
            c.messages.append(message)
        }
    }

    /// The business's message was accepted: it joins the log with the failure planned for it.
    public mutating func businessSent(_ accepted: AcceptedMessage, at date: Date) {
        var failure: String?
        if case .failedAfterAccept(let e)? = accepted.scenario?.behavior { failure = e.code }
        let entry = SandboxCustomer.Message(direction: .outbound, id: accepted.id, type: accepted.message.kind.metaType,
                                            summary: Self.summary(of: accepted.message), at: date, status: "accepted", errorCode: failure)
        update(accepted.recipient, at: date) { c in
            c.messages.append(entry)
            if let url = accepted.callbackURL { c.lastCallbackURL = url }
        }
    }

    /// A status of an outbound message was posted. Nothing changes for a message no longer
    /// in the log (the log is short: the scan is too).
    public mutating func statusPosted(_ status: String, messageID: String, to user: EmulatedRecipient, errorCode: String?) {
        let key = user.digits ?? user.userID
        guard var c = byKey[key], let i = c.messages.lastIndex(where: { $0.id == messageID }) else { return }
        c.messages[i].status = status
        if let errorCode { c.messages[i].errorCode = errorCode }
        byKey[key] = c
    }

    /// Moves a customer to a new number (their user ids move with it, derived from the new
    /// number); the window, opt-out and log stay theirs. Returns them as moved.
    public mutating func move(_ old: EmulatedRecipient, to new: EmulatedRecipient, at date: Date) -> SandboxCustomer {
        var c = customer(old, at: date)
        byKey[c.key] = nil
        let hadParent = c.user.parentUserID != nil
        c.user.digits = new.digits
        c.user.userID = new.userID
        c.user.identityKeyHash = new.identityKeyHash
        c.user.parentUserID = hadParent ? new.digits.map { SandboxCustomers.parentUserID(digits: $0) } : nil
        c.lastActivity = date
        byKey[c.key] = c
        return c
    }

    /// Drops the least recently active customers down to `maxCustomers` (never `keeping`).
    private mutating func evictOldest(keeping key: String) {
        let excess = byKey.count - Self.maxCustomers
        guard excess > 0 else { return }
        let oldest = byKey.values.filter { $0.key != key }.sorted { $0.lastActivity < $1.lastActivity }.prefix(excess)
        for c in oldest { byKey[c.key] = nil }
    }

    /// A short line of what an outbound message says.
    static func summary(of message: OutboundMessage) -> String {
        switch message.content {
        case .text(let t): return t.body
        case .template(let t): return "template \(t.name) (\(t.languageCode))"
        case .reaction(let r): return "reaction \(r.emoji ?? "")"
        default: return message.kind.rawValue
        }
    }
}

/// The 24-hour rule and the marketing opt-out, as Meta applies them after accepting a send.
public enum ServiceWindowRule {
    /// Meta's details for a free-form message outside the window, as its failed status carries them.
    public static let reengagementDetails = "Message failed to send because more than 24 hours have passed since the customer last replied to this number."

    /// 131047 with Meta's details text.
    public static let reengagement: CatalogueEntry? = MetaErrorCatalogue.entry(code: 131047).map {
        CatalogueEntry($0.code, $0.title, http: $0.httpStatus, $0.category, $0.retry, reengagementDetails)
    }

    /// 131050 from the catalogue.
    public static let optedOut: CatalogueEntry? = MetaErrorCatalogue.entry(code: 131050)

    /// Why an accepted message to `customer` fails, or nil when it is delivered. A template is
    /// always taken; a marketing one fails for a customer who stopped marketing messages.
    /// Any other message fails outside the window, unless it is a Direct Send (its `category`
    /// is what lets it go without a template). `windowRule` off: the window is not checked.
    /// `templateCategory`: the library's category for the template; nil (the sandbox does not
    /// have it) is taken as marketing, as the sandbox prices such a send (plausible).
    public static func failure(of message: OutboundMessage, options: VendorOptions, templateCategory: TemplateCategory?,
                               customer: SandboxCustomer, windowRule: Bool, at now: Date) -> CatalogueEntry? {
        if case .template = message.content {
            let marketing = options["endpoint"] == "marketing_messages" || (templateCategory ?? .marketing) == .marketing
            return marketing && customer.marketingOptOut ? optedOut : nil
        }
        guard windowRule, !message.isDirectSend else { return nil }
        // A group has no one customer whose window it would be (plausible: Meta documents the
        // window per customer).
        if case .group = message.addressee { return nil }
        return customer.window.isOpen(at: now) ? nil : reengagement
    }
}

extension MessageKind {
    /// The message's `type` as Meta writes it (`interactive.button` → `interactive`).
    var metaType: String { rawValue.split(separator: ".").first.map(String.init) ?? rawValue }
}
