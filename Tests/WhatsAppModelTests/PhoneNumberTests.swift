import Testing
@testable import WhatsAppModel

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("+1-000-000-0000", "10000000000"),
        ("+1 (000) 000 0000", "10000000000"),
        ("+1 (000) 000-0000", "10000000000"),
        ("+27 12 345 6789", "27123456789"),
        ("0027 12 345 6789", "27123456789"),
        ("+91 98765 43210", "919876543210"),
        ("+62.821.1234.5678", "6282112345678"),
        ("  +44 20 7946 0958  ", "442079460958"),
        // The sandbox's magic numbers: only lengths are checked, not whether the range is in use.
        ("+1 555 0131 047", "15550131047"),
    ])
    func dialableFormatsParseToE164(text: String, digits: String) throws {
        let p = try PhoneNumber.parse(text).get()
        #expect(p.digits == digits)
        #expect(p.e164 == "+" + digits)
        #expect(PhoneNumber.read(text).findings(at: "to").isEmpty, "a number written with + or 00 and nothing to fix gets no finding")
    }

    @Test(arguments: [
        ("(012) 345 6789", PhoneNumber.Problem.noCountryCode),
        ("+27 12 ABC 6789", .invalidCharacter("A")),
        ("+27 12 345 678 9 ext", .invalidCharacter("e")),
        ("+27 12 é", .invalidCharacter("é")),
        ("+1234567890123456", .tooManyDigits(16)),
        ("+0123456789", .invalidCountryCode),
        ("27+123456789", .invalidCharacter("+")),
        ("+27 +12 345 6789", .invalidCharacter("+")),
        ("", .empty),
        (" - ", .empty),
        ("+", .tooFewDigits(0)),
        ("+2", .tooFewDigits(1)),
        ("12", .tooFewDigits(2)),
        ("+999 123 4567", .unknownCountryCode("999")),
        ("+28 1234 5678", .unknownCountryCode("28")),
    ])
    func badNumbersSayWhatIsWrong(text: String, problem: PhoneNumber.Problem) {
        #expect(PhoneNumber.parse(text) == .failure(problem))
        let findings = PhoneNumber.read(text).findings(at: "to")
        #expect(findings.count == 1)
        if problem == .noCountryCode {
            // The gateway accepts a national number: a warning about what Meta would do with it.
            #expect(findings.first?.severity == .warning)
            #expect(findings.first?.message.hasPrefix("no country code") == true)
        } else {
            #expect(findings.first?.severity == .error)
            #expect(findings.first?.message == problem.description)
        }
    }

    @Test func theRecipientFindingNamesTheProblem() throws {
        let findings = try validate(try json(Base.text).setting("to", to: "0612345678"))
        let f = try #require(findings.first { $0.path == "to" })
        #expect(f.rule == .phoneNumber)
        #expect(f.message.contains("country code"))
        #expect(f.actual == "\"0612345678\"")
    }

    // MARK: Trunk prefixes

    @Test(arguments: [
        ("+44 (0) 7700 900123", "+447700900123", "0", true),
        ("+44 07700 900123", "+447700900123", "0", false),
        ("+49 (0)30 1234567", "+49301234567", "0", true),
        ("+27 082 555 0100", "+27825550100", "0", false),
        ("0044 (0)20 7946 0958", "+442079460958", "0", true),
        ("+33 (0)6 12 34 56 78", "+33612345678", "0", true),
        ("+31 (0)6 1234 5678", "+31612345678", "0", true),
        ("+61 (0)4 1234 5678", "+61412345678", "0", true),
        ("+91 098765 43210", "+919876543210", "0", false),
        ("+55 (0)11 91234 5678", "+5511912345678", "0", true),
        ("+81 090 1234 5678", "+819012345678", "0", false),
        ("+81 (0)3 1234 5678", "+81312345678", "0", true),
        ("+353 (0)87 123 4567", "+353871234567", "0", true),
        ("+234 0803 123 4567", "+2348031234567", "0", false),
        ("+7 8 912 345 67 89", "+79123456789", "8", false),
        ("+36 06 30 123 4567", "+36301234567", "06", false),
        ("+1 1 650 555 1234", "+16505551234", "1", false),
    ])
    func aTrunkPrefixAfterTheCountryCodeIsDroppedWithANote(text: String, e164: String, trunk: String, parenthesised: Bool) throws {
        let reading = PhoneNumber.read(text)
        #expect(reading.number?.e164 == e164)
        #expect(reading.adjustments == [.droppedTrunkPrefix(trunk, parenthesised: parenthesised)])
        let findings = reading.findings(at: "to")
        #expect(findings.count == 1)
        let note = try #require(findings.first)
        #expect(note.severity == .note)
        #expect(note.rule == .phoneNumber)
        #expect(note.message.contains(parenthesised ? "dropped \"(\(trunk))\"" : "dropped the trunk prefix \(trunk)"))
        #expect(note.message.hasSuffix("sent as \(e164)"))
        #expect(note.actual == "\"\(text)\"")
        #expect(try PhoneNumber.parse(text).get().e164 == e164)
    }

    @Test func theExactSignatureStringsReadAsTheRightNumbers() {
        #expect(PhoneNumber.read("+44 (0) 7700 900123").readAs == "+44 7700 900123 (United Kingdom)")
        #expect(PhoneNumber.read("+44 07700 900123").findings(at: "to").map(\.message)
            == ["dropped the trunk prefix 0 after +44 (United Kingdom): it is dialled only within the country; sent as +447700900123"])
        #expect(PhoneNumber.read("+49 (0)30 1234567").findings(at: "to").map(\.message)
            == ["dropped \"(0)\" after +49 (Germany): it is dialled only within the country; sent as +49301234567"])
        #expect(PhoneNumber.read("+27 082 555 0100").readAs == "+27 82 555 0100 (South Africa)")
    }

    @Test(arguments: [
        // Italy has no trunk prefix: the 0 of a landline is part of the number, from abroad too.
        ("+39 06 1234 5678", "+390612345678", "Italy"),
        ("+39 (0)6 1234 5678", "+390612345678", "Italy"),
        // Côte d'Ivoire has none either, and its ten-digit numbers start with 0.
        ("+225 07 12 34 56 78", "+2250712345678", "Côte d'Ivoire"),
        // Russia's 8 800 freephone numbers begin with the trunk prefix's digit and keep it.
        ("+7 800 555 35 35", "+78005553535", "Russia"),
    ])
    func aLeadingDigitThatIsPartOfTheNumberStays(text: String, e164: String, country: String) {
        let reading = PhoneNumber.read(text)
        #expect(reading.number?.e164 == e164)
        #expect(reading.number?.region.name == country)
        #expect(reading.adjustments.isEmpty)
        #expect(reading.findings(at: "to").isEmpty)
    }

    @Test func mexicoHasNoTrunkPrefixToDrop() {
        // Mexico abolished its 01 trunk prefix in 2019; 52 1 … is an older WhatsApp ID and stays.
        #expect(PhoneNumber.read("+52 1 55 1234 5678").number?.e164 == "+5215512345678")
        #expect(PhoneNumber.parse("+52 01 55 1234 5678")
            == .failure(.wrongLength(countryCode: "52", region: PhoneRegion(code: "MX", name: "Mexico"), lengths: [10, 11], actual: 12)))
    }

    // MARK: Lengths

    @Test(arguments: [
        ("+44 20 7946 0958 12", "+44 needs 7, 9 or 10 digits after the country code (United Kingdom); this has 12", "7, 9 or 10 digits after +44", "12 digits"),
        ("+1 650 555 123", "+1 needs 10 digits after the country code (United States); this has 9", "10 digits after +1", "9 digits"),
        ("+1 416 555 012", "+1 needs 7 or 10 digits after the country code (Canada); this has 9", "7 or 10 digits after +1", "9 digits"),
        ("+225 7 12 34 56 78", "+225 needs 10 digits after the country code (Côte d'Ivoire); this has 9", "10 digits after +225", "9 digits"),
        ("+33 6 12 34 56 7", "+33 needs 9 digits after the country code (France); this has 8", "9 digits after +33", "8 digits"),
        ("+49 3", "+49 needs 4 to 15 digits after the country code (Germany); this has 1", "4 to 15 digits after +49", "1 digit"),
        ("+61 4123", "+61 needs 5 to 10 or 12 digits after the country code (Australia); this has 4", "5 to 10 or 12 digits after +61", "4 digits"),
        ("+7 912 345 67 8", "+7 needs 10 or 14 digits after the country code (Russia); this has 9", "10 or 14 digits after +7", "9 digits"),
        ("+27 82 555 0100 123", "+27 needs 5 to 10 digits after the country code (South Africa); this has 12", "5 to 10 digits after +27", "12 digits"),
        ("+91 123456", "+91 needs 8 to 13 digits after the country code (India); this has 6", "8 to 13 digits after +91", "6 digits"),
        ("+55 1234567", "+55 needs 8 to 11 digits after the country code (Brazil); this has 7", "8 to 11 digits after +55", "7 digits"),
        ("+52 55 1234 567", "+52 needs 10 or 11 digits after the country code (Mexico); this has 9", "10 or 11 digits after +52", "9 digits"),
        ("+44 (0) 7700 9001", "+44 needs 7, 9 or 10 digits after the country code (United Kingdom); this has 8 after dropping the trunk prefix 0", "7, 9 or 10 digits after +44", "8 digits"),
    ])
    func aLengthTheCountryDoesNotUseIsAnError(text: String, message: String, limit: String, actual: String) throws {
        guard case .failure(.wrongLength) = PhoneNumber.parse(text) else {
            Issue.record("\(text) should be a length error, is \(PhoneNumber.parse(text))")
            return
        }
        let reading = PhoneNumber.read(text)
        #expect(reading.number == nil)
        let f = try #require(reading.findings(at: "to").first)
        #expect(f.severity == .error)
        #expect(f.message == message)
        #expect(f.limit == limit)
        #expect(f.actual == actual)
    }

    @Test func anUnknownCountryCodeShowsTheDigitsNoCodeBeginsWith() throws {
        let f = try #require(PhoneNumber.read("+999 123 4567").findings(at: "to").first)
        #expect(f.severity == .error)
        #expect(f.actual == "+999")
        #expect(f.limit == "a country calling code in use")
        // +21 begins codes (+211, +212 …) but +210 is none of them.
        #expect(PhoneNumber.parse("+210 123 4567") == .failure(.unknownCountryCode("210")))
    }

    @Test func lengthsAreTheCountrysNotOneRangeForAll() {
        // Niue's four-digit numbers: seven digits in all, under the old blanket minimum of eight.
        #expect((try? PhoneNumber.parse("+683 4002").get())?.region.name == "Niue")
        #expect(PhoneNumber.parse("+12345678") == .failure(.wrongLength(countryCode: "1", region: PhoneRegion(code: "US", name: "United States"), lengths: [10], actual: 7)))
        // Germany takes up to 15 national digits, but E.164 stops at 15 in all.
        #expect((try? PhoneNumber.parse("+49 1234 5678 9012 3").get())?.digits.count == 15)
        #expect(PhoneNumber.parse("+49 1234 5678 9012 34") == .failure(.tooManyDigits(16)))
    }

    // MARK: Shared calling codes

    @Test(arguments: [
        ("+1 650 555 1234", "US", "United States"),
        ("+1 416 555 0123", "CA", "Canada"),
        ("+1 (604) 555-0199", "CA", "Canada"),
        ("+1 876 555 0123", "JM", "Jamaica"),
        ("+1 787 555 0123", "PR", "Puerto Rico"),
        ("+1 800 555 0123", "US", "United States"),
        ("+7 912 345 67 89", "RU", "Russia"),
        ("+7 701 123 4567", "KZ", "Kazakhstan"),
        ("+44 20 7946 0958", "GB", "United Kingdom"),
        ("+44 1481 123456", "GG", "Guernsey"),
        ("+44 7624 123456", "IM", "Isle of Man"),
        ("+44 1534 123456", "JE", "Jersey"),
        ("+39 06 698 12345", "VA", "Vatican"),
        ("+262 269 12 34 56", "YT", "Mayotte"),
    ])
    func aSharedCallingCodeNamesTheRegionByLeadingDigits(text: String, code: String, name: String) throws {
        let number = try PhoneNumber.parse(text).get()
        #expect(number.region == PhoneRegion(code: code, name: name))
    }

    @Test func theNumberKnowsItsParts() throws {
        let n = try PhoneNumber.parse("+27 82 555 0100").get()
        #expect(n.countryCode == "27")
        #expect(n.nationalNumber == "825550100")
        #expect(n.formatted == "+27 82 555 0100")
        #expect(n.region.code == "ZA")
        let unchecked = PhoneNumber(uncheckedDigits: "447700900123")
        #expect(unchecked.countryCode == "44")
        #expect(unchecked.nationalNumber == "7700900123")
        #expect(unchecked.region.name == "United Kingdom")
        #expect(PhoneNumber(uncheckedDigits: "9991234").region == .unknown)
    }

    // MARK: Digits without +

    @Test(arguments: [
        ("16505551234", "+16505551234", "read as +1 650 555 1234 (United States)"),
        ("1 (416) 555-0123", "+14165550123", "read as +1 416 555 0123 (Canada)"),
        ("447700900123", "+447700900123", "read as +44 7700 900123 (United Kingdom)"),
        ("27123456789", "+27123456789", "read as +27 12 345 6789 (South Africa)"),
        ("919876543210", "+919876543210", "read as +91 98765 43210 (India)"),
        ("5215512345678", "+5215512345678", "read as +52 15512345678 (Mexico)"),
    ])
    func digitsWithoutPlusThatFormAnInternationalNumberAreReadAsOne(text: String, e164: String, readAs: String) throws {
        let reading = PhoneNumber.read(text)
        #expect(reading.number?.e164 == e164)
        #expect(reading.adjustments == [.readAsInternational])
        let note = try #require(reading.findings(at: "to").first)
        #expect(note.severity == .note)
        #expect(note.message.hasPrefix(readAs + ": digits without + are read as an international number"))
        #expect(try PhoneNumber.parse(text).get().e164 == e164)
    }

    @Test func theMetaExampleNumberIsReadWithANote() throws {
        let reading = PhoneNumber.read("16505551234")
        #expect(reading.findings(at: "to").map(\.message)
            == ["read as +1 650 555 1234 (United States): digits without + are read as an international number, as Meta's examples and wa_id write it"])
        #expect(reading.readAs == "+1 650 555 1234 (United States)")
    }

    @Test func aNationalNumberIsAWarningAboutWhatMetaWouldDo() throws {
        let alone = PhoneNumber.read("0825550100")
        #expect(alone.number == nil)
        #expect(alone.isNational)
        #expect(alone.nationalDigits == "0825550100")
        let warning = try #require(alone.findings(at: "to").first)
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("Meta would prepend the business number's country code"))
        #expect(PhoneNumber.parse("0825550100") == .failure(.noCountryCode))

        let business = try PhoneNumber.parse("+27 21 555 0199").get()
        let withBusiness = PhoneNumber.read("0825550100", businessNumber: business)
        #expect(withBusiness.number == nil, "the gateway gets the text as written")
        #expect(withBusiness.metaWouldSendTo?.e164 == "+27825550100")
        #expect(withBusiness.findings(at: "to").map(\.severity) == [.warning])
        #expect(withBusiness.findings(at: "to").first?.message.contains("with the business number +27 21 555 0199, Meta would send it to +27825550100 (South Africa)") == true)
        #expect(withBusiness.readAs == "0825550100 as written; Meta would send it to +27 82 555 0100 (South Africa)")
    }

    @Test func theBusinessCountrysOwnTrunkRulesCompleteANationalNumber() throws {
        // Italy keeps the leading 0; Russia's trunk prefix is 8.
        let italy = try PhoneNumber.parse("+39 06 1234 5678").get()
        #expect(PhoneNumber.read("0612345678", businessNumber: italy).metaWouldSendTo?.e164 == "+390612345678")
        let russia = try PhoneNumber.parse("+7 495 123 45 67").get()
        #expect(PhoneNumber.read("8 912 345 67 89", businessNumber: russia).metaWouldSendTo?.e164 == "+79123456789")
        let hungary = try PhoneNumber.parse("+36 1 234 5678").get()
        #expect(PhoneNumber.read("06 30 123 4567", businessNumber: hungary).metaWouldSendTo?.e164 == "+36301234567")
    }

    @Test func aNationalNumberThatMetaWouldCompleteWronglyIsAnError() throws {
        let business = try PhoneNumber.parse("+44 20 7946 0958").get()
        let reading = PhoneNumber.read("4407700900123", businessNumber: business)
        #expect(reading.number == nil)
        let f = try #require(reading.findings(at: "to").first)
        #expect(f.severity == .error)
        #expect(f.message.contains("Meta would send it to +444407700900123"))
        #expect(f.message.contains("+44 needs 7, 9 or 10 digits after the country code (United Kingdom); this has 13"))
        #expect(f.actual == "13 digits")
    }

    @Test func digitsThatAreAlsoABusinessCountryNumberGetAWarning() throws {
        // 2025550100 reads as Egypt (+20), and is also a Washington number for a US business.
        let plain = PhoneNumber.read("2025550100")
        #expect(plain.number?.region.code == "EG")
        #expect(plain.findings(at: "to").map(\.severity) == [.note])

        let business = try PhoneNumber.parse("+1 650 555 0100").get()
        let reading = PhoneNumber.read("2025550100", businessNumber: business)
        #expect(reading.number?.e164 == "+2025550100")
        #expect(reading.businessCountryAlternative?.e164 == "+12025550100")
        let f = try #require(reading.findings(at: "to").first)
        #expect(f.severity == .warning)
        #expect(f.message.contains("if you meant the United States number +1 202 555 0100, write it with +1"))

        // Where both readings agree there is nothing to warn about.
        #expect(PhoneNumber.read("16505551234", businessNumber: business).findings(at: "to").map(\.severity) == [.note])
    }

    @Test func digitsThatAreNoPlainNumberThereStayNational() {
        // 65 is Singapore, whose numbers never start with 0: this is a US number without +1.
        #expect(PhoneNumber.read("6505551234").isNational)
        // A leading 0 (not 00) can only start a national number.
        #expect(PhoneNumber.read("0612345678").isNational)
    }

    // MARK: Separators and size

    @Test func pastedSeparatorsAreDropped() throws {
        #expect(try PhoneNumber.parse("+44\u{00A0}20\u{2009}7946\u{2013}0958").get().e164 == "+442079460958")
        #expect(try PhoneNumber.parse("\u{200E}+27 (12) 345/6789\u{200F}").get().e164 == "+27123456789")
        #expect(try PhoneNumber.parse("+27\t12\n345 6789").get().e164 == "+27123456789")
    }

    @Test func aTenMillionDigitRecipientIsAnsweredWithAShortError() throws {
        let digits = String(repeating: "7", count: 10_000_000)
        #expect(PhoneNumber.parse("+" + digits) == .failure(.tooManyDigits(10_000_000)))
        #expect(PhoneNumber.parse(digits) == .failure(.tooManyDigits(10_000_000)))
        #expect(PhoneNumber.parse("00" + digits) == .failure(.tooManyDigits(10_000_000)))
        #expect(PhoneNumber.parse(digits + "x") == .failure(.invalidCharacter("x")))
        let f = try #require(PhoneNumber.read("+" + digits).findings(at: "to").first)
        #expect(f.severity == .error)
        #expect(f.actual == "10000000 digits")
        let padded = String(repeating: " ", count: 10_000_000) + "+27 12 345 6789"
        #expect(try PhoneNumber.parse(padded).get().e164 == "+27123456789")
        let letters = PhoneNumber.read(String(repeating: "a", count: 10_000_000))
        #expect(letters.problem == .invalidCharacter("a"))
        #expect(letters.findings(at: "to").first?.actual?.count == 40, "the quoted input is cut to 37 characters, an ellipsis and quotes")
    }
}
