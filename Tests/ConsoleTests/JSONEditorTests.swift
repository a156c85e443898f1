import Foundation
import Testing
@testable import Console
import Providers
import WhatsAppModel

/// The multi-line JSON editor: its keys, its checks, and how it is drawn.
@Suite struct JSONEditorTests {
    func keys(_ e: inout JSONEditor, _ keys: [KeyEvent], page: Int = 10) {
        for k in keys {
            let handled = e.apply(k, page: page)
            #expect(handled, "\(k) is an editor key")
        }
    }

    @Test func enterIndentsLikeTheLineAndOneStepMoreAfterABracket() {
        var e = JSONEditor("{}")
        keys(&e, [.right, .enter])
        #expect(e.lines == ["{", "  ", "}"], "a closing bracket after the cursor gets its own line")
        #expect(e.cursor == TextPosition(line: 1, column: 2))
        keys(&e, typing("\"a\": 1,") + [.enter])
        #expect(e.lines == ["{", "  \"a\": 1,", "  ", "}"])
        #expect(e.cursor == TextPosition(line: 2, column: 2))
    }

    @Test func backspaceAndDeleteJoinLinesAndArrowsCrossThem() {
        var e = JSONEditor("ab\ncd")
        keys(&e, [.down, .home, .backspace])
        #expect(e.lines == ["abcd"] && e.cursor == TextPosition(line: 0, column: 2))
        keys(&e, [.enter, .up, .end, .delete])
        #expect(e.lines == ["abcd"])
        keys(&e, [.enter, .left])
        #expect(e.cursor == TextPosition(line: 0, column: 2), "← at a line's start goes to the end of the line above")
        keys(&e, [.right])
        #expect(e.cursor == TextPosition(line: 1, column: 0))
        // Ctrl-K at a line's end joins the next line, as in Emacs.
        keys(&e, [.left, .ctrl("k")])
        #expect(e.lines == ["abcd"])
    }

    @Test func upAndDownKeepTheDisplayColumnAcrossWideCharactersAndShortLines() {
        var e = JSONEditor("\"中文字\"\nx\n\"abcdef\"")
        keys(&e, [.right, .right, .right])  // after 中文: display column 5
        #expect(e.cursorColumn == 5)
        keys(&e, [.down])
        #expect(e.cursor == TextPosition(line: 1, column: 1), "a short line: its end")
        keys(&e, [.down])
        #expect(e.cursor == TextPosition(line: 2, column: 5), "the column aimed for comes back")
        keys(&e, [.up, .up])
        #expect(e.cursor == TextPosition(line: 0, column: 3) && e.cursorColumn == 5)
    }

    @Test func pageKeysMoveByAPageAndAltKeysToTheEnds() {
        var e = JSONEditor((0..<100).map { "\($0)" }.joined(separator: "\n"))
        keys(&e, [.pageDown], page: 20)
        #expect(e.cursor.line == 19)
        keys(&e, [.pageDown, .pageUp], page: 20)
        #expect(e.cursor.line == 19)
        keys(&e, [.alt(">")])
        #expect(e.cursor == TextPosition(line: 99, column: 2))
        keys(&e, [.alt("<")])
        #expect(e.cursor == TextPosition(line: 0, column: 0))
    }

    @Test func aPasteOfManyLinesGoesInWholeWithItsLineBreaks() {
        var e = JSONEditor("[]")
        keys(&e, [.right, .paste("1,\r\n2,\r3")])
        #expect(e.lines == ["[1,", "2,", "3]"])
        #expect(e.cursor == TextPosition(line: 2, column: 1))
    }

    @Test func tabIndentsShiftTabOutdents() {
        var e = JSONEditor("x")
        keys(&e, [.tab])
        #expect(e.lines == ["  x"] && e.cursor.column == 2)
        keys(&e, [.backTab])
        #expect(e.lines == ["x"] && e.cursor.column == 0)
    }

    @Test func undoTakesBackTypingAsOneStepAndRedoRedoesIt() {
        var e = JSONEditor("{}")
        keys(&e, [.right] + typing("abc") + [.enter])
        #expect(e.text == "{abc\n}")
        keys(&e, [.ctrl("z")])
        #expect(e.text == "{abc}")
        keys(&e, [.ctrl("z")])
        #expect(e.text == "{}" && e.cursor.column == 1)
        keys(&e, [.ctrl("y"), .ctrl("y")])
        #expect(e.text == "{abc\n}")
        keys(&e, [.ctrl("x")])
        #expect(e.text == "")
        keys(&e, [.ctrl("z")])
        #expect(e.text == "{abc\n}")
    }

    @Test func theViewFollowsTheCursorBothWays() {
        var e = JSONEditor((0..<50).map { String(repeating: "x", count: $0 * 4) }.joined(separator: "\n"))
        keys(&e, [.alt(">")])
        e.follow(rows: 10, columns: 40)
        #expect(e.top == 40)
        #expect(e.left > 0 && e.cursorColumn < e.left + 40 && e.cursorColumn >= e.left)
        keys(&e, [.home])
        e.follow(rows: 10, columns: 40)
        #expect(e.left == 0)
    }

    // MARK: Checks

    static let typo = """
        {
          "messaging_product": "whatsapp",
          "type": "text",
          "text": {
            "body": "Hello"
            "preview_url": false
          }
        }
        """

    @Test func theSyntaxErrorIsMarkedAtItsLineAndColumnAndGoesWhenFixed() {
        var s = AppState(width: 120, height: 40)
        s.set(.kind, "json")
        s.focus = .content
        s.recompute()
        _ = press(&s, [.enter])
        guard case .editingJSON = s.mode else { Issue.record("Enter did not open the editor"); return }
        _ = press(&s, [.ctrl("x"), .paste(Self.typo)])
        guard case .editingJSON(let e) = s.mode else { Issue.record("the editor closed"); return }
        #expect(s.draft.json == Self.typo, "the draft follows the editor")
        let error = e.syntaxError
        #expect(error?.line == 5 && error?.mark.column == 4, "line 6, column 5: the member after the missing comma")
        let screen = Renderer.render(s).grid
        let row = screen.lines.first { $0.contains("\"preview_url\"") } ?? ""
        #expect(row.hasPrefix("  6!"), "the gutter marks the line: \(row)")
        #expect(screen.lines.contains { $0.hasPrefix("✗ line 6, column 5") }, "the status line says why:\n\(screen.text)")
        // An Enter above it moves the mark down a line; undo brings it back.
        _ = press(&s, [.alt("<"), .enter])
        #expect(s.mode.jsonEditor?.syntaxError?.line == 6)
        _ = press(&s, [.ctrl("z")])
        #expect(s.mode.jsonEditor?.syntaxError?.line == 5)
        // The fix: to the end of the body line, a comma.
        _ = press(&s, [.alt(">"), .up, .up, .up, .end, .char(",")])
        #expect(s.mode.jsonEditor?.syntaxError == nil)
        #expect(s.preparation.isSendable)
        #expect(Renderer.render(s).grid.text.contains("✓ reads as a message"))
        // Esc leaves the editor with the message in the draft; Ctrl-S from the editor sends.
        _ = press(&s, [.escape])
        #expect({ if case .form = s.mode { return true } else { return false } }())
        _ = press(&s, [.enter])
        #expect(press(&s, [.ctrl("s")]).contains { if case .send = $0 { return true } else { return false } })
    }

    @Test func findingsAreShownBesideTheLineOfTheirValue() {
        var s = AppState(width: 120, height: 40)
        s.set(.kind, "json")
        s.focus = .content
        s.recompute()
        _ = press(&s, [.enter, .ctrl("x"), .paste("{\n  \"type\": \"text\",\n  \"text\": {\n    \"body\": \"\(String(repeating: "b", count: 4097))\"\n  }\n}")])
        let e = s.mode.jsonEditor
        #expect(e?.syntaxError == nil)
        #expect(e?.marks(on: 3).contains { $0.severity == .error && $0.message.hasPrefix("text.body") } == true, "\(String(describing: e?.findingMarks))")
        let screen = Renderer.render(s).grid.lines
        let row = screen.first { $0.contains("\"body\"") } ?? ""
        #expect(row.hasPrefix("  4!"), "\(row)")
        #expect(row.hasSuffix("…"), "the long line is cut with a mark: \(row)")
        // The cursor's line says what is wrong with it.
        _ = press(&s, [.up, .up])
        #expect(Renderer.render(s).grid.lines.contains { $0.hasPrefix("line 4: text.body") })
    }

    @Test func valuesThatAreNoMessageAreMarkedAtTheirPath() {
        var s = AppState(width: 120, height: 40)
        s.set(.kind, "json")
        s.focus = .content
        s.recompute()
        _ = press(&s, [.enter, .ctrl("x"), .paste("{\n  \"type\": \"text\",\n  \"text\": 5\n}")])
        #expect(s.mode.jsonEditor?.syntaxError?.line == 2, "\(String(describing: s.mode.jsonEditor?.syntaxError))")
    }

    @Test func aCurlImportTheFormCannotHoldOpensInTheEditor() {
        var s = AppState(width: 120, height: 40)
        let body = #"{"messaging_product": "whatsapp", "to": "+27825550100", "type": "template", "template": {"name": "order", "language": {"code": "en"}, "components": [{"type": "header", "parameters": [{"type": "image", "image": {"link": "https://example.com/a.png"}}]}]}}"#
        _ = press(&s, [.char("I"), .paste("curl -X POST https://graph.facebook.com/v23.0/1065403/messages -H 'Content-Type: application/json' -d '\(body)'"), .enter])
        #expect(s.draft.kind == .json)
        let e = s.mode.jsonEditor
        #expect(e?.lines.count ?? 0 > 10, "pretty, one member a line")
        #expect(s.notice?.text.contains("opened as JSON") == true)
    }

    // MARK: Drawing

    @Test func longLinesScrollSidewaysByDisplayWidthWithMarks() {
        var s = AppState(width: 60, height: 20)
        s.set(.kind, "json")
        s.focus = .content
        s.recompute()
        let long = "\"" + String(repeating: "中", count: 40) + "\""
        _ = press(&s, [.enter, .ctrl("x"), .paste(long)])
        let frame = Renderer.render(s)
        let e = s.mode.jsonEditor
        let row = frame.grid.lines[2]
        #expect(row.contains("‹"), "text scrolled off to the left is marked: \(row)")
        // The cursor sits after the closing quote, by display width.
        #expect(frame.cursor?.x == (e.map { Renderer.jsonEditorArea(s, $0).gutter } ?? 0) + (e?.cursorColumn ?? 0) - (e?.left ?? 0))
        _ = press(&s, [.home])
        let start = Renderer.render(s).grid.lines[2]
        #expect(!start.contains("‹") && start.trimmingCharacters(in: .whitespaces).hasSuffix("…"), "at the start, the cut is at the right: \(start)")
    }
}

/// Keys terminals send as CSI sequences their terminfo entry may not name.
@Suite struct TerminalKeyTests {
    @Test func homeEndAndFriendsAreReadFromCSISequences() {
        #expect(NCursesTerminal.csiKey("1~") == .home && NCursesTerminal.csiKey("4~") == .end)
        #expect(NCursesTerminal.csiKey("H") == .home && NCursesTerminal.csiKey("F") == .end)
        #expect(NCursesTerminal.csiKey("3~") == .delete && NCursesTerminal.csiKey("1;5C") == .ctrlRight)
        #expect(NCursesTerminal.csiKey("99~") == nil, "an unknown sequence is no key (and no Esc)")
    }
}

extension Mode {
    /// The JSON editor, if it has the keyboard.
    var jsonEditor: JSONEditor? { if case .editingJSON(let e) = self { e } else { nil } }
}
