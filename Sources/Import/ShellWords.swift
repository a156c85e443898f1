import WhatsAppModel

// The first layer of curl import: a paste split into words as a POSIX shell would, with where
// each word starts, so later errors can point into the paste. Nothing is expanded or run.

/// One word of a shell command after quote removal, with where it starts in the paste.
public struct ShellWord: Sendable, Hashable, CustomStringConvertible {
    /// The word as the command receives it: quotes removed, escapes decoded.
    public var text: String
    /// Where the word starts in the paste.
    public var position: SourcePosition
    /// The word has a `$NAME`, `${…}`, `$(…)` or backquote outside single quotes: a shell would
    /// expand it. wacon never does; it keeps the text as written.
    public var hasExpansion: Bool

    public init(text: String, position: SourcePosition, hasExpansion: Bool = false) {
        self.text = text
        self.position = position
        self.hasExpansion = hasExpansion
    }

    public var description: String { text }
}

/// The first simple command of a shell text.
public struct ShellCommand: Sendable, Hashable {
    /// The command's name and arguments, in order.
    public var words: [ShellWord]
    /// Redirections (`> out.json`, `2>/dev/null`), operator and target: they do not change the request.
    public var redirections: [String]
    /// What ended the command: `|`, `||`, `&`, `&&`, `;`, a line break (`"\n"`), or nil at the end.
    public var terminator: String?
    /// Where the terminator is in the paste; nil when the text simply ends.
    public var terminatorPosition: SourcePosition?
    /// The text after the terminator (line ends normalised to `\n`).
    public var remainder: String
    /// The line the remainder starts on.
    public var remainderLine: Int
}

/// Splits shell text into words the way a POSIX shell does, without expanding anything:
/// blanks separate words; single quotes keep everything; double quotes keep everything but
/// `\"`, `\\`, `\$`, `` \` `` and backslash-newline; an unquoted backslash escapes the next
/// character; backslash-newline continues the line; `$'…'` takes C escapes (its `\xHH` and
/// `\NNN` are bytes, read as UTF-8 as bash does in a UTF-8 locale); `#` at the start of a word
/// comments to the end of the line. Line ends may be `\r\n`. Two things a shell does not do,
/// because pastes from documentation need them: a leading `$ ` prompt is dropped, and `<name>`
/// glued into a word is a documentation placeholder, not two redirections.
public enum ShellWords {
    /// The first command in `text` (blank and comment lines before it are skipped).
    public static func firstCommand(in text: String) throws(CurlImportError) -> ShellCommand {
        var scanner = ShellScanner(text)
        return try scanner.command()
    }

    /// The words of the first command in `text`.
    public static func split(_ text: String) throws(CurlImportError) -> [String] {
        try firstCommand(in: text).words.map(\.text)
    }
}
