import Testing
@testable import WhatsAppModel

@Suite struct JSONTests {
    @Test func parsesAndPrintsBackTheSameValue() throws {
        let text = #"{"b":1,"a":[true,false,null,"x\n\"y\"",-1.5e3,0.25],"c":{"d":"é😀"}}"#
        let v = try JSONParser.parse(text)
        #expect(JSONWriter.compactString(v) == text)
        #expect(try JSONParser.parse(JSONWriter.prettyString(v)) == v)
    }

    @Test func keepsKeyOrderAndNumberLiterals() throws {
        let v = try JSONParser.parse(#"{"z":37.4847,"a":1e3,"m":10}"#)
        #expect(v.objectValue?.keys == ["z", "a", "m"])
        #expect(JSONWriter.compactString(v) == #"{"z":37.4847,"a":1e3,"m":10}"#)
    }

    @Test func objectEqualityIgnoresOrderAndNumbersCompareByValue() throws {
        #expect(try JSONParser.parse(#"{"a":1,"b":[1.0]}"#) == JSONParser.parse(#"{"b":[1],"a":1.00}"#))
        #expect(try JSONParser.parse(#"{"a":1}"#) != JSONParser.parse(#"{"a":2}"#))
        #expect(try JSONParser.parse(#"{"a":1}"#) != JSONParser.parse(#"{"a":1,"b":2}"#))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let v = try JSONParser.parse(#""\uD83D\uDE00 \u00e9\t\/""#)
        #expect(v.stringValue == "😀 é\t/")
        // Control characters are escaped on the way out.
        #expect(JSONWriter.compactString(.string("a\u{1}b")) == #""a\u0001b""#)
    }

    @Test(arguments: [
        ("{\n  \"a\": 1,\n  \"b\" 2\n}", 3, 7, "expected ':'"),
        ("{\"a\": [1, 2,, 3]}", 1, 13, "expected a value"),
        ("{\"a\": \"é\" \"b\": 1}", 1, 11, "expected ',' or '}'"),
        ("", 1, 1, "empty"),
        ("{\"a\": tru}", 1, 7, "invalid literal"),
        ("{\"a\": 01}", 1, 8, "leading zero"),
        ("[1] x", 1, 5, "after the end"),
        ("{\"a\": \"\\uD83D\"}", 1, 14, "surrogate"),
        ("{\"a\": \"x", 1, 9, "unterminated"),
    ])
    func syntaxErrorsCarryLineAndColumn(text: String, line: Int, column: Int, reason: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        do {
            _ = try JSONParser.parse(text)
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }

    @Test func lenientModeAcceptsOnlyMissingCommasBetweenMembers() throws {
        let sample = "{\"code\":\"WA202\"\n\"message\":\"Request Accepted\"}"
        #expect(throws: JSONParseError.self) { try JSONParser.parse(sample) }
        let v = try JSONParser.parse(sample, lenient: true)
        #expect(v["message"]?.stringValue == "Request Accepted")
        #expect(throws: JSONParseError.self) { try JSONParser.parse("[1 2]", lenient: true) }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }
}
