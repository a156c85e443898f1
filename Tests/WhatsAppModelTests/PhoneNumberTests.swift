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
    ])
    func dialableFormatsParseToE164(text: String, digits: String) throws {
        let p = try PhoneNumber.parse(text).get()
        #expect(p.digits == digits)
        #expect(p.e164 == "+" + digits)
    }

    @Test(arguments: [
        ("27123456789", PhoneNumber.Problem.noCountryCode),
        ("(012) 345 6789", .noCountryCode),
        ("+27 12 ABC 6789", .invalidCharacter("A")),
        ("+27 12 345 678 9 ext", .invalidCharacter("e")),
        ("+1234567", .tooFewDigits(7)),
        ("+1234567890123456", .tooManyDigits(16)),
        ("+0123456789", .invalidCountryCode),
        ("27+123456789", .invalidCharacter("+")),
        ("", .empty),
    ])
    func badNumbersSayWhatIsWrong(text: String, problem: PhoneNumber.Problem) {
        #expect(PhoneNumber.parse(text) == .failure(problem))
    }

    @Test func digitBoundsAreEightToFifteen() {
        #expect((try? PhoneNumber.parse("+12345678").get()) != nil)
        #expect((try? PhoneNumber.parse("+123456789012345").get()) != nil)
    }

    @Test func theRecipientFindingNamesTheProblem() throws {
        let findings = try validate(try json(Base.text).setting("to", to: "0612345678"))
        let f = try #require(findings.first { $0.path == "to" })
        #expect(f.rule == .phoneNumber)
        #expect(f.message.contains("country code"))
        #expect(f.actual == "\"0612345678\"")
    }
}
