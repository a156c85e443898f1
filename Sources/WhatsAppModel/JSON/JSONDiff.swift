/// A structural diff of two JSON values: "is it the message or the vendor?" made visible.
///
/// - Objects are compared by key; the order of members is not a change (JSON objects are
///   unordered, and wacon re-serialises messages in Meta's documented order).
/// - Arrays are compared **by index**: element `i` of the old array against element `i` of the
///   new one, extra elements reported as added or removed at the end. An insertion in the middle
///   therefore shows as changes at every later index: simple and predictable, and for message
///   bodies (buttons, rows, components) the index is what a person means anyway.
/// - Numbers compare by value (`1` equals `1.0`), as `JSONNumber` does.
/// - A value that changes JSON type (a number that became a string, an object that became
///   null) is one `typeChanged` change at its path, not a recursion into its members.
///
/// Changes are listed in document order: the old value's order, with members only the new
/// value has after those of the same object.
public struct JSONDiff: Sendable, Hashable {
    /// What happened at a path.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Only the new value has it.
        case added
        /// Only the old value has it.
        case removed
        /// Same JSON type, different value (two strings, two numbers, two booleans).
        case changed
        /// A different JSON type (`"1"` → `1`, `{…}` → `null`).
        case typeChanged = "type changed"
    }

    /// One difference: where, what kind, and the two values (nil when absent on that side).
    public struct Change: Sendable, Hashable, CustomStringConvertible {
        /// In the project's field-path style: `interactive.action.buttons[1].reply.title`,
        /// `$` for the whole document.
        public var path: FieldPath
        public var kind: Kind
        public var old: JSONValue?
        public var new: JSONValue?

        public init(path: FieldPath, kind: Kind, old: JSONValue?, new: JSONValue?) {
            self.path = path
            self.kind = kind
            self.old = old
            self.new = new
        }

        /// The old value as compact JSON; nil when it was added.
        public var oldJSON: String? { old.map(JSONWriter.compactString) }
        /// The new value as compact JSON; nil when it was removed.
        public var newJSON: String? { new.map(JSONWriter.compactString) }

        /// `interactive.body.text: changed "Hi" → "Hello"`.
        public var description: String {
            switch kind {
            case .added: return "\(path.display): added \(newJSON ?? "")"
            case .removed: return "\(path.display): removed \(oldJSON ?? "")"
            case .changed, .typeChanged: return "\(path.display): \(kind.rawValue) \(oldJSON ?? "") → \(newJSON ?? "")"
            }
        }
    }

    /// Every difference, in document order. Empty when the values are equal.
    public let changes: [Change]

    /// Compares `old` with `new`. Either may be nil (absent: no response body, say); then the
    /// whole other value is one `added` or `removed` change at `$`.
    public init(old: JSONValue?, new: JSONValue?) {
        var out: [Change] = []
        Self.compare(old, new, at: .root, into: &out)
        changes = out
    }

    /// True when the two values are equal (key order aside).
    public var isEmpty: Bool { changes.isEmpty }

    private static func compare(_ a: JSONValue?, _ b: JSONValue?, at path: FieldPath, into out: inout [Change]) {
        switch (a, b) {
        case (nil, nil): return
        case (nil, let b?): out.append(Change(path: path, kind: .added, old: nil, new: b))
        case (let a?, nil): out.append(Change(path: path, kind: .removed, old: a, new: nil))
        case (.object(let x)?, .object(let y)?):
            // Equal subtrees are skipped whole: the common case in a message diff.
            if x == y { return }
            let inX = KeyIndex.Lookup(x), inY = KeyIndex.Lookup(y)
            for (key, value) in x { compare(value, inY[key], at: path.member(key), into: &out) }
            for (key, value) in y where inX[key] == nil { compare(nil, value, at: path.member(key), into: &out) }
        case (.array(let x)?, .array(let y)?):
            if x == y { return }
            for i in 0..<max(x.count, y.count) {
                compare(element(x, i), element(y, i), at: path.index(i), into: &out)
            }
        case (let a?, let b?):
            if a == b { return }
            out.append(Change(path: path, kind: sameType(a, b) ? .changed : .typeChanged, old: a, new: b))
        }
    }

    /// Element `i`, or absent. (Spelled out: in a `?:` with a `JSONValue`, `nil` would become
    /// JSON `null`, since `JSONValue` is `ExpressibleByNilLiteral`.)
    static func element(_ items: [JSONValue], _ i: Int) -> JSONValue? {
        guard i < items.count else { return Optional.none }
        return items[i]
    }

    static func sameType(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null), (.bool, .bool), (.number, .number), (.string, .string), (.array, .array), (.object, .object): return true
        default: return false
        }
    }
}

extension FieldPath {
    /// A member, written `a.b` when the key reads as a name and `a["odd key"]` otherwise, so a
    /// key with a dot, bracket or space never makes an ambiguous path.
    func member(_ key: String) -> FieldPath {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { s in
            s != "." && s != "[" && s != "]" && s != "\"" && !s.properties.isWhitespace && s.value >= 0x20
        }
        return appending(plain ? .key(key) : .quoted(key))
    }
}

// MARK: - Rendering

/// How a rendered diff line relates to the two values.
public enum JSONDiffMarker: String, Sendable, Hashable {
    /// In both values.
    case same
    /// Only in the old value (or the old side of a change).
    case removed
    /// Only in the new value (or the new side of a change).
    case added
    /// Stands for unchanged lines left out around the changes, or lines past the cap; the
    /// line's text says how many (`… 12 unchanged lines`).
    case omitted
}

/// One line of a unified diff: pretty JSON text (indented, without a `+`/`-` prefix: the
/// console draws the marker its own way).
public struct JSONDiffLine: Sendable, Hashable {
    public var marker: JSONDiffMarker
    public var text: String

    public init(_ marker: JSONDiffMarker, _ text: String) {
        self.marker = marker
        self.text = text
    }
}

/// One row of a side-by-side diff: the old side on the left, the new on the right; a side is
/// nil where that value has nothing (an added member has no left side).
public struct JSONDiffRow: Sendable, Hashable {
    public var left: JSONDiffLine?
    public var right: JSONDiffLine?

    public init(left: JSONDiffLine?, right: JSONDiffLine?) {
        self.left = left
        self.right = right
    }
}

/// Limits that keep a diff of two large bodies drawable.
public struct JSONDiffRenderOptions: Sendable, Hashable {
    /// Unchanged lines kept on each side of a change; longer unchanged runs fold into one
    /// `omitted` line. Nil shows every line.
    public var context: Int?
    /// At most this many lines (rows, side by side); the rest becomes one `omitted` line.
    public var maxLines: Int
    /// Longer lines are cut and end in `…` (a 4096-character text body stays one screen row).
    public var maxLineLength: Int

    public init(context: Int? = 3, maxLines: Int = 2_000, maxLineLength: Int = 400) {
        self.context = context
        self.maxLines = max(1, maxLines)
        self.maxLineLength = max(8, maxLineLength)
    }
}

extension JSONDiff {
    /// A unified diff of `old` and `new` as pretty JSON (two-space indent, like `JSONWriter`):
    /// unchanged lines `same`, the old side of each change `removed`, the new side `added`.
    /// The new value's members are shown in the old value's order, so a reordering shows as
    /// no change, as in the structural diff; arrays line up by index. Commas are placed for
    /// the merged view, so the text reads as JSON but is not meant to be parsed.
    public static func unifiedLines(old: JSONValue?, new: JSONValue?, options: JSONDiffRenderOptions = JSONDiffRenderOptions()) -> [JSONDiffLine] {
        var lines: [JSONDiffLine] = []
        render(old, new, key: nil, indent: "", comma: false, into: &lines)
        return cap(fold(lines, context: options.context), options)
    }

    /// The same diff side by side: unchanged lines on both sides of one row; a run of removed
    /// lines and the added run right after it paired row by row (old left, new right).
    public static func sideBySideRows(old: JSONValue?, new: JSONValue?, options: JSONDiffRenderOptions = JSONDiffRenderOptions()) -> [JSONDiffRow] {
        var unlimited = options
        unlimited.maxLines = Int.max
        let lines = unifiedLines(old: old, new: new, options: unlimited)
        var rows: [JSONDiffRow] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            switch line.marker {
            case .same, .omitted:
                rows.append(JSONDiffRow(left: line, right: line))
                i += 1
            case .added:
                rows.append(JSONDiffRow(left: nil, right: line))
                i += 1
            case .removed:
                var removed: [JSONDiffLine] = []
                while i < lines.count, lines[i].marker == .removed { removed.append(lines[i]); i += 1 }
                var added: [JSONDiffLine] = []
                while i < lines.count, lines[i].marker == .added { added.append(lines[i]); i += 1 }
                for k in 0..<max(removed.count, added.count) {
                    rows.append(JSONDiffRow(left: k < removed.count ? removed[k] : nil, right: k < added.count ? added[k] : nil))
                }
            }
        }
        guard rows.count > options.maxLines else { return rows }
        let more = rows.count - (options.maxLines - 1)
        let note = JSONDiffLine(.omitted, "… \(more) more lines")
        return Array(rows.prefix(options.maxLines - 1)) + [JSONDiffRow(left: note, right: note)]
    }

    /// Walks both values at once, emitting pretty lines with markers.
    private static func render(_ a: JSONValue?, _ b: JSONValue?, key: String?, indent: String, comma: Bool, into out: inout [JSONDiffLine]) {
        let lead = indent + (key.map { quoted($0) + ": " } ?? "")
        let tail = comma ? "," : ""
        switch (a, b) {
        case (nil, nil): return
        case (let a?, let b?) where a == b:
            pretty(a, lead: lead, indent: indent, tail: tail, marker: .same, into: &out)
        case (.object(let x)?, .object(let y)?):
            out.append(JSONDiffLine(.same, lead + "{"))
            // Old order, then members only the new value has.
            let keys = x.keys + y.keys.filter { x[$0] == nil }
            for (n, k) in keys.enumerated() {
                render(x[k], y[k], key: k, indent: indent + "  ", comma: n < keys.count - 1, into: &out)
            }
            out.append(JSONDiffLine(.same, indent + "}" + tail))
        case (.array(let x)?, .array(let y)?):
            out.append(JSONDiffLine(.same, lead + "["))
            let n = max(x.count, y.count)
            for i in 0..<n {
                render(element(x, i), element(y, i), key: nil, indent: indent + "  ", comma: i < n - 1, into: &out)
            }
            out.append(JSONDiffLine(.same, indent + "]" + tail))
        default:
            if let a { pretty(a, lead: lead, indent: indent, tail: tail, marker: .removed, into: &out) }
            if let b { pretty(b, lead: lead, indent: indent, tail: tail, marker: .added, into: &out) }
        }
    }

    /// `value` pretty-printed: the first line after `lead`, the rest indented by `indent`.
    private static func pretty(_ value: JSONValue, lead: String, indent: String, tail: String, marker: JSONDiffMarker, into out: inout [JSONDiffLine]) {
        let text = JSONWriter.prettyString(value).split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in text.enumerated() {
            out.append(JSONDiffLine(marker, (i == 0 ? lead : indent) + line + (i == text.count - 1 ? tail : "")))
        }
    }

    private static func quoted(_ key: String) -> String {
        var bytes: [UInt8] = []
        JSONWriter.writeString(key, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Keeps `context` unchanged lines around each change; longer unchanged runs become one
    /// `omitted` line. A diff with no change at all is shown whole (up to the cap), so the pane
    /// still shows what was compared.
    private static func fold(_ lines: [JSONDiffLine], context: Int?) -> [JSONDiffLine] {
        guard let context, lines.contains(where: { $0.marker != .same }) else { return lines }
        var out: [JSONDiffLine] = []
        var i = 0
        while i < lines.count {
            guard lines[i].marker == .same else { out.append(lines[i]); i += 1; continue }
            var j = i
            while j < lines.count, lines[j].marker == .same { j += 1 }
            // Context after the previous change (none at the start), before the next (none at the end).
            let keepHead = i == 0 ? 0 : context
            let keepTail = j == lines.count ? 0 : context
            let run = j - i
            if run > keepHead + keepTail + 1 {
                out.append(contentsOf: lines[i..<(i + keepHead)])
                let hidden = run - keepHead - keepTail
                out.append(JSONDiffLine(.omitted, "… \(hidden) unchanged line\(hidden == 1 ? "" : "s")"))
                out.append(contentsOf: lines[(j - keepTail)..<j])
            } else {
                out.append(contentsOf: lines[i..<j])
            }
            i = j
        }
        return out
    }

    private static func cap(_ lines: [JSONDiffLine], _ options: JSONDiffRenderOptions) -> [JSONDiffLine] {
        var out = lines.prefix(lines.count > options.maxLines ? options.maxLines - 1 : lines.count).map { line -> JSONDiffLine in
            guard line.text.count > options.maxLineLength else { return line }
            return JSONDiffLine(line.marker, String(line.text.prefix(options.maxLineLength - 1)) + "…")
        }
        if lines.count > options.maxLines { out.append(JSONDiffLine(.omitted, "… \(lines.count - out.count) more lines")) }
        return out
    }
}
