/// A `${…}` reference in Flow JSON text, and the one reading of such text: a reference runs from
/// `${` to the first `}`, and names `data.x`, `form.x` or, from v4.0, `screen.ID.data.x` and
/// `screen.ID.form.x`, with a path below the name (`${data.user.name}`, `${data.items[0]}`).
/// The linter checks references with it; `FlowExpression` evaluates them with it.
struct FlowReference: Sendable, Hashable {
    /// What a reference reads from.
    enum Kind: Sendable, Hashable {
        case data
        case form
        case screenData(String)
        case screenForm(String)
        /// Not a reference that can be read (the text is kept in `name`).
        case invalid
    }

    var kind: Kind
    /// The first name after the namespace: `x` in `${data.x.y}`; for an invalid reference, its text.
    var name: String
    /// What follows that name, unread: `.y` in `${data.x.y}`, `[0].title` in `${data.items[0].title}`.
    var rest: Substring = ""

    // MARK: Text

    /// One piece of a text, in order.
    enum Part: Equatable {
        /// Text outside any reference.
        case text(Substring)
        /// A reference: the text between `${` and `}`.
        case reference(Substring)
        /// A `${` never closed, and everything after it.
        case unterminated(Substring)
    }

    /// What a string holds: its references, whether it is exactly one reference, and whether a
    /// `${` is never closed.
    struct Scan {
        var references: [FlowReference] = []
        var isSingle = false
        var unterminated = false
        var isDynamic: Bool { !references.isEmpty || unterminated }
    }

    /// Whether `s` holds a `$` at all (one pass over contiguous bytes): most strings do not, and
    /// need no further look.
    @inline(__always)
    static func hasDollar(_ s: String) -> Bool {
        s.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: "$")) } ?? s.utf8.contains(UInt8(ascii: "$"))
    }

    /// Whether `s` holds a `${`, closed or not.
    static func isDynamic(_ s: String) -> Bool {
        guard hasDollar(s) else { return false }
        var found = false
        forEachPart(of: s) { part in
            if case .text = part { return true }
            found = true
            return false
        }
        return found
    }

    /// Whether `s` is dynamic: it holds a `${…}`, or it is a backtick expression (v6.0+).
    static func isExpression(_ s: String) -> Bool {
        isBackticked(s) || isDynamic(s)
    }

    /// Whether `s` is written between backticks: a nested expression (v6.0+).
    static func isBackticked(_ s: String) -> Bool {
        let u = s.utf8
        return u.count >= 2 && u.first == UInt8(ascii: "`") && u.last == UInt8(ascii: "`")
    }

    /// The text between `${` and `}` when the whole of `s` is one reference.
    static func single(_ s: String) -> Substring? {
        guard hasDollar(s) else { return nil }
        var parts = 0
        var inner: Substring?
        forEachPart(of: s) { part in
            parts += 1
            if case .reference(let r) = part, parts == 1 { inner = r }
            return parts == 1
        }
        return parts == 1 ? inner : nil
    }

    /// The pieces of `s`, in order.
    static func parts(of s: String) -> [Part] {
        var out: [Part] = []
        forEachPart(of: s) { out.append($0); return true }
        return out
    }

    /// Reads `s` once and checks each reference; strings without `$` cost one pass and no allocation.
    static func scan(_ s: String) -> Scan {
        var out = Scan()
        guard hasDollar(s) else { return out }
        var parts = 0
        forEachPart(of: s) { part in
            parts += 1
            switch part {
            case .text: break
            case .reference(let inner): out.references.append(parse(inner))
            case .unterminated: out.unterminated = true
            }
            return true
        }
        out.isSingle = parts == 1 && out.references.count == 1
        return out
    }

    /// Calls `body` with each piece of `s` until it returns false.
    private static func forEachPart(of s: String, _ body: (Part) -> Bool) {
        let bytes = s.utf8
        var i = bytes.startIndex
        var textStart = i
        while i != bytes.endIndex {
            guard bytes[i] == UInt8(ascii: "$") else { i = bytes.index(after: i); continue }
            let next = bytes.index(after: i)
            guard next != bytes.endIndex, bytes[next] == UInt8(ascii: "{") else { i = next; continue }
            if textStart != i, !body(.text(Substring(bytes[textStart..<i]))) { return }
            let innerStart = bytes.index(after: next)
            guard let close = bytes[innerStart...].firstIndex(of: UInt8(ascii: "}")) else {
                _ = body(.unterminated(Substring(bytes[i...])))
                return
            }
            if !body(.reference(Substring(bytes[innerStart..<close]))) { return }
            i = bytes.index(after: close)
            textStart = i
        }
        if textStart != bytes.endIndex { _ = body(.text(Substring(bytes[textStart...]))) }
    }

    // MARK: One reference

    /// Reads the text between `${` and `}`: `data.x`, `form.x`, `screen.ID.data.x`,
    /// `screen.ID.form.x`; names may go deeper (`data.user.name`) or index (`data.items[0]`).
    static func parse(_ inner: Substring) -> FlowReference {
        let dot = UInt8(ascii: ".")
        func invalid() -> FlowReference { FlowReference(kind: .invalid, name: String(inner)) }
        /// The text up to the next dot, and what follows that dot (nil when there is none).
        func segment(_ s: Substring) -> (Substring, Substring?) {
            guard let d = s.utf8.firstIndex(of: dot) else { return (s, nil) }
            return (s[..<d], s[s.utf8.index(after: d)...])
        }
        /// A name: letters, digits, `_` and `-`, up to a `[` that indexes it.
        func name(_ p: Substring) -> Substring? {
            let base = p.utf8.firstIndex(of: UInt8(ascii: "[")).map { p[..<$0] } ?? p
            guard !base.isEmpty else { return nil }
            let ascii = base.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
            }
            guard ascii || base.unicodeScalars.allSatisfy({ $0 == "_" || $0 == "-" || $0.properties.isAlphabetic || $0.properties.numericType != nil })
            else { return nil }
            return base
        }
        /// The reference whose name starts `s`: the name, then everything after it.
        func named(_ kind: Kind, _ s: Substring) -> FlowReference {
            guard let n = name(segment(s).0) else { return invalid() }
            return FlowReference(kind: kind, name: String(n), rest: s[n.endIndex...])
        }
        let (head, rest) = segment(inner)
        guard let rest else { return invalid() }
        switch head {
        case "data": return named(.data, rest)
        case "form": return named(.form, rest)
        case "screen":
            let (id, r1) = segment(rest)
            guard let r1 else { return invalid() }
            let (kind, r2) = segment(r1)
            guard let r2, let screen = name(id) else { return invalid() }
            switch kind {
            case "data": return named(.screenData(String(screen)), r2)
            case "form": return named(.screenForm(String(screen)), r2)
            default: return invalid()
            }
        default: return invalid()
        }
    }

    /// The steps below the name, as a lookup reads them: `[0]` and `.0` both name element 0 of
    /// an array (or member "0" of an object); a `]` is dropped wherever it stands.
    var restSteps: [String] {
        var out: [String] = []
        var step = ""
        for scalar in rest.unicodeScalars {
            switch scalar {
            case ".", "[":
                if !step.isEmpty { out.append(step) }
                step = ""
            case "]": continue
            default: step.unicodeScalars.append(scalar)
            }
        }
        if !step.isEmpty { out.append(step) }
        return out
    }
}
