import Testing
@testable import WhatsAppModel

@Suite struct FieldPathTests {
    @Test func textReadsAsStepsAndPrintsBack() {
        let p: FieldPath = "interactive.action.buttons[2].reply.title"
        #expect(p.steps == [.key("interactive"), .key("action"), .key("buttons"), .index(2), .key("reply"), .key("title")])
        #expect(p.description == "interactive.action.buttons[2].reply.title")
        #expect(FieldPath("[1]").steps == [.index(1)])
        #expect(FieldPath("a[0][3]").steps == [.key("a"), .index(0), .index(3)])
        #expect(FieldPath(#"ok["x y"].z"#).steps == [.key("ok"), .quoted("x y"), .key("z")])
        #expect(FieldPath.root.steps.isEmpty && FieldPath("").steps.isEmpty)
    }

    @Test func builtPathsPrintAsTheyAlwaysDid() {
        #expect(FieldPath.root.display == "$" && FieldPath.root.description == "")
        #expect(FieldPath.root.index(1).key("a").description == "[1].a")
        #expect(FieldPath("interactive").key("body.text").description == "interactive.body.text")
        #expect(FieldPath("profile prod").key("secret").display == "profile prod.secret")
        #expect(FieldPath.root.key("").key("b").description == "b")
        #expect(FieldPath.root.key("a").appending(.quoted("a.b")).description == #"a["a.b"]"#)
    }

    /// Text that would not print back the same as steps stays one key, so every text round-trips.
    @Test func oddTextIsOneKeyAndPrintsUnchanged() {
        for text in ["profile prod", "profile prod.eu", "profile x[y]", ".b", "a..b", "a.", "a[1]b", "a[01]", "a[-1]", "[", "]", #"a["b"#, "p[", "x.[1]"] {
            #expect(FieldPath(text).description == text, "\(text)")
        }
        #expect(FieldPath(".b").steps == [.key(".b")])
        #expect(FieldPath("profile x[y]").steps == [.key("profile x[y]")])
    }

    /// Equality follows the printed text: a key with a dot in it equals the two keys it reads as.
    @Test func equalWhenPrintedTheSame() {
        let built = FieldPath("interactive").key("body.text")
        #expect(built == "interactive.body.text")
        #expect(built.hashValue == FieldPath("interactive.body.text").hashValue)
        #expect(FieldPath.root.key("to") == "to")
        #expect(FieldPath.root.key("a") != FieldPath.root.key("b"))
        #expect(Set<FieldPath>(["a.b", FieldPath("a").key("b"), FieldPath.root.key("a.b")]).count == 1)
    }

    @Test func prefixesAndLastKeyAreSteps() {
        let branch = FieldPath("screens").index(0).key("then")
        #expect(branch.index(1).key("text").starts(with: branch))
        #expect(!FieldPath("screens").index(0).key("thenx").starts(with: branch))
        // However each was made: from text, from steps, or both.
        #expect(FieldPath.root.key("screens").index(0).key("then").index(1).starts(with: branch))
        #expect(FieldPath("screens[0].then[1]").starts(with: branch) && !branch.starts(with: "screens[0].then[1]"))
        #expect(FieldPath("a").appending(FieldPath("b.c")).steps == [.key("a"), .key("b"), .key("c")])
        #expect(FieldPath("a.b").key("c") == FieldPath.root.key("a").key("b").key("c"))
        #expect(FieldPath("location.latitude").lastKey == "latitude")
        #expect(FieldPath("a[1]").lastKey == nil && FieldPath.root.lastKey == nil)
    }

    /// A member name with a dot is one step when built, and is found from text too.
    @Test func sourceMapFindsKeysWithDots() throws {
        let text = "{\"a.b\": {\"c\": 1},\n \"d\": [{\"e f\": 2}]}"
        let (_, map) = try JSONParser.parseWithSourceMap(Array(text.utf8))
        #expect(map.position(of: FieldPath.root.key("a.b").key("c")) == SourcePosition(line: 1, column: 15))
        #expect(map.position(of: "a.b.c") == SourcePosition(line: 1, column: 15))
        #expect(map.position(of: FieldPath("d").index(0).appending(.quoted("e f"))) == SourcePosition(line: 2, column: 16))
    }
}
