import Foundation
import Testing
@testable import Console
import Providers
import WhatsAppModel
import History
import Session

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

/// A terminal event through `update` as the runtime passes it: a click lands on what the frame
/// for the state shows at its cell.
func point(_ s: inout AppState, _ event: KeyEvent) -> [Effect] {
    s.update(AppEvent(event, over: Renderer.render(s)))
}

@Suite struct CellGridTests {
    @Test func wideCharactersTakeTwoCellsAndAreNotCutInHalf() {
        var g = CellGrid(width: 6, height: 1)
        #expect(g.put("a😀中b", x: 0, y: 0) == 6)
        #expect(g.lines == ["a😀中b"])
        #expect(g[1, 0].width == 2 && g[2, 0].width == 0)
        var h = CellGrid(width: 4, height: 1)
        #expect(h.put("ab中文", x: 0, y: 0) == 4)
        #expect(h.put("xy中", x: 1, y: 0, maxWidth: 2) == 2, "a wide character that would be cut is left out")
        #expect(h.lines == ["ax… "], "overwriting half of 中 blanks its other half; the cut ends in …")
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
        let file = try Theme.load(path: repoThemes.appendingPathComponent("dark.toml").path, base: Theme.builtInDark)
        #expect(file == Theme.builtInDark, "Themes/dark.toml and the built-in copy must match")
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
        _ = press(&s, [.home, .delete] + typing("0") + [.end] + typing("9") + [.enter])
        #expect(s.draft.to == "027 82 01009")
        #expect(s.mode.editing == nil)
        // The preview follows: no country code now (Meta would complete it with the business
        // number's: a warning), said under the field.
        #expect(s.preparation.findings.contains { $0.path == "to" && $0.rule == .phoneNumber && $0.severity == .warning })
        let screen = Renderer.render(s).grid.text
        #expect(screen.contains("no country code"))
    }

    /// The console reads a recipient as the validator and the sandbox do (the same cases as the
    /// CLI's verdict tests).
    @Test func theRecipientReadsAsTheValidatorReadsIt() {
        for (typed, line) in [("16505551234", "sent as +16505551234 (US)"), ("+44 (0) 7700 900123", "sent as +447700900123 (GB)"),
                              ("+44 07700 900123", "sent as +447700900123 (GB)"), ("+49 (0)30 1234567", "sent as +49301234567 (DE)"),
                              ("+27 082 555 0100", "sent as +27825550100 (ZA)")] {
            var s = AppState(width: 120, height: 40)
            _ = press(&s, [.enter, .ctrl("u")] + typing(typed) + [.enter])
            #expect(s.draft.to == typed)
            #expect(s.recipientLine == line, "\(typed)")
            #expect(!s.preparation.findings.contains { $0.path == "to" && $0.severity != .note }, "\(typed)")
            #expect(s.preparation.findings.contains { $0.path == "to" && $0.severity == .note }, "\(typed): what wacon changed is said")
            #expect(Renderer.render(s).grid.text.contains(line))
        }
        var s = AppState(width: 120, height: 40)
        _ = press(&s, [.enter, .ctrl("u")] + typing("+44 1234") + [.enter])
        #expect(s.preparation.findings.contains { $0.path == "to" && $0.isError && $0.message.contains("United Kingdom") })
    }

    @Test func theCaretIsPlacedByDisplayWidth() {
        var s = AppState(width: 120, height: 40)
        _ = press(&s, [.enter, .ctrl("u")] + typing("中文ab"))
        let cursor = Renderer.render(s).cursor
        let plain = AppState(width: 120, height: 40)
        var t = plain
        _ = press(&t, [.enter, .ctrl("u")])
        let start = Renderer.render(t).cursor
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
        guard case .send(.message(let m, let g, let p, _))? = effects.first else { Issue.record("no send"); return }
        #expect(g == .meta && p.isSandbox && m.to == s.draft.to)
        #expect(s.sending)
        #expect(press(&s, [.ctrl("s")]).isEmpty, "one send at a time")
        var prod = Profile(name: "prod", gateway: .meta)
        prod.phoneNumberID = "1"; prod.apiVersion = "v23.0"; prod.secret = .inline("EAAGlive0000000000")
        var r = AppState(width: 120, height: 40, profiles: GatewayID.allCases.map(Profile.builtIn) + [prod])
        r.profileName[.meta] = "prod"
        #expect(press(&r, [.ctrl("s")]).isEmpty)
        #expect(r.mode.isConfirmingSend)
        #expect(Renderer.render(r).grid.text.contains("not the sandbox"))
        #expect(press(&r, [.char("n")]).isEmpty && !r.mode.isConfirmingSend)
        _ = press(&r, [.function(5)])
        guard case .send(.message(_, _, let p2, _))? = press(&r, [.char("y")]).first else { Issue.record("no send after y"); return }
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
        #expect(s.recipientLine == "sent as 27825550100 (ZA)")
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
        kaleyra.draft.options["ref"] = "ticket-4711"
        kaleyra.focus = .options
        out.append(("kaleyra-options-pane", kaleyra))
        var invalid = base
        invalid.draft.to = "0825550100"
        invalid.draft.body = ""
        invalid.focus = .content
        out.append(("findings", invalid))
        var help = base
        help.mode = .help
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

/// Opening a message into the form (history entries, saved messages, pasted curl commands).
@Suite struct DraftOpeningTests {
    static let examples: [URL] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = root.appendingPathComponent("examples")
        return ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }()

    /// Every example opens without losing a byte of meaning: into the form when it holds the
    /// message exactly, else as JSON; either way the draft gives back the same message.
    @Test func everyExampleOpensLosslessly() throws {
        #expect(Self.examples.count >= 30)
        var intoForm: [String] = []
        for url in Self.examples {
            let message = try OutboundMessage.parse(try String(contentsOf: url, encoding: .utf8))
            let draft = Draft.opening(message)
            #expect(draft.message.json == message.json, "\(url.lastPathComponent) changed on opening")
            if draft.kind != .json { intoForm.append(url.lastPathComponent) }
        }
        // The kinds the form edits open as forms, not as JSON.
        for name in ["text.json", "image-link.json", "location.json", "seed-flowiq-contacts.json", "reaction.json", "interactive-button.json",
                     "interactive-list.json", "interactive-cta-url.json", "reply.json", "largest-list.json", "interactive-flow.json",
                     "template-flow.json"] {
            #expect(intoForm.contains(name), "\(name) should open into the form")
        }
        // What the form has no fields for opens as JSON: an image header, a card with a
        // birthday and two phones, a template with header and button components.
        for name in ["interactive-button-image.json", "contacts.json", "template.json"] {
            #expect(!intoForm.contains(name), "\(name) holds more than the form: it opens as JSON")
        }
    }

    @Test func switchingToJSONAndBackKeepsTheMessage() {
        var s = AppState(width: 120, height: 40)
        s.draft.body = "Hi there"
        s.recompute()
        s.set(.kind, "json")
        #expect(s.draft.kind == .json && s.draft.json.contains("\"body\": \"Hi there\""))
        s.recompute()
        #expect(s.preparation.isSendable)
        s.set(.json, s.draft.json.replacingOccurrences(of: "Hi there", with: "Edited as JSON"))
        s.set(.kind, "text")
        #expect(s.draft.kind == .text && s.draft.body == "Edited as JSON")
        // Unreadable JSON is an error finding, and there is nothing to send.
        s.set(.kind, "json")
        s.set(.json, "{\"type\": ")
        s.recompute()
        #expect(s.preparation.request == nil)
        #expect(s.preparation.findings.first?.path.description == "json")
    }
}

/// The palette, prompts, clipboard and mouse: update-function tests.
@Suite struct ConsoleDepthTests {
    @Test func fuzzyMatchingPrefersRunsAndWordStarts() throws {
        #expect(FuzzyMatch.score("kal", in: "gateway: kaleyra") != nil)
        #expect(FuzzyMatch.score("xyz", in: "gateway: kaleyra") == nil)
        #expect(FuzzyMatch.score("", in: "anything")?.score == 0)
        let run = try #require(FuzzyMatch.score("send", in: "send the message"))
        let scattered = try #require(FuzzyMatch.score("send", in: "show every node"))
        #expect(run.score > scattered.score)
        #expect(run.positions == [0, 1, 2, 3])
        let p = Palette(items: [PaletteItem(title: "show every node", detail: "", target: .action("x")),
                                PaletteItem(title: "send the message", detail: "", target: .action("send"))], query: "send")
        #expect(p.current?.target == .action("send"), "the better match comes first")
    }

    @Test func thePaletteRunsWhatIsChosen() {
        var s = AppState(width: 120, height: 40)
        let effects = press(&s, [.ctrl("p")])
        #expect(effects == [.saved(.list)], "opening the palette asks for the saved messages")
        guard case .palette? = s.mode.overlay else { Issue.record("no palette"); return }
        _ = press(&s, typing("gateway botika") + [.enter])
        #expect(s.gateway == .botika)
        #expect({ if case nil = s.mode.overlay { return true } else { return false } }())
        // Esc closes without doing anything; saved messages appear once listed.
        _ = press(&s, [.char(":")] + typing("zix") + [.escape])
        #expect(s.gateway == .botika)
        _ = s.update(.savedNames(["order shipped"]))
        _ = press(&s, [.char(":")] + typing("open order"))
        #expect(press(&s, [.enter]) == [.saved(.open("order shipped"))])
    }

    @Test func aPastedCurlCommandFillsTheForm() {
        var s = AppState(width: 120, height: 40)
        _ = press(&s, [.char("I")])
        let curl = """
            curl -X POST 'https://api.in.kaleyra.io/v2/HXAP16XXXXXX97IN/whatsapp/+919876543210/messages' \\
              -H 'api-key: Ab1234' -H 'Content-Type: application/json' \\
              -d '{"messaging_object": {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "+27825550100",
                   "type": "text", "text": {"body": "from the docs"}}}'
            """
        _ = press(&s, [.paste(curl), .enter])
        #expect(s.gateway == .kaleyra)
        #expect(s.draft.kind == .text && s.draft.body == "from the docs")
        #expect(s.notice?.text.contains("key was not kept") == true, "\(String(describing: s.notice))")
        // A bad paste keeps the prompt open with the reason.
        _ = press(&s, [.char("I"), .paste("curl https://example.org/x -d '{}'"), .enter])
        guard case .prompt(let p)? = s.mode.overlay else { Issue.record("the prompt closed"); return }
        #expect(p.error?.isEmpty == false)
    }

    @Test func copyPutsTheBodyOrCurlOnTheClipboardWithSecretsMasked() throws {
        var s = AppState(width: 120, height: 40)
        let body = press(&s, [.char("y")])
        guard case .terminal(.copy(let text))? = body.first else { Issue.record("no copy effect"); return }
        #expect(text.contains("\"messaging_product\": \"whatsapp\""))
        let curl = press(&s, [.char("Y")])
        guard case .terminal(.copy(let c))? = curl.first else { Issue.record("no copy effect"); return }
        #expect(c.hasPrefix("curl ") && c.contains("••••"), "the key stays masked: \(c)")
    }

    @Test func savingAsksForANameAndNamesTheEffect() {
        var s = AppState(width: 120, height: 40)
        _ = press(&s, [.ctrl("o"), .enter])
        guard case .prompt(let p)? = s.mode.overlay else { Issue.record("no prompt"); return }
        #expect(p.error == "a name is needed")
        let effects = press(&s, typing("welcome") + [.enter])
        #expect(effects == [.saved(.save(name: "welcome", draft: s.draft, gateway: .meta, profile: "meta"))])
    }

    @Test func clicksFocusFieldsAndPickGateways() {
        var s = AppState(width: 120, height: 40)
        #expect(press(&s, [.char("M")]) == [.terminal(.setMouse(true))])
        // Find the screen row of the body field and click it.
        let grid = Renderer.render(s).grid
        let y = try! #require(grid.lines.firstIndex { $0.hasPrefix("    body ") })
        _ = point(&s, .mouse(x: 6, y: y, .click))
        #expect(s.focus == .content && s.currentField?.id == .body)
        // The title bar: "kaleyra" picks Kaleyra.
        let x = grid.lines[0].distance(from: grid.lines[0].startIndex, to: grid.lines[0].range(of: "kaleyra")!.lowerBound)
        _ = point(&s, .mouse(x: x + 1, y: 0, .click))
        #expect(s.gateway == .kaleyra)
        // The wheel over the preview scrolls it, within the request: one that fits stays put.
        _ = point(&s, .mouse(x: 100, y: 10, .wheelDown))
        #expect(s.previewScroll == 0)
        s.draft.body = String(repeating: "a body taller than the preview ", count: 100)
        s.recompute()
        _ = point(&s, .mouse(x: 100, y: 10, .wheelDown))
        #expect(s.previewScroll == 3)
    }

    /// The click lands where the frame drew the pane, whatever the size: the regions come from
    /// the render, so they move with the layout.
    @Test(arguments: [(120, 40), (64, 22)])
    func aClickInAPanesRegionFocusesThatPane(width: Int, height: Int) {
        var s = AppState(width: width, height: height)
        _ = press(&s, [.char("M")])
        // A pane's region: the row its title is drawn on (its other rows may be scrolled off).
        func region(_ pane: Pane, in frame: Frame) -> HitRegion? {
            frame.regions.first { $0.target == .pane(pane) && frame.grid.lines[$0.y].contains(pane == .preview ? "Preview ·" : pane.title) }
        }
        let first = Renderer.render(s)
        let panes = s.panes.filter { $0 != .send && region($0, in: first) != nil }
        #expect(panes.contains(.preview) && panes.contains(.type), "\(first.regions)")
        var clicked: [Pane] = []
        for pane in panes {
            _ = press(&s, [.tab])  // away from it first, so the click has to move the focus
            if s.focus == pane { _ = press(&s, [.tab]) }
            // The frame the runtime would have drawn last: the form scrolls with the focus.
            let frame = Renderer.render(s)
            guard let r = region(pane, in: frame) else { continue }
            _ = point(&s, .mouse(x: r.x + r.width / 2, y: r.y, .click))
            #expect(s.focus == pane, "a click at row \(r.y) in \(width)×\(height)")
            clicked.append(pane)
        }
        #expect(clicked.contains(.preview) && clicked.contains(.type), "\(clicked)")
        // The preview starts right of the form's rule, which moves with the width.
        #expect(region(.preview, in: first)?.x == Renderer.Layout(s).leftWidth + 1)
    }

    /// Ctrl-C leaves whatever has the keyboard and whatever `[keys]` did to quit.
    @Test(arguments: ["quit = \"ctrl-q\"", "quit = []", "send = \"ctrl-c\""])
    func ctrlCAlwaysQuits(keys: String) {
        let (keymap, _) = Keymap.load(toml: "[keys]\n" + keys + "\n", file: "c.toml")
        let modes: [[KeyEvent]] = [[], [.enter], [.char("?")], [.ctrl("p")], [.char("H")], [.char("I")]]
        for keysBefore in modes {
            var s = AppState(width: 120, height: 40)
            s.keymap = keymap
            _ = press(&s, keysBefore)
            let before = s.quit
            _ = press(&s, [.ctrl("c")])
            let after = s.quit
            #expect(!before && after, "\(keys), after \(keysBefore)")
        }
    }
}

/// The history pane's update logic over a real history file filled by real sandbox sends.
@Suite struct HistoryPaneTests {
    @Test func browseSearchOpenReplayAndCompare() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-pane-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try HistoryStore(path: dir + "/history.sqlite")
        let session = WaconSession(history: store)
        var text = Draft()
        text.body = "first"
        _ = try await session.send(SendJob(message: text.message, gateway: .meta, profile: .builtIn(.meta)))
        text.body = "second"
        _ = try await session.send(SendJob(message: text.message, gateway: .kaleyra, profile: .builtIn(.kaleyra)))
        await session.close()
        let browser = HistoryBrowser(store: store)

        var s = AppState(width: 120, height: 40)
        let open = press(&s, [.char("H")])
        guard case .history(.load(let q, nil, let token))? = open.first else { Issue.record("no load: \(open)"); return }
        _ = s.update(.historyPage(try browser.page(q), before: nil, token: token))
        guard case .history(let pane)? = s.mode.overlay else { Issue.record("no pane"); return }
        #expect(pane.rows.map(\.gateway) == ["kaleyra", "meta"], "newest first")
        #expect(Renderer.render(s).grid.text.contains("History · 2 shown"))

        // Every filter keystroke is a new query; an answer to an older one is dropped.
        let typed = press(&s, [.char("/")] + typing("meta"))
        guard case .history(.load(let q2, nil, let t2))? = typed.last else { Issue.record("no search: \(typed)"); return }
        #expect(q2.gateway == "meta" && t2 > token)
        _ = s.update(.historyPage(try browser.page(q), before: nil, token: token))
        _ = s.update(.historyPage(try browser.page(q2), before: nil, token: t2))
        guard case .history(let filtered)? = s.mode.overlay else { Issue.record("pane closed"); return }
        #expect(filtered.rows.map(\.gateway) == ["meta"])

        // Compare: d on one entry, d on another.
        _ = press(&s, [.enter, .ctrl("u")])
        _ = s.update(.historyPage(try browser.page(HistoryQuery()), before: nil, token: t2 + 100))  // stale token: ignored
        let all = press(&s, [.char("/"), .backspace, .enter])
        guard case .history(.load(_, nil, let t3))? = all.last else { Issue.record("no reload"); return }
        _ = s.update(.historyPage(try browser.page(HistoryQuery()), before: nil, token: t3))
        _ = press(&s, [.char("d"), .down])
        let diff = press(&s, [.char("d")])
        guard case .history(.diff(let a, let b))? = diff.first else { Issue.record("no diff: \(diff)"); return }
        _ = s.update(.diff(try browser.payloadDiff(a: a, b: b)))
        let screen = Renderer.render(s).grid.text
        #expect(screen.contains("the message changed"), "\(screen)")
        #expect(screen.contains("\"second\"") && screen.contains("\"first\""))

        // Enter opens an entry; r replays it through its own gateway, R through the chosen one.
        _ = press(&s, [.escape])
        guard case .history(.load(let q4, nil, let t4))? = press(&s, [.char("H")]).first else { Issue.record("no load"); return }
        _ = s.update(.historyPage(try browser.page(q4), before: nil, token: t4))
        let newest = pane.rows[0].id
        #expect(press(&s, [.enter]) == [.history(.open(newest, replay: false, keepGateway: false))])
        #expect(press(&s, [.char("r")]) == [.history(.open(newest, replay: true, keepGateway: false))])
        #expect(press(&s, [.char("R")]) == [.history(.open(newest, replay: true, keepGateway: true))])
        // What the runtime posts back for a replay: the form as sent, then the send itself.
        let entry = try #require(try store.entry(id: newest))
        let effects = s.update(.replay(Draft.opening(try OutboundMessage.parse(entry.message)), .kaleyra, profile: "kaleyra", id: newest))
        #expect(s.draft.body == "second" && s.gateway == .kaleyra)
        // The send goes through the session's replay (which keeps the entry's sandbox scenario).
        guard case .send(.replay(newest, let profile))? = effects.first, profile.gateway == .kaleyra else { Issue.record("no replay: \(effects)"); return }
        let job = try await WaconSession(history: store).replayJob(newest, through: profile)
        #expect(job.message.json == (try OutboundMessage.parse(entry.message)).json)
    }
}

@Suite struct ScreenSafetyTests {
    @Test func controlCharactersFromOutsideAreDrawnAsEscapes() {
        var g = CellGrid(width: 40, height: 2)
        let n = g.put("a\u{1B}]0;X\u{07}b\u{202E}c", x: 0, y: 0)
        #expect(g.text.hasPrefix("a\\u{1B}]0;X\\u{7}b\\u{202E}c"), "\(g.text)")
        #expect(n == "a\\u{1B}]0;X\\u{7}b\\u{202E}c".count)
        #expect(!g.text.contains("\u{1B}"))
    }
}
