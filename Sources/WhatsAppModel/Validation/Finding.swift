/// One problem found in a message, a profile or a request: where (`path`), which rule, the limit
/// and the actual value. Validation returns every finding at once, never just the first.
public struct Finding: Sendable, Hashable, CustomStringConvertible {
    /// The rule of verdicts: an error is what the gateway would refuse (or what would reach the
    /// wrong place), a warning what it accepts but is risky or against the vendor's advice, a
    /// note what wacon did for you.
    public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
        /// The gateway would refuse it, or it would go somewhere wrong: nothing is sent.
        case error
        /// The gateway accepts it, but it is risky or against the vendor's advice.
        case warning
        /// What wacon did for you: a number normalised, a default filled in.
        case note

        /// Errors first, notes last.
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

        private var rank: Int {
            switch self {
            case .error: return 0
            case .warning: return 1
            case .note: return 2
            }
        }
    }

    public var severity: Severity
    public var path: FieldPath
    public var rule: Rule
    public var message: String
    /// The limit or the allowed values, as text ("60", "1…3", "image, video").
    public var limit: String?
    /// The offending value or measure ("61 UTF-16 units", "\"gif\"").
    public var actual: String?

    public init(_ severity: Severity, _ path: FieldPath, _ rule: Rule, _ message: String, limit: String? = nil, actual: String? = nil) {
        self.severity = severity
        self.path = path
        self.rule = rule
        self.message = message
        self.limit = limit
        self.actual = actual
    }

    public var isError: Bool { severity == .error }

    public var description: String {
        var s = "\(severity.rawValue): \(path.display): \(message)"
        var extra: [String] = []
        if let limit { extra.append("limit \(limit)") }
        if let actual { extra.append("actual \(actual)") }
        if !extra.isEmpty { s += " (" + extra.joined(separator: ", ") + ")" }
        s += " [\(rule.rawValue)]"
        return s
    }
}

/// The rule a finding is about; the raw value is a stable id for scripts (`--json`).
public enum Rule: String, Sendable, Hashable, CaseIterable {
    case required
    case maxLength = "max-length"
    case notEmpty = "not-empty"
    case minItems = "min-items"
    case maxItems = "max-items"
    case unique
    case exactlyOne = "exactly-one"
    case notAllowed = "not-allowed"
    case allowedValues = "allowed-values"
    case format
    case range
    case unknownField = "unknown-field"
    case phoneNumber = "phone-number"
    case notChecked = "not-checked"
    case gatewayCapability = "gateway-capability"
    case profile
    /// A default Meta fills in, or a `null` taken as absent (notes).
    case defaulted
}

extension Array where Element == Finding {
    /// True when any finding is an error.
    public var hasErrors: Bool { contains { $0.isError } }
    public var errors: [Finding] { filter(\.isError) }
    public var warnings: [Finding] { filter { $0.severity == .warning } }
    public var notes: [Finding] { filter { $0.severity == .note } }
    /// Errors and warnings: what the findings say about the message, without the notes on what
    /// wacon did.
    public var verdicts: [Finding] { filter { $0.severity != .note } }
}

extension Finding {
    /// The finding as JSON, for `--json` output.
    public var json: JSONValue {
        var o = JSONObject()
        o.append("severity", .string(severity.rawValue))
        o.append("path", .string(path.display))
        o.append("rule", .string(rule.rawValue))
        o.append("message", .string(message))
        o.set("limit", limit.map(JSONValue.string))
        o.set("actual", actual.map(JSONValue.string))
        return .object(o)
    }
}
