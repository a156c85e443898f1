/// A JSON field path as a person reads it: `interactive.action.buttons[2].reply.title`, `$` for
/// the whole document.
///
/// A path is a list of steps, so code that walks a document (the source map, the linter) reads
/// keys and indices without parsing text. Its text is what it always printed: keys joined with
/// dots (a key with a dot or a space in it, such as `profile prod` or a JSON key `a.b`, is written
/// as it is), indices in brackets. Two paths are equal when they print the same, so a path built
/// step by step equals the string literal a caller compares it with (`$0.path == "body.text"`).
///
/// A path made from text keeps the text and reads it as steps only when asked: validation makes
/// a literal path (`"text.body"`) for every field it checks, and that must cost no more than the
/// string did.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// One step down from a value.
    public enum Step: Sendable, Hashable {
        /// A member of an object, written `.name` (bare at the start of a path).
        case key(String)
        /// An element of an array, written `[2]`.
        case index(Int)
        /// A member whose name would read ambiguously as a key (a dot, a bracket or a space in it),
        /// written as a JSON string in brackets: `ok["x y"]`. Diffs use it.
        case quoted(String)
    }

    /// The start of the path as text, not yet read as steps ("" for none).
    private var text: String
    /// The steps after `text`, as they were appended.
    private var appended: [Step]

    /// A path of these steps.
    public init(steps: [Step]) {
        text = ""
        appended = steps
    }

    /// Reads a path as text: `a.b[2].c` is three keys and an index; text that does not read back
    /// as the same text (an empty key first, a bracket that holds no index) is one key as written.
    public init(_ text: String) {
        self.text = text
        appended = []
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// The root of a document (prints as `$` when nothing has been appended).
    public static let root = FieldPath(steps: [])

    /// The steps from the root, in order; empty for the root.
    public var steps: [Step] { text.isEmpty ? appended : Self.steps(text) + appended }

    /// The path of a member of the object at this path.
    public func key(_ name: String) -> FieldPath { appending(.key(name)) }

    /// The path of an element of the array at this path.
    public func index(_ i: Int) -> FieldPath { appending(.index(i)) }

    /// This path one step further down.
    public func appending(_ step: Step) -> FieldPath {
        var p = self
        p.appended.append(step)
        return p
    }

    /// This path followed by the steps of `other`.
    public func appending(_ other: FieldPath) -> FieldPath {
        var p = self
        p.appended += other.steps
        return p
    }

    /// The name of the member this path ends at; nil at the root or after an index.
    public var lastKey: String? {
        switch appended.last ?? Self.steps(text).last {
        case .key(let name)?, .quoted(let name)?: return name
        default: return nil
        }
    }

    /// Whether this path is `other` or lies below it (`a.b[1]` lies below `a.b`).
    public func starts(with other: FieldPath) -> Bool {
        // Paths built from the same start (a Flow's components) compare their appended steps.
        if text == other.text { return appended.starts(with: other.appended) }
        return steps.starts(with: other.steps)
    }

    /// The path as text; empty for the root.
    public var description: String {
        // The text reads as steps that print as the text, so printing goes on from it.
        var s = text
        for step in appended {
            switch step {
            case .key(let name):
                // A key after nothing is written bare, even after an empty key: the text a path
                // has always had.
                if !s.isEmpty { s += "." }
                s += name
            case .index(let i):
                s += "["
                s += String(i)
                s += "]"
            case .quoted(let name):
                var quoted: [UInt8] = []
                JSONWriter.writeString(name, into: &quoted)
                s += "["
                s += String(decoding: quoted, as: UTF8.self)
                s += "]"
            }
        }
        return s
    }

    /// `$` for the root, otherwise the path.
    public var display: String {
        let text = description
        return text.isEmpty ? "$" : text
    }

    /// Equal when both print the same; the same start and steps print the same without printing.
    public static func == (a: FieldPath, b: FieldPath) -> Bool {
        (a.text == b.text && a.appended == b.appended) || a.description == b.description
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    // MARK: Reading text

    /// `a.b[2].c` as steps, or the whole text as one key when the steps would print otherwise.
    private static func steps(_ text: String) -> [Step] {
        guard !text.isEmpty else { return [] }
        if let parsed = parse(text), FieldPath(steps: parsed).description == text { return parsed }
        return [.key(text)]
    }

    /// Keys split at dots; `[digits]` an index and `["…"]` a quoted key where they close a key
    /// or follow another bracket. Nil when a closing bracket is followed by something that
    /// starts no step.
    private static func parse(_ text: String) -> [Step]? {
        let u = Array(text.utf8)
        var out: [Step] = []
        var start = 0  // where the key being read starts
        var reading = true  // whether a key is being read (a path may end with a bracket)
        var afterDot = false  // whether that key follows a dot (then even an empty one is a step)
        func closeKey(_ end: Int) {
            if reading, end > start || afterDot { out.append(.key(String(decoding: u[start..<end], as: UTF8.self))) }
        }
        var i = 0
        while i < u.count {
            switch u[i] {
            case UInt8(ascii: "."):
                closeKey(i)
                i += 1
            case UInt8(ascii: "["):
                guard let (step, next) = bracket(u, at: i) else { i += 1; continue }
                closeKey(i)
                out.append(step)
                i = next
                while i < u.count, u[i] == UInt8(ascii: "["), let (more, after) = bracket(u, at: i) {
                    out.append(more)
                    i = after
                }
                if i == u.count { reading = false; continue }
                guard u[i] == UInt8(ascii: ".") else { return nil }
                i += 1
            default:
                i += 1
                continue
            }
            start = i
            afterDot = true
        }
        closeKey(u.count)
        return out
    }

    /// The step a bracket at `i` opens (`[12]` or `["a.b"]`) and where it ends, if it is one.
    private static func bracket(_ u: [UInt8], at i: Int) -> (Step, Int)? {
        var k = i + 1
        if k < u.count, u[k] == UInt8(ascii: "\"") {
            // A JSON string: up to the first unescaped quote, then the bracket.
            k += 1
            while k < u.count, u[k] != UInt8(ascii: "\"") { k += u[k] == UInt8(ascii: "\\") ? 2 : 1 }
            guard k + 1 < u.count, u[k + 1] == UInt8(ascii: "]"),
                  case .string(let name)? = try? JSONParser.parse(Array(u[(i + 1)...k])) else { return nil }
            return (.quoted(name), k + 2)
        }
        let digits = k
        while k < u.count, u[k] >= 0x30, u[k] <= 0x39 { k += 1 }
        guard k > digits, k < u.count, u[k] == UInt8(ascii: "]"), let n = Int(String(decoding: u[digits..<k], as: UTF8.self)) else { return nil }
        return (.index(n), k + 1)
    }
}
