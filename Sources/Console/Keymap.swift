import Config
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// A console action's stable id: what `[keys]` in config.toml names and what the help lists.
/// The order here is the order of the help overlay.
///
/// Not in the keymap, on purpose: the keys of a text field being edited (typing, ← → Home End,
/// Ctrl-A/E start/end, Ctrl-W/U/K delete word/to start/to end, Ctrl-D and Del, Alt-B/F and
/// Ctrl-← → word moves, Enter/Esc/Tab to finish) stay fixed, as every line editor has them;
/// so do "y" in the send-for-real prompt and "any key" closing the help.
public enum ActionID: String, Sendable, Hashable, CaseIterable {
    case send, quit, help, suspend
    case nextPane = "next-pane", prevPane = "prev-pane"
    case fieldDown = "field-down", fieldUp = "field-up"
    case edit, back
    case choiceNext = "choice-next", choicePrev = "choice-prev"
    case nextGateway = "next-gateway", prevGateway = "prev-gateway"
    case revealSecrets = "reveal-secrets"
    case addItem = "add-item", addSection = "add-section", removeItem = "remove-item"
    case moveItemUp = "move-item-up", moveItemDown = "move-item-down"
    case pageUp = "page-up", pageDown = "page-down"
    case palette, filter
    case historyPane = "history-pane", nextTheme = "next-theme"
    case copyPayload = "copy-payload", copyCurl = "copy-curl", importCurl = "import-curl"
    case toggleMouse = "toggle-mouse", saveDraft = "save-draft"
    case walkFlow = "walk-flow", newFlowToken = "new-flow-token", flowLint = "flow-lint"
    case markRead = "mark-read"
    case conversationPane = "conversation-pane"
    case saveCase = "save-case", suitesPane = "suites-pane"

    /// One line for the help overlay.
    public var summary: String {
        switch self {
        case .send: return "send the message"
        case .quit: return "quit"
        case .help: return "this help"
        case .suspend: return "suspend to the shell (fg comes back)"
        case .nextPane: return "next pane"
        case .prevPane: return "previous pane"
        case .fieldDown: return "next field (scrolls the preview)"
        case .fieldUp: return "previous field (scrolls the preview)"
        case .edit: return "edit text, cycle a choice, flip a toggle"
        case .back: return "back to the recipient"
        case .choiceNext: return "next choice"
        case .choicePrev: return "previous choice"
        case .nextGateway: return "next gateway"
        case .prevGateway: return "previous gateway"
        case .revealSecrets: return "reveal / mask secrets in the preview"
        case .addItem: return "add a button, row, contact card or parameter after this one"
        case .addSection: return "add a list section"
        case .removeItem: return "remove this item (a section goes with its last row)"
        case .moveItemUp: return "move this item up"
        case .moveItemDown: return "move this item down"
        case .pageUp: return "scroll a page up"
        case .pageDown: return "scroll a page down"
        case .palette: return "command palette"
        case .filter: return "filter the list in view"
        case .historyPane: return "history pane"
        case .nextTheme: return "next theme"
        case .copyPayload: return "copy the request body"
        case .copyCurl: return "copy the request as curl"
        case .importCurl: return "import a curl command"
        case .toggleMouse: return "mouse on / off"
        case .saveDraft: return "save the draft"
        case .walkFlow: return "walk the loaded Flow"
        case .newFlowToken: return "new flow token"
        case .flowLint: return "Flow lint findings"
        case .markRead: return "mark a customer's message as read"
        case .conversationPane: return "conversation with the recipient"
        case .saveCase: return "save as case: what the last send came to"
        case .suitesPane: return "suites: run saved cases (wacon test)"
        }
    }

    /// Where the action's keys work.
    public var scope: KeyScope {
        switch self {
        case .edit, .choiceNext, .choicePrev: return .form
        case .addItem, .addSection, .removeItem, .moveItemUp, .moveItemDown: return .items
        case .pageUp, .pageDown: return .preview
        default: return .global
        }
    }

    /// The keys it has without a `[keys]` override: today's bindings, plus the new actions'.
    public var defaultKeys: [KeyEvent] {
        switch self {
        case .send: return [.ctrl("s"), .function(5)]
        case .quit: return [.char("q"), .ctrl("c")]
        case .help: return [.char("?"), .function(1)]
        case .suspend: return [.ctrl("z")]
        case .nextPane: return [.tab]
        case .prevPane: return [.backTab]
        case .fieldDown: return [.down, .char("j")]
        case .fieldUp: return [.up, .char("k")]
        case .edit: return [.enter]
        case .back: return [.escape]
        case .choiceNext: return [.right, .char("l")]
        case .choicePrev: return [.left, .char("h")]
        case .nextGateway: return [.char("g")]
        case .prevGateway: return [.char("G")]
        case .revealSecrets: return [.char("r")]
        case .addItem: return [.char("a"), .char("+")]
        case .addSection: return [.char("A")]
        case .removeItem: return [.char("x"), .char("-")]
        case .moveItemUp: return [.char("K")]
        case .moveItemDown: return [.char("J")]
        case .pageUp: return [.pageUp]
        case .pageDown: return [.pageDown]
        case .palette: return [.ctrl("p"), .char(":")]
        case .filter: return [.char("/")]
        case .historyPane: return [.char("H")]
        case .nextTheme: return [.char("T")]
        case .copyPayload: return [.char("y")]
        case .copyCurl: return [.char("Y")]
        case .importCurl: return [.char("I")]
        case .toggleMouse: return [.char("M")]
        case .saveDraft: return [.ctrl("o")]
        case .walkFlow: return [.char("w")]
        case .newFlowToken: return [.char("n")]
        case .flowLint: return [.char("L")]
        case .markRead: return [.char("m")]
        case .conversationPane: return [.char("c")]
        case .saveCase: return [.char("S")]
        case .suitesPane: return [.char("t")]
        }
    }
}

/// Where an action's keys work: everywhere, or in some panes. Two actions may share a key only
/// when their scopes never meet in one pane.
public enum KeyScope: String, Sendable, Hashable, CaseIterable {
    case global, form, items, preview

    /// The panes where the scope applies; nil: every pane.
    public var panes: Set<Pane>? {
        switch self {
        case .global: return nil
        case .form: return [.gateway, .recipient, .type, .content, .flow, .buttons, .options]
        case .items: return [.content, .buttons]
        case .preview: return [.preview]
        }
    }

    /// The help overlay's heading for the scope's keys.
    public var title: String {
        switch self {
        case .global: return "Everywhere"
        case .form: return "Fields"
        case .items: return "Buttons, rows, cards, parameters"
        case .preview: return "Preview"
        }
    }

    public func applies(in pane: Pane) -> Bool { panes?.contains(pane) ?? true }

    /// Whether some pane has both scopes' keys.
    public func overlaps(_ other: KeyScope) -> Bool {
        guard let mine = panes, let theirs = other.panes else { return true }
        return !mine.isDisjoint(with: theirs)
    }
}

// MARK: Key specs

/// A key spec that does not name a key a terminal can send.
public struct KeySpecError: Error, Sendable, Hashable, CustomStringConvertible {
    public var spec: String
    public var reason: String
    public var description: String { "\"\(spec)\": \(reason)" }
}

extension KeyEvent {
    /// Parses a key as config writes it: a character ("j", "G", "?", "space"), a named key
    /// ("enter", "esc", "tab", "shift-tab", "pgup", "f5", "up", "home", "delete", …), or a
    /// modifier and a key: "ctrl-s" (also "C-s", "^s", "ctrl+s"), "alt-b" (also "M-b",
    /// "meta-b"), "shift-g" (= "G"), "ctrl-left". Modifiers and names ignore case; a lone
    /// character does not ("g" and "G" differ).
    public init(spec: String) throws(KeySpecError) {
        func fail(_ reason: String) -> KeySpecError { KeySpecError(spec: spec, reason: reason) }
        guard !spec.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw fail("a control character; write the key by name (\"tab\", \"enter\", \"ctrl-x\")")
        }
        if spec == " " { self = .char(" "); return }
        let raw = spec.trimmed
        guard !raw.isEmpty else { throw fail("empty key") }
        if raw.count == 1 { self = .char(raw.first!); return }
        let lower = raw.lowercased()
        /// What follows one of `prefixes`, with `raw`'s case.
        func after(_ prefixes: [String]) -> String? {
            guard let p = prefixes.first(where: { lower.hasPrefix($0) && lower.count > $0.count }) else { return nil }
            return String(raw.dropFirst(p.count))
        }
        if let rest = after(["ctrl-", "ctrl+", "control-", "c-", "^"]) {
            switch rest.lowercased() {
            case "left": self = .ctrlLeft; return
            case "right": self = .ctrlRight; return
            case "i": throw fail("Ctrl-I arrives as Tab; bind \"tab\"")
            case "m", "j": throw fail("Ctrl-\(rest.uppercased()) arrives as Enter; bind \"enter\"")
            case "h": throw fail("Ctrl-H arrives as Backspace; bind \"backspace\"")
            case "[": throw fail("Ctrl-[ arrives as Esc; bind \"esc\"")
            default: break
            }
            guard rest.count == 1, let c = rest.lowercased().first, c.isASCII, c.isLetter else {
                throw fail("Ctrl goes with a letter a-z or Left/Right")
            }
            self = .ctrl(c)
            return
        }
        if let rest = after(["alt-", "alt+", "meta-", "m-", "option-"]) {
            if rest.lowercased() == "space" { self = .alt(" "); return }
            guard rest.count == 1 else { throw fail("Alt goes with one character") }
            self = .alt(rest.first!)
            return
        }
        if let rest = after(["shift-", "shift+", "s-"]) {
            if rest.lowercased() == "tab" { self = .backTab; return }
            guard rest.count == 1, let c = rest.first, c.isLetter else {
                throw fail("Shift goes with Tab or a letter; write other shifted keys as they are (\"?\", \"+\")")
            }
            self = .char(Character(c.uppercased()))
            return
        }
        switch lower {
        case "enter", "return", "ret", "cr": self = .enter
        case "tab": self = .tab
        case "backtab": self = .backTab
        case "esc", "escape": self = .escape
        case "space", "spc": self = .char(" ")
        case "backspace", "bs", "bksp": self = .backspace
        case "delete", "del": self = .delete
        case "up": self = .up
        case "down": self = .down
        case "left": self = .left
        case "right": self = .right
        case "home": self = .home
        case "end": self = .end
        case "pgup", "pageup", "page-up", "prior": self = .pageUp
        case "pgdn", "pgdown", "pagedown", "page-down", "next": self = .pageDown
        default:
            if lower.hasPrefix("f"), let n = Int(lower.dropFirst()) {
                guard (1...12).contains(n) else { throw fail("function keys are F1-F12") }
                self = .function(n)
                return
            }
            throw fail("not a key; write a character, a name (enter, esc, tab, space, pgup, f5, …) or ctrl-/alt-/shift- and a key")
        }
    }

    /// The canonical spec, which `init(spec:)` reads back; nil for events that are not keys.
    public var spec: String? {
        switch self {
        case .char(" "): return "space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "ctrl-\(c)"
        case .alt(" "): return "alt-space"
        case .alt(let c): return "alt-\(c)"
        case .function(let n): return "f\(n)"
        case .enter: return "enter"
        case .tab: return "tab"
        case .backTab: return "shift-tab"
        case .escape: return "esc"
        case .backspace: return "backspace"
        case .delete: return "delete"
        case .up: return "up"
        case .down: return "down"
        case .left: return "left"
        case .right: return "right"
        case .home: return "home"
        case .end: return "end"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .ctrlLeft: return "ctrl-left"
        case .ctrlRight: return "ctrl-right"
        default: return nil  // resize, paste, mouse, wake: events, not keys
        }
    }

    /// How the help shows the key: "^S", "F5", "Shift-Tab", "↓", "Alt-b", "Space", "?".
    public var display: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "^" + c.uppercased()
        case .alt(" "): return "Alt-Space"
        case .alt(let c): return "Alt-\(c)"
        case .function(let n): return "F\(n)"
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .ctrlLeft: return "^←"
        case .ctrlRight: return "^→"
        default: return ""
        }
    }
}

// MARK: The keymap

/// Something wrong in `[keys]`: the file and line when known, and what.
public struct KeymapProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A key under `[keys]` that is no action id.
        case unknownAction(String)
        /// A value that is neither a key spec nor a list of them.
        case badValue(action: ActionID)
        /// A key spec that does not parse; the action keeps its other keys.
        case badKey(action: ActionID, KeySpecError)
        /// One key on two actions whose scopes meet: `winner` keeps it, `loser` loses it.
        case conflict(key: KeyEvent, winner: ActionID, loser: ActionID)
        /// Ctrl-C given to an action other than quit: it always quits, so it is not bound.
        case reservedQuitKey(action: ActionID)
        /// The config does not read (a TOML syntax error), or `keys` is not a table.
        case syntax(String)
    }

    public var kind: Kind
    public var file: String?
    public var line: Int?

    public var description: String {
        let place = (file.map { $0 + (line.map { ":\($0)" } ?? "") + ": " }) ?? ""
        switch kind {
        case .unknownAction(let name):
            let near = EditDistance.near(name, in: ActionID.allCases.map(\.rawValue))
            let hint = near.isEmpty ? "actions: " + ActionID.allCases.map(\.rawValue).joined(separator: ", ") : "did you mean \(near.joined(separator: " or "))?"
            return place + "keys.\(name): unknown action; " + hint
        case .badValue(let action):
            return place + "keys.\(action.rawValue): expected a key (\"ctrl-s\") or a list of keys ([\"ctrl-s\", \"f5\"])"
        case .badKey(let action, let error):
            return place + "keys.\(action.rawValue): \(error)"
        case .conflict(let key, let winner, let loser):
            return place + "keys: \(key.spec ?? key.display) is bound to both \(winner.rawValue) and \(loser.rawValue); it does \(winner.rawValue)"
        case .reservedQuitKey(let action):
            return place + "keys.\(action.rawValue): \(Keymap.alwaysQuits.spec ?? Keymap.alwaysQuits.display) always quits; it cannot do \(action.rawValue)"
        case .syntax(let message):
            return place + message
        }
    }
}

extension KeymapProblem {
    /// The config's own error, as a keymap problem: the console shows it and keeps its keys.
    init(_ error: ConfigError) {
        let message = error.key.map { "\($0): \(error.message)" } ?? error.message
        self.init(kind: .syntax(message), file: error.file, line: error.line)
    }
}

/// Which action each key does: the defaults (`ActionID.defaultKeys`) with the user's
/// `[keys]` overrides. An override replaces all of that action's default keys:
///
/// ```toml
/// [keys]
/// send = ["ctrl-s", "f5"]
/// next-theme = "ctrl-t"
/// toggle-mouse = []        # no key
/// ```
///
/// Text-editing keys inside a field are fixed and not part of the keymap (see `ActionID`).
public struct Keymap: Sendable, Equatable {
    /// Keys per action, in the order given.
    public private(set) var bindings: [ActionID: [KeyEvent]]
    /// Actions per key: a keystroke is one dictionary lookup (the 1 ms budget).
    private var index: [KeyEvent: [ActionID]] = [:]

    /// Ctrl-C leaves from anywhere, whatever `[keys]` says: a remap can never lock the user in.
    /// No other action can have it.
    public static let alwaysQuits = KeyEvent.ctrl("c")

    /// The default bindings.
    public static let defaults = Keymap(bindings: Dictionary(uniqueKeysWithValues: ActionID.allCases.map { ($0, $0.defaultKeys) }))

    init(bindings: [ActionID: [KeyEvent]]) {
        self.bindings = bindings
        reindex()
    }

    public static func == (a: Keymap, b: Keymap) -> Bool { a.bindings == b.bindings }

    private mutating func reindex() {
        index = [:]
        for action in ActionID.allCases {
            for key in bindings[action] ?? [] { index[key, default: []].append(action) }
        }
    }

    /// The action a key does in `pane` (nil: any pane, a global action first).
    public func action(for key: KeyEvent, in pane: Pane? = nil) -> ActionID? {
        guard let actions = index[key] else { return nil }
        guard let pane else { return actions.first { $0.scope == .global } ?? actions.first }
        return actions.first { $0.scope.applies(in: pane) }
    }

    /// The keys bound to an action, in the order given.
    public func keys(for action: ActionID) -> [KeyEvent] { bindings[action] ?? [] }

    /// The keys of an action as the help shows them: "^S / F5".
    public func display(_ action: ActionID) -> String { keys(for: action).map(\.display).joined(separator: " / ") }

    // MARK: Overrides

    /// This keymap with `overrides` applied, and every problem found: unknown action ids, key
    /// specs that do not parse (the action keeps its other keys; with none left it keeps its
    /// defaults), and keys on two actions whose scopes meet. A conflict keeps the key on the
    /// action the user bound it to (over one that has it by default); between two of the
    /// user's, on the one listed first in `ActionID`.
    public func overriding(_ overrides: [KeyOverride], file: String? = nil) -> (keymap: Keymap, problems: [KeymapProblem]) {
        var result = self
        var problems: [KeymapProblem] = []
        var explicit: Set<ActionID> = []
        var lineOf: [ActionID: Int] = [:]
        for o in overrides {
            guard let action = ActionID(rawValue: o.action) else {
                problems.append(KeymapProblem(kind: .unknownAction(o.action), file: file, line: o.line))
                continue
            }
            lineOf[action] = o.line
            guard let specs = o.keys else {
                problems.append(KeymapProblem(kind: .badValue(action: action), file: file, line: o.line))
                continue
            }
            var keys: [KeyEvent] = []
            for spec in specs {
                do {
                    let key = try KeyEvent(spec: spec)
                    if key == Self.alwaysQuits && action != .quit {
                        problems.append(KeymapProblem(kind: .reservedQuitKey(action: action), file: file, line: o.line))
                        continue
                    }
                    if !keys.contains(key) { keys.append(key) }
                } catch {
                    problems.append(KeymapProblem(kind: .badKey(action: action, error), file: file, line: o.line))
                }
            }
            // Only bad specs: keep the defaults rather than leave the action with no key.
            if keys.isEmpty && !specs.isEmpty { continue }
            result.bindings[action] = keys
            explicit.insert(action)
        }
        let all = ActionID.allCases
        for (i, a) in all.enumerated() {
            for b in all[(i + 1)...] where a.scope.overlaps(b.scope) {
                for key in result.keys(for: a) where result.keys(for: b).contains(key) {
                    let (winner, loser) = explicit.contains(b) && !explicit.contains(a) ? (b, a) : (a, b)
                    result.bindings[loser]?.removeAll { $0 == key }
                    problems.append(KeymapProblem(kind: .conflict(key: key, winner: winner, loser: loser), file: file, line: lineOf[winner] ?? lineOf[loser]))
                }
            }
        }
        result.reindex()
        return (result, problems)
    }

    /// The keymap a config's `[keys]` makes: the defaults with its entries applied, and every
    /// problem found, each naming the config file and the entry's line. A `keys` that is not a
    /// table is a problem too; the defaults stay.
    public static func load(_ keys: Result<[KeyOverride], ConfigError>, file: String) -> (keymap: Keymap, problems: [KeymapProblem]) {
        switch keys {
        case .success(let overrides) where overrides.isEmpty: return (defaults, [])
        case .success(let overrides): return defaults.overriding(overrides, file: file)
        case .failure(let error): return (defaults, [KeymapProblem(error)])
        }
    }

    /// The keymap from config text, read as `Config` reads it (no `[keys]`: the defaults). A
    /// config that does not read is one problem, and the defaults stay.
    public static func load(toml text: String, file: String) -> (keymap: Keymap, problems: [KeymapProblem]) {
        do {
            return load(try Config.parse(text, file: file).keys, file: file)
        } catch {
            return (defaults, [KeymapProblem(error)])
        }
    }

    // MARK: Help

    /// The help overlay's rows, made from the bindings so the help cannot drift from them.
    /// With a focused pane: the scopes that apply there (the pane's own keys first), then the
    /// global keys; without: every scope, global first. Actions with no key are left out.
    public func helpSections(focus: Pane? = nil) -> [HelpSection] {
        let scopes: [KeyScope] = if let focus {
            KeyScope.allCases.filter { $0 != .global && $0.applies(in: focus) }.sorted { ($0.panes?.count ?? 0) < ($1.panes?.count ?? 0) } + [.global]
        } else {
            KeyScope.allCases
        }
        return scopes.compactMap { scope in
            let rows = ActionID.allCases.filter { $0.scope == scope && !keys(for: $0).isEmpty }
                .map { HelpRow(action: $0, keys: display($0), summary: $0.summary) }
            return rows.isEmpty ? nil : HelpSection(scope: scope, rows: rows)
        }
    }

    /// The same as lines of text: a heading per section, then "keys  summary" with the keys
    /// padded to one column, and a blank line between sections.
    public func helpLines(focus: Pane? = nil) -> [String] {
        let sections = helpSections(focus: focus)
        let width = sections.flatMap(\.rows).map { DisplayWidth.of($0.keys) }.max() ?? 0
        var lines: [String] = []
        for section in sections {
            if !lines.isEmpty { lines.append("") }
            lines.append(section.scope.title)
            for row in section.rows {
                lines.append(row.keys + String(repeating: " ", count: width - DisplayWidth.of(row.keys) + 2) + row.summary)
            }
        }
        return lines
    }
}

/// One help line: an action's keys ("^S / F5") and what it does.
public struct HelpRow: Sendable, Hashable {
    public var action: ActionID
    public var keys: String
    public var summary: String
}

/// The help rows of one scope.
public struct HelpSection: Sendable, Hashable {
    public var scope: KeyScope
    public var rows: [HelpRow]
    public var title: String { scope.title }
}
