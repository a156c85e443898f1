/// One problem found in a message, a profile, a request or a Flow JSON document: where (`path`,
/// and for a source file its line and column), which rule, the limit and the actual value.
/// Validation and linting return every finding at once, never just the first.
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
    /// Where the value at `path` (or, for a missing member, its parent) starts in the source
    /// file the finding is about; nil for findings about a message in memory.
    public var position: SourcePosition?

    public init(_ severity: Severity, _ path: FieldPath, _ rule: Rule, _ message: String, limit: String? = nil, actual: String? = nil,
                position: SourcePosition? = nil) {
        self.severity = severity
        self.path = path
        self.rule = rule
        self.message = message
        self.limit = limit
        self.actual = actual
        self.position = position
    }

    public var isError: Bool { severity == .error }

    /// `error: to: … (limit 20, actual 23) [max-length]`; with a position, where it is instead of
    /// the colon: `error 12:7 screens[1].layout.children[3].label: … [char-limit]`.
    public var description: String {
        var s = severity.rawValue
        if let position { s += " \(position.line):\(position.column)" } else { s += ":" }
        s += " \(path.display): \(message)\(detail) [\(rule.rawValue)]"
        return s
    }

    /// ` (limit 20, actual 23)`, or empty.
    public var detail: String {
        var extra: [String] = []
        if let limit { extra.append("limit \(limit)") }
        if let actual { extra.append("actual \(actual)") }
        return extra.isEmpty ? "" : " (" + extra.joined(separator: ", ") + ")"
    }
}

/// The rule a finding is about: a stable id for scripts (`--json`), kebab-case. Message rules
/// are below; the Flow linter's rules are its catalogue (`Rule.flowRules`).
public struct Rule: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
}

// MARK: - Message rules

extension Rule {
    public static let required = Rule(rawValue: "required")
    public static let maxLength = Rule(rawValue: "max-length")
    public static let notEmpty = Rule(rawValue: "not-empty")
    public static let minItems = Rule(rawValue: "min-items")
    public static let maxItems = Rule(rawValue: "max-items")
    public static let unique = Rule(rawValue: "unique")
    public static let exactlyOne = Rule(rawValue: "exactly-one")
    public static let notAllowed = Rule(rawValue: "not-allowed")
    public static let allowedValues = Rule(rawValue: "allowed-values")
    public static let format = Rule(rawValue: "format")
    public static let range = Rule(rawValue: "range")
    public static let unknownField = Rule(rawValue: "unknown-field")
    public static let phoneNumber = Rule(rawValue: "phone-number")
    public static let notChecked = Rule(rawValue: "not-checked")
    public static let gatewayCapability = Rule(rawValue: "gateway-capability")
    public static let profile = Rule(rawValue: "profile")
    /// A default Meta fills in, or a `null` taken as absent (notes).
    public static let defaulted = Rule(rawValue: "defaulted")
    /// A template's text parameter with a line break, a tab or more than four spaces in a row,
    /// which Meta refuses with 132018.
    public static let templateParamText = Rule(rawValue: "template-param-text")
    /// `to` and `recipient`: which takes what, and which wins.
    public static let recipientForm = Rule(rawValue: "recipient-form")
    /// A message Meta does not send to a business-scoped user id (131062).
    public static let userIDRecipient = Rule(rawValue: "user-id-recipient")
    /// What the marketing messages endpoint takes (131055, 134100).
    public static let marketingEndpoint = Rule(rawValue: "marketing-endpoint")
    /// The cards of a carousel differ where Meta wants them alike: card type, button kind,
    /// button count, catalog.
    public static let sameAcrossCards = Rule(rawValue: "same-across-cards")
    /// Text with more line breaks than Meta allows (a carousel card's body: two).
    public static let lineBreaks = Rule(rawValue: "line-breaks")
    /// A template message that does not match its template's definition (name, language,
    /// status, parameters, buttons, cards): Meta's 132000, 132001, 132005, 132012, 132015,
    /// 132016.
    public static let templateDefinition = Rule(rawValue: "template-definition")

    /// The rules of messages, requests and profiles (validator, gateways, profiles).
    public static let messageRules: [Rule] = [
        .required, .maxLength, .notEmpty, .minItems, .maxItems, .unique, .exactlyOne, .notAllowed, .allowedValues, .format, .range,
        .unknownField, .phoneNumber, .notChecked, .gatewayCapability, .profile, .defaulted, .templateParamText,
        .recipientForm, .userIDRecipient, .marketingEndpoint, .sameAcrossCards, .lineBreaks, .templateDefinition,
    ]
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
    /// The gateway cannot carry the message's kind at all: there is no request to show or
    /// send. `preview` and `validate` both exit 2 for it, as the README's exit statuses say.
    public var gatewayCannotCarry: Bool {
        contains { $0.rule == .gatewayCapability && $0.isError && ($0.path == "type" || $0.path == "recipient") }
    }
}

extension Finding {
    /// The finding as JSON, for `--json` output. A finding with a position (a Flow's) leads
    /// with its rule and gives `line` and `column` after the path, as `wacon flow lint --json`
    /// has always printed it.
    public var json: JSONValue {
        var o = JSONObject()
        o.append("severity", .string(severity.rawValue))
        if let position {
            o.append("rule", .string(rule.rawValue))
            o.append("path", .string(path.display))
            o.append("line", .number(JSONNumber(position.line)))
            o.append("column", .number(JSONNumber(position.column)))
        } else {
            o.append("path", .string(path.display))
            o.append("rule", .string(rule.rawValue))
        }
        o.append("message", .string(message))
        o.set("limit", limit.map(JSONValue.string))
        o.set("actual", actual.map(JSONValue.string))
        return .object(o)
    }
}
