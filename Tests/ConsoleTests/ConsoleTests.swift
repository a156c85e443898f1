import Foundation
import Testing
@testable import Console
import Providers
import WhatsAppModel

let snapshotDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

/// Compares a grid's text with Snapshots/NAME.txt. WACON_RECORD_SNAPSHOTS=1 rewrites it; a
/// missing snapshot is written and the test fails, so a new screen is always looked at once.
func assertSnapshot(_ grid: CellGrid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let file = snapshotDir.appendingPathComponent(name + ".txt")
    let text = grid.text + "\n"
    if ProcessInfo.processInfo.environment["WACON_RECORD_SNAPSHOTS"] == "1" || !FileManager.default.fileExists(atPath: file.path) {
        try FileManager.default.createDirectory(at: snapshotDir, withIntermediateDirectories: true)
        let existed = FileManager.default.fileExists(atPath: file.path)
        try text.write(to: file, atomically: true, encoding: .utf8)
        if !existed { Issue.record("recorded a new snapshot \(name); check it and run again", sourceLocation: sourceLocation) }
        return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(text == expected, "snapshot \(name) differs:\n\(text)", sourceLocation: sourceLocation)
}

/// Feeds keys through `update`.
func press(_ s: inout AppState, _ keys: [KeyEvent]) -> [Effect] {
    keys.flatMap { s.update(.key($0)) }
}

func typing(_ text: String) -> [KeyEvent] { text.map { KeyEvent.char($0) } }

@Suite struct CellGridTests {
    @Test func wideCharactersTakeTwoCellsAndAreNotCutInHalf() {
        var g = CellGrid(width: 6, height: 1)
        #expect(g.put("a😀中b", x: 0, y: 0) == 6)
        #expect(g.lines == ["a😀中b"])
        #expect(g[1, 0].width == 2 && g[2, 0].width == 0)
        var h = CellGrid(width: 4, height: 1)
        #expect(h.put("ab中文", x: 0, y: 0) == 4)
        #expect(h.put("xy中", x: 1, y: 0, maxWidth: 2) == 2, "a wide character that would be cut is left out")
        #expect(h.lines == ["axy "], "overwriting half of 中 blanks its other half")
    }

    @Test func charactersOfSeveralScalarsStayWhole() {
        // The scalar fast path must hand joiners back to the character path, one character back.
        var g = CellGrid(width: 12, height: 1)
        #expect(g.put("ae\u{301}→🇿🇦1\u{FE0F}\u{20E3}👨‍👩‍👧z", x: 0, y: 0) == 10)
        #expect(g.lines == ["ae\u{301}→🇿🇦1\u{FE0F}\u{20E3}👨‍👩‍👧z  "])
        #expect(g.text(x: 1, y: 0) == "e\u{301}" && g[1, 0].isCluster)
        #expect(g.text(x: 2, y: 0) == "→" && !g[2, 0].isCluster)
        #expect(g.text(x: 3, y: 0) == "🇿🇦" && g[3, 0].width == 2)
        // Overwriting a cluster forgets its text.
        g.put("xyz", x: 0, y: 0)
        #expect(g.lines == ["xyz🇿🇦1\u{FE0F}\u{20E3}👨‍👩‍👧z  "])
        #expect(g.text(x: 1, y: 0) == "y" && !g[1, 0].isCluster)
    }

    @Test func fillingOverHalfOfAWideCharacterBlanksTheOtherHalf() {
        var g = CellGrid(width: 6, height: 1)
        g.put("ab中cd", x: 0, y: 0)
        g.fill(x: 0, y: 0, width: 3, height: 1)
        #expect(g.lines == ["    cd"], "the right half of 中 must not survive as a zero-width cell")
        g.put("中", x: 2, y: 0)
        g.repeatCharacter("─", x: 3, y: 0, count: 3)
        #expect(g.lines == ["   ───"], "a rule over the right half blanks the left half")
    }

    @Test func displayWidths() {
        #expect(DisplayWidth.of("é") == 1)
        #expect(DisplayWidth.of("中") == 2)
        #expect(DisplayWidth.of("😀") == 2)
        #expect(DisplayWidth.of("👨‍👩‍👧") == 2)
        #expect(DisplayWidth.of("🇿🇦") == 2)
        #expect(DisplayWidth.of("❤️") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("שלום") == 4)
        #expect(DisplayWidth.prefix("ab中文", columns: 3) == "ab")
    }
}

@Suite struct ThemeTests {
    @Test func theDefaultThemeIsTheFileInThemes() throws {
        let file = try Theme.load(path: Theme.repoThemes.appendingPathComponent("dark.toml").path, base: Theme.builtInDark)
        #expect(file == Theme.builtInDark, "themes/dark.toml and the built-in copy must match")
        #expect(Set(file.colors.keys) == Set(Role.allCases))
    }

    @Test func aBadThemeNamesFileAndKey() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).toml").path
        try "[colors]\nerror = \"#zz0000\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try Theme.load(path: path) } throws: { ($0 as? Theme.LoadError)?.key == "colors.error" }
        try "[colors]\nshiny = \"#ff0000\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try Theme.load(path: path) } throws: { ($0 as? Theme.LoadError)?.description.contains("unknown role") == true }
    }

    @Test func coloursFallBackToWhatTheTerminalHas() {
        let red = ThemeColor.rgb(0xbf, 0x61, 0x6a)
        #expect(red.terminalColor(colors: 256) >= 16)
        #expect(red.terminalColor(colors: 16) == 1)
        #expect(red.terminalColor(colors: 8) == 1)
        #expect(ThemeColor.terminal.terminalColor(colors: 256) == -1)
        #expect(ThemeColor.rgb(0xff, 0xff, 0xff).terminalColor(colors: 16) == 15)
    }
}

@Suite struct UpdateTests {
    @Test func editingMovesByCharacterAndShowsByDisplayWidth() {
        var s = AppState(width: 120, height: 40)
        _ = press(&s, [.enter, .ctrl("u")] + typing("+27 82 😀") + [.backspace])
        #expect(s.draft.to == "+27 82 ")
        _ = press(&s, typing("555 0100") + [.ctrlLeft, .ctrl("w")])
        #expect(s.draft.to == "+27 82 0100", "^W deletes the word before the caret")
        _ = press(&s, [.home, .delete, .end] + typing("9") + [.enter])
        #expect(s.draft.to == "27 82 01009")
        #expect(s.editing == nil)
        // The preview follows: no country code now, and the field is marked.
        #expect(s.preparation.findings.contains { $0.path == "to" && $0.rule == .phoneNumber })
        let screen = Renderer.render(s).grid.text
        #expect(screen.contains("! to"))
        #expect(screen.contains("no country code"))
    }

    @Test func theCaretIsPlacedByDisplayWidth() {
        var s = AppState(width: 120, height: 40)
        _ = press(&s, [.enter, .ctrl("u")] + typing("中文ab"))
        let (_, cursor) = Renderer.render(s)
        let plain = AppState(width: 120, height: 40)
        var t = plain
        _ = press(&t, [.enter, .ctrl("u")])
        let (_, start) = Renderer.render(t)
        #expect(cursor!.x - start!.x == 6, "two wide characters and two narrow ones")
    }

    @Test func pasteGoesInOnOneLineForSingleLineFields() {
        var s = AppState(width: 120, height: 40)
        _ = press(&s, [.enter, .ctrl("u"), .paste("+27 82\n555 0100"), .enter])
        #expect(s.draft.to == "+27 82 555 0100")
    }

    @Test func sendingIsAnEffectAndRealProfilesAskFirst() {
        var s = AppState(width: 120, height: 40)
        let effects = press(&s, [.ctrl("s")])
        guard case .send(let m, let g, let p, _)? = effects.first else { Issue.record("no send"); return }
        #expect(g == .meta && p.isSandbox && m.to == s.draft.to)
        #expect(s.sending)
        #expect(press(&s, [.ctrl("s")]).isEmpty, "one send at a time")
        var prod = Profile(name: "prod", gateway: .meta)
        prod.phoneNumberID = "1"; prod.apiVersion = "v23.0"; prod.secret = .inline("EAAGlive0000000000")
        var r = AppState(width: 120, height: 40, profiles: GatewayID.allCases.map(Profile.builtIn) + [prod])
        r.profileName[.meta] = "prod"
        #expect(press(&r, [.ctrl("s")]).isEmpty)
        #expect(r.confirming)
        #expect(Renderer.render(r).grid.text.contains("not the sandbox"))
        #expect(press(&r, [.char("n")]).isEmpty && !r.confirming)
        _ = press(&r, [.function(5)])
        guard case .send(_, _, let p2, _)? = press(&r, [.char("y")]).first else { Issue.record("no send after y"); return }
        #expect(p2.name == "prod")
    }

    @Test func gatewaysCycleAndThePreviewFollows() {
        var s = AppState(width: 120, height: 40)
        var urls: [String] = []
        for _ in GatewayID.allCases {
            urls.append(s.preparation.request?.url ?? "")
            _ = press(&s, [.char("g")])
        }
        #expect(s.gateway == .meta)
        #expect(urls[0].contains("graph.facebook.com") && urls[1].contains("kaleyra.io") && urls[2].contains("flowiq") && urls[3].contains("botika") && urls[4].contains("zixflow"))
        // Zixflow shows its option pane; the number is sent digits-only.
        _ = press(&s, [.char("G")])
        #expect(s.panes.contains(.options))
        #expect(s.recipientLine == "sent as 27825550100")
    }

    @Test func buttonsCanBeAddedRemovedAndReordered() {
        var s = AppState(width: 120, height: 40)
        _ = press(&s, [.tab])  // type pane
        _ = press(&s, [.enter])  // text → image
        while s.draft.kind != .button { _ = press(&s, [.enter]) }
        #expect(s.panes.contains(.buttons))
        while s.focus != .buttons { _ = press(&s, [.tab]) }
        _ = press(&s, [.char("a")])
        #expect(s.draft.buttons.map(\.title) == ["Yes", "No", "Button 3"])
        #expect(s.currentField?.id == .buttonTitle(2), "the cursor goes to the new button")
        _ = press(&s, [.char("a")])
        #expect(s.draft.buttons.count == 3, "at most three")
        _ = press(&s, [.char("K")])
        #expect(s.draft.buttons.map(\.title) == ["Yes", "Button 3", "No"])
        _ = press(&s, [.char("K"), .char("K")])
        #expect(s.draft.buttons.map(\.title) == ["Button 3", "Yes", "No"], "the first stays first")
        #expect(s.currentField?.id == .buttonTitle(0), "the cursor follows the moved button")
        _ = press(&s, [.char("x")])
        #expect(s.draft.buttons.map(\.title) == ["Yes", "No"])
        #expect(s.preparation.request?.bodyJSON["interactive"]?["action"]?["buttons"]?.arrayValue?.count == 2)
        _ = press(&s, [.char("x"), .char("x")])
        #expect(s.draft.buttons.count == 1, "the last button stays")
    }

    @Test func listSectionsAndRowsCanBeAddedRemovedAndReordered() {
        var s = AppState(width: 120, height: 40)
        s.draft.kind = .list
        s.recompute()
        while s.focus != .buttons { _ = press(&s, [.tab]) }
        _ = press(&s, [.down])  // section 1
        #expect(s.currentField?.id == .sectionTitle(0))
        _ = press(&s, [.char("a")])
        #expect(s.draft.sections[0].rows.map(\.title) == ["First option", "Option 2"], "on a section, a row goes at its end")
        _ = press(&s, [.char("A")])
        #expect(s.draft.sections.count == 2 && s.currentField?.id == .sectionTitle(1))
        var sections: [JSONValue] { s.preparation.request?.bodyJSON["interactive"]?["action"]?["sections"]?.arrayValue ?? [] }
        #expect(sections.count == 2)
        #expect(sections[1]["rows"]?.arrayValue?.count == 1, "a new section comes with a row, as Meta requires")
        _ = press(&s, [.char("K")])
        #expect(s.draft.sections.map(\.title) == ["Section 2", ""] && s.currentField?.id == .sectionTitle(0))
        // The title of a second section is required: the empty one is marked in the form.
        let second = s.fields(.buttons).first { $0.id == .sectionTitle(1) }!
        #expect(s.findings(for: second).contains { $0.isError }, "\(s.preparation.findings)")
        // Rows up to Meta's total of 10 across sections; then `a` and `A` do nothing.
        for _ in 0..<12 { _ = press(&s, [.char("a")]) }
        #expect(s.draft.rowCount == 10)
        _ = press(&s, [.char("A")])
        #expect(s.draft.sections.count == 2)
        // Removing the only row of a section removes the section.
        while s.currentField?.id != .rowTitle(1, 0) { _ = press(&s, [.down]) }
        #expect(s.draft.sections[1].rows.count == 2)
        _ = press(&s, [.char("x"), .char("x")])
        #expect(s.draft.sections.count == 1)
        #expect(sections.count == 1)
    }

    @Test func contactCardsCanBeAddedAndRemoved() {
        var s = AppState(width: 120, height: 40)
        s.draft.kind = .contacts
        s.recompute()
        while s.focus != .content { _ = press(&s, [.tab]) }
        _ = press(&s, [.enter] + typing("Ada Lovelace") + [.enter, .down] + [.enter] + typing("+44 20 7946 0000") + [.enter])
        _ = press(&s, [.char("a")])
        #expect(s.currentField?.id == .contactName(1))
        _ = press(&s, [.enter] + typing("Alan Turing") + [.enter, .down, .down] + [.enter] + typing("alan@example.com") + [.enter])
        let cards = s.preparation.request?.bodyJSON["contacts"]?.arrayValue ?? []
        #expect(cards.count == 2)
        #expect(cards[0]["name"]?["last_name"]?.stringValue == "Lovelace")
        #expect(cards[0]["phones"]?.arrayValue?.first?["phone"]?.stringValue == "+44 20 7946 0000")
        #expect(cards[1]["emails"]?.arrayValue?.first?["email"]?.stringValue == "alan@example.com")
        _ = press(&s, [.char("K")])
        #expect(s.draft.contacts.map(\.name) == ["Alan Turing", "Ada Lovelace"])
        _ = press(&s, [.char("x")])
        #expect(s.draft.contacts.map(\.name) == ["Ada Lovelace"])
    }

    @Test func sendResultsAndStatusesReachThePanel() {
        var s = AppState(width: 120, height: 40)
        _ = press(&s, [.ctrl("s")])
        s.apply(status: DeliveryStatus(gateway: .meta, messageID: "wamid.1", status: "sent"))
        s.apply(status: DeliveryStatus(gateway: .meta, messageID: "wamid.1", status: "failed", errors: [StatusError(code: "131047", title: "Re-engagement", details: nil)]))
        let text = Renderer.render(s).grid.text
        #expect(text.contains("status: sent → failed (131047)"))
    }

    @Test func tinyTerminalsSayTooSmall() {
        #expect(Renderer.render(AppState(width: 19, height: 5)).grid.text.hasPrefix("too small"))
        #expect(!Renderer.render(AppState(width: 20, height: 6)).grid.text.hasPrefix("too small"))
    }
}

/// Full screens at 80×24 and 120×40 for each pane and overlay.
@Suite struct SnapshotTests {
    static func states() -> [(String, AppState)] {
        var out: [(String, AppState)] = []
        var base = AppState(width: 120, height: 40)
        base.draft.to = "+27 82 555 0100"
        out.append(("text", base))
        var list = base
        list.draft.kind = .list
        list.draft.body = "Pick a delivery slot 🚚"
        list.draft.sections = [DraftSection(title: "Today", rows: [DraftRow(id: "am", title: "Morning", description: "08:00–12:00"),
                                                                   DraftRow(id: "pm", title: "Afternoon", description: "12:00–17:00")]),
                               DraftSection(title: "Tomorrow", rows: [DraftRow(id: "tam", title: "Morning")])]
        list.focus = .buttons
        out.append(("list-buttons-pane", list))
        var flow = base
        flow.draft.kind = .flow
        flow.draft.body = "Book your appointment"
        flow.draft.flowID = "1843271234567890"
        flow.draft.flowScreen = "BOOKING"
        flow.focus = .content
        out.append(("flow-content-pane", flow))
        var kaleyra = base
        kaleyra.gateway = .kaleyra
        kaleyra.draft.ref = "ticket-4711"
        kaleyra.focus = .options
        out.append(("kaleyra-options-pane", kaleyra))
        var invalid = base
        invalid.draft.to = "0825550100"
        invalid.draft.body = ""
        invalid.focus = .content
        out.append(("findings", invalid))
        var help = base
        help.showHelp = true
        out.append(("help", help))
        var gatewayPane = base
        gatewayPane.focus = .gateway
        gatewayPane.gateway = .zixflow
        out.append(("gateway-pane", gatewayPane))
        return out.map { name, s in
            var t = s
            t.recompute()
            return (name, t)
        }
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func screens(_ size: (Int, Int)) throws {
        for (name, state) in Self.states() {
            var s = state
            s.width = size.0
            s.height = size.1
            try assertSnapshot(Renderer.render(s).grid, "\(name)-\(size.0)x\(size.1)")
        }
    }
}
