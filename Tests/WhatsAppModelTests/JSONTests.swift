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

@Suite struct JSONObjectIndexTests {
    /// From `indexedCount` members on, building an object hashes its keys; the result is the
    /// one a member-by-member build gives.
    @Test func largeObjectsBuildAsSmallOnesDo() {
        for n in [3, JSONObject.indexedCount - 1, JSONObject.indexedCount, 100] {
            var members: [(key: String, value: JSONValue)] = (0..<n).map { (key: "k\($0)", value: .number(JSONNumber($0))) }
            members.append((key: "k1", value: "again"))
            let o = JSONObject(members)
            #expect(o.count == n && o.index(of: "k1") == 1 && o["k1"] == "again" && o["k0"] == 0, "\(n)")
            var built = JSONObject()
            for (k, v) in members { built[k] = v }
            #expect(o.keys == built.keys && o == built)
        }
    }

    @Test func repeatedKeysKeepTheLastValueInTheFirstPlace() throws {
        let text = "{" + (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ",") + ", \"k3\": \"last\"}"
        let o = try #require(try JSONParser.parse(text).objectValue)
        #expect(o.count == 40 && o.index(of: "k3") == 3 && o["k3"] == "last")
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text, rejectDuplicateKeys: true) }
    }

    /// One object of many keys parses, builds, compares and diffs right, keys checked through a
    /// hash table. How the time grows is `wacon-bench scale`'s to print (parsing took tens of
    /// seconds at 100,000 keys when every key was checked against every earlier one); a test
    /// asserts results, not times.
    @Test func anObjectOfManyKeysParsesBuildsComparesAndDiffs() throws {
        let n = 100_000
        let text = "{" + (0..<n).map { "\"key\($0)\": \($0)" }.joined(separator: ",") + "}"
        var parsed = try JSONParser.parse(text, rejectDuplicateKeys: true)
        #expect(parsed["key99999"] == 99_999)
        parsed = try JSONParser.parse(text)
        let members = try #require(parsed.objectValue).members
        #expect(members.count == n)
        let reversed = JSONObject(members.reversed())
        #expect(reversed.members.first?.key == "key99999" && reversed.count == n)
        var changed = reversed
        changed["key0"] = "x"
        #expect(parsed == .object(reversed) && parsed != .object(changed))
        #expect(JSONDiff(old: parsed, new: .object(changed)).changes.map(\.path.display) == ["key0"])
        let (_, map) = try JSONParser.parseWithSourceMap(Array(text.utf8))
        #expect(map.position(of: "key99999") != nil)
    }
}
