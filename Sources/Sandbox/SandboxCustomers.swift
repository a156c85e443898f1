import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

/// The WhatsApp users the sandbox plays. Every valid phone number is one, with a business-scoped
/// user id derived from the number (and back), so a test can send to a number, read the id in
/// the answer or a webhook, and send to that id. A few named users show what real ones do since
/// 2026: one has a username and hides their number, one belongs to an enrolled business portfolio
/// and has a parent id.
public enum SandboxCustomers {
    /// A user the sandbox knows by name.
    public struct Named: Sendable, Hashable {
        public var name: String
        /// E.164.
        public var number: String
        public var username: String?
        /// Meta withholds the number from webhooks (the user has a username, no recent chat and
        /// is in no contact book).
        public var hidesNumber: Bool
        /// The user has a parent id (enrolled portfolio).
        public var hasParentID: Bool
    }

    /// The named users. The numbers are in ranges kept for fiction (South Africa's 082 555 01xx
    /// as the sandbox uses throughout, the UK's 07700 900xxx).
    public static let named: [Named] = [
        Named(name: "Lerato Mokoena", number: "+27825550177", username: "lerato.sandbox", hidesNumber: true, hasParentID: false),
        Named(name: "Oliver Bennett", number: "+447700900177", username: "oliver_b", hidesNumber: false, hasParentID: true),
        // The console's default recipient: a plain customer who wrote recently.
        Named(name: "Thabo Nkosi", number: "+27825550100", username: nil, hidesNumber: false, hasParentID: false),
    ]

    /// The customers whose window is open when the sandbox starts, as if each had just written:
    /// the named users, so that a first send to them just works. Every other number starts
    /// closed (templates only), as a customer who never wrote does.
    public static var openAtStart: [String] { named.map(\.number) }

    /// The user a control request or a played customer names: a number (`+27…`, or its digits)
    /// or a business-scoped user id. nil for text that is neither (`problem` says why).
    public static func resolve(_ text: String) -> Result<EmulatedRecipient, ResolveProblem> {
        if BusinessUserID.looksLikeOne(text) {
            switch BusinessUserID.parse(text) {
            case .failure(let p): return .failure(ResolveProblem(description: "not a user id: \(p)"))
            case .success(let id):
                // A parent id names the user too; the sandbox keys them by number.
                if let digits = digits(of: id) { return .success(user(digits: digits)) }
                return .success(EmulatedRecipient(digits: nil, userID: id.text))
            }
        }
        let written = text.first?.isASCIIDigit == true ? "+" + text : text
        switch PhoneNumber.parse(written) {
        case .success(let n): return .success(user(digits: n.digits))
        case .failure(let p): return .failure(ResolveProblem(description: "not a phone number in international form (+27825550100) or a user id (ZA.…): \(p)"))
        }
    }

    /// Why a text names no user.
    public struct ResolveProblem: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// The parent user id the sandbox gives a user of an enrolled portfolio with this number.
    public static func parentUserID(digits: String) -> String {
        "\(PhoneNumber(uncheckedDigits: digits).region.code).ENT.\(scrambled(UInt64(digits) ?? 0, parent: true))"
    }

    /// The user a send names: by number (completed with the business number's country code as
    /// Meta would), or by user id. nil for a message with no recipient the sandbox can read.
    public static func recipient(of message: OutboundMessage, businessNumber: PhoneNumber?) -> EmulatedRecipient {
        switch message.addressee {
        case .user(let id):
            let digits = self.digits(of: id)
            var r = digits.map { user(digits: $0) } ?? EmulatedRecipient(digits: nil, userID: id.text)
            r.byUserID = true
            // A parent id reaches the user too; the answer echoes the id sent.
            if id.isParent { r.parentUserID = id.text }
            return r
        case .phone(let to):
            let reading = PhoneNumber.read(to, businessNumber: businessNumber)
            if let n = reading.number ?? reading.metaWouldSendTo { return user(digits: n.digits) }
            return EmulatedRecipient(digits: to, userID: "ZZ.0")
        case .group(let id), .malformedUser(let id):
            return EmulatedRecipient(digits: id, userID: "ZZ.0")
        case .none:
            return EmulatedRecipient(digits: "", userID: "ZZ.0")
        }
    }

    /// The user with this number.
    public static func user(digits: String) -> EmulatedRecipient {
        let known = named.first { $0.number == "+" + digits }
        let country = PhoneNumber(uncheckedDigits: digits).region.code
        let value = UInt64(digits) ?? 0
        return EmulatedRecipient(digits: digits, userID: "\(country).\(scrambled(value, parent: false))",
                                 parentUserID: known?.hasParentID == true ? parentUserID(digits: digits) : nil,
                                 username: known?.username, name: known?.name ?? "Sandbox Customer",
                                 hidesNumber: known?.hidesNumber ?? false, identityKeyHash: identityKeyHash(digits: digits))
    }

    /// The number behind a user id the sandbox gave out, or nil for an id it did not.
    public static func digits(of id: BusinessUserID) -> String? {
        let prefix = id.isParent ? 7 : 3
        guard let scrambled = UInt64(id.text.dropFirst(prefix)) else { return nil }
        let value = unscrambled(scrambled, parent: id.isParent)
        let digits = String(value)
        guard case .success(let number) = PhoneNumber.parse("+" + digits), number.region.code == id.country else { return nil }
        return digits
    }

    /// The hash of the user's identity key, as a send's `recipient_identity_key_hash` carries it:
    /// base64 of 12 bytes, derived from the number (plausible: Meta documents no format).
    public static func identityKeyHash(digits: String) -> String {
        let digest = SHA256.hash(data: Array("wacon sandbox identity \(digits)".utf8))
        return Data(Array(digest).prefix(12)).base64EncodedString()
    }

    // Ids are the number multiplied by an odd constant (invertible modulo 2^64) and mixed with a
    // mask: opaque-looking, stable, and reversible without keeping a table.
    private static let factor: UInt64 = 0x9E37_79B9_7F4A_7C15
    private static let masks: (user: UInt64, parent: UInt64) = (0x5DEE_CE66_D1CE_4E5B, 0x2545_F491_4F6C_DD1D)

    static func scrambled(_ value: UInt64, parent: Bool) -> String {
        let mixed = (value &* factor) ^ (parent ? masks.parent : masks.user)
        let text = String(mixed)
        return String(repeating: "0", count: 20 - text.count) + text
    }

    static func unscrambled(_ value: UInt64, parent: Bool) -> UInt64 {
        (value ^ (parent ? masks.parent : masks.user)) &* inverseFactor
    }

    /// The inverse of `factor` modulo 2^64 (Newton's iteration doubles the correct bits).
    private static let inverseFactor: UInt64 = {
        var inverse = factor
        for _ in 0..<6 { inverse = inverse &* (2 &- factor &* inverse) }
        return inverse
    }()
}
