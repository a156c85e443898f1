/// A dialled text read in one pass over its UTF-8 bytes: its first digits, how many digits there
/// were in all, a leading `+`, which digits sat in parentheses, and the first character that has
/// no place in a phone number. Time is linear and memory bounded: a ten-million-digit text keeps
/// `keptDigits` digits and a count.
struct DialString {
    /// More digits than any number can have with a trunk prefix written in; past this only the
    /// count matters.
    static let keptDigits = 24

    /// The first `keptDigits` digits, as values 0…9.
    private(set) var digits: [UInt8] = []
    /// How many digits the text holds.
    private(set) var count = 0
    /// A `+` before the first digit.
    private(set) var plus = false
    /// Bit i is set when digit i was written inside parentheses (`+44 (0) 20…`).
    private(set) var parenthesised: UInt32 = 0
    /// The first character a dialled number cannot hold, `+` after a digit included.
    private(set) var invalidCharacter: Character?

    init(_ text: String) {
        // Native strings are contiguous UTF-8; others are read through their UTF-8 view, still
        // one pass and no copy.
        let bad = text.utf8.withContiguousStorageIfAvailable { scan($0) } ?? scan(text.utf8)
        if let bad {
            let i = text.utf8.index(text.utf8.startIndex, offsetBy: bad)
            // The whole character (é, 👍🏽), not just its first scalar.
            invalidCharacter = text[i]
        }
    }

    /// Reads the bytes; returns the byte offset where the first invalid character starts, if any.
    /// The loop keeps its state in locals, which the optimiser holds in registers.
    private mutating func scan(_ bytes: some Sequence<UInt8>) -> Int? {
        var digits: [UInt8] = []
        digits.reserveCapacity(Self.keptDigits)
        var count = 0, plus = false, parenthesised: UInt32 = 0
        var inParentheses = false
        // A multi-byte scalar being decoded: its value so far, bytes still to come, first byte.
        var scalar: UInt32 = 0, pending = 0, scalarStart = 0
        var offset = -1
        var bad: Int?
        loop: for b in bytes {
            offset += 1
            if pending > 0 {
                scalar = scalar << 6 | UInt32(b & 0x3F)
                pending -= 1
                if pending == 0, !Self.isSeparator(scalar) { bad = scalarStart; break loop }
                continue
            }
            switch b {
            case 0x30...0x39:
                if count < Self.keptDigits {
                    if inParentheses { parenthesised |= 1 << UInt32(count) }
                    digits.append(b - 0x30)
                }
                count += 1
            case 0x20, 0x09...0x0D, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"):
                continue
            case UInt8(ascii: "("):
                inParentheses = true
            case UInt8(ascii: ")"):
                inParentheses = false
            case UInt8(ascii: "+"):
                // Only a leading plus marks the country code.
                if plus || count > 0 { bad = offset; break loop }
                plus = true
            case 0xC0...0xDF:
                scalar = UInt32(b & 0x1F); pending = 1; scalarStart = offset
            case 0xE0...0xEF:
                scalar = UInt32(b & 0x0F); pending = 2; scalarStart = offset
            case 0xF0...0xF7:
                scalar = UInt32(b & 0x07); pending = 3; scalarStart = offset
            default:
                bad = offset; break loop
            }
        }
        self.digits = digits
        self.count = count
        self.plus = plus
        self.parenthesised = parenthesised
        return bad
    }

    /// Non-ASCII characters that separate digits in pasted numbers: Unicode spaces (the
    /// non-breaking space of email signatures), dashes, and the invisible direction and
    /// zero-width marks that come along when copying from right-to-left text.
    private static func isSeparator(_ value: UInt32) -> Bool {
        switch value {
        case 0x2010...0x2015, 0x2212: return true          // hyphens, dashes, minus sign
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060, 0x2066...0x2069, 0xFEFF: return true
        default: return Unicode.Scalar(value)?.properties.isWhitespace ?? false
        }
    }

    /// `00` before the country code, the international prefix most countries dial.
    var startsWithInternationalPrefix: Bool { !plus && count >= 2 && digits[0] == 0 && digits[1] == 0 }
}
