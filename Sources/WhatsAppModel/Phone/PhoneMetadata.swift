/// A region a phone number belongs to: its ISO 3166 code (`GB`; `001` for non-geographic codes
/// such as +800) and English name.
public struct PhoneRegion: Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }

    public var description: String { name }

    /// For digits whose country code wacon does not know.
    static let unknown = PhoneRegion(code: "ZZ", name: "unknown region")
}

/// A set of national-number lengths, one bit per length.
struct NationalLengths: Sendable, Hashable {
    var bits: UInt32 = 0

    init() {}

    init(_ values: [Int]) {
        for n in values where n >= 0 && n < 32 { bits |= 1 << UInt32(n) }
    }

    func contains(_ n: Int) -> Bool { n >= 0 && n < 32 && bits & (1 << UInt32(n)) != 0 }
    var values: [Int] { (0..<32).filter(contains) }

    /// `7, 9 or 10`; runs of three or more read `4 to 15`.
    var text: String {
        var parts: [String] = []
        var runs: [(Int, Int)] = []
        for n in values {
            if let last = runs.last, last.1 == n - 1 { runs[runs.count - 1].1 = n } else { runs.append((n, n)) }
        }
        for (a, b) in runs {
            if b - a >= 2 { parts.append("\(a) to \(b)") } else { parts.append(contentsOf: (a...b).map(String.init)) }
        }
        guard parts.count > 1 else { return parts.first ?? "" }
        return parts.dropLast().joined(separator: ", ") + " or " + parts.last!
    }
}

/// Leading national digits as one integer key, so a prefix is looked up, not compared digit by
/// digit: the digits' value times 8, plus how many digits there are (at most 7).
struct DigitPrefix {
    static func key(_ digits: some Collection<UInt8>) -> UInt32 {
        var value: UInt32 = 0
        for d in digits { value = value * 10 + UInt32(d) }
        return value << 3 | UInt32(digits.count)
    }

    static let maxLength = 7
}

/// The numbering facts of one region, read from the generated table. A class: readers pass it
/// around by reference, one retain instead of one per field.
final class RegionFacts: Sendable {
    let region: PhoneRegion
    /// Every possible national length (libphonenumber's general description).
    let lengths: NationalLengths
    /// The lengths of fixed-line and mobile numbers, the numbers WhatsApp users have.
    let plainLengths: NationalLengths
    /// The first two digits of fixed-line and mobile numbers: bit i of (high, low) for `i` as two
    /// digits, high holding 64…99.
    let plainStartsLow: UInt64
    let plainStartsHigh: UInt64
    /// National numbers that begin with the trunk prefix and are still real (Japan's 00…,
    /// Russia's 8 800…), as digit lists.
    let trunkLedPrefixes: [[UInt8]]

    init(region: PhoneRegion, lengths: NationalLengths, plainLengths: NationalLengths,
         plainStartsLow: UInt64, plainStartsHigh: UInt64, trunkLedPrefixes: [[UInt8]]) {
        self.region = region
        self.lengths = lengths
        self.plainLengths = plainLengths
        self.plainStartsLow = plainStartsLow
        self.plainStartsHigh = plainStartsHigh
        self.trunkLedPrefixes = trunkLedPrefixes
    }

    /// Whether fixed-line or mobile numbers start with these two digits.
    func plainStart(_ a: UInt8, _ b: UInt8) -> Bool {
        let i = Int(a) * 10 + Int(b)
        return i < 64 ? plainStartsLow & (1 << UInt64(i)) != 0 : plainStartsHigh & (1 << UInt64(i - 64)) != 0
    }

    /// Whether a national number that begins with the trunk prefix may still be a real one.
    func trunkLedIsLegitimate(_ national: ArraySlice<UInt8>) -> Bool {
        trunkLedPrefixes.contains { national.starts(with: $0) }
    }
}

/// One country calling code and the regions that share it, the main one first.
final class CallingCodeFacts: Sendable {
    let code: String
    /// The national trunk prefix (`0`, `8`, `06`, `1`), empty where there is none.
    let trunkPrefix: [UInt8]
    let regions: [RegionFacts]
    /// Leading national digits (`DigitPrefix` keys) that name a region other than the main one.
    let leadingDigits: [UInt32: Int]
    let longestLeadingDigits: Int

    init(code: String, trunkPrefix: [UInt8], regions: [RegionFacts], leadingDigits: [UInt32: Int], longestLeadingDigits: Int) {
        self.code = code
        self.trunkPrefix = trunkPrefix
        self.regions = regions
        self.leadingDigits = leadingDigits
        self.longestLeadingDigits = longestLeadingDigits
    }

    /// The region a national number belongs to: the one its leading digits name, else the main one.
    func region(for national: ArraySlice<UInt8>) -> RegionFacts {
        guard !leadingDigits.isEmpty else { return regions[0] }
        var value: UInt32 = 0
        var n = 0
        for d in national.prefix(longestLeadingDigits) {
            value = value * 10 + UInt32(d)
            n += 1
            if let i = leadingDigits[value << 3 | UInt32(n)] { return regions[i] }
        }
        return regions[0]
    }
}

/// The numbering facts wacon checks numbers against: country calling codes, their regions,
/// trunk prefixes and national lengths. Built once, on first use, from the generated tables
/// (`PhoneMetadata.generated.swift`, written by `scripts/gen-phone-metadata.py`).
struct PhoneMetadata: Sendable {
    static let shared = PhoneMetadata(regionTable: regionTable)

    let codes: [CallingCodeFacts]
    /// The index in `codes` by a calling code's value (codes never start with 0, so `1`, `44` and
    /// `225` cannot collide); -1 where no code is assigned.
    private let codeByValue: [Int16]
    /// The one- and two-digit beginnings of the calling codes (`2` and `21` for +211), to tell a
    /// code cut short from one that does not exist.
    private let codeStarts: Set<Int>
    /// The shortest national number any region has.
    let shortestNationalLength: Int

    init(regionTable: String) {
        var codes: [CallingCodeFacts] = []
        var byValue = [Int16](repeating: -1, count: 1000)
        var starts = Set<Int>()
        var shortest = Int.max

        var current: (code: String, trunk: [UInt8], regions: [RegionFacts], leading: [UInt32: Int], longest: Int)?
        func finish() {
            guard let c = current else { return }
            byValue[Int(c.code)!] = Int16(codes.count)
            codes.append(CallingCodeFacts(code: c.code, trunkPrefix: c.trunk, regions: c.regions,
                                          leadingDigits: c.leading, longestLeadingDigits: c.longest))
        }

        for line in regionTable.split(separator: "\n") {
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            precondition(f.count == 9, "PhoneMetadata.regionTable: a line needs 9 fields: \(line)")
            let code = f[0]
            if current?.code != code {
                finish()
                current = (code, Self.digits(f[3]), [], [:], 0)
                let v = Int(code)!
                starts.insert(v / (v >= 100 ? 100 : v >= 10 ? 10 : 1))
                if v >= 100 { starts.insert(v / 10) }
            }
            let plainStarts = f[6]
            let split = plainStarts.index(plainStarts.startIndex, offsetBy: 9)
            let facts = RegionFacts(
                region: PhoneRegion(code: f[1], name: f[2]),
                lengths: Self.lengths(f[4]), plainLengths: Self.lengths(f[5]),
                plainStartsLow: UInt64(plainStarts[split...], radix: 16)!,
                plainStartsHigh: UInt64(plainStarts[..<split], radix: 16)!,
                trunkLedPrefixes: f[7].split(separator: ",").map { Self.digits(String($0)) })
            shortest = min(shortest, facts.lengths.values.first ?? shortest)
            let index = current!.regions.count
            current!.regions.append(facts)
            for p in f[8].split(separator: ",") {
                let d = Self.digits(String(p))
                precondition(d.count <= DigitPrefix.maxLength)
                current!.leading[DigitPrefix.key(d)] = index
                current!.longest = max(current!.longest, d.count)
            }
        }
        finish()
        self.codes = codes
        self.codeByValue = byValue
        self.codeStarts = starts
        self.shortestNationalLength = shortest
    }

    private static func digits(_ s: String) -> [UInt8] { s.utf8.map { $0 - 0x30 } }

    private static func lengths(_ s: String) -> NationalLengths {
        var l = NationalLengths()
        for n in s.split(separator: ",") { l.bits |= 1 << UInt32(Int(n)!) }
        return l
    }

    /// The calling code these international digits start with, and how many digits it takes.
    func callingCode(of digits: ArraySlice<UInt8>) -> (facts: CallingCodeFacts, length: Int)? {
        var value = 0
        for (n, d) in digits.prefix(3).enumerated() {
            value = value * 10 + Int(d)
            let i = codeByValue[value]
            if i >= 0 { return (codes[Int(i)], n + 1) }
        }
        return nil
    }

    /// The calling code with exactly these digits (`"44"`).
    func callingCode(_ code: String) -> CallingCodeFacts? {
        guard let v = Int(code), v > 0, v < 1000, codeByValue[v] >= 0 else { return nil }
        return codes[Int(codeByValue[v])]
    }

    /// For digits that start no calling code: how many of them show it (the shortest prefix that
    /// no code begins with), or nil when they are a code's beginning cut short.
    func unknownCodeLength(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for (n, d) in digits.prefix(3).enumerated() {
            value = value * 10 + Int(d)
            if n < 2 && !codeStarts.contains(value) { return n + 1 }
            if n == 2 { return 3 }
        }
        return nil
    }
}

/// Display groupings (`+44 7700 900123`): block sizes by calling code, national length and
/// leading digits. Only display needs them, so a code's rules stay text until a number of that
/// code is formatted, and are read then without building a table.
struct PhoneGroupings: Sendable {
    static let shared = PhoneGroupings(table: PhoneMetadata.groupingTable)

    /// Each calling code's rules: `length:prefix=blocks,…;…` (see the generated table).
    private let rules: [String: Substring]

    init(table: String) {
        var rules: [String: Substring] = [:]
        for line in table.split(separator: "\n") {
            guard let bar = line.firstIndex(of: "|") else { continue }
            rules[String(line[..<bar])] = line[line.index(after: bar)...]
        }
        self.rules = rules
    }

    /// The national number split into blocks by the rule with the longest matching leading
    /// digits for its length; one block when no rule fits.
    func blocks(countryCode: String, national: String) -> [Substring] {
        guard let forCode = rules[countryCode] else { return [national[...]] }
        let length = String(national.utf8.count)
        var best: (prefixLength: Int, blocks: Substring)?
        for perLength in forCode.split(separator: ";") {
            let parts = perLength.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0] == length else { continue }
            for rule in parts[1].split(separator: ",") {
                let halves = rule.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard halves.count == 2, national.hasPrefix(halves[0]), halves[0].count >= best?.prefixLength ?? 0 else { continue }
                best = (halves[0].count, halves[1])
            }
        }
        guard let sizes = best?.blocks.split(separator: ".").compactMap({ Int($0) }),
              sizes.reduce(0, +) == national.utf8.count else { return [national[...]] }
        var out: [Substring] = []
        var i = national.startIndex
        for size in sizes {
            let j = national.index(i, offsetBy: size)
            out.append(national[i..<j])
            i = j
        }
        return out
    }
}
