/// How wacon read a dialled text: the number it sends, what it changed, and what it warns about.
/// Findings follow the rule of verdicts: an error when nothing can be sent (or it would reach a
/// number that does not exist), a warning when the gateway gets digits whose destination depends
/// on the business number, a note for what wacon normalised.
public struct PhoneNumberReading: Sendable, Hashable {
    /// The text as written.
    public var input: String
    /// What wacon sends (E.164) when it could tell; nil for a national number or an error.
    public var number: PhoneNumber?
    /// Why nothing can be sent, if so.
    public var problem: PhoneNumber.Problem?
    /// What wacon changed to reach `number`.
    public var adjustments: [PhoneNumber.Adjustment] = []
    /// The business number the text was read against, if one was given.
    public var businessNumber: PhoneNumber?
    /// For digits without a country code (`0825550100`): the digits, which the gateway receives
    /// as written.
    public var nationalDigits: String?
    /// For those digits and a business number: the number Meta would complete them to.
    public var metaWouldSendTo: PhoneNumber?
    /// For digits without `+` read as an international number that are also a number of the
    /// business number's country (`2025550100` from a US business reads as Egypt's +20…): that
    /// other number, which the sender may have meant.
    public var businessCountryAlternative: PhoneNumber?

    /// A reading of `input` with nothing found yet; `PhoneNumber.read` fills it in.
    public init(input: String) { self.input = input }

    /// True when the digits have no country code, so Meta would complete them; `problem` is still
    /// set when even that cannot give a number.
    public var isNational: Bool { nationalDigits != nil }

    /// The most severe finding's severity; nil for a number in E.164 that needed nothing.
    public var severity: Finding.Severity? {
        if problem != nil { return .error }
        if isNational || businessCountryAlternative != nil { return .warning }
        return adjustments.isEmpty ? nil : .note
    }

    /// One line for a "sent as" display: `+44 7700 900123 (United Kingdom)`, what Meta would do
    /// with a national number, or the problem.
    public var readAs: String {
        if let national = nationalDigits {
            guard let target = metaWouldSendTo else {
                return problem?.description ?? "\(national) as written; Meta adds the business number's country code"
            }
            if let problem { return "\(national) as written; Meta would send it to \(target.e164): \(problem)" }
            return "\(national) as written; Meta would send it to \(target.formatted) (\(target.region.name))"
        }
        if let problem { return problem.description }
        guard let number else { return "" }
        return "\(number.formatted) (\(number.region.name))"
    }

    /// The findings for this text at `path` (rule `phone-number`), errors first.
    public func findings(at path: FieldPath) -> [Finding] {
        let actual = Self.quoted(input)
        func finding(_ severity: Finding.Severity, _ message: String, limit: String? = nil, measure: String? = nil) -> Finding {
            Finding(severity, path, .phoneNumber, message, limit: limit, actual: measure ?? actual)
        }

        if let national = nationalDigits {
            guard let business = businessNumber, let target = metaWouldSendTo else {
                if let problem { return [finding(.error, problem.description, limit: problem.limit, measure: problem.measure)] }
                return [finding(.warning, "no country code: Meta would prepend the business number's country code to \(national); start with + and the country code")]
            }
            let would = "no country code: with the business number \(business.formatted), Meta would send it to \(target.e164)"
            if let problem {
                return [finding(.error, would + ", and " + problem.description, limit: problem.limit, measure: problem.measure)]
            }
            return [finding(.warning, would + " (\(target.region.name)); start with + and the country code to be sure")]
        }

        if let problem {
            var message = problem.description
            if case .wrongLength = problem, let trunk = droppedTrunkPrefix { message += " after dropping the trunk prefix \(trunk)" }
            return [finding(.error, message, limit: problem.limit, measure: problem.measure)]
        }
        guard let number else { return [] }

        var out: [Finding] = []
        for adjustment in adjustments {
            switch adjustment {
            case .droppedTrunkPrefix(let trunk, let parenthesised):
                let what = parenthesised ? "\"(\(trunk))\"" : "the trunk prefix \(trunk)"
                out.append(finding(.note, "dropped \(what) after +\(number.countryCode) (\(number.region.name)): it is dialled only within the country; sent as \(number.e164)"))
            case .readAsInternational:
                if let other = businessCountryAlternative {
                    out.append(finding(.warning, "read as \(number.formatted) (\(number.region.name)), as digits without + are; if you meant the \(other.region.name) number \(other.formatted), write it with +\(other.countryCode)"))
                } else {
                    out.append(finding(.note, "read as \(number.formatted) (\(number.region.name)): digits without + are read as an international number, as Meta's examples and wa_id write it"))
                }
            }
        }
        return out.sorted { $0.severity < $1.severity }
    }

    private var droppedTrunkPrefix: String? {
        for case .droppedTrunkPrefix(let trunk, _) in adjustments { return trunk }
        return nil
    }

    /// The input quoted for a finding, cut at 40 characters without counting the rest (a `to`
    /// may be megabytes long).
    static func quoted(_ s: String) -> String {
        var end = s.startIndex
        var n = 0
        while end < s.endIndex && n < 41 {
            s.formIndex(after: &end)
            n += 1
        }
        return n > 40 ? "\"" + s.prefix(37) + "…\"" : "\"" + s + "\""
    }
}

/// The reading rules; see `PhoneNumber.read(_:businessNumber:)`.
enum PhoneNumberReader {
    static func read(_ text: String, businessNumber: PhoneNumber?) -> PhoneNumberReading {
        var reading = PhoneNumberReading(input: text)
        reading.businessNumber = businessNumber
        let dial = DialString(text)
        if let c = dial.invalidCharacter {
            reading.problem = .invalidCharacter(c)
        } else if dial.count == 0 {
            reading.problem = dial.plus ? .tooFewDigits(0) : .empty
        } else if dial.plus || dial.startsWithInternationalPrefix {
            let skip = dial.plus ? 0 : 2
            international(dial.digits.dropFirst(skip), count: dial.count - skip,
                          parenthesised: dial.parenthesised >> UInt32(skip), into: &reading)
        } else {
            bare(dial.digits[...], count: dial.count, into: &reading)
        }
        return reading
    }

    /// After `+` or `00`: country code, trunk prefix, length.
    private static func international(_ digits: ArraySlice<UInt8>, count: Int, parenthesised: UInt32, into reading: inout PhoneNumberReading) {
        let meta = PhoneMetadata.shared
        guard count > 0 else { reading.problem = .tooFewDigits(0); return }
        // Digits past the kept ones were only counted: far too many for any number.
        guard count == digits.count else { reading.problem = .tooManyDigits(count); return }
        guard digits.first != 0 else { reading.problem = .invalidCountryCode; return }
        guard let (code, codeLength) = meta.callingCode(of: digits) else {
            if let n = meta.unknownCodeLength(digits) {
                reading.problem = .unknownCountryCode(text(digits.prefix(n)))
            } else {
                reading.problem = .tooFewDigits(count)
            }
            return
        }
        let settled = settle(digits.dropFirst(codeLength), in: code)
        if settled.droppedTrunk {
            // Digit positions count from the first digit after `+`/`00`.
            let first = codeLength, last = codeLength + code.trunkPrefix.count
            let inParentheses = (first..<last).allSatisfy { $0 < 32 && parenthesised & (1 << UInt32($0)) != 0 }
            reading.adjustments.append(.droppedTrunkPrefix(text(code.trunkPrefix), parenthesised: inParentheses))
        }
        let national = settled.national, region = settled.region
        if codeLength + national.count > Limits.phoneDigitsMax {
            reading.problem = .tooManyDigits(codeLength + national.count)
        } else if !region.lengths.contains(national.count) {
            reading.problem = .wrongLength(countryCode: code.code, region: region.region, lengths: region.lengths.values, actual: national.count)
        } else {
            reading.number = PhoneNumber(callingCode: code, national: national, region: region.region)
        }
    }

    /// Digits with neither `+` nor `00`: an international number when they plainly read as one
    /// (a known code, then the length and first digits of a fixed-line or mobile number there),
    /// else a national number that Meta completes with the business number's country code.
    private static func bare(_ digits: ArraySlice<UInt8>, count: Int, into reading: inout PhoneNumberReading) {
        let meta = PhoneMetadata.shared
        guard count <= Limits.phoneDigitsMax else { reading.problem = .tooManyDigits(count); return }
        let business = reading.businessNumber.flatMap { meta.callingCode($0.countryCode) }

        if digits.first != 0, let (code, codeLength) = meta.callingCode(of: digits) {
            let national = digits.dropFirst(codeLength)
            let region = code.region(for: national)
            if national.count >= 2, region.plainLengths.contains(national.count),
               region.plainStart(national[national.startIndex], national[national.startIndex + 1]) {
                let number = PhoneNumber(callingCode: code, national: national, region: region.region)
                reading.number = number
                reading.adjustments.append(.readAsInternational)
                if let business {
                    let other = settle(digits, in: business)
                    if other.national.count >= 2, other.region.plainLengths.contains(other.national.count),
                       other.region.plainStart(other.national[other.national.startIndex], other.national[other.national.startIndex + 1]) {
                        let alternative = PhoneNumber(callingCode: business, national: other.national, region: other.region.region)
                        if alternative != number { reading.businessCountryAlternative = alternative }
                    }
                }
                return
            }
        }

        reading.nationalDigits = text(digits)
        guard count >= meta.shortestNationalLength else { reading.problem = .tooFewDigits(count); return }
        guard let business else { return }
        // Meta documents that it prepends the business number's country code to a number without
        // `+`; what it does with a trunk prefix written in front (0825550100) is not documented.
        // Dropping it, as a caller in the country would, is the plausible reading.
        let settled = settle(digits, in: business)
        let target = PhoneNumber(callingCode: business, national: settled.national, region: settled.region.region)
        reading.metaWouldSendTo = target
        if business.code.count + settled.national.count > Limits.phoneDigitsMax {
            reading.problem = .tooManyDigits(business.code.count + settled.national.count)
        } else if !settled.region.lengths.contains(settled.national.count) {
            reading.problem = .wrongLength(countryCode: business.code, region: settled.region.region,
                                           lengths: settled.region.lengths.values, actual: settled.national.count)
        }
    }

    /// A national number with the trunk prefix dropped where it was written in (`07700…` in
    /// +44), and its region. The prefix stays where national numbers legitimately begin with it
    /// (Italy and Côte d'Ivoire have no trunk prefix at all; Japan's 00… and Russia's 8 800…
    /// numbers do), unless only the number without it has a possible length (+7 8 912…).
    static func settle(_ national: ArraySlice<UInt8>, in code: CallingCodeFacts) -> (national: ArraySlice<UInt8>, region: RegionFacts, droppedTrunk: Bool) {
        let region = code.region(for: national)
        let trunk = code.trunkPrefix
        guard !trunk.isEmpty, national.starts(with: trunk) else { return (national, region, false) }
        let rest = national.dropFirst(trunk.count)
        let restRegion = code.region(for: rest)
        if region.trunkLedIsLegitimate(national),
           region.lengths.contains(national.count) || !restRegion.lengths.contains(rest.count) {
            return (national, region, false)
        }
        return (rest, restRegion, true)
    }

    private static func text(_ digits: some Collection<UInt8>) -> String {
        var s = ""
        s.reserveCapacity(digits.count)
        for d in digits { s.unicodeScalars.append(Unicode.Scalar(d + 0x30)) }
        return s
    }
}
