/// Dynamic values in Flow JSON evaluated: `${data.x}`, `${form.x}` and, from v4.0,
/// `${screen.ID.data.x}` / `${screen.ID.form.x}`; nested paths (`${data.user.name}`) and simple
/// conditions for `If` and `visible` (`${form.age} > 17 && ${data.vip}`). References are read
/// as `FlowReference` reads them, the linter's reading.
public enum FlowExpression {
    /// Where references are looked up.
    public struct Scope: Sendable {
        public var data: JSONObject
        public var form: [String: JSONValue]
        /// Other screens already visited: their data and form values, for `${screen.ID.…}`.
        public var screens: [String: (data: JSONObject, form: [String: JSONValue])]

        public init(data: JSONObject = [:], form: [String: JSONValue] = [:], screens: [String: (data: JSONObject, form: [String: JSONValue])] = [:]) {
            self.data = data
            self.form = form
            self.screens = screens
        }

        /// The value a reference such as `data.user.name` names, or nil when it is not set (or
        /// is no reference the linter accepts).
        public func lookup(_ reference: String) -> JSONValue? {
            let ref = FlowReference.parse(Substring(reference))
            var current: JSONValue?
            switch ref.kind {
            case .data: current = data[ref.name]
            case .form: current = form[ref.name]
            case .screenData(let id): current = screens[id]?.data[ref.name]
            case .screenForm(let id): current = screens[id]?.form[ref.name]
            case .invalid: return nil
            }
            // `items[0].title` and `items.0.title` name the same value.
            for p in ref.restSteps {
                if let i = Int(p), case .array(let a)? = current { current = i >= 0 && i < a.count ? a[i] : nil } else { current = current?[p] }
            }
            return current
        }
    }

    /// True when the whole string is one `${…}` reference (its value keeps its JSON type).
    public static func isSingleReference(_ text: String) -> Bool { FlowReference.single(text) != nil }

    /// True when the string holds any `${…}` (or a `${` never closed).
    public static func isDynamic(_ text: String) -> Bool { FlowReference.isDynamic(text) }

    /// Resolves a value: a lone reference keeps its type (`${data.options}` stays an array),
    /// references inside text are replaced by their text, objects and arrays are resolved deeply.
    public static func resolve(_ value: JSONValue, in scope: Scope) -> JSONValue {
        switch value {
        case .string(let s):
            guard isDynamic(s) else { return value }
            if let inner = FlowReference.single(s) { return evaluate(String(inner), in: scope) ?? .string("") }
            return .string(interpolate(s, in: scope))
        case .object(let o):
            var out = JSONObject()
            for (k, v) in o {
                // A member that is one reference to nothing (an optional input left empty) is
                // left out: Flow data has no null, and forward references may be empty.
                if case .string(let s) = v, let inner = FlowReference.single(s), (evaluate(String(inner), in: scope) ?? .null) == .null { continue }
                out.append(k, resolve(v, in: scope))
            }
            return .object(out)
        case .array(let a): return .array(a.map { resolve($0, in: scope) })
        default: return value
        }
    }

    /// Text with every `${…}` replaced by its value as text (a missing value is empty, as on a phone).
    public static func interpolate(_ text: String, in scope: Scope) -> String {
        // A template literal (`Hello ${data.name}`, v6.0+) is written between backticks.
        let s = FlowReference.isBackticked(text) ? String(text.dropFirst().dropLast()) : text
        guard FlowReference.hasDollar(s) else { return s }
        var out = ""
        for part in FlowReference.parts(of: s) {
            switch part {
            case .text(let t), .unterminated(let t): out += t
            case .reference(let inner): out += evaluate(String(inner), in: scope).map(display) ?? ""
            }
        }
        return out
    }

    /// A value as a phone shows it inside text.
    public static func display(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return s
        case .number(let n): return n.literal
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        case .array(let a): return a.map(display).joined(separator: ", ")
        case .object: return JSONWriter.compactString(v)
        }
    }

    /// Evaluates an expression: a reference, a literal, or a condition built from `!`, `==`,
    /// `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||` and parentheses. Nil when it cannot be read.
    public static func evaluate(_ expression: String, in scope: Scope) -> JSONValue? {
        var p = ConditionParser(tokens: tokenize(expression), scope: scope)
        guard let v = p.orExpr(), p.atEnd else { return nil }
        return v
    }

    /// Whether a `visible` value or an `If` condition holds (`${…}` or plain text).
    public static func holds(_ value: JSONValue?, in scope: Scope) -> Bool {
        guard let value else { return true }
        switch value {
        case .bool(let b): return b
        case .string(let s):
            // A nested expression (v6.0+) is written between backticks.
            let expression = FlowReference.isBackticked(s) ? String(s.dropFirst().dropLast()) : s
            return evaluate(expression, in: scope).map(truthy) ?? false
        default: return truthy(value)
        }
    }

    /// Whether a value counts as true in a condition (non-empty text, non-zero, a non-empty list).
    public static func truthy(_ v: JSONValue) -> Bool {
        switch v {
        case .bool(let b): return b
        case .string(let s): return !s.isEmpty
        case .number(let n): return n.doubleValue != 0
        case .null: return false
        case .array(let a): return !a.isEmpty
        case .object: return true
        }
    }

    enum Token: Equatable { case name(String), string(String), number(String), op(String) }

    /// The tokens of an expression: each `${…}` reference is a parenthesised group around its
    /// own tokens (`${form.age} > 17` reads as `(form.age) > 17`).
    static func tokenize(_ s: String) -> [Token] {
        var out: [Token] = []
        for part in FlowReference.parts(of: s) {
            switch part {
            case .text(let t): lex(t, into: &out)
            case .reference(let inner):
                out.append(.op("("))
                lex(inner, into: &out)
                out.append(.op(")"))
            case .unterminated(let t):
                // An open group never closed: the parser finds no `)` and gives up.
                out.append(.op("("))
                lex(t.dropFirst(2), into: &out)
            }
        }
        return out
    }

    /// Tokens of text without references: names, literals, operators.
    static func lex(_ s: Substring, into out: inout [Token]) {
        let cs = Array(s)
        var i = 0
        while i < cs.count {
            let c = cs[i]
            if c.isWhitespace { i += 1; continue }
            if c == "'" || c == "\"" {
                var j = i + 1
                while j < cs.count && cs[j] != c { j += 1 }
                out.append(.string(String(cs[(i + 1)..<min(j, cs.count)])))
                i = j + 1
                continue
            }
            if c.isASCIIDigit || (c == "-" && i + 1 < cs.count && cs[i + 1].isASCIIDigit && (out.last.map { if case .op = $0 { return true } else { return false } } ?? true)) {
                // A JSON number: digits, one fraction part.
                var j = i + 1
                var dot = false
                while j < cs.count && (cs[j].isASCIIDigit || (cs[j] == "." && !dot && j + 1 < cs.count && cs[j + 1].isASCIIDigit)) {
                    if cs[j] == "." { dot = true }
                    j += 1
                }
                out.append(.number(String(cs[i..<j])))
                i = j
                continue
            }
            if c.isLetter || c == "_" {
                var j = i + 1
                while j < cs.count && (cs[j].isLetter || cs[j].isNumber || "_.-[]".contains(cs[j])) { j += 1 }
                out.append(.name(String(cs[i..<j])))
                i = j
                continue
            }
            let two = i + 1 < cs.count ? String(cs[i...(i + 1)]) : ""
            if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) { out.append(.op(two)); i += 2; continue }
            out.append(.op(String(c)))
            i += 1
        }
    }

    /// Recursive descent over the tokens; precedence: `||` < `&&` < comparison < `!` < primary.
    struct ConditionParser {
        var tokens: [Token]
        var scope: Scope
        var k = 0
        /// Nesting so far: a condition of thousands of `(` or `!` gives up instead of
        /// exhausting the stack.
        var depth = 0
        static let maxDepth = 64
        var atEnd: Bool { k == tokens.count }

        init(tokens: [Token], scope: Scope) {
            self.tokens = tokens
            self.scope = scope
        }

        mutating func eat(_ op: String) -> Bool {
            guard k < tokens.count, tokens[k] == .op(op) else { return false }
            k += 1
            return true
        }

        mutating func orExpr() -> JSONValue? {
            guard var l = andExpr() else { return nil }
            while eat("||") { guard let r = andExpr() else { return nil }; l = .bool(truthy(l) || truthy(r)) }
            return l
        }

        mutating func andExpr() -> JSONValue? {
            guard var l = comparison() else { return nil }
            while eat("&&") { guard let r = comparison() else { return nil }; l = .bool(truthy(l) && truthy(r)) }
            return l
        }

        mutating func comparison() -> JSONValue? {
            guard let l = unary() else { return nil }
            for op in ["==", "!=", "<=", ">=", "<", ">"] where eat(op) {
                guard let r = unary() else { return nil }
                switch op {
                case "==": return .bool(FlowExpression.equal(l, r))
                case "!=": return .bool(!FlowExpression.equal(l, r))
                default:
                    guard let a = FlowExpression.number(l), let b = FlowExpression.number(r) else { return .bool(false) }
                    switch op {
                    case "<": return .bool(a < b)
                    case "<=": return .bool(a <= b)
                    case ">": return .bool(a > b)
                    default: return .bool(a >= b)
                    }
                }
            }
            return l
        }

        mutating func unary() -> JSONValue? {
            depth += 1
            defer { depth -= 1 }
            guard depth < Self.maxDepth else { return nil }
            if eat("!") { return unary().map { .bool(!truthy($0)) } }
            return primary()
        }

        mutating func primary() -> JSONValue? {
            guard k < tokens.count else { return nil }
            let t = tokens[k]
            k += 1
            switch t {
            case .op("("):
                let v = orExpr()
                return eat(")") ? v : nil
            case .string(let s): return .string(s)
            case .number(let n): return .number(JSONNumber(literal: n))
            case .name("true"): return .bool(true)
            case .name("false"): return .bool(false)
            case .name(let n): return scope.lookup(n) ?? .null
            default: return nil
            }
        }
    }

    static func number(_ v: JSONValue) -> Double? {
        switch v {
        case .number(let n): return n.doubleValue
        case .string(let s): return Double(s)
        default: return nil
        }
    }

    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = number(a), let y = number(b) { return x == y }
        return display(a) == display(b)
    }
}
