/// A recipient's phone number in E.164: a country calling code and a national number, at most 15
/// digits in all. Read from any dialable format (`+1-000-000-0000`, `+1 (000) 000 0000`,
/// `0027 12 345 6789`, `+44 (0) 20 7946 0958`, digits without `+` as Meta's examples and `wa_id`
/// write them); `read(_:businessNumber:)` says how, `parse(_:)` gives the number or the error.
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    /// The digits, country code first, no `+`: `27123456789`. Zixflow and `wa_id` use this form.
    public let digits: String
    /// How many of `digits` are the country calling code (1 to 3; 0 when it is unknown).
    private let countryCodeLength: Int
    /// The region the number belongs to, named by its calling code and leading digits.
    public let region: PhoneRegion

    /// `+27123456789`: what Meta, Kaleyra, FlowIQ and Botika are sent.
    public var e164: String { "+" + digits }
    public var description: String { e164 }

    /// The country calling code's digits: `27`.
    public var countryCode: String { String(digits.prefix(countryCodeLength)) }

    /// The number within its country, without trunk prefix: `123456789`.
    public var nationalNumber: String { String(digits.dropFirst(countryCodeLength)) }

    /// `+27 12 345 6789`: grouped as the country writes it, for reading.
    public var formatted: String {
        guard countryCodeLength > 0 else { return e164 }
        let blocks = PhoneGroupings.shared.blocks(countryCode: countryCode, national: nationalNumber)
        return "+" + countryCode + " " + blocks.joined(separator: " ")
    }

    /// The libphonenumber metadata version wacon's numbering facts (country codes, trunk
    /// prefixes, lengths) were generated from.
    public static var metadataVersion: String { PhoneMetadata.sourceVersion }

    /// Why a text is not a number wacon can send.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case empty
        /// Letters or other characters a dialable number cannot hold; carries the first one.
        case invalidCharacter(Character)
        /// Digits that do not read as an international number (`0825550100`): Meta would prepend
        /// the sending business's own country code, which is how test messages end up abroad.
        case noCountryCode
        /// A country calling code never starts with 0.
        case invalidCountryCode
        /// No country calling code begins with these digits (`999`).
        case unknownCountryCode(String)
        /// Too few digits to hold a number (a country code cut short, or two digits alone).
        case tooFewDigits(Int)
        /// More digits than E.164's 15.
        case tooManyDigits(Int)
        /// A national number of a length its country does not use.
        case wrongLength(countryCode: String, region: PhoneRegion, lengths: [Int], actual: Int)

        public var description: String {
            switch self {
            case .empty: return "the number is empty"
            case .invalidCharacter(let c): return "'\(c)' is not allowed in a phone number (digits, spaces, '-', '.', '(', ')', '/' and a leading '+')"
            case .noCountryCode: return "no country code: start with + or 00 and the country code (Meta would otherwise prepend the business number's country code)"
            case .invalidCountryCode: return "a country calling code cannot start with 0"
            case .unknownCountryCode(let digits): return "unknown country code: no country calling code begins with +\(digits)"
            case .tooFewDigits(let n): return "\(n) \(n == 1 ? "digit is" : "digits is") too few for a phone number"
            case .tooManyDigits(let n): return "\(n) digits is too many: E.164 allows at most \(Limits.phoneDigitsMax)"
            case .wrongLength(let code, let region, let lengths, let actual):
                return "+\(code) needs \(NationalLengths(lengths).text) digits after the country code (\(region.name)); this has \(actual)"
            }
        }

        /// The limit a finding shows for this problem.
        var limit: String? {
            switch self {
            case .wrongLength(let code, _, let lengths, _): return "\(NationalLengths(lengths).text) digits after +\(code)"
            case .tooManyDigits: return "at most \(Limits.phoneDigitsMax) digits"
            case .unknownCountryCode: return "a country calling code in use"
            default: return nil
            }
        }

        /// The measure a finding shows, when the problem is about part of the number.
        var measure: String? {
            switch self {
            case .wrongLength(_, _, _, let actual): return actual == 1 ? "1 digit" : "\(actual) digits"
            case .tooManyDigits(let n), .tooFewDigits(let n): return n == 1 ? "1 digit" : "\(n) digits"
            case .unknownCountryCode(let digits): return "+" + digits
            default: return nil
            }
        }
    }

    /// What wacon changed to reach the number it sends; each becomes a note.
    public enum Adjustment: Sendable, Hashable {
        /// A trunk prefix written after the country code (`+44 (0) 7700…`, `+27 082…`) and
        /// dropped: it is dialled only within the country. `parenthesised` when written `(0)`.
        case droppedTrunkPrefix(String, parenthesised: Bool)
        /// Digits without `+` or `00` read as an international number (`16505551234`).
        case readAsInternational
    }

    /// Wraps digits already known to be valid E.164 (country code first); the region is looked up.
    public init(uncheckedDigits: String) {
        digits = uncheckedDigits
        let values = uncheckedDigits.utf8.map { $0 &- 0x30 }
        if values.allSatisfy({ $0 < 10 }), let (code, length) = PhoneMetadata.shared.callingCode(of: values[...]) {
            countryCodeLength = length
            region = code.region(for: values.dropFirst(length)).region
        } else {
            countryCodeLength = 0
            region = .unknown
        }
    }

    init(callingCode: CallingCodeFacts, national: some Collection<UInt8>, region: PhoneRegion) {
        var s = callingCode.code
        for d in national { s.unicodeScalars.append(Unicode.Scalar(d + 0x30)) }
        digits = s
        countryCodeLength = callingCode.code.utf8.count
        self.region = region
    }

    /// A number wacon can send as E.164 with no error, or why not. Separators (space, `-`, `.`,
    /// `(`, `)`, `/`, non-breaking and other Unicode spaces) are dropped; a leading `+` or `00`
    /// marks the country code; a trunk prefix after it is dropped. Digits without `+` are a
    /// number when they read as an international one; otherwise `.noCountryCode`.
    public static func parse(_ text: String) -> Result<PhoneNumber, Problem> {
        let reading = read(text)
        if let number = reading.number, reading.problem == nil { return .success(number) }
        return .failure(reading.problem ?? .noCountryCode)
    }

    /// The full reading of a dialled text: the number wacon sends, what it changed on the way
    /// (notes), what is risky (warnings) and what cannot be sent (errors). With the business
    /// number, a number without country code is also read the way Meta would complete it.
    public static func read(_ text: String, businessNumber: PhoneNumber? = nil) -> PhoneNumberReading {
        PhoneNumberReader.read(text, businessNumber: businessNumber)
    }
}
