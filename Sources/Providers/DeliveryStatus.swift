#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// A status change of a sent message, as a gateway reports it after the send: Meta's webhook
/// `statuses[]`, Zixflow's postback, Kaleyra's callback.
public struct DeliveryStatus: Sendable, Hashable {
    public var gateway: GatewayID
    /// The id the send returned: Meta's and Kaleyra's message id, Zixflow's request id.
    public var messageID: String
    /// `sent`, `delivered`, `read`, `failed` (Kaleyra also `not-sent`).
    public var status: String
    public var timestamp: Date?
    /// Whom the message went to: the phone number (or group), else the business-scoped user id
    /// when the status names only that.
    public var recipient: String?
    /// The recipient's business-scoped user id (`recipient_user_id`), when the status gives it.
    public var recipientUserID: String?
    /// `recipient_parent_user_id`, when the status gives it.
    public var recipientParentUserID: String?
    /// What the status says the message costs, when it says.
    public var pricing: WebhookPricing?
    public var errors: [StatusError]
    /// The callback body as received.
    public var raw: [UInt8]

    public init(gateway: GatewayID, messageID: String, status: String, timestamp: Date? = nil, recipient: String? = nil, errors: [StatusError] = [], raw: [UInt8] = [],
                recipientUserID: String? = nil, recipientParentUserID: String? = nil, pricing: WebhookPricing? = nil) {
        self.gateway = gateway
        self.messageID = messageID
        self.status = status
        self.timestamp = timestamp
        self.recipient = recipient
        self.recipientUserID = recipientUserID
        self.recipientParentUserID = recipientParentUserID
        self.pricing = pricing
        self.errors = errors
        self.raw = raw
    }

    /// A status event as wacon tracks it: by the id the send answered with (`sendID` where the
    /// callback names the message otherwise), with the catalogues' reading of each error.
    public init(gateway: GatewayID, event s: WebhookStatus, raw: [UInt8]) {
        self.init(gateway: gateway, messageID: s.sendID ?? s.id, status: s.status, timestamp: s.timestamp, recipient: s.recipientText,
                  errors: s.errors.map(StatusError.init(webhook:)), raw: raw,
                  recipientUserID: s.recipientUserID, recipientParentUserID: s.recipientParentUserID, pricing: s.pricing)
    }

    /// No later status follows these.
    public var isFinal: Bool { status == "read" || Self.isFailure(status) }

    /// The message will not arrive: Meta's `failed`, Kaleyra's `not-sent`.
    public var isFailure: Bool { Self.isFailure(status) }

    /// Whether a status word says the message will not arrive.
    public static func isFailure(_ status: String) -> Bool { status == "failed" || status == "not-sent" }

    /// The rank a failure has: above every step, so a failure is final whatever arrives after it.
    public static let failureRank = 100

    /// How far a status word says the message got, for merging statuses that arrive late, twice
    /// or out of order: `sent` 1 < `delivered` 2 < `read` 3 < `played` 4 (a voice message
    /// listened to), and a failure (`failed`, Kaleyra's `not-sent`) above them all. Nil for a
    /// word that is no delivery step (`deleted`, `warning`, a vendor's own word, wacon's
    /// `replied`): it never decides how far a message got. Case is ignored (Kaleyra writes its
    /// own words in capitals).
    public static func rank(_ status: String) -> Int? {
        switch status.lowercased() {
        case "sent": return 1
        case "delivered": return 2
        case "read": return 3
        case "played": return 4
        case "failed", "not-sent": return failureRank
        default: return nil
        }
    }

    /// This status's rank (`DeliveryStatus.rank(_:)`).
    public var rank: Int? { Self.rank(status) }

    /// The status that says how far the message got, of statuses in the order they arrived: the
    /// highest-ranked (the first failure when there is one; of equal ranks, the first to arrive);
    /// nil when none is a delivery step. `word` reads each one's status word.
    public static func final<S>(of statuses: [S], word: (S) -> String) -> S? {
        var best: (S, Int)?
        for s in statuses {
            guard let r = rank(word(s)) else { continue }
            if best == nil || r > best!.1 { best = (s, r) }
        }
        return best?.0
    }

    /// The status and its first error, said once: `failed: 131047 Re-engagement message (window)`.
    public var summary: String {
        errors.first.map { "\(status): \($0.summary)" } ?? status
    }

    /// A key for de-duplication: gateways deliver callbacks at least once.
    public var dedupKey: String { "\(gateway)|\(messageID)|\(status)|\(timestamp.map { String($0.timeIntervalSince1970) } ?? "")" }
}

/// An error attached to a failed status (Meta: `{code, title, message, error_data.details}`).
public struct StatusError: Sendable, Hashable {
    /// The vendor's code (`131047`); empty when the gateway gave only text.
    public var code: String
    public var title: String?
    public var details: String?
    /// From the error catalogues, when one knows the code.
    public var category: OutcomeCategory?
    /// What to do about it, from the error catalogues, when one knows the code.
    public var retry: RetryHint?

    public init(code: String, title: String?, details: String?) {
        self.code = code
        self.title = title
        self.details = details
        let entry = code.isEmpty ? nil : GatewayRegistry.all.lazy.compactMap { $0.catalogueEntry(code: code) }.first
        self.category = entry?.category
        self.retry = entry?.retry
    }

    /// A webhook's error: the title, else the message, as the title; `?` for a missing code.
    public init(webhook e: WebhookError) {
        self.init(code: e.code ?? "?", title: e.title ?? e.message, details: e.details)
    }

    /// An error a gateway gives only as text (Zixflow's `remark`): Meta's own way of writing
    /// it, `(#131047) Re-engagement message`, gives the code and the title; text that holds a
    /// title of Meta's catalogue gives that code; other text is the title, with no code.
    public init(text: String) {
        let trimmed = text.trimmed
        if trimmed.hasPrefix("(#"), let close = trimmed.firstIndex(of: ")") {
            let code = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)..<close]
            if !code.isEmpty, code.allSatisfy(\.isASCIIDigit) {
                let rest = trimmed[trimmed.index(after: close)...].trimmed
                self.init(code: String(code), title: rest.isEmpty ? nil : rest, details: nil)
                return
            }
        }
        let lower = trimmed.lowercased()
        // The longest title that fits, so "Message Undeliverable" does not match a shorter one inside it.
        if let known = MetaErrorCatalogue.entries.filter({ $0.title.count >= 8 && lower.contains($0.title.lowercased()) }).max(by: { $0.title.count < $1.title.count }) {
            self.init(code: known.code, title: trimmed, details: nil)
            return
        }
        self.init(code: "", title: trimmed.isEmpty ? nil : trimmed, details: nil)
    }

    /// The code, the title and the category, once each: `131047 Re-engagement message (window)`.
    public var summary: String {
        let words = [code, title ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        return (words.isEmpty ? "no error given" : words) + (category.map { " (\($0.rawValue))" } ?? "")
    }
}

/// How one shape of status callback reads. Gateways that relay another's shape share its
/// decoder (FlowIQ sends Meta's webhooks).
public struct StatusCallbackDecoder: Sendable {
    /// Names the shape: two gateways with the same shape have decoders with the same name.
    public var shape: String
    /// Whether a body has this shape; nil for a shape that cannot be told by looking (it reads
    /// whatever no other decoder recognises).
    public var recognises: (@Sendable (JSONValue) -> Bool)?
    /// Every status in a body of this shape; the raw bytes go into each status.
    public var decode: @Sendable (JSONValue, [UInt8]) -> [DeliveryStatus]

    public init(shape: String, recognises: (@Sendable (JSONValue) -> Bool)?, decode: @escaping @Sendable (JSONValue, _ raw: [UInt8]) -> [DeliveryStatus]) {
        self.shape = shape
        self.recognises = recognises
        self.decode = decode
    }
}

/// Reads status callbacks.
public enum DeliveryStatusParser {
    /// Every status in a callback body. The first decoder (in gateway order) that recognises the
    /// body or is `gateway`'s own reads it; else the catch-all one. With no gateway, the shape
    /// alone decides.
    public static func parse(_ body: [UInt8], gateway: GatewayID? = nil) -> [DeliveryStatus] {
        guard let json = try? JSONParser.parse(body) else { return [] }
        let own = gateway?.gateway.statusDecoder?.shape
        let decoders = GatewayRegistry.statusDecoders
        let decoder = decoders.first { $0.recognises != nil && ($0.shape == own || $0.recognises!(json)) } ?? decoders.first { $0.recognises == nil }
        return decoder?.decode(json, body) ?? []
    }

    /// An ISO 8601 time with or without fractions; nanosecond fractions keep their milliseconds.
    static func date(iso8601 s: String) -> Date? { ISO8601.date(s) }
}
