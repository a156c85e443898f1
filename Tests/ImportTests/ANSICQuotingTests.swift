import Testing
@testable import Import
import Providers
import WhatsAppModel

/// `$'…'` as bash reads it in a UTF-8 locale: `\xHH` and `\NNN` are bytes, decoded as UTF-8
/// together with the text around them; `\u` and `\U` are scalars. Written the way someone
/// slipping bytes past the import would write them.
@Suite struct ANSICQuotingTests {
    static let meta = "curl https://graph.facebook.com/v23.0/1065/messages -H 'Authorization: Bearer t' -H 'Content-Type: application/json' -d "

    /// The case that imported as "cafÃ© Ã©" with no difference listed: bash sends "café é".
    @Test func escapedBytesInABodyAreUTF8() throws {
        let imported = try CurlImport.parse(Self.meta + #"$'{"messaging_product": "whatsapp", "to": "+16505551234", "type": "text", "text": {"body":"caf\xc3\xa9 \303\251"}}'"#)
        #expect(imported.message.json["text"]?["body"] == "café é")
        #expect(imported.isExact, "\(imported.differences)")
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let input: String
        let word: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "hex and octal bytes", input: #"curl $'caf\xc3\xa9 \303\251'"#, word: "café é"),
        Case(name: "uppercase hex digits", input: #"curl $'\xC3\xA9'"#, word: "é"),
        Case(name: "digits stop where bash stops", input: #"curl $'\x41\101\1234\x4142'"#, word: "AAS4A42"),
        Case(name: "bytes, \\u and \\U spell one text", input: #"curl $'\xe2\x82\xac\u20ac\342\202\254\U0001F600\xf0\x9f\x98\x80'"#, word: "€€€😀😀"),
        Case(name: "a character split across two quotes", input: #"curl $'\xc3'$'\xa9'"#, word: "é"),
        Case(name: "an escaped quote byte does not close the quote", input: #"curl $'it\x27s \047ok\047'"#, word: "it's 'ok'"),
        Case(name: "an escaped backslash byte escapes nothing", input: #"curl $'\x5cn'"#, word: #"\n"#),
        Case(name: "escapes without digits stay as written", input: #"curl $'\xg \u \U'"#, word: #"\xg \u \U"#),
        Case(name: "plain text after the bytes", input: #"curl $'\xc3\xa9'tat"#, word: "état"),
    ]

    @Test(arguments: cases)
    func decodes(_ c: Case) throws {
        #expect(try ShellWords.split(c.input) == ["curl", c.word])
    }

    static func at(_ line: Int, _ column: Int) -> SourcePosition { SourcePosition(line: line, column: column) }

    /// Each error names the escape where the bad sequence starts.
    @Test func bytesThatAreNotUTF8AreRefusedWhereTheyStart() {
        let cases: [(String, CurlImportError)] = [
            (#"curl $'caf\xc3'"#, .invalidUTF8(at: Self.at(1, 11))),               // a lone lead byte at the end
            (#"curl $'caf\xc3 ok'"#, .invalidUTF8(at: Self.at(1, 11))),            // a lone lead byte before text
            (#"curl $'\xa9'"#, .invalidUTF8(at: Self.at(1, 8))),                   // a stray continuation byte
            (#"curl $'\xe2\x82!'"#, .invalidUTF8(at: Self.at(1, 8))),              // a three-byte sequence cut short
            (#"curl $'\xc3\xa9\xc3'"#, .invalidUTF8(at: Self.at(1, 16))),          // good, then a lone lead byte
            (#"curl $'\xc0\xaf'"#, .invalidUTF8(at: Self.at(1, 8))),               // overlong "/"
            (#"curl $'\xc1\xbf'"#, .invalidUTF8(at: Self.at(1, 8))),               // overlong "\u{7F}"
            (#"curl $'\xe0\x80\xaf'"#, .invalidUTF8(at: Self.at(1, 8))),           // overlong "/" in three bytes
            (#"curl $'\xf0\x80\x80\xaf'"#, .invalidUTF8(at: Self.at(1, 8))),       // overlong "/" in four bytes
            (#"curl $'\xc0\x80'"#, .invalidUTF8(at: Self.at(1, 8))),               // overlong NUL: refused, not a NUL
            (#"curl $'\xed\xa0\x80'"#, .invalidUTF8(at: Self.at(1, 8))),           // a surrogate
            (#"curl $'\xf4\x90\x80\x80'"#, .invalidUTF8(at: Self.at(1, 8))),       // past U+10FFFF
            (#"curl $'\xff'"#, .invalidUTF8(at: Self.at(1, 8))),
            (#"curl $'\377'"#, .invalidUTF8(at: Self.at(1, 8))),
            (#"curl $'\777'"#, .invalidUTF8(at: Self.at(1, 8))),                   // 0o777 is 0xFF modulo 256, as in bash
            (#"curl $'ok\ud800'"#, .invalidUTF8(at: Self.at(1, 10))),              // \u naming a surrogate
            (#"curl $'\U110000'"#, .invalidUTF8(at: Self.at(1, 8))),               // \U past U+10FFFF
            (#"curl $'\xc3\u00a9'"#, .invalidUTF8(at: Self.at(1, 8))),             // a lead byte, then a scalar
            (#"curl $'\xc3é'"#, .invalidUTF8(at: Self.at(1, 8))),                  // a lead byte, then a literal é
            (#"curl $'\xc3'"\xa9""#, .invalidUTF8(at: Self.at(1, 8))),             // in double quotes \xa9 is text
            ("curl -s \\\n  -d $'{\"a\": \"\\xff\"}'", .invalidUTF8(at: Self.at(2, 15))),
        ]
        for (command, expected) in cases {
            #expect(throws: expected, "\(command)") { try ShellWords.split(command) }
        }
    }

    /// A shell cuts `$'…'` short at a NUL byte, however it is spelled.
    @Test func nulBytesAreRefused() {
        let cases: [(String, CurlImportError)] = [
            (#"curl $'a\x00b'"#, .nulByte(at: Self.at(1, 9))),
            (#"curl $'\x0'"#, .nulByte(at: Self.at(1, 8))),
            (#"curl $'\0'"#, .nulByte(at: Self.at(1, 8))),
            (#"curl $'\000'"#, .nulByte(at: Self.at(1, 8))),
            (#"curl $'\400'"#, .nulByte(at: Self.at(1, 8))),                      // 0o400 is 0 modulo 256
            (#"curl $'\u0000'"#, .nulByte(at: Self.at(1, 8))),
            (#"curl $'\U0'"#, .nulByte(at: Self.at(1, 8))),
            (#"curl $'\xc3\xa9\x00'"#, .nulByte(at: Self.at(1, 16))),
        ]
        for (command, expected) in cases {
            #expect(throws: expected, "\(command)") { try ShellWords.split(command) }
        }
    }

    @Test func anUnclosedQuoteIsStillTheError() {
        #expect(throws: CurlImportError.unterminatedQuote(quote: "$'", at: Self.at(1, 6))) { try ShellWords.split(#"curl $'\xff"#) }
    }

    @Test func theImportSaysWhereAndQuotesNothing() throws {
        let secret = "sk_live_DO_NOT_PRINT_123456"
        let error = try #require(importError("curl https://api.flowiq.live/send-whatsapp \\\n  -H $'Authorization: Bearer \(secret)\\xff' -d '{}'"))
        #expect(error == .invalidUTF8(at: Self.at(2, 57)))
        #expect(error.description.hasPrefix("line 2, column 57: the bytes escaped from here in $'…' are not UTF-8 text"), "\(error)")
        #expect(!error.description.contains("DO_NOT_PRINT"))
        let nul = try #require(importError(Self.meta + #"$'{"text": "a\0"}'"#))
        #expect(nul.description.contains("NUL byte"), "\(nul)")
    }

    /// A page with a bad command still yields every command; the bad one fails on import.
    @Test func aBadCommandOnAPageIsStillFound() {
        let page = "curl $'\\xc3' https://x\n\ncurl https://y\n"
        let commands = CurlImport.commands(in: page)
        #expect(commands.count == 2)
        #expect(commands.last == "curl https://y")
    }
}
