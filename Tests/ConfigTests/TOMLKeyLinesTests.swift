import Testing
@testable import Config

/// The one key-position finder: every config and theme error takes its line from it.
@Suite struct TOMLKeyLinesTests {
    @Test func headersAndKeysByTheirFullPath() {
        let lines = TOMLKeyLines(text: """
            # comment = "not a key"
            [profiles.f]
            gateway = "flowiq"
            tenant_id = "acme"

            [ profiles . "my prod" ]   # a header with spaces, a quoted part and a comment
            gateway = "meta"
            tenant_id = "x"
            'literal key' = 1
            "quoted \\"key\\"" = 2
            """)
        #expect(lines.line(["profiles", "f"]) == 2)
        #expect(lines.line(["profiles", "f", "tenant_id"]) == 4)
        #expect(lines.line(["profiles", "my prod"]) == 6)
        #expect(lines.line(["profiles", "my prod", "tenant_id"]) == 8, "the same key in another table is that table's")
        #expect(lines.line(["profiles", "my prod", "literal key"]) == 9)
        #expect(lines.line(["profiles", "my prod", "quoted \"key\""]) == 10)
        #expect(lines.line(["profiles"]) == 2, "a table made by its first sub-table's header")
        #expect(lines.line(["comment"]) == nil, "a comment is no key")
    }

    @Test func dottedKeysAndInlineTables() {
        let lines = TOMLKeyLines(text: """
            profiles.a.gateway = "meta"
            [profiles]
            b = { gateway = "twilio", secret = "env:X" }
            c.sid = "S"
            """)
        #expect(lines.line(["profiles", "a", "gateway"]) == 1)
        #expect(lines.line(["profiles", "a"]) == 1)
        #expect(lines.line(["profiles", "b", "gateway"]) == 3, "a key inside an inline table: the inline table's line")
        #expect(lines.line(["profiles", "c", "sid"]) == 4)
    }

    @Test func aMissingKeyGetsItsTablesLine() {
        let lines = TOMLKeyLines(text: "\n\n[profiles.x]\nsecret = \"env:X\"\n")
        #expect(lines.line(["profiles", "x", "gateway"]) == 3)
        #expect(lines.line(["history", "path"]) == nil, "nothing enclosing it is written")
    }

    /// Values over several lines hide text that looks like headers and keys: none of it moves
    /// the lines of the keys after them, nor becomes a key of its own.
    @Test func valuesOverSeveralLinesAreNotReadAsKeys() {
        let lines = TOMLKeyLines(text: #"""
            [keys]
            send = [
              "ctrl-s",   # gateway = "x"
              "f5",
            ]
            note = """
            [profiles.evil]
            gateway = "meta"
            """
            raw = '''
            [history]
            path = "/dev/null"'''
            quit = "q"
            tricky = "a # not a comment ] ["
            help = "?"
            """#)
        #expect(lines.line(["keys", "quit"]) == 13)
        #expect(lines.line(["keys", "help"]) == 15)
        #expect(lines.line(["profiles", "evil"]) == nil)
        #expect(lines.line(["history"]) == nil)
        #expect(lines.line(["keys", "gateway"]) == 1, "not a key: only [keys] itself is written")
    }

    @Test func crlfLinesCountLikeLF() {
        let lines = TOMLKeyLines(text: "[history]\r\nenabled = true\r\n\r\npath = \"x\"\r\n")
        #expect(lines.line(["history", "enabled"]) == 2)
        #expect(lines.line(["history", "path"]) == 4)
    }

    @Test func arraysOfTablesAndEscapedKeys() {
        let lines = TOMLKeyLines(text: "[[a.b]]\nx = 1\n[[a.b]]\nx = 2\n\"\\u0041\" = 3\n")
        #expect(lines.line(["a", "b"]) == 1, "the first one")
        #expect(lines.line(["a", "b", "x"]) == 2)
        #expect(lines.line(["a", "b", "A"]) == 5)
    }
}
