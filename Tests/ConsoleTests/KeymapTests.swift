import Foundation
import Providers
import Testing
@testable import Console

@Suite struct KeymapTests {
    @Test func keySpecsParseAndFormat() throws {
        let table: [(spec: String, key: KeyEvent, display: String)] = [
            ("ctrl-s", .ctrl("s"), "^S"), ("C-s", .ctrl("s"), "^S"), ("^S", .ctrl("s"), "^S"), ("Ctrl+T", .ctrl("t"), "^T"),
            ("F5", .function(5), "F5"), ("f12", .function(12), "F12"),
            ("shift-tab", .backTab, "Shift-Tab"), ("S-Tab", .backTab, "Shift-Tab"), ("tab", .tab, "Tab"),
            ("alt-b", .alt("b"), "Alt-b"), ("M-B", .alt("B"), "Alt-B"),
            ("enter", .enter, "Enter"), ("Return", .enter, "Enter"), ("esc", .escape, "Esc"),
            ("pgup", .pageUp, "PgUp"), ("page-down", .pageDown, "PgDn"),
            ("?", .char("?"), "?"), ("space", .char(" "), "Space"), ("j", .char("j"), "j"), ("G", .char("G"), "G"),
            ("shift-g", .char("G"), "G"), ("-", .char("-"), "-"), ("up", .up, "↑"), ("ctrl-left", .ctrlLeft, "^←"),
            ("del", .delete, "Del"), ("home", .home, "Home"),
        ]
        for row in table {
            let key = try KeyEvent(spec: row.spec)
            #expect(key == row.key, "\(row.spec)")
            #expect(key.display == row.display, "\(row.spec)")
            // The canonical spec reads back as the same key.
            let spec = try #require(key.spec)
            #expect(try KeyEvent(spec: spec) == key, "\(spec)")
        }
        for action in ActionID.allCases {
            for key in action.defaultKeys { #expect(try KeyEvent(spec: try #require(key.spec)) == key) }
        }
        #expect(KeyEvent.resize(width: 1, height: 1).spec == nil)
    }

    @Test func badKeySpecsSayWhy() {
        let bad: [(String, String)] = [
            ("", "empty"), ("ctrl-1", "letter"), ("ctrl-i", "Tab"), ("C-m", "Enter"), ("ctrl-h", "Backspace"),
            ("f13", "F1-F12"), ("hyper-x", "not a key"), ("shift-1", "Shift"), ("alt-bc", "one character"), ("\t", "control"),
        ]
        for (spec, reason) in bad {
            #expect { try KeyEvent(spec: spec) } throws: { e in
                guard let e = e as? KeySpecError else { return false }
                return e.spec == spec && e.reason.contains(reason)
            }
        }
    }

    /// Today's keys, as AppState.handle had them before the keymap, and the new actions' keys.
    static let expectedDefaults: [ActionID: [KeyEvent]] = [
        .send: [.ctrl("s"), .function(5)], .quit: [.char("q"), .ctrl("c")], .help: [.char("?"), .function(1)],
        .suspend: [.ctrl("z")], .nextPane: [.tab], .prevPane: [.backTab],
        .fieldDown: [.down, .char("j")], .fieldUp: [.up, .char("k")], .edit: [.enter], .back: [.escape],
        .choiceNext: [.right, .char("l")], .choicePrev: [.left, .char("h")],
        .nextGateway: [.char("g")], .prevGateway: [.char("G")], .revealSecrets: [.char("r")],
        .addItem: [.char("a"), .char("+")], .addSection: [.char("A")], .removeItem: [.char("x"), .char("-")],
        .moveItemUp: [.char("K")], .moveItemDown: [.char("J")], .pageUp: [.pageUp], .pageDown: [.pageDown],
        // New.
        .palette: [.ctrl("p"), .char(":")], .filter: [.char("/")], .historyPane: [.char("H")], .nextTheme: [.char("T")],
        .copyPayload: [.char("y")], .copyCurl: [.char("Y")], .importCurl: [.char("I")], .toggleMouse: [.char("M")],
        .saveDraft: [.ctrl("o")], .walkFlow: [.char("w")], .newFlowToken: [.char("n")], .flowLint: [.char("L")], .markRead: [.char("m")], .conversationPane: [.char("c")],
        .saveCase: [.char("S")], .suitesPane: [.char("t")],
    ]

    @Test func defaultsReproduceTodaysBindings() {
        #expect(Keymap.defaults.bindings == Self.expectedDefaults)
        #expect(Set(Self.expectedDefaults.keys) == Set(ActionID.allCases))
        let (same, problems) = Keymap.defaults.overriding([])
        #expect(problems.isEmpty, "the defaults have no conflicts: \(problems)")
        #expect(same == Keymap.defaults)
        // Lookups, pane by pane.
        #expect(Keymap.defaults.action(for: .function(5)) == .send)
        #expect(Keymap.defaults.action(for: .char("q"), in: .preview) == .quit)
        #expect(Keymap.defaults.action(for: .char("a"), in: .buttons) == .addItem)
        #expect(Keymap.defaults.action(for: .char("a"), in: .preview) == nil, "item keys do nothing in the preview")
        #expect(Keymap.defaults.action(for: .pageDown, in: .preview) == .pageDown)
        #expect(Keymap.defaults.action(for: .char("l"), in: .recipient) == .choiceNext)
        #expect(Keymap.defaults.action(for: .char("z")) == nil)
        #expect(Keymap.defaults.keys(for: .palette) == [.ctrl("p"), .char(":")])
        #expect(ActionID.allCases.allSatisfy { !$0.summary.isEmpty })
    }

    @Test func anOverrideReplacesTheDefaults() {
        let toml = """
        [profiles.x]
        gateway = "meta"

        [keys]
        send = "ctrl-t"
        quit = ["q", "ctrl-q"]
        toggle-mouse = []
        """
        let (map, problems) = Keymap.load(toml: toml, file: "config.toml")
        #expect(problems.isEmpty, "\(problems)")
        #expect(map.keys(for: .send) == [.ctrl("t")])
        #expect(map.action(for: .ctrl("s")) == nil, "the default key is gone")
        #expect(map.action(for: .function(5)) == nil)
        #expect(map.keys(for: .quit) == [.char("q"), .ctrl("q")])
        #expect(map.keys(for: .toggleMouse).isEmpty)
        #expect(map.keys(for: .help) == [.char("?"), .function(1)], "untouched actions keep theirs")
        #expect(Keymap.load(toml: "[profiles.x]\ngateway = \"meta\"\n", file: "c").keymap == Keymap.defaults)
    }

    @Test func unknownActionsAndBadKeysAreReported() {
        let toml = "[keys]\nsned = \"x\"\nsend = [\"ctrl-s\", \"ctrl-\"]\nquit = [\"bogus-key\"]\nhelp = 5\nzzzzzzzz = \"z\"\n"
        let (map, problems) = Keymap.load(toml: toml, file: "config.toml")
        let text = problems.map(\.description)
        #expect(problems.contains { $0.kind == .unknownAction("sned") && $0.line == 2 })
        #expect(text.contains("config.toml:2: keys.sned: unknown action; did you mean send?"), "\(text)")
        #expect(text.contains { $0.hasPrefix("config.toml:6: keys.zzzzzzzz: unknown action; actions: send, quit, help") }, "\(text)")
        #expect(text.contains { $0.hasPrefix("config.toml:3: keys.send: \"ctrl-\"") }, "\(text)")
        #expect(map.keys(for: .send) == [.ctrl("s")], "the good keys of the list stay")
        #expect(text.contains { $0.hasPrefix("config.toml:4: keys.quit: \"bogus-key\": not a key") }, "\(text)")
        #expect(map.keys(for: .quit) == [.char("q"), .ctrl("c")], "no good key at all: the defaults stay")
        #expect(problems.contains { $0.kind == .badValue(action: .help) && $0.line == 5 })
        #expect(problems.count == 5)

        let (broken, syntax) = Keymap.load(toml: "[keys]\nsend = \"ctrl-s\n", file: "c.toml")
        #expect(broken == Keymap.defaults)
        #expect(syntax.count == 1 && syntax.first?.line == 2)
    }

    @Test func conflictsAreFoundAndTheUsersChoiceWins() throws {
        // The user's key beats a default one.
        var (map, problems) = Keymap.load(toml: "[keys]\nsend = \"q\"\n", file: "c.toml")
        #expect(problems.map(\.kind) == [.conflict(key: .char("q"), winner: .send, loser: .quit)])
        #expect(problems.first?.description == "c.toml:2: keys: q is bound to both send and quit; it does send")
        #expect(map.action(for: .char("q")) == .send)
        #expect(map.keys(for: .quit) == [.ctrl("c")])

        // Between two of the user's, the action listed first in ActionID keeps it.
        (map, problems) = Keymap.load(toml: "[keys]\nquit = \"x\"\nsend = \"x\"\n", file: "c.toml")
        #expect(problems.map(\.kind).contains(.conflict(key: .char("x"), winner: .send, loser: .quit)))
        #expect(problems.map(\.kind).contains(.conflict(key: .char("x"), winner: .send, loser: .removeItem)), "x was remove-item's by default")
        #expect(map.action(for: .char("x"), in: .buttons) == .send)

        // A pane key over a global one conflicts (the global key works in every pane)…
        (map, problems) = Keymap.load(toml: "[keys]\nadd-item = \"g\"\n", file: "c.toml")
        #expect(problems.map(\.kind) == [.conflict(key: .char("g"), winner: .addItem, loser: .nextGateway)])
        // …but two pane keys whose panes never meet do not.
        (map, problems) = Keymap.load(toml: "[keys]\npage-down = \"a\"\n", file: "c.toml")
        #expect(problems.isEmpty, "\(problems)")
        #expect(map.action(for: .char("a"), in: .preview) == .pageDown)
        #expect(map.action(for: .char("a"), in: .content) == .addItem)
    }

    @Test func ctrlCIsNeverAnotherActionsKey() {
        let (map, problems) = Keymap.load(toml: "[keys]\nsend = [\"ctrl-c\", \"ctrl-t\"]\nquit = \"ctrl-q\"\n", file: "c.toml")
        #expect(problems.map(\.kind) == [.reservedQuitKey(action: .send)])
        #expect(problems.first?.description == "c.toml:2: keys.send: ctrl-c always quits; it cannot do send")
        #expect(map.keys(for: .send) == [.ctrl("t")])
        #expect(map.keys(for: .quit) == [.ctrl("q")])
        #expect(map.action(for: .ctrl("c")) == nil, "update quits on it before the keymap")
    }

    @Test func theHelpComesFromTheKeymap() {
        let sections = Keymap.defaults.helpSections(focus: .buttons)
        #expect(sections.map(\.scope) == [.items, .form, .global], "the pane's own keys first, then the global ones")
        let send = sections.last?.rows.first { $0.action == .send }
        #expect(send?.keys == "^S / F5" && send?.summary == "send the message")
        #expect(Keymap.defaults.helpSections(focus: .preview).map(\.scope) == [.preview, .global])
        // Every bound action shows exactly once in the full help.
        let all = Keymap.defaults.helpSections().flatMap(\.rows).map(\.action)
        #expect(all == KeyScope.allCases.flatMap { scope in ActionID.allCases.filter { $0.scope == scope } })

        let (custom, _) = Keymap.load(toml: "[keys]\nsend = \"ctrl-t\"\nsave-draft = []\n", file: "c")
        let lines = custom.helpLines(focus: .recipient)
        // Keys padded to the widest, "Shift-Tab" (9 columns), plus two spaces.
        #expect(lines.contains("^T" + String(repeating: " ", count: 9) + "send the message"), "\(lines)")
        #expect(!lines.contains { $0.contains("^S") })
        #expect(!lines.contains { $0.contains("save the draft") }, "an action with no key is left out")
        #expect(lines.first == "Fields" && lines.contains("Everywhere"))
        #expect(lines.contains("Tab" + String(repeating: " ", count: 8) + "next pane"))
    }
}

/// What a new user saw: the preview of the gateway and profile chosen on the command line from
/// the first frame, and a send hint that names the keys in force.
@Suite struct StartAndHintTests {
    @Test func theFirstFrameShowsTheChosenGatewaysRequest() {
        let s = AppState(width: 120, height: 40, gateway: .zixflow)
        let screen = Renderer.render(s).grid.text
        #expect(screen.contains("Preview · Zixflow"))
        #expect(screen.contains("api-ai.zixflow.com"), "\(screen)")
        #expect(!screen.contains("graph.facebook.com"))
        var prod = Profile(name: "prod", gateway: .meta)
        prod.phoneNumberID = "555000111"
        prod.apiVersion = "v25.0"
        prod.secret = .inline("EAAprodtoken000000000000")
        let p = AppState(width: 120, height: 40, profiles: GatewayID.allCases.map(Profile.builtIn) + [prod], gateway: .meta, profile: "prod")
        let pScreen = Renderer.render(p).grid.text
        #expect(pScreen.contains("/v25.0/555000111/messages"), "\(pScreen)")
        #expect(pScreen.contains("PRODUCTION"))
    }

    @Test func theSendHintNamesTheKeysInForce() {
        var s = AppState(width: 120, height: 40)
        #expect(Renderer.render(s).grid.text.contains("^S or F5 sends through Meta Cloud API"))
        s.keymap = Keymap.load(toml: "[keys]\nsend = \"ctrl-t\"\n", file: "c").keymap
        let moved = Renderer.render(s).grid.text
        #expect(moved.contains("^T sends through Meta Cloud API"), "\(moved)")
        #expect(!moved.contains("^S or F5"))
        s.keymap = Keymap.load(toml: "[keys]\nsend = []\n", file: "c").keymap
        #expect(Renderer.render(s).grid.text.contains("send has no key"))
    }
}
