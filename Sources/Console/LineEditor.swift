/// A line of text being typed and its caret (a Character index; the renderer places it by
/// display width). The one editor behind every text input of the console: a form field, a
/// prompt, the palette's query, the history filter and a walked Flow's text inputs.
///
/// Its keys are fixed, as every line editor has them (they are not in the keymap): typing and
/// paste (bracketed, in one go), ← → Home End and Ctrl-A/E, Ctrl-← → and Alt-B/F by word,
/// Backspace, Del and Ctrl-D, Ctrl-W the word before the caret, Ctrl-U to the start, Ctrl-K to
/// the end. Enter, Esc and Tab belong to whoever holds the line.
public struct LineEditor: Sendable, Hashable {
    public private(set) var text: String
    public private(set) var caret: Int
    /// Whether a paste keeps its line breaks (a message body, a curl command); otherwise each
    /// becomes a space, so the paste stays on one line.
    public var keepsNewlines: Bool

    /// `text` with the caret at its end, or at `caret` (a Character index, kept in the text).
    public init(_ text: String = "", caret: Int? = nil, keepsNewlines: Bool = false) {
        self.text = text
        self.caret = caret.map { min(max(0, $0), text.count) } ?? text.count
        self.keepsNewlines = keepsNewlines
    }

    /// Applies an editing key; false when `key` is not one (the holder of the line decides what
    /// it does).
    public mutating func apply(_ key: KeyEvent) -> Bool {
        // Typing and deleting edit the string in place (the 1 ms keystroke budget); word moves
        // and kills work on an array of characters.
        let at = text.index(text.startIndex, offsetBy: caret)
        switch key {
        case .char(let c):
            text.insert(c, at: at)
            // A combining mark joins the character before it: the caret stays a character count.
            caret = c.isASCII ? caret + 1 : min(caret + 1, text.count)
        case .paste(let pasted):
            insert(pasted)
        case .backspace:
            guard caret > 0 else { return true }
            text.remove(at: text.index(before: at))
            caret -= 1
        case .delete, .ctrl("d"):
            if at < text.endIndex { text.remove(at: at) }
        case .left: caret = max(0, caret - 1)
        case .right: caret = min(text.count, caret + 1)
        case .home, .ctrl("a"): caret = 0
        case .end, .ctrl("e"): caret = text.count
        case .ctrlLeft, .alt("b"): caret = Self.wordStart(Array(text), before: caret)
        case .ctrlRight, .alt("f"): caret = Self.wordEnd(Array(text), after: caret)
        case .ctrl("w"):
            let start = Self.wordStart(Array(text), before: caret)
            text.removeSubrange(text.index(text.startIndex, offsetBy: start)..<at)
            caret = start
        case .ctrl("u"):
            text.removeSubrange(text.startIndex..<at)
            caret = 0
        case .ctrl("k"): text.removeSubrange(at...)
        default: return false
        }
        return true
    }

    /// Puts text at the caret (line breaks as `keepsNewlines` says) and moves the caret past it.
    public mutating func insert(_ inserted: String) {
        let clean = keepsNewlines ? inserted : String(inserted.map { $0.isNewline ? " " : $0 })
        text.insert(contentsOf: clean, at: text.index(text.startIndex, offsetBy: caret))
        caret = min(caret + clean.count, text.count)
    }

    /// Keys that are text (never looked up in the keymap while a line is being edited).
    public static func isText(_ key: KeyEvent) -> Bool {
        switch key {
        case .char, .paste: return true
        default: return false
        }
    }

    static func wordStart(_ chars: [Character], before i: Int) -> Int {
        var j = i
        while j > 0, chars[j - 1].isWhitespace { j -= 1 }
        while j > 0, !chars[j - 1].isWhitespace { j -= 1 }
        return j
    }

    static func wordEnd(_ chars: [Character], after i: Int) -> Int {
        var j = i
        while j < chars.count, chars[j].isWhitespace { j += 1 }
        while j < chars.count, !chars[j].isWhitespace { j += 1 }
        return j
    }

    /// What of the line fits in `columns` with the caret in view (line breaks shown as ⏎, one
    /// column kept for the caret at the end), and the caret's column in it. A line scrolled
    /// past its start begins with "…"; the text may run past `columns` after the caret: the
    /// caller clips it there (`CellGrid.put` ends a cut in "…").
    public func visible(columns: Int) -> (text: String, caretColumn: Int) {
        // Walk back from the caret once, summing widths.
        let chars = Array(text.showingNewlines)
        var start = caret
        var used = 0
        while start > 0, used + DisplayWidth.of(chars[start - 1]) <= columns - 1 {
            used += DisplayWidth.of(chars[start - 1])
            start -= 1
        }
        guard start > 0 else { return (String(chars[start...]), used) }
        // Cut on the left: the mark takes a column of what was shown.
        while start < caret, used + 1 > columns - 1 {
            used -= DisplayWidth.of(chars[start])
            start += 1
        }
        return ("…" + String(chars[start...]), used + 1)
    }
}