/// A recipient's phone number in E.164: a country calling code and subscriber number, 8 to 15
/// digits in all. Parsed from any dialable format that carries a country code
/// (`+1-000-000-0000`, `+1 (000) 000 0000`, `+27 12 345 6789`, `0027 12 345 6789`).
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    /// The digits, country code first, no `+`: `27123456789`. Zixflow and `wa_id` use this form.
    public let digits: String

    /// `+27123456789`: what Meta, Kaleyra, FlowIQ and Botika are sent.
    public var e164: String { "+" + digits }
    public var description: String { e164 }

    /// Why a text is not a usable phone number.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        /// Letters or other characters a dialable number cannot hold; carries the first one.
        case invalidCharacter(Character)
        /// No `+` or `00` prefix: the number has no country code. Meta would prepend the sending
        /// business's own country code, which is how test messages end up abroad.
        case noCountryCode
        /// A country calling code never starts with 0.
        case invalidCountryCode
        case tooFewDigits(Int)
        case tooManyDigits(Int)

        public var description: String {
            switch self {
            case .empty: return "the number is empty"
            case .invalidCharacter(let c): return "'\(c)' is not allowed in a phone number (digits, spaces, '-', '.', '(', ')' and a leading '+')"
            case .noCountryCode: return "no country code: start with + or 00 and the country code (Meta would otherwise prepend the business number's country code)"
            case .invalidCountryCode: return "a country calling code cannot start with 0"
            case .tooFewDigits(let n): return "\(n) digits is too few for a number with country code (at least \(Limits.phoneDigitsMin))"
            case .tooManyDigits(let n): return "\(n) digits is too many: E.164 allows at most \(Limits.phoneDigitsMax)"
            }
        }
    }

    /// Wraps digits already known to be valid E.164 (country code first).
    public init(uncheckedDigits: String) { self.digits = uncheckedDigits }

    /// Parses a dialable number. Separators (space, `-`, `.`, `(`, `)`, `/`) are dropped; a leading `+`
    /// or `00` marks the country code.
    public static func parse(_ text: String) -> Result<PhoneNumber, Problem> {
        var digits = ""
        digits.reserveCapacity(16)
        var sawPlus = false
        var sawAny = false
        for ch in text {
            if ch.isWhitespace || ch == "-" || ch == "." || ch == "(" || ch == ")" || ch == "/" { continue }
            if ch == "+" {
                // Only a leading plus (before any digit) is a country-code marker.
                if sawAny || sawPlus { return .failure(.invalidCharacter(ch)) }
                sawPlus = true
                continue
            }
            guard let a = ch.asciiValue, a >= 0x30 && a <= 0x39 else { return .failure(.invalidCharacter(ch)) }
            sawAny = true
            digits.append(ch)
        }
        if !sawAny { return .failure(sawPlus ? .tooFewDigits(0) : .empty) }
        if !sawPlus {
            guard digits.hasPrefix("00") else { return .failure(.noCountryCode) }
            digits.removeFirst(2)
        }
        if digits.hasPrefix("0") { return .failure(.invalidCountryCode) }
        if digits.count < Limits.phoneDigitsMin { return .failure(.tooFewDigits(digits.count)) }
        if digits.count > Limits.phoneDigitsMax { return .failure(.tooManyDigits(digits.count)) }
        return .success(PhoneNumber(uncheckedDigits: digits))
    }
}
