/// A business-scoped user id (BSUID): how Meta names a WhatsApp user to one business portfolio
/// since 2026, in webhooks always and in sends (the `recipient` member) since May 2026. Two
/// letters of the user's country, a dot, then up to 128 letters and digits
/// (`US.13491208655302741918`); a parent id, shared by the portfolios of an enrolled business,
/// has `ENT.` after the country (`US.ENT.11815799212886844830`).
public struct BusinessUserID: Sendable, Hashable, CustomStringConvertible {
    /// The id as written.
    public let text: String
    /// The ISO 3166 alpha-2 country the id starts with.
    public var country: String { String(text.prefix(2)) }
    /// A parent id (`US.ENT.…`).
    public let isParent: Bool

    /// The longest id part Meta documents.
    public static let maxIDLength = 128

    public var description: String { text }

    /// Why a text is not a business-scoped user id.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// Not two capital letters and a dot at the start.
        case country
        /// Nothing after the country (and `ENT.`).
        case emptyID
        /// A character that is not an ASCII letter or digit, and where.
        case character(Character, offset: Int)
        /// More than 128 characters after the country.
        case tooLong(Int)

        public var description: String {
            switch self {
            case .country: return "a business-scoped user id starts with a two-letter country code and a dot (US.13491208655302741918)"
            case .emptyID: return "no id after the country code (and ENT.)"
            case .character(let c, let offset): return "\"\(c)\" at character \(offset + 1): the id takes only letters and digits"
            case .tooLong(let n): return "the id after the country code is \(n) characters; Meta's ids are at most \(BusinessUserID.maxIDLength)"
            }
        }
    }

    /// Reads `US.123…` or `US.ENT.123…`.
    public static func parse(_ text: String) -> Result<BusinessUserID, Problem> {
        let chars = Array(text)
        guard chars.count >= 3, chars[0].isASCIIUppercase, chars[1].isASCIIUppercase, chars[2] == "." else { return .failure(.country) }
        var start = 3
        var parent = false
        if chars.count >= 7, String(chars[3..<7]) == "ENT." {
            start = 7
            parent = true
        }
        let id = chars[start...]
        if id.isEmpty { return .failure(.emptyID) }
        if let bad = id.firstIndex(where: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }) {
            return .failure(.character(chars[bad], offset: bad))
        }
        if id.count > maxIDLength { return .failure(.tooLong(id.count)) }
        return .success(BusinessUserID(text: text, isParent: parent))
    }

    /// Whether a text is written as a user id would be (two or three letters and a dot first:
    /// `US.`, `us.`, `USA.`), so that a malformed one is reported as an id, not as a phone number.
    public static func looksLikeOne(_ text: String) -> Bool {
        guard let dot = text.firstIndex(of: ".") else { return false }
        let head = text[..<dot]
        return (2...3).contains(head.count) && head.allSatisfy { $0.isASCII && $0.isLetter }
    }

    private init(text: String, isParent: Bool) {
        self.text = text
        self.isParent = isParent
    }
}

/// Whom a message goes to, as Meta reads the envelope: a phone number or a group id in `to`, or a
/// business-scoped user id (or parent id) in `recipient`. When both are written, `to` wins.
public enum Recipient: Sendable, Hashable, CustomStringConvertible {
    /// `to` with a phone number, as written (see `PhoneNumber.read`).
    case phone(String)
    /// `to` with a group id (`recipient_type: group`).
    case group(String)
    /// `recipient` with a user id or a parent id.
    case user(BusinessUserID)
    /// `recipient` with text that is not a user id; validation says why.
    case malformedUser(String)
    /// Neither `to` nor `recipient`.
    case none

    public var description: String {
        switch self {
        case .phone(let s), .group(let s), .malformedUser(let s): return s
        case .user(let id): return id.text
        case .none: return ""
        }
    }

    /// True for a user id or parent id in `recipient`.
    public var isUserID: Bool {
        if case .user = self { return true }
        return false
    }
}

extension OutboundMessage {
    /// Whom Meta delivers this message to: `to` when it is written (it wins over `recipient`),
    /// else `recipient`.
    public var addressee: Recipient {
        if let to, !to.isEmpty { return recipientType == "group" ? .group(to) : .phone(to) }
        if let recipient, !recipient.isEmpty {
            switch BusinessUserID.parse(recipient) {
            case .success(let id): return .user(id)
            case .failure: return .malformedUser(recipient)
            }
        }
        return .none
    }

    /// The recipient as one line of text: `to`, else `recipient` (history rows, batch sends).
    public var recipientText: String { addressee.description }

    /// Sets whom the message goes to from text a person typed (a `--to` flag, the console's field):
    /// text written like a user id goes to `recipient` (and `to` is removed, since `to` would win);
    /// anything else to `to` (and `recipient` is removed, so the message goes where the text says).
    public mutating func address(to typed: String) {
        // A user id pasted with spaces around it is still one (numbers keep theirs: the phone
        // reading reports what it does with them).
        // Trimmed in Swift: Foundation's trimming goes through NSString, whose first use was a
        // measurable part of the console's first frame (this runs for every frame's message).
        var trimmed = Substring(typed)
        while let c = trimmed.first, c.isWhitespace { trimmed.removeFirst() }
        while let c = trimmed.last, c.isWhitespace { trimmed.removeLast() }
        if BusinessUserID.looksLikeOne(String(trimmed)) {
            to = nil
            recipient = String(trimmed)
        } else {
            to = typed
            recipient = nil
        }
    }
}

extension Character {
    /// `A` to `Z`.
    var isASCIIUppercase: Bool { ("A"..."Z").contains(self) }
}
