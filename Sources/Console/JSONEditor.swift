#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel
import Providers

/// A place in the editor's text: a line (from 0) and a Character index in it.
public struct TextPosition: Sendable, Hashable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: TextPosition, b: TextPosition) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

/// Something to show at a line of the editor: where the text stops being JSON, or a finding.
public struct EditorMark: Sendable, Hashable {
    public var severity: Finding.Severity
    /// The Character index the mark points at, when it points at one (a syntax error).
    public var column: Int?
    public var message: String
}

/// The message JSON as a multi-line text being edited: the lines, the cursor, how far the view
/// is scrolled, an undo history, and what the checks say about each line.
///
/// Each line is edited with `LineEditor`'s own keys (typing, ← → within a line, Home/End,
/// Ctrl-A/E, word moves, Ctrl-W/U/K, Backspace and Del); this type adds what crosses lines:
/// Enter (a new line, indented like this one, one step more after `{` or `[`), Tab and
/// Shift-Tab (indent by two spaces), ↑ ↓ PgUp PgDn, Alt-< and Alt-> (start and end), ← → and
/// Backspace/Del across line ends, pastes of many lines, Ctrl-X to clear it all, Ctrl-Z undo
/// and Ctrl-Y redo.
/// Keys cost time in the length of the line, plus one pass over the text when it changed.
public struct JSONEditor: Sendable {
    public private(set) var lines: [String]
    public private(set) var cursor = TextPosition(line: 0, column: 0)
    /// The first line and the first display column in view.
    public private(set) var top = 0
    public private(set) var left = 0
    /// The display column ↑ and ↓ aim for (kept across short lines).
    private var goal: Int?
    private var undos: [Snapshot] = []
    private var redos: [Snapshot] = []
    /// Typing goes into one undo step until another kind of key.
    private var typing = false
    /// Counts changes to the text, so the checks run once per change.
    public private(set) var version = 0
    /// Where the text stops being JSON (or being a message), if it does.
    public var syntaxError: (line: Int, mark: EditorMark)?
    /// The checks' findings by line, and the version of the text they are about.
    public var findingMarks: [Int: [EditorMark]] = [:]
    var checkedVersion = -1

    private struct Snapshot: Sendable {
        var lines: [String]
        var cursor: TextPosition
    }

    /// Spaces per indent step (Tab, and after `{` or `[`), as wacon writes JSON.
    static let indent = 2
    /// Undo steps kept.
    static let undoLimit = 200

    /// `text`, the cursor at its start.
    public init(_ text: String) {
        lines = Self.split(text)
    }

    /// The text as one string.
    public var text: String { lines.joined(separator: "\n") }

    /// Line breaks of any kind (CRLF from a paste, CR) as one.
    static func split(_ text: String) -> [String] {
        let unified = text.contains("\r") ? text.replacing("\r\n", with: "\n").replacing("\r", with: "\n") : text
        return unified.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    // MARK: Keys

    /// Applies a key; false when it is not an editing key (the holder decides). `page` is the
    /// number of lines in view, for PgUp and PgDn.
    public mutating func apply(_ key: KeyEvent, page: Int) -> Bool {
        let wasTyping = typing
        typing = false
        switch key {
        case .char:
            if !wasTyping { remember() }
            typing = true
            editLine(key)
        case .paste(let pasted):
            remember()
            insert(pasted)
        case .enter:
            remember()
            newline()
        case .tab:
            remember()
            editLine(.paste(String(repeating: " ", count: Self.indent)))
        case .backTab:
            remember()
            let spaces = lines[cursor.line].prefix(Self.indent).prefix { $0 == " " }.count
            lines[cursor.line].removeFirst(spaces)
            cursor.column = max(0, cursor.column - spaces)
            changed()
        case .backspace:
            remember()
            if cursor.column > 0 { editLine(key) } else if cursor.line > 0 { join(cursor.line - 1) }
        case .delete, .ctrl("d"):
            remember()
            if cursor.column < lines[cursor.line].count { editLine(key) } else if cursor.line + 1 < lines.count { join(cursor.line) }
        case .ctrl("k"):
            remember()
            if cursor.column < lines[cursor.line].count { editLine(key) } else if cursor.line + 1 < lines.count { join(cursor.line) }
        case .ctrl("w"), .ctrl("u"):
            remember()
            editLine(key)
        case .left:
            if cursor.column > 0 { cursor.column -= 1 } else if cursor.line > 0 { cursor = TextPosition(line: cursor.line - 1, column: lines[cursor.line - 1].count) }
            goal = nil
        case .right:
            if cursor.column < lines[cursor.line].count { cursor.column += 1 } else if cursor.line + 1 < lines.count { cursor = TextPosition(line: cursor.line + 1, column: 0) }
            goal = nil
        case .home, .ctrl("a"), .end, .ctrl("e"), .ctrlLeft, .ctrlRight, .alt("b"), .alt("f"):
            editLine(key)
        case .up: moveLines(-1)
        case .down: moveLines(1)
        case .pageUp: moveLines(-max(1, page - 1))
        case .pageDown: moveLines(max(1, page - 1))
        case .alt("<"): cursor = TextPosition(line: 0, column: 0); goal = nil
        case .alt(">"): cursor = TextPosition(line: lines.count - 1, column: lines[lines.count - 1].count); goal = nil
        case .ctrl("x"):
            // Everything goes (to paste another message); Ctrl-Z brings it back.
            remember()
            lines = [""]
            cursor = TextPosition(line: 0, column: 0)
            goal = nil
            changed()
        case .ctrl("z"): step(back: true)
        case .ctrl("y"): step(back: false)
        default: return false
        }
        return true
    }

    /// One key to the line under the cursor, through the line editor.
    private mutating func editLine(_ key: KeyEvent) {
        var line = LineEditor(lines[cursor.line], caret: cursor.column, keepsNewlines: false)
        guard line.apply(key) else { return }
        cursor.column = line.caret
        goal = nil
        if line.text != lines[cursor.line] {
            lines[cursor.line] = line.text
            changed()
        }
    }

    /// Text at the cursor, line breaks and all (a paste); the cursor goes after it.
    public mutating func insert(_ inserted: String) {
        let pieces = Self.split(inserted)
        let line = lines[cursor.line]
        let at = line.index(line.startIndex, offsetBy: cursor.column)
        let after = line[at...]
        if pieces.count == 1 {
            lines[cursor.line] = String(line[..<at]) + pieces[0] + after
            cursor.column += pieces[0].count
        } else {
            var added = [String(line[..<at]) + pieces[0]]
            added += pieces[1..<(pieces.count - 1)]
            added.append(pieces[pieces.count - 1] + after)
            lines.replaceSubrange(cursor.line...cursor.line, with: added)
            cursor = TextPosition(line: cursor.line + pieces.count - 1, column: pieces[pieces.count - 1].count)
        }
        goal = nil
        changed()
    }

    /// Enter: the rest of the line goes down, indented like this line; after `{` or `[` one
    /// step more, and a closing bracket right after the cursor gets a line of its own.
    private mutating func newline() {
        let line = lines[cursor.line]
        let at = line.index(line.startIndex, offsetBy: cursor.column)
        let before = line[..<at]
        let after = line[at...].drop { $0 == " " }
        let base = String(line.prefix { $0 == " " })
        let opens = before.last { $0 != " " }.map { $0 == "{" || $0 == "[" } ?? false
        let inner = opens ? base + String(repeating: " ", count: Self.indent) : base
        var replacement = [String(before.reversed().drop { $0 == " " }.reversed()), inner + after]
        if opens, let first = after.first, first == "}" || first == "]" {
            replacement = [replacement[0], inner, base + after]
        }
        lines.replaceSubrange(cursor.line...cursor.line, with: replacement)
        cursor = TextPosition(line: cursor.line + 1, column: inner.count)
        goal = nil
        changed()
    }

    /// Line `n` and the next one become one.
    private mutating func join(_ n: Int) {
        let column = lines[n].count
        lines[n] += lines[n + 1]
        lines.remove(at: n + 1)
        cursor = TextPosition(line: n, column: column)
        goal = nil
        changed()
    }

    /// ↑ ↓ PgUp PgDn: `by` lines, at the same display column where the line is long enough.
    private mutating func moveLines(_ by: Int) {
        let target = min(max(0, cursor.line + by), lines.count - 1)
        let want = goal ?? Self.width(of: lines[cursor.line].prefix(cursor.column))
        cursor = TextPosition(line: target, column: Self.column(at: want, in: lines[target]))
        goal = want
    }

    // MARK: Undo

    private mutating func remember() {
        undos.append(Snapshot(lines: lines, cursor: cursor))
        if undos.count > Self.undoLimit { undos.removeFirst(undos.count - Self.undoLimit) }
        redos = []
    }

    /// Undo (`back`) or redo: the other list gets the text as it is now.
    private mutating func step(back: Bool) {
        guard let s = back ? undos.popLast() : redos.popLast() else { return }
        let now = Snapshot(lines: lines, cursor: cursor)
        if back { redos.append(now) } else { undos.append(now) }
        lines = s.lines
        cursor = s.cursor
        goal = nil
        changed()
    }

    private mutating func changed() { version += 1 }

    // MARK: The view

    /// Scrolls so the cursor is in a view of `rows` lines and `columns` display columns (a
    /// margin of a few columns, so the text around it shows).
    public mutating func follow(rows: Int, columns: Int) {
        if cursor.line < top { top = cursor.line }
        if cursor.line >= top + rows { top = cursor.line - rows + 1 }
        top = max(0, min(top, max(0, lines.count - 1)))
        let col = Self.width(of: lines[cursor.line].prefix(cursor.column))
        let margin = min(8, columns / 4)
        if col < left { left = max(0, col - margin) }
        if col >= left + columns { left = col - columns + 1 + margin }
    }

    /// Scrolls the view by `lines` without moving the cursor (the mouse wheel).
    public mutating func scroll(_ by: Int) {
        top = max(0, min(lines.count - 1, top + by))
    }

    /// The cursor's display column in its line.
    public var cursorColumn: Int { Self.width(of: lines[cursor.line].prefix(cursor.column)) }

    static func width(of text: Substring) -> Int {
        // Most JSON is ASCII: one column a byte.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.reduce(0) { $0 + DisplayWidth.of($1) }
    }

    /// The Character index in `line` at display column `want` (or its end).
    static func column(at want: Int, in line: String) -> Int {
        var used = 0
        var n = 0
        for ch in line {
            let w = DisplayWidth.of(ch)
            if used + w > want { break }
            used += w
            n += 1
        }
        return n
    }

    // MARK: Checks

    /// Where the text stops being a message, and the findings by the line of their value:
    /// worked out once per change of the text.
    /// `readsAsMessage`: the draft's own reading found a message in the text, so only a
    /// syntax error is looked for here (not the message's structure again).
    public mutating func check(findings: [Finding], readsAsMessage: Bool) {
        guard checkedVersion != version else { return }
        checkedVersion = version
        syntaxError = nil
        findingMarks = [:]
        let value: JSONValue
        let source: JSONSourceMap
        do {
            (value, source) = try JSONParser.parseWithSourceMap(Array(text.utf8))
        } catch {
            let line = max(0, min(lines.count - 1, error.line - 1))
            syntaxError = (line, EditorMark(severity: .error, column: Self.characterIndex(scalarColumn: error.column, in: lines[line]),
                                             message: "line \(error.line), column \(error.column): \(error.reason)"))
            return
        }
        // JSON, but no message: where it stops being one (read from the value at hand).
        if !readsAsMessage {
            do {
                _ = try OutboundMessage(json: value)
            } catch {
                let at = source.position(of: error.path)
                let line = max(0, min(lines.count - 1, (at?.line ?? 1) - 1))
                syntaxError = (line, EditorMark(severity: .error, column: nil, message: error.description))
                return
            }
        }
        for f in source.locating(findings) {
            let line = max(0, min(lines.count - 1, (f.position?.line ?? 1) - 1))
            findingMarks[line, default: []].append(EditorMark(severity: f.severity, column: nil, message: "\(f.path.display): \(f.message)"))
        }
    }

    /// The Character index of a parse error's column (counted in Unicode scalars, from 1).
    static func characterIndex(scalarColumn: Int, in line: String) -> Int {
        var scalars = 0
        var n = 0
        for ch in line {
            if scalars + ch.unicodeScalars.count > scalarColumn - 1 { return n }
            scalars += ch.unicodeScalars.count
            n += 1
        }
        return n
    }

    /// The marks of line `n`: the syntax error first.
    public func marks(on n: Int) -> [EditorMark] {
        var m = findingMarks[n] ?? []
        if let e = syntaxError, e.line == n { m.insert(e.mark, at: 0) }
        return m
    }
}

extension AppState {
    /// The editor's view: rows and columns for text, at this terminal size.
    func jsonEditorViewport(_ e: JSONEditor) -> (rows: Int, columns: Int) {
        let area = Renderer.jsonEditorArea(self, e)
        return (area.rows, area.columns)
    }

    /// Keys in the JSON editor: its own, Esc to leave (the text is in the draft on every
    /// change), the send key sends.
    mutating func editJSON(_ editor: JSONEditor, _ key: KeyEvent) -> [Effect] {
        var e = editor
        switch key {
        case .escape:
            mode = .form
            return []
        case _ where !LineEditor.isText(key) && keymap.action(for: key, in: focus) == .send:
            return requestSend()
        default:
            let before = e.version
            let view = jsonEditorViewport(e)
            guard e.apply(key, page: view.rows) else { return [] }
            e.follow(rows: view.rows, columns: view.columns)
            mode = .editingJSON(e)
            if e.version != before { set(.json, e.text) }
            return []
        }
    }

    /// The editor's checks follow the draft (after the preview was computed).
    mutating func checkJSONEditor() {
        guard case .editingJSON(var e) = mode, e.checkedVersion != e.version else { return }
        // The preview's reading of the same text says whether it is a message.
        let unreadable = preparation.request == nil && preparation.findings.contains { $0.path == "json" && $0.rule == .format }
        e.check(findings: preparation.findings, readsAsMessage: !unreadable)
        mode = .editingJSON(e)
    }

    /// Opens the editor on the message JSON (its checks come with the next preview).
    mutating func openJSONEditor() {
        mode = .editingJSON(JSONEditor(draft.json))
    }
}
