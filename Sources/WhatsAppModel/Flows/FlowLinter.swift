/// The rules `FlowLinter` checks in a Flow JSON document. The raw value is a stable id for
/// scripts and `--json`; each rule always reports with the same severity (`severity`). Error
/// rules are what Meta refuses (a Flow breaking them does not publish or does not run); warning
/// rules are what Meta accepts but is risky or against advice, and rules whose sources disagree.
public enum FlowRule: String, CaseIterable, Sendable {
    // Top level
    /// `version` present, `{major}.{minor}`, and in the allowed list.
    case version
    /// The version is known but no longer publishable (Frozen or Expired). Warning.
    case versionFrozen = "version-frozen"
    /// `screens` is a non-empty array of screen objects.
    case screensEmpty = "screens-empty"
    /// The whole Flow JSON is at most 10 MB.
    case sizeLimit = "size-limit"
    /// No `data_channel_uri` from Flow JSON 3.0 on (the endpoint is set through the Flows API).
    case dataChannelURI = "data-channel-uri"
    /// `data_api_version` is "3.0" or "4.0", and a Flow that exchanges data with its endpoint
    /// declares it.
    case dataAPIVersion = "data-api-version"
    /// A component, property or feature used below the Flow JSON version that introduced it.
    case versionFeature = "version-feature"

    // Screens
    /// Every screen has a non-empty string `id`.
    case screenIDMissing = "screen-id-missing"
    /// Screen ids are unique.
    case screenIDUnique = "screen-id-unique"
    /// `SUCCESS` is reserved.
    case screenIDReserved = "screen-id-reserved"
    /// Screen ids use letters and underscores only (third-party rule, uncertain). Warning.
    case screenIDCharset = "screen-id-charset"
    /// A screen has no `title` (Meta: optional; builders treat it as required). Warning.
    case missingTitle = "missing-title"
    /// `layout.type` is `SingleColumnLayout` and `layout.children` is an array.
    case layoutType = "layout-type"
    /// At least one screen is `terminal: true`.
    case terminalScreen = "terminal-screen"
    /// Every terminal screen contains a `Footer`.
    case terminalFooter = "terminal-footer"
    /// `success` only on terminal screens.
    case successNonTerminal = "success-non-terminal"

    // Actions and routing
    /// An action's `name` is navigate, complete, data_exchange, update_data or open_url.
    case actionName = "action-name"
    /// An action sits where it may: a Footer navigates, completes or exchanges data; a link or an
    /// opt-in navigates, exchanges data or opens a URL; a date picker's select action exchanges
    /// data; other select actions exchange or update data.
    case actionPlacement = "action-placement"
    /// `navigate.next` is `{"type": "screen", "name": <an existing screen id>}`.
    case navigateTarget = "navigate-target"
    /// A screen does not navigate to itself.
    case navigateSelf = "navigate-self"
    /// A terminal screen's Footer does not navigate (it completes).
    case navigateOnTerminal = "navigate-on-terminal"
    /// A navigate payload matches the next screen's declared `data`. Warning.
    case navigatePayload = "navigate-payload"
    /// `complete` sits on a terminal screen's Footer. Warning.
    case completePlacement = "complete-placement"
    /// `data_exchange` and `refresh_on_back` only in a Flow with a data endpoint.
    case dataExchangeEndpoint = "data-exchange-endpoint"
    /// The routing model — `routing_model` whenever the Flow has one, at every version, else the
    /// one the navigate actions make: names existing screens, lists every screen (as a source or
    /// a target) in a Flow of several screens, no self-edges, at most 10 branches, allows every
    /// navigate, and a terminal screen is reachable from each entry screen.
    case routingModel = "routing-model"
    /// Some screen has no inbound route: the Flow needs an entry screen.
    case entryScreen = "entry-screen"

    // Dynamic data and forms
    /// Every `${data.x}` (and `${screen.ID.data.x}`) names a declared data property.
    case dataUndeclared = "data-undeclared"
    /// Every declared data property is an object with a known `type` and an `__example__` of that type.
    case dataDeclaration = "data-declaration"
    /// A `${data.x}` that fills a `data-source` is declared as an array.
    case dataType = "data-type"
    /// Every `${form.x}` (and `${screen.ID.form.x}`) names an input on that screen.
    case formReference = "form-reference"
    /// A `${…}` is a well-formed reference: `data.x`, `form.x`, `screen.ID.data.x`, `screen.ID.form.x`.
    case referenceSyntax = "reference-syntax"
    /// A property is static or one dynamic reference, never text mixed with `${…}`.
    case staticDynamicMix = "static-dynamic-mix"
    /// No `null` anywhere (leave the property out instead).
    case nullValue = "null-value"
    /// Before Flow JSON 4.0, inputs sit inside a `Form`.
    case formRequired = "form-required"
    /// Every input has a `name`, unique on its screen.
    case inputName = "input-name"
    /// An input name is used on more than one screen. Warning.
    case inputNameReused = "input-name-reused"

    // Components
    /// A component's type is one Meta documents.
    case unknownComponent = "unknown-component"
    /// A component's (or option's, item's, action's) required properties are present.
    case componentRequired = "component-required"
    /// A property holds the JSON type it takes (string, boolean, number, array, object, action),
    /// or a `${…}` reference where it is dynamic; `name` and `type` are static.
    case propertyType = "property-type"
    /// A property Meta's reference does not list for that component, screen or action. Warning:
    /// the table may lag behind Meta, and a typo is worth a look.
    case unknownProperty = "unknown-property"
    /// A property Meta documents only in another setting, so the client ignores it here:
    /// `pattern` with input-type email or phone, a CalendarPicker's `title`, `description`,
    /// `min-days` and `max-days` outside range mode. Warning.
    case propertyIgnored = "property-ignored"
    /// Enumerated, formatted or ranged properties hold an allowed value (`input-type`,
    /// `scale-type`, `mode`, `include-days`, dates, picker counts).
    case propertyValue = "property-value"
    /// At most 50 components per screen.
    case componentCount = "component-count"
    /// At most 5 `OptIn` per screen.
    case optinCount = "optin-count"
    /// At most 2 `EmbeddedLink` per screen.
    case embeddedLinkCount = "embedded-link-count"
    /// Text lengths Meta enforces (component pages; the looser value where sources disagree).
    case charLimit = "char-limit"
    /// Within the enforced length but over a stricter one: a conflicting source's limit (Footer
    /// label 30, OptIn label 80, EmbeddedLink text 25, Dropdown label 20 …) or a length the client
    /// cuts (NavigationList). Warning.
    case charLimitStrict = "char-limit-strict"
    /// Option and item counts: CheckboxGroup/RadioButtonsGroup 1–20, Dropdown 1–200 (1–100 with
    /// images), ChipsSelector 2–20, ImageCarousel 1–3 images.
    case optionsCount = "options-count"
    /// Option images: at most 100 KB from v6.0, 300 KB before.
    case imageSize = "image-size"
    /// A Footer has `center-caption` or `left-caption`/`right-caption`, never both kinds.
    case footerCaptions = "footer-captions"
    /// A screen has exactly one Footer. Warning.
    case footerCount = "footer-count"
    /// `RichText` stands alone on its screen (v6.3+: with a Footer).
    case richTextStandalone = "rich-text-standalone"
    /// From v6.0, string properties are never empty or blank.
    case blankString = "blank-string"
    /// An `If` has components in `then`; a `Switch` has at least one case (Meta refuses both empty).
    case emptyBranch = "empty-branch"
    /// A screen's layout, a `Form`, an `else` branch or a `Switch` case holds no component.
    /// Warning (plausible, undocumented): Meta refuses an empty `then` with a message that fits
    /// any component list, but documents no refusal for these.
    case emptyChildren = "empty-children"

    /// The severity every finding of this rule has.
    public var severity: Finding.Severity {
        switch self {
        case .versionFrozen, .screenIDCharset, .missingTitle, .navigatePayload, .completePlacement, .inputNameReused, .footerCount,
             .charLimitStrict, .unknownProperty, .propertyIgnored, .emptyChildren:
            return .warning
        default:
            return .error
        }
    }
}

/// One problem in a Flow JSON document: where (path, line and column), which rule, the limit and
/// the actual value.
public struct FlowFinding: Sendable, Hashable, CustomStringConvertible {
    /// Always `rule.severity`.
    public var severity: Finding.Severity
    public var rule: FlowRule
    /// The JSON path of the offending value (`screens[1].layout.children[3].label`).
    public var path: FieldPath
    /// Where the value at `path` (or, for a missing member, its parent) starts in the source.
    public var position: SourcePosition?
    public var message: String
    /// The limit or the allowed values, as text.
    public var limit: String?
    /// The offending value or measure.
    public var actual: String?

    /// A finding of `rule`; its severity is the rule's.
    public init(rule: FlowRule, path: FieldPath, position: SourcePosition?, message: String, limit: String? = nil, actual: String? = nil) {
        severity = rule.severity
        self.rule = rule
        self.path = path
        self.position = position
        self.message = message
        self.limit = limit
        self.actual = actual
    }

    /// True for error-level findings (the Flow would not publish or run as written).
    public var isError: Bool { severity == .error }

    /// `error 12:7 screens[1].layout.children[3].label: … (limit 20, actual 23) [char-limit]`.
    public var description: String {
        var s = severity.rawValue
        if let position { s += " \(position.line):\(position.column)" }
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

    /// The finding as JSON, for `--json`.
    public var json: JSONValue {
        var o = JSONObject()
        o.append("severity", .string(severity.rawValue))
        o.append("rule", .string(rule.rawValue))
        o.append("path", .string(path.display))
        o.set("line", position.map { .number(JSONNumber($0.line)) })
        o.set("column", position.map { .number(JSONNumber($0.column)) })
        o.append("message", .string(message))
        o.set("limit", limit.map(JSONValue.string))
        o.set("actual", actual.map(JSONValue.string))
        return .object(o)
    }
}

/// Checks a Flow JSON document against Meta's rules and returns every finding at once, sorted by
/// where it is in the source. Component properties are checked against `FlowComponentSchema`.
///
/// Text lengths are measured the way the message validator measures them (`TextLength`, UTF-16
/// code units): it is the stricter of the plausible counts for emoji, so a Flow that passes here
/// passes Meta's check whichever unit Meta uses. Values holding `${…}` have no length until run
/// time: length rules skip them and the reference rules check them instead.
public struct FlowLinter {
    /// Which Flow JSON versions the linter accepts.
    public struct Options: Sendable {
        /// Versions accepted at all (others are errors).
        public var allowedVersions: [String]
        /// Versions that can still be published (others, when allowed, are warnings).
        public var publishableVersions: [String]

        /// Options with the given version lists (both default to the facts' lists).
        public init(allowedVersions: [String] = FlowLinter.knownVersions, publishableVersions: [String] = FlowLinter.publishableVersions) {
            self.allowedVersions = allowedVersions
            self.publishableVersions = publishableVersions
        }

        /// These options with `versions` added to both lists (`--allow-version`).
        public func allowing(_ versions: [String]) -> Options {
            var o = self
            for v in versions {
                if !o.allowedVersions.contains(v) { o.allowedVersions.append(v) }
                if !o.publishableVersions.contains(v) { o.publishableVersions.append(v) }
            }
            return o
        }
    }

    /// Every version Meta's changelog (Dec 2024) or AWS (2026) names.
    public static let knownVersions = ["2.1", "3.0", "3.1", "4.0", "5.0", "5.1", "6.0", "6.1", "6.2", "6.3", "7.0", "7.1", "7.2", "7.3"]
    /// Versions AWS (2026) lists as publishable; the list changes over time, hence configurable.
    public static let publishableVersions = ["5.1", "6.0", "6.1", "6.2", "6.3", "7.0", "7.1", "7.2", "7.3"]

    /// Every finding in `doc`, sorted by line and column.
    public static func lint(_ doc: FlowDocument, options: Options = .init()) -> [FlowFinding] {
        var run = LintRun(doc: doc, options: options)
        run.all()
        return run.sorted()
    }

    /// Checks a Flow message's `flow_action_payload` against the Flow it opens: the screen
    /// exists, the data matches the screen's declared `data`, `data_exchange` only with an
    /// endpoint. Paths are those of the message (`interactive.action.parameters.…`).
    public static func checkMessage(_ action: FlowAction, against doc: FlowDocument) -> [Finding] {
        let params = FieldPath("interactive.action.parameters")
        let payloadPath = params.key("flow_action_payload")
        var out: [Finding] = []
        if action.flowAction == "data_exchange" {
            if !doc.hasEndpoint {
                out.append(Finding(.error, params.key("flow_action"), .notAllowed,
                                   "data_exchange needs a Flow with a data endpoint; this Flow declares neither data_api_version nor routing_model",
                                   actual: "\"data_exchange\""))
            }
            // The endpoint chooses the first screen and its data; nothing more to compare.
            return out
        }
        let ids = doc.screens.map(\.id)
        // Without a screen, Meta opens the entry screen (newer API versions).
        guard let screenID = action.screen ?? doc.entryScreenID else { return out }
        guard let screen = doc.screen(screenID) else {
            out.append(Finding(.error, payloadPath.key("screen"), .allowedValues, "screen \"\(screenID)\" is not a screen of this Flow",
                               limit: ids.joined(separator: ", "), actual: "\"\(screenID)\""))
            return out
        }
        let sent = action.data?.objectValue ?? [:]
        let dataPath = payloadPath.key("data")
        for (key, value) in sent {
            guard let field = screen.dataField(key) else {
                out.append(Finding(.error, dataPath.key(key), .unknownField,
                                   "\"\(key)\" is not declared in screen \(screen.id)'s data, so the screen cannot read it",
                                   limit: screen.data.map(\.name).joined(separator: ", ")))
                continue
            }
            if let problem = FlowLintSchema.mismatch(value, field.schema) {
                out.append(Finding(.error, dataPath.key(key), .format, "\"\(key)\" does not match its declared type: \(problem)",
                                   limit: field.type, actual: value.typeName))
            }
        }
        for field in screen.data where sent[field.name] == nil {
            out.append(Finding(.warning, dataPath.key(field.name), .required,
                               "screen \(screen.id) declares \"\(field.name)\" but the message does not send it; the screen shows it empty",
                               limit: field.type))
        }
        return out
    }
}

// MARK: - Versions

extension FlowLinter {
    /// A Flow JSON version, compared numerically (`6.10` > `6.9`).
    struct Version: Comparable, CustomStringConvertible, Sendable {
        var major: Int
        var minor: Int

        init(_ major: Int, _ minor: Int) {
            self.major = major
            self.minor = minor
        }

        /// `{major}.{minor}`, digits only; nil otherwise.
        init?(_ text: String) {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
                  parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
                  let a = Int(parts[0]), let b = Int(parts[1]) else { return nil }
            major = a
            minor = b
        }

        static func < (a: Version, b: Version) -> Bool { (a.major, a.minor) < (b.major, b.minor) }
        var description: String { "\(major).\(minor)" }

        static let v3_0 = Version(3, 0), v4_0 = Version(4, 0), v5_0 = Version(5, 0), v5_1 = Version(5, 1)
        static let v6_0 = Version(6, 0), v6_1 = Version(6, 1), v6_2 = Version(6, 2), v6_3 = Version(6, 3)
        static let v7_0 = Version(7, 0), v7_1 = Version(7, 1)
    }
}

// MARK: - Declared data types

/// The type check for declared `data` (JSON-Schema-like `type`, `items`, `properties`), shared
/// by the linter (`__example__`, navigate payloads) and the message cross-check.
enum FlowLintSchema {
    static let types: Set<String> = ["string", "number", "integer", "boolean", "object", "array"]

    /// Why `value` does not fit `schema`, or nil when it does (or the schema says too little).
    static func mismatch(_ value: JSONValue, _ schema: JSONValue, depth: Int = 0) -> String? {
        guard depth < 32, let type = schema["type"]?.stringValue else { return nil }
        switch (type, value) {
        case ("string", .string), ("number", .number), ("boolean", .bool): return nil
        case ("integer", .number(let n)): return n.intValue == nil ? "expected a whole number, found \(n)" : nil
        case ("array", .array(let items)):
            guard let itemSchema = schema["items"] else { return nil }
            for (i, item) in items.enumerated() {
                if let m = mismatch(item, itemSchema, depth: depth + 1) { return "item \(i): \(m)" }
            }
            return nil
        case ("object", .object(let o)):
            guard let props = schema["properties"]?.objectValue else { return nil }
            for (k, v) in o {
                if let s = props[k], let m = mismatch(v, s, depth: depth + 1) { return "\"\(k)\": \(m)" }
            }
            return nil
        default:
            return "expected \(type), found \(value.typeName)"
        }
    }
}

// MARK: - Dynamic references

/// One `${…}` in a string.
struct FlowLintReference {
    enum Kind: Equatable {
        case data
        case form
        case screenData(String)
        case screenForm(String)
        /// Not a reference the linter can read (the text is kept in `name`).
        case invalid
    }
    var kind: Kind
    /// The first name after the namespace: `x` in `${data.x.y}`.
    var name: String

    /// What a string holds: its references, whether it is exactly one reference, and whether a
    /// `${` is never closed.
    struct Scan {
        var references: [FlowLintReference] = []
        var isSingle = false
        var unterminated = false
        var isDynamic: Bool { !references.isEmpty || unterminated }
    }

    /// Whether `s` is dynamic: it holds a `${…}`, or it is a backtick expression (v6.0+).
    static func isExpression(_ s: String) -> Bool {
        let u = s.utf8
        if u.count >= 2, u.first == UInt8(ascii: "`"), u.last == UInt8(ascii: "`") { return true }
        return hasDollar(s) && scan(s).isDynamic
    }

    /// Whether `s` holds a `$` at all (one pass over contiguous bytes).
    @inline(__always)
    static func hasDollar(_ s: String) -> Bool {
        s.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: "$")) } ?? s.utf8.contains(UInt8(ascii: "$"))
    }

    /// Scans bytes once; strings without `${` cost one pass and no allocation.
    static func scan(_ s: String) -> Scan {
        var out = Scan()
        guard hasDollar(s) else { return out }
        let bytes = s.utf8
        var i = bytes.startIndex
        var firstOpen: String.Index?
        var lastClose: String.Index?
        while i != bytes.endIndex {
            guard bytes[i] == UInt8(ascii: "$") else { i = bytes.index(after: i); continue }
            let next = bytes.index(after: i)
            guard next != bytes.endIndex, bytes[next] == UInt8(ascii: "{") else { i = next; continue }
            let innerStart = bytes.index(after: next)
            guard let close = bytes[innerStart...].firstIndex(of: UInt8(ascii: "}")) else {
                out.unterminated = true
                break
            }
            if firstOpen == nil { firstOpen = i }
            lastClose = close
            out.references.append(parse(Substring(s.utf8[innerStart..<close])))
            i = bytes.index(after: close)
        }
        if out.references.count == 1, !out.unterminated, firstOpen == bytes.startIndex,
           let lastClose, bytes.index(after: lastClose) == bytes.endIndex {
            out.isSingle = true
        }
        return out
    }

    /// `data.x`, `form.x`, `screen.ID.data.x`, `screen.ID.form.x` (names may go deeper: `data.user.name`).
    static func parse(_ inner: Substring) -> FlowLintReference {
        let dot = UInt8(ascii: ".")
        func invalid() -> FlowLintReference { FlowLintReference(kind: .invalid, name: String(inner)) }
        /// The text up to the next dot, and what follows that dot (nil when there is none).
        func segment(_ s: Substring) -> (Substring, Substring?) {
            guard let d = s.utf8.firstIndex(of: dot) else { return (s, nil) }
            return (s[..<d], s[s.utf8.index(after: d)...])
        }
        func name(_ p: Substring) -> String? {
            // `items[0]` reads an element of a declared array; the declared name is `items`.
            let base = p.utf8.firstIndex(of: UInt8(ascii: "[")).map { p[..<$0] } ?? p
            guard !base.isEmpty else { return nil }
            let ascii = base.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
            }
            guard ascii || base.unicodeScalars.allSatisfy({ $0 == "_" || $0 == "-" || $0.properties.isAlphabetic || $0.properties.numericType != nil })
            else { return nil }
            return String(base)
        }
        let (head, rest) = segment(inner)
        guard let rest else { return invalid() }
        switch head {
        case "data", "form":
            guard let n = name(segment(rest).0) else { return invalid() }
            return FlowLintReference(kind: head == "data" ? .data : .form, name: n)
        case "screen":
            let (id, r1) = segment(rest)
            guard let r1 else { return invalid() }
            let (kind, r2) = segment(r1)
            guard let r2, let screen = name(id), let field = name(segment(r2).0) else { return invalid() }
            switch kind {
            case "data": return FlowLintReference(kind: .screenData(screen), name: field)
            case "form": return FlowLintReference(kind: .screenForm(screen), name: field)
            default: return invalid()
            }
        default: return invalid()
        }
    }
}

// MARK: - The run

/// Action tables.
enum FlowLintTable {
    static let actions: Set<String> = ["navigate", "complete", "data_exchange", "update_data", "open_url"]

    /// The actions an action key of a component (or of its options and items) may carry; nil
    /// where Meta's pages say nothing (those are left alone). Links and opt-ins may exchange data
    /// too, as Meta's component pages allow it there.
    static func actions(on type: String, key: String) -> [String]? {
        if key == "on-select-action" || key == "on-unselect-action" {
            // Meta: a date picker's select action only exchanges data.
            if type == "DatePicker" || type == "CalendarPicker" { return ["data_exchange"] }
            return ["data_exchange", "update_data"]
        }
        guard key == "on-click-action" else { return nil }
        switch type {
        case "Footer": return ["navigate", "complete", "data_exchange"]
        case "EmbeddedLink", "OptIn": return ["navigate", "data_exchange", "open_url"]
        case "NavigationList": return ["navigate", "data_exchange"]
        default: return nil
        }
    }
    /// Keys whose values are lists of child components (the model reads them as `children`).
    static let containerKeys: Set<String> = ["children", "then", "else", "cases"]
}

/// One lint pass over a document: precomputed per-screen sets, then one walk per screen.
private struct LintRun {
    let doc: FlowDocument
    let options: FlowLinter.Options
    /// The parsed version; checks gated on a version assume the newest when it is unreadable.
    let version: FlowLinter.Version
    let hasEndpoint: Bool
    /// Whether any screen is terminal (without one, `terminal-screen` says it all).
    let anyTerminal: Bool
    var findings: [FlowFinding] = []

    /// Screen id → index of its first occurrence.
    var index: [String: Int] = [:]
    /// Per screen: declared data by name, and input names.
    var declared: [[String: FlowDataField]] = []
    var inputNames: [Set<String>] = []
    /// Navigate edges (from → to), in source order, with the step that makes each.
    var navigates: [(from: Int, to: Int, step: FlowStep)] = []
    /// Per screen: data keys some navigate payload passes into it.
    var passedKeys: [Set<String>] = []
    /// Input name → the screen that first uses it (for `input-name-reused`).
    var inputOwner: [String: Int] = [:]
    /// Whether some action exchanges data with the endpoint.
    var exchangesData = false
    /// Every screen id, joined, for messages (built once, on the first finding that needs it).
    var screenList: String?
    /// Where the string walk is: a component's path and the steps below it. The path is built
    /// only for a finding, so a clean document allocates no path strings here.
    var walkBase = FieldPath.root
    var trail: [PathStep] = []

    enum PathStep { case key(String), index(Int) }

    /// Where a property check stands: the component (or screen, action owner) type and screen.
    struct Site {
        var type: String
        var screen: Int
        /// A CalendarPicker's mode: true for a static "range", false for "single" or none, nil
        /// when it is dynamic.
        var rangeMode: Bool? = false
    }

    func walkPath() -> FieldPath {
        var p = walkBase
        for step in trail {
            switch step {
            case .key(let k): p = p.key(k)
            case .index(let i): p = p.index(i)
            }
        }
        return p
    }

    init(doc: FlowDocument, options: FlowLinter.Options) {
        self.doc = doc
        self.options = options
        let newest = options.allowedVersions.compactMap(FlowLinter.Version.init).max() ?? FlowLinter.Version(7, 3)
        version = doc.version.flatMap(FlowLinter.Version.init) ?? newest
        // Before 3.0 an endpoint was named in the JSON itself (data_channel_uri).
        hasEndpoint = doc.hasEndpoint || (doc.json["data_channel_uri"] != nil && version < .v3_0)
        anyTerminal = doc.screens.contains(where: \.terminal)
    }

    mutating func add(_ rule: FlowRule, _ path: FieldPath, _ message: String, limit: String? = nil, actual: String? = nil) {
        findings.append(FlowFinding(rule: rule, path: path, position: nil, message: message, limit: limit, actual: actual))
    }

    /// Findings with positions, by line, column, then severity and rule.
    func sorted() -> [FlowFinding] {
        findings.map { f -> FlowFinding in
            var f = f
            f.position = doc.position(of: f.path)
            return f
        }.sorted { a, b in
            let pa = a.position.map { ($0.line, $0.column) } ?? (0, 0)
            let pb = b.position.map { ($0.line, $0.column) } ?? (0, 0)
            if pa != pb { return pa < pb }
            if a.severity != b.severity { return a.severity < b.severity }
            if a.rule != b.rule { return a.rule.rawValue < b.rule.rawValue }
            return a.path.description < b.path.description
        }
    }

    static func quoted(_ s: String) -> String { MessageValidator.quoted(s) }

    mutating func screenIDs() -> String {
        if let screenList { return screenList }
        let list = doc.screens.map(\.id).joined(separator: ", ")
        screenList = list
        return list
    }

    mutating func all() {
        topLevel()
        precompute()
        for i in doc.screens.indices { screen(i) }
        crossScreen()
        nulls(.object(doc.json))
    }

    // MARK: Top level

    mutating func topLevel() {
        let root = doc.json
        members(root, FlowComponentSchema.flow, at: .root, site: Site(type: "Flow JSON", screen: -1))
        if doc.byteCount > 10_000_000 {
            // 10 MB read as 10,000,000 bytes: the stricter reading of "MB".
            add(.sizeLimit, .root, "a Flow JSON document may be at most 10 MB", limit: "10000000 bytes", actual: "\(doc.byteCount) bytes")
        }
        switch root["version"] {
        case nil:
            add(.version, "version", "version is required (a string such as \"7.3\")", limit: options.publishableVersions.joined(separator: ", "))
        case .string(let v)?:
            if FlowLinter.Version(v) == nil {
                add(.version, "version", "version must be \"{major}.{minor}\", such as \"7.3\"", actual: Self.quoted(v))
            } else if !options.allowedVersions.contains(v) {
                add(.version, "version", "Flow JSON version \(v) is not a supported version", limit: options.allowedVersions.joined(separator: ", "), actual: Self.quoted(v))
            } else if !options.publishableVersions.contains(v) {
                add(.versionFrozen, "version", "Flow JSON version \(v) is frozen or expired: a Flow using it can no longer be published",
                    limit: options.publishableVersions.joined(separator: ", "), actual: Self.quoted(v))
            }
        case let other?:
            add(.version, "version", "version must be a string such as \"7.3\"", actual: other.typeName)
        }
        switch root["screens"] {
        case .array(let items)?:
            if items.isEmpty { add(.screensEmpty, "screens", "screens must hold at least one screen", limit: "≥ 1", actual: "0") }
            for (i, item) in items.enumerated() where item.objectValue == nil {
                add(.screensEmpty, FieldPath("screens").index(i), "each screen must be an object", actual: item.typeName)
            }
        case nil: add(.screensEmpty, "screens", "screens is required (an array of screens)")
        case let other?: add(.screensEmpty, "screens", "screens must be an array of screens", actual: other.typeName)
        }
        if root["data_channel_uri"] != nil, version >= .v3_0 {
            add(.dataChannelURI, "data_channel_uri", "data_channel_uri is not allowed from Flow JSON 3.0; set the endpoint_uri through the Flows API")
        }
        if let raw = root["data_api_version"], !(raw.stringValue.map(FlowComponentSchema.dataAPIVersions.contains) ?? false) {
            let allowed = FlowComponentSchema.dataAPIVersions
            add(.dataAPIVersion, "data_api_version", "data_api_version must be " + allowed.map { "\"\($0)\"" }.joined(separator: " or "),
                limit: allowed.joined(separator: ", "), actual: raw.stringValue.map(Self.quoted) ?? raw.typeName)
        }
    }

    // MARK: Per-screen sets

    mutating func precompute() {
        declared.reserveCapacity(doc.screens.count)
        inputNames.reserveCapacity(doc.screens.count)
        for (i, s) in doc.screens.enumerated() {
            if !s.id.isEmpty, index[s.id] == nil { index[s.id] = i }
            var d: [String: FlowDataField] = [:]
            for f in s.data where d[f.name] == nil { d[f.name] = f }
            declared.append(d)
            var names = Set<String>()
            for c in s.allComponents where c.isInput { if let n = c.name { names.insert(n) } }
            inputNames.append(names)
        }
        passedKeys = Array(repeating: [], count: doc.screens.count)
    }

    // MARK: One screen

    /// What the component walk counts on a screen.
    struct ScreenTally {
        var components = 0
        var optIns: [FieldPath] = []
        var links: [FieldPath] = []
        var footers = 0
        var unconditionalFooters: [FieldPath] = []
        var richText: [FieldPath] = []
        /// A NavigationList screen moves on through its items, not a Footer.
        var navigationList = false
        /// The first component that is not RichText, and the first that is neither RichText nor Footer.
        var firstOther: (type: String, path: FieldPath)?
        var firstNonFooter: (type: String, path: FieldPath)?
        /// Input name → path, for unconditional inputs (branches of If/Switch may repeat a name).
        var names: [String: FieldPath] = [:]
    }

    mutating func screen(_ i: Int) {
        let s = doc.screens[i]
        let p = s.path
        members(s.json, FlowComponentSchema.screen, at: p, site: Site(type: "screen", screen: i))
        if s.id.isEmpty {
            add(.screenIDMissing, p.key("id"), "every screen needs a non-empty string id", actual: s.json["id"].map { $0.stringValue.map(Self.quoted) ?? $0.typeName })
        } else {
            if index[s.id] != i {
                add(.screenIDUnique, p.key("id"), "screen id \"\(s.id)\" is already used by \(doc.screens[index[s.id]!].path.display)", actual: Self.quoted(s.id))
            }
            if s.id == "SUCCESS" {
                add(.screenIDReserved, p.key("id"), "SUCCESS is a reserved screen id (Meta: SCREEN_ID_IS_RESERVED_KEYWORD)", actual: Self.quoted(s.id))
            }
            if !s.id.unicodeScalars.allSatisfy({ $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) }) {
                add(.screenIDCharset, p.key("id"), "screen ids should hold only letters and underscores (Meta's builder rejects others)",
                    limit: "[A-Za-z_]+", actual: Self.quoted(s.id))
            }
        }
        switch s.json["title"] {
        case nil: add(.missingTitle, p.key("title"), "screen \(s.id) has no title; the top bar shows nothing")
        case .string(let t)?: strings(.string(t), key: "title", base: p, screen: i)
        default: break
        }
        if s.json["success"] != nil, !s.terminal {
            add(.successNonTerminal, p.key("success"), "success is only allowed on terminal screens")
        }
        if s.json["refresh_on_back"] != nil, !hasEndpoint {
            add(.dataExchangeEndpoint, p.key("refresh_on_back"), "refresh_on_back needs a Flow with a data endpoint")
        }
        if s.json["sensitive"] != nil, version < .v5_1 {
            add(.versionFeature, p.key("sensitive"), "sensitive needs Flow JSON 5.1 or later", limit: "5.1", actual: version.description)
        }
        dataDeclarations(s)

        // Layout.
        var tally = ScreenTally()
        func childrenPath() -> FieldPath { p.key("layout").key("children") }
        switch s.json["layout"] {
        case .object(let layout)?:
            members(layout, FlowComponentSchema.layout, at: p.key("layout"), site: Site(type: "layout", screen: i))
            if layout["type"]?.stringValue != "SingleColumnLayout" {
                add(.layoutType, p.key("layout").key("type"), "layout.type must be SingleColumnLayout", limit: "SingleColumnLayout",
                    actual: layout["type"].map { $0.stringValue.map(Self.quoted) ?? $0.typeName })
            }
            if case .array(let items)? = layout["children"] {
                nonObjects(items, at: childrenPath())
                if items.isEmpty { emptyChildren(childrenPath(), "screen \(s.id)'s layout") }
            } else {
                add(.layoutType, childrenPath(), "layout.children must be an array of components", actual: layout["children"]?.typeName)
            }
        case let other:
            add(.layoutType, p.key("layout"), "a screen needs a layout {\"type\": \"SingleColumnLayout\", \"children\": [...]}", actual: other?.typeName)
        }
        for c in s.components { component(c, screen: i, inForm: false, conditional: false, tally: &tally) }
        screenTotals(i, tally)
    }

    mutating func emptyChildren(_ path: FieldPath, _ what: String) {
        add(.emptyChildren, path, "\(what) holds no component; Meta refuses an empty If branch and plausibly this too", limit: "≥ 1", actual: "0")
    }

    /// Declared `data`: an object of properties, each with a known type and a matching example.
    mutating func dataDeclarations(_ s: FlowScreen) {
        guard let raw = s.json["data"] else { return }
        guard raw.objectValue != nil else {
            add(.dataDeclaration, s.path.key("data"), "data must be an object of property declarations", actual: raw.typeName)
            return
        }
        for f in s.data {
            guard f.schema.objectValue != nil else {
                add(.dataDeclaration, f.path, "data property \"\(f.name)\" must be a declaration object {\"type\": …, \"__example__\": …}", actual: f.schema.typeName)
                continue
            }
            if let t = f.type {
                if !FlowLintSchema.types.contains(t) {
                    add(.dataDeclaration, f.path.key("type"), "unknown type for \"\(f.name)\"", limit: FlowLintSchema.types.sorted().joined(separator: ", "), actual: Self.quoted(t))
                }
            } else {
                add(.dataDeclaration, f.path.key("type"), "data property \"\(f.name)\" needs a type", limit: FlowLintSchema.types.sorted().joined(separator: ", "))
            }
            if let example = f.example {
                if FlowLintSchema.types.contains(f.type ?? ""), example != .null, let m = FlowLintSchema.mismatch(example, f.schema) {
                    add(.dataDeclaration, f.path.key("__example__"), "__example__ of \"\(f.name)\" does not match its type: \(m)", limit: f.type, actual: example.typeName)
                }
            } else {
                add(.dataDeclaration, f.path.key("__example__"), "data property \"\(f.name)\" needs an __example__ (Meta requires one)")
            }
        }
    }

    /// Non-object entries of a component list.
    mutating func nonObjects(_ items: [JSONValue], at path: @autoclosure () -> FieldPath) {
        for (i, item) in items.enumerated() where item.objectValue == nil {
            add(.unknownComponent, path().index(i), "a component must be an object with a type", actual: item.typeName)
        }
    }

    // MARK: Components

    mutating func component(_ c: FlowComponent, screen i: Int, inForm: Bool, conditional: Bool, tally: inout ScreenTally) {
        let p = c.path
        tally.components += 1
        // Strings of this component's own properties (children are walked as components).
        // Nested component lists are checked for non-objects here and walked as components below.
        for (k, v) in c.json {
            switch v {
            case .string(let text):
                // The common case, without the walk's bookkeeping.
                if FlowLintReference.hasDollar(text) || (version >= .v6_0 && TextLength.isBlank(text)) {
                    strings(v, key: k, base: p, screen: i)
                }
            case .array(let items) where FlowLintTable.containerKeys.contains(k):
                nonObjects(items, at: p.key(k))
            case .object(let cases) where k == "cases":
                for (ck, cv) in cases { if case .array(let items) = cv { nonObjects(items, at: p.key("cases").key(ck)) } }
            case .array, .object:
                strings(v, key: k, base: p, screen: i)
            default: break
            }
        }

        let type = c.type
        let spec = FlowComponentSchema.components[type]
        if spec == nil {
            // Meta's Flow JSON schema is closed (its validator rejects even an unknown property
            // with INVALID_PROPERTY), so an unknown type — usually a misspelling — cannot publish.
            add(.unknownComponent, p.key("type"), c.json["type"] == nil ? "a component needs a type" : "unknown component type \"\(type)\"",
                actual: c.json["type"].map { $0.stringValue.map(Self.quoted) ?? $0.typeName })
        }
        if let since = spec?.since, version < since {
            add(.versionFeature, p.key("type"), "\(type) needs Flow JSON \(since) or later", limit: since.description, actual: version.description)
        }
        switch type {
        case "OptIn": tally.optIns.append(p)
        case "EmbeddedLink": tally.links.append(p)
        case "Footer":
            tally.footers += 1
            if !conditional { tally.unconditionalFooters.append(p) }
        case "RichText": tally.richText.append(p)
        case "NavigationList": tally.navigationList = true
        default: break
        }
        if type != "RichText" {
            if tally.firstOther == nil { tally.firstOther = (type, p) }
            if type != "Footer", tally.firstNonFooter == nil { tally.firstNonFooter = (type, p) }
        }

        if c.isInput {
            if let name = c.name, !name.isEmpty {
                if !conditional {
                    if let first = tally.names[name] {
                        add(.inputName, p.key("name"), "input name \"\(name)\" is already used on this screen by \(first.display)", actual: Self.quoted(name))
                    } else {
                        tally.names[name] = p
                    }
                }
                if let owner = inputOwner[name], owner != i {
                    add(.inputNameReused, p.key("name"), "input name \"\(name)\" is also used on screen \(doc.screens[owner].id); payloads that collect both overwrite one",
                        actual: Self.quoted(name))
                } else if inputOwner[name] == nil {
                    inputOwner[name] = i
                }
            } else {
                add(.inputName, p.key("name"), "every input component needs a name", actual: c.json["name"].map { $0.stringValue.map(Self.quoted) ?? $0.typeName })
            }
            if !inForm, version < .v4_0 {
                add(.formRequired, p, "before Flow JSON 4.0, \(type) must sit inside a Form", limit: "Form", actual: version.description)
            }
        }

        if let spec {
            var site = Site(type: type, screen: i)
            if type == "CalendarPicker" {
                switch c.json["mode"] {
                case nil: site.rangeMode = false
                case .string(let m)? where !FlowLintReference.isExpression(m): site.rangeMode = m == "range"
                default: site.rangeMode = nil
                }
            }
            members(c.json, spec.schema, at: p, site: site)
            specifics(c, spec, screen: i)
        } else {
            // An unknown type still carries its actions: follow them, or their navigates would be
            // missing from the routes.
            for step in c.actions {
                action(step, trigger: step.path.description.split(separator: ".").last.map(String.init) ?? "", screen: i)
            }
        }

        let childForm = inForm || type == "Form"
        let childConditional = conditional || type == "If" || type == "Switch"
        for child in c.children { component(child, screen: i, inForm: childForm, conditional: childConditional, tally: &tally) }
    }

    // MARK: Properties

    /// Checks an object's members against `schema` (unknown members, version gates, shapes,
    /// lengths, values, actions), then its required members. Paths and texts for messages are
    /// built only for a finding, so a clean document allocates none here.
    mutating func members(_ o: JSONObject, _ schema: FlowObjectSchema, at path: @autoclosure () -> FieldPath, site: Site) {
        for (k, v) in o {
            guard let prop = schema.properties[k] else {
                add(.unknownProperty, path().key(k), "\(schema.name) has no property \"\(k)\" in Meta's reference; check its spelling",
                    limit: schema.properties.keys.sorted().joined(separator: ", "), actual: Self.quoted(k))
                continue
            }
            // A null has null-value.
            if case .null = v { continue }
            if let since = prop.since, version < since {
                add(.versionFeature, path().key(k), "\(k) on \(schema.name) needs Flow JSON \(since) or later", limit: since.description, actual: version.description)
            }
            value(v, prop, prop.shape, key: k, what: "\(schema.name) \(k)", at: path().key(k), site: site)
        }
        for k in schema.required where o[k] == nil {
            add(.componentRequired, path().key(k), "\(schema.name) needs \(k)")
        }
    }

    /// Checks one value against its shape. A `${…}` reference or a backtick expression stands in
    /// for any shape where the property is dynamic (the string walk checks the reference).
    mutating func value(_ v: JSONValue, _ prop: FlowProperty, _ shape: FlowShape, key: String, what: @autoclosure () -> String,
                        at path: @autoclosure () -> FieldPath, site: Site) {
        if case .string(let s) = v, FlowLintReference.isExpression(s) {
            if !prop.dynamic {
                add(.propertyType, path(), "\(what()) is static: it cannot hold a ${…} reference or an expression", actual: Self.quoted(s))
            }
            return
        }
        func wrongType(_ expected: String) {
            add(.propertyType, path(), "\(what()) must be \(expected)\(prop.dynamic ? " or a ${…} reference" : ""), found \(v.typeName)",
                limit: expected, actual: v.typeName)
        }
        switch shape {
        case .any:
            return
        case .identifier:
            return
        case .text:
            guard case .string(let s) = v else { return wrongType("a string") }
            length(s, prop, at: path(), what: what())
        case .flag:
            guard case .bool = v else { return wrongType("true or false") }
        case .count:
            if case .string(let s) = v, !s.isEmpty, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return }
            guard case .number(let n) = v, n.intValue != nil else { return wrongType("a whole number") }
        case .whole:
            guard case .number(let n) = v, let whole = n.intValue else { return wrongType("a whole number") }
            if let range = prop.range, !range.contains(whole) {
                add(.propertyValue, path(), "\(what()) must lie in \(range.lowerBound)…\(range.upperBound)", limit: "\(range.lowerBound)…\(range.upperBound)", actual: n.description)
            }
        case .number:
            guard case .number = v else { return wrongType("a number") }
        case .texts:
            guard case .array(let items) = v else { return wrongType("an array of strings") }
            for (k, item) in items.enumerated() where item.stringValue == nil && item != .null {
                add(.propertyType, path().index(k), "\(what()) holds strings only, found \(item.typeName)", limit: "a string", actual: item.typeName)
            }
        case .textOrTexts:
            switch v {
            case .string(let s): length(s, prop, at: path(), what: what())
            case .array(let items):
                var parts: [String] = []
                for (k, item) in items.enumerated() {
                    if case .string(let s) = item { parts.append(s) } else if item != .null {
                        add(.propertyType, path().index(k), "\(what()) holds strings only, found \(item.typeName)", limit: "a string", actual: item.typeName)
                    }
                }
                if prop.max != nil || prop.soft != nil, !parts.contains(where: FlowLintReference.isExpression) {
                    length(parts.joined(separator: "\n"), prop, at: path(), what: what())
                }
            default: wrongType("a string or an array of strings")
            }
        case .anyObject:
            guard case .object = v else { return wrongType("an object") }
        case .textOrObject:
            switch v {
            case .string(let s): length(s, prop, at: path(), what: what())
            case .object: break
            default: wrongType("a string or an object")
            }
        case .oneOf(let allowed):
            guard case .string(let s) = v else { return wrongType("one of \(allowed.joined(separator: ", "))") }
            if !allowed.contains(s) {
                add(.propertyValue, path(), "unknown \(key)", limit: allowed.joined(separator: ", "), actual: Self.quoted(s))
            }
        case .someOf(let allowed):
            guard case .array(let items) = v else { return wrongType("an array of \(allowed.joined(separator: ", "))") }
            for (k, item) in items.enumerated() {
                switch item {
                case .string(let s) where FlowLintReference.isExpression(s): continue
                case .string(let s):
                    if !allowed.contains(s) { add(.propertyValue, path().index(k), "unknown \(key) value", limit: allowed.joined(separator: ", "), actual: Self.quoted(s)) }
                case .null: continue
                default: add(.propertyType, path().index(k), "\(what()) holds strings only, found \(item.typeName)", limit: "a string", actual: item.typeName)
                }
            }
        case .action:
            guard case .object(let o) = v else { return wrongType("an action object {\"name\": …}") }
            action(FlowStep(json: o, path: path(), component: site.type), trigger: key, screen: site.screen)
        case .components:
            guard case .array = v else { return wrongType("an array of components") }
        case .cases:
            guard case .object(let cases) = v else { return wrongType("an object of component arrays") }
            for (ck, cv) in cases where cv.arrayValue == nil && cv != .null {
                add(.propertyType, path().key(ck), "each case of \(what()) is an array of components, found \(cv.typeName)", limit: "an array", actual: cv.typeName)
            }
        case .object(let schema):
            guard case .object(let o) = v else { return wrongType("an object") }
            members(o, schema, at: path(), site: site)
        case .objects(let schema):
            guard case .array(let items) = v else { return wrongType("an array of \(schema.name)s") }
            for (k, item) in items.enumerated() {
                switch item {
                case .object(let o): members(o, schema, at: path().index(k), site: site)
                case .null: continue
                default: add(.propertyType, path().index(k), "each \(schema.name) must be an object, found \(item.typeName)", limit: "an object", actual: item.typeName)
                }
            }
        case .range(let inner):
            // `{"start-date": …, "end-date": …}` in range mode; the plain shape otherwise (an
            // action is an object too: it is the range form only with those keys).
            var isRange = false
            if case .object(let o) = v {
                if case .action = inner { isRange = o["start-date"] != nil || o["end-date"] != nil } else { isRange = true }
            }
            guard isRange, case .object(let o) = v else { return value(v, prop, inner, key: key, what: what(), at: path(), site: site) }
            guard site.rangeMode != false else {
                add(.propertyType, path(), "\(what()) takes {\"start-date\", \"end-date\"} only when mode is \"range\"", limit: "mode \"range\"", actual: "an object")
                return
            }
            for part in ["start-date", "end-date"] {
                switch o[part] {
                case nil: add(.componentRequired, path().key(part), "\(what()) in range mode needs \(part)")
                case .null?: break
                case let x?: value(x, prop, inner, key: key, what: "\(what()) \(part)", at: path().key(part), site: site)
                }
            }
            for (k, _) in o where k != "start-date" && k != "end-date" {
                add(.unknownProperty, path().key(k), "\(what()) takes only start-date and end-date", limit: "start-date, end-date", actual: Self.quoted(k))
            }
        }
    }

    /// Length limits of static text: over `max` is an error, over `soft` a warning. Dynamic
    /// values (`${…}`) have no length until run time.
    mutating func length(_ text: String, _ prop: FlowProperty, at path: @autoclosure () -> FieldPath, what: @autoclosure () -> String) {
        guard let limit = [prop.max, prop.soft].compactMap({ $0 }).min() else { return }
        // UTF-16 units are at least as many as bytes / 3; short texts need no count at all.
        guard text.utf8.count > limit, !FlowLintReference.isExpression(text) else { return }
        let n = TextLength.of(text)
        if let max = prop.max, n > max {
            add(.charLimit, path(), "\(what()) is \(n - max) over the limit of \(max) characters (UTF-16 units)", limit: "\(max)", actual: "\(n)")
        } else if let soft = prop.soft, n > soft {
            let within = prop.max.map { " (within the \($0) Meta accepts)" } ?? ""
            add(.charLimitStrict, path(), "\(what()) is over \(soft) characters\(within): \(prop.softReason)", limit: "\(soft)", actual: "\(n)")
        }
    }

    // MARK: Component specifics

    /// What the property table cannot say: requirements that depend on the version or on other
    /// properties, dates, counts, ranges and empty branches.
    mutating func specifics(_ c: FlowComponent, _ spec: FlowComponentSpec, screen i: Int) {
        let p = c.path
        let type = c.type
        switch type {
        case "CheckboxGroup", "RadioButtonsGroup":
            if version >= .v4_0, c.json["label"] == nil {
                add(.componentRequired, p.key("label"), "\(type) needs a label from Flow JSON 4.0", limit: "4.0", actual: version.description)
            }
        case "TextHeading", "EmbeddedLink":
            // Empty text: from v6.0 `blank-string` reports every blank string; before, only these two.
            if version < .v6_0, let t = c.json["text"]?.stringValue, t.isEmpty {
                add(.componentRequired, p.key("text"), "\(type) text cannot be empty")
            }
        case "TextBody", "TextCaption":
            // Plausible, undocumented by Meta's pages: arrays of text arrive with markdown (5.1),
            // and a third-party SDK dates them 5.1.
            if case .array? = c.json["text"], version < .v5_1 {
                add(.versionFeature, p.key("text"), "text as an array of strings needs Flow JSON 5.1 or later", limit: "5.1", actual: version.description)
            }
        case "TextInput":
            if c.json["pattern"] != nil, version >= .v6_2 {
                if c.json["helper-text"] == nil {
                    add(.componentRequired, p.key("helper-text"), "a TextInput with a pattern needs helper-text explaining it")
                }
                if let t = c.json["input-type"]?.stringValue, FlowComponentSchema.inputTypes.contains(t), !FlowComponentSchema.patternInputTypes.contains(t) {
                    add(.propertyIgnored, p.key("pattern"), "Meta supports pattern only with input-type text, number, password or passcode",
                        limit: FlowComponentSchema.patternInputTypes.sorted().joined(separator: ", "), actual: Self.quoted(t))
                }
            }
        case "DatePicker":
            dates(c, keys: ["min-date", "max-date", "unavailable-dates"], since: .v5_0)
        case "CalendarPicker":
            dates(c, keys: ["min-date", "max-date", "unavailable-dates", "init-value"], since: .v6_1)
            let mode = c.json["mode"]
            if mode == nil || mode?.stringValue == "single" {
                for (k, _) in c.json where ["title", "description", "min-days", "max-days"].contains(k) {
                    add(.propertyIgnored, p.key(k), "\(k) applies only when mode is \"range\"", limit: "mode \"range\"", actual: mode == nil ? "no mode (single)" : "\"single\"")
                }
            }
        case "Footer":
            if c.json["center-caption"] != nil, c.json["left-caption"] != nil || c.json["right-caption"] != nil {
                add(.footerCaptions, p.key("center-caption"), "a Footer has left-caption and right-caption, or center-caption alone, never both kinds")
            }
        case "PhotoPicker":
            fewest(c, "min-uploaded-photos", most: "max-uploaded-photos")
        case "DocumentPicker":
            fewest(c, "min-uploaded-documents", most: "max-uploaded-documents")
        case "If":
            if case .array(let then)? = c.json["then"], then.isEmpty {
                add(.emptyBranch, p.key("then"), "an If needs at least one component in then (Meta refuses an empty array)", limit: "≥ 1", actual: "0")
            }
            if case .array(let otherwise)? = c.json["else"], otherwise.isEmpty { emptyChildren(p.key("else"), "this If's else") }
        case "Switch":
            if case .object(let cases)? = c.json["cases"] {
                if cases.isEmpty {
                    add(.emptyBranch, p.key("cases"), "a Switch needs at least one case (Meta refuses empty cases)", limit: "≥ 1", actual: "0")
                }
                for (k, v) in cases { if case .array(let items) = v, items.isEmpty { emptyChildren(p.key("cases").key(k), "case \"\(k)\"") } }
            }
        case "Form":
            if case .array(let items)? = c.json["children"], items.isEmpty { emptyChildren(p.key("children"), "this Form") }
        default: break
        }
        if spec.itemCount != nil { items(c, spec, screen: i) }
    }

    /// `min-…` not above `max-…` (Meta's validator refuses it for the pickers).
    mutating func fewest(_ c: FlowComponent, _ least: String, most: String) {
        guard let lo = c.json[least]?.intValue, let hi = c.json[most]?.intValue, lo > hi else { return }
        add(.propertyValue, c.path.key(least), "\(least) cannot be greater than \(most)", limit: "≤ \(hi)", actual: "\(lo)")
    }

    /// Dates are "YYYY-MM-DD" strings from `since` (DatePicker: 5.0; before, timestamps, not
    /// checked). A CalendarPicker's range values are checked one by one.
    mutating func dates(_ c: FlowComponent, keys: [String], since: FlowLinter.Version) {
        guard version >= since else { return }
        func isDate(_ s: String) -> Bool {
            let b = Array(s.utf8)
            guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
            let digits = [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { b[$0] >= 0x30 && b[$0] <= 0x39 }
            guard digits, let m = Int(String(decoding: b[5...6], as: UTF8.self)), let d = Int(String(decoding: b[8...9], as: UTF8.self)) else { return false }
            return (1...12).contains(m) && (1...31).contains(d)
        }
        func check(_ v: JSONValue, at path: FieldPath) {
            switch v {
            case .string(let s) where FlowLintReference.isExpression(s) || isDate(s): return
            case .string(let s):
                add(.propertyValue, path, "from Flow JSON \(since), dates are \"YYYY-MM-DD\" strings", limit: "YYYY-MM-DD", actual: Self.quoted(s))
            default: return // a wrong type has property-type
            }
        }
        for key in keys {
            switch c.json[key] {
            case .array(let dates)?: for (i, v) in dates.enumerated() { check(v, at: c.path.key(key).index(i)) }
            case .object(let range)?: for part in ["start-date", "end-date"] { if let v = range[part] { check(v, at: c.path.key(key).key(part)) } }
            case let v?: check(v, at: c.path.key(key))
            case nil: break
            }
        }
        if let lo = c.json["min-date"]?.stringValue, let hi = c.json["max-date"]?.stringValue, isDate(lo), isDate(hi), lo > hi {
            add(.propertyValue, c.path.key("max-date"), "max-date is before min-date", limit: "≥ \(lo)", actual: Self.quoted(hi))
        }
    }

    /// Options (`data-source`) or carousel `images`: how many, option image sizes, and the
    /// declared type behind a `${data.x}`. Each option's own properties have the table.
    mutating func items(_ c: FlowComponent, _ spec: FlowComponentSpec, screen i: Int) {
        let key = c.type == "ImageCarousel" ? "images" : "data-source"
        let p = c.path.key(key)
        switch c.json[key] {
        case .array(let items)?:
            guard var range = spec.itemCount else { return }
            let hasImage = c.type == "Dropdown" && items.contains { $0["image"] != nil }
            if hasImage { range = 1...100 }
            if !range.contains(items.count) {
                add(.optionsCount, p, "\(c.type) takes \(range.lowerBound)–\(range.upperBound) \(key == "images" ? "images" : "options")\(hasImage ? " when an option has an image" : "")",
                    limit: "\(range.lowerBound)…\(range.upperBound)", actual: "\(items.count)")
            }
            guard key == "data-source" else { return }
            let imageMax = version >= .v6_0 ? 100_000 : 300_000
            for (k, item) in items.enumerated() {
                guard let image = item["image"]?.stringValue, !FlowLintReference.isExpression(image) else { continue }
                // Base64: 4 characters carry 3 bytes; KB read as 1000 bytes (the stricter).
                let padding = image.utf8.reversed().prefix(2).filter { $0 == UInt8(ascii: "=") }.count
                let bytes = image.utf8.count / 4 * 3 - padding
                if bytes > imageMax {
                    add(.imageSize, p.index(k).key("image"), "option images may be at most \(imageMax / 1000) KB\(version >= .v6_0 ? " from Flow JSON 6.0" : "")",
                        limit: "\(imageMax) bytes", actual: "\(bytes) bytes")
                }
            }
        case .string(let s)?:
            let scan = FlowLintReference.scan(s)
            // The reference itself is checked by the string walk; here only its declared type.
            guard scan.isSingle, let ref = scan.references.first else { return }
            var field: FlowDataField?
            switch ref.kind {
            case .data: field = declared[i][ref.name]
            case .screenData(let id): field = index[id].flatMap { declared[$0][ref.name] }
            default: break
            }
            if let field, let t = field.type, t != "array" {
                add(.dataType, p, "\(key) \(s) must be declared as an array", limit: "array", actual: t)
            }
        default: break // missing: component-required; another type: property-type
        }
    }

    // MARK: Actions

    /// One action: its name, where it sits, its members, and what it does to the routes.
    /// `trigger` is the key that holds it (`on-click-action` …).
    mutating func action(_ step: FlowStep, trigger key: String, screen i: Int) {
        let s = doc.screens[i]
        let p = step.path
        let name = step.name
        let type = step.component
        guard FlowLintTable.actions.contains(name) else {
            add(.actionName, p.key("name"), step.json["name"] == nil ? "an action needs a name" : "unknown action",
                limit: FlowLintTable.actions.sorted().joined(separator: ", "), actual: step.json["name"].map { $0.stringValue.map(Self.quoted) ?? $0.typeName })
            return
        }
        if let allowed = FlowLintTable.actions(on: type, key: key), !allowed.contains(name) {
            add(.actionPlacement, p.key("name"), "\(name) is not an action of a \(type)'s \(key)", limit: allowed.joined(separator: ", "), actual: Self.quoted(name))
            return
        }
        if let schema = FlowComponentSchema.actions[name] {
            members(step.json, schema, at: p, site: Site(type: type, screen: i))
        }
        switch name {
        case "navigate":
            guard step.json["next"]?.objectValue != nil else {
                add(.navigateTarget, p.key("next"), "navigate needs next: {\"type\": \"screen\", \"name\": <screen id>}")
                return
            }
            if step.nextType != "screen" {
                add(.navigateTarget, p.key("next").key("type"), "next.type must be \"screen\"", limit: "\"screen\"",
                    actual: step.json["next"]?["type"].map { $0.stringValue.map(Self.quoted) ?? $0.typeName })
            }
            guard let target = step.nextScreen else {
                add(.navigateTarget, p.key("next").key("name"), "navigate needs next.name, the id of the next screen")
                return
            }
            guard let t = index[target] else {
                add(.navigateTarget, p.key("next").key("name"), "navigate goes to \"\(target)\", which is not a screen of this Flow",
                    limit: screenIDs(), actual: Self.quoted(target))
                return
            }
            if target == s.id {
                add(.navigateSelf, p.key("next").key("name"), "a screen cannot navigate to itself", actual: Self.quoted(target))
                return
            }
            if s.terminal, type == "Footer" {
                add(.navigateOnTerminal, p.key("name"), "a terminal screen's Footer ends the Flow with complete; it cannot navigate", limit: "complete", actual: "\"navigate\"")
            }
            navigates.append((i, t, step))
            navigatePayload(step, to: t)
        case "complete":
            if (!s.terminal && anyTerminal) || type != "Footer" {
                add(.completePlacement, p.key("name"), "complete ends the Flow and belongs on a terminal screen's Footer",
                    actual: s.terminal ? type : "screen \(s.id) is not terminal")
            }
        case "data_exchange":
            exchangesData = true
            if !hasEndpoint {
                add(.dataExchangeEndpoint, p.key("name"), "data_exchange needs a Flow with a data endpoint (data_api_version and routing_model)")
            }
        default:
            // update_data and open_url came with Flow JSON 6.0. A ChipsSelector updates data from
            // 7.1: plausible, undocumented by Meta's pages (its changelog "updated" the component
            // in 7.1; a third-party SDK dates it).
            if version < .v6_0 {
                add(.versionFeature, p.key("name"), "\(name) needs Flow JSON 6.0 or later", limit: "6.0", actual: version.description)
            } else if name == "update_data", type == "ChipsSelector", version < .v7_1 {
                add(.versionFeature, p.key("name"), "a ChipsSelector's update_data needs Flow JSON 7.1 or later", limit: "7.1", actual: version.description)
            }
        }
    }

    /// A navigate payload becomes the next screen's `${data.…}`: its keys should be declared there.
    mutating func navigatePayload(_ step: FlowStep, to t: Int) {
        guard let payload = step.payload else { return }
        let target = doc.screens[t]
        for (key, value) in payload {
            passedKeys[t].insert(key)
            guard let field = declared[t][key] else {
                add(.navigatePayload, step.path.key("payload").key(key), "\"\(key)\" is not declared in screen \(target.id)'s data, so that screen cannot read it",
                    limit: target.data.map(\.name).joined(separator: ", "))
                continue
            }
            if case .string(let s) = value, FlowLintReference.scan(s).isDynamic { continue }
            if let m = FlowLintSchema.mismatch(value, field.schema) {
                add(.navigatePayload, step.path.key("payload").key(key), "\"\(key)\" does not match its type in screen \(target.id): \(m)", limit: field.type, actual: value.typeName)
            }
        }
    }

    // MARK: Strings

    /// Walks the strings of a property of `base` (a component or a screen): references,
    /// static/dynamic mixing, blank text.
    mutating func strings(_ v: JSONValue, key: String, base: FieldPath, screen i: Int) {
        walkBase = base
        trail.removeAll(keepingCapacity: true)
        trail.append(.key(key))
        walk(v, key: key, screen: i)
    }

    mutating func walk(_ v: JSONValue, key: String, screen i: Int) {
        switch v {
        case .string(let s):
            string(s, key: key, screen: i)
        case .array(let items):
            for (k, item) in items.enumerated() where item.isContainerOrString {
                trail.append(.index(k))
                walk(item, key: key, screen: i)
                trail.removeLast()
            }
        case .object(let o):
            for (k, item) in o where item.isContainerOrString {
                trail.append(.key(k))
                walk(item, key: k, screen: i)
                trail.removeLast()
            }
        default: break
        }
    }

    mutating func string(_ s: String, key: String, screen i: Int) {
        if version >= .v6_0, TextLength.isBlank(s) {
            add(.blankString, walkPath(), "from Flow JSON 6.0, string properties cannot be empty or blank; leave the property out instead",
                actual: Self.quoted(s))
            return
        }
        let scan = FlowLintReference.scan(s)
        guard scan.isDynamic else { return }
        if scan.unterminated {
            add(.referenceSyntax, walkPath(), "a ${ is never closed with }", actual: Self.quoted(s))
        }
        if !scan.isSingle, !scan.unterminated {
            let backticked = s.utf8.count >= 2 && s.utf8.first == UInt8(ascii: "`") && s.utf8.last == UInt8(ascii: "`")
            if backticked {
                // A nested expression (`…${data.x}…`) mixes text and references on purpose (v6.0+).
                if version < .v6_0 {
                    add(.versionFeature, walkPath(), "nested expressions between backticks need Flow JSON 6.0 or later", limit: "6.0", actual: version.description)
                }
            } else if key != "condition" {
                // An If condition is an expression by definition; any other property is either
                // static text or exactly one reference.
                add(.staticDynamicMix, walkPath(), "a property is static text or exactly one ${…} reference, not both (use a backtick expression from v6.0)",
                    actual: Self.quoted(s))
            }
        }
        let screen = doc.screens[i]
        for ref in scan.references {
            switch ref.kind {
            case .invalid:
                add(.referenceSyntax, walkPath(), "not a reference: use ${data.x}, ${form.x}, ${screen.ID.data.x} or ${screen.ID.form.x}", actual: "\"${\(ref.name)}\"")
            case .data:
                if declared[i][ref.name] == nil {
                    add(.dataUndeclared, walkPath(), "${data.\(ref.name)} is not declared in screen \(screen.id)'s data",
                        limit: screen.data.map(\.name).joined(separator: ", "), actual: "\"\(ref.name)\"")
                }
            case .form:
                if !inputNames[i].contains(ref.name) {
                    add(.formReference, walkPath(), "${form.\(ref.name)} names no input on screen \(screen.id)",
                        limit: inputNames[i].sorted().joined(separator: ", "), actual: "\"\(ref.name)\"")
                }
            case .screenData(let id), .screenForm(let id):
                let isData = ref.kind == .screenData(id)
                let rule: FlowRule = isData ? .dataUndeclared : .formReference
                let text = "${screen.\(id).\(isData ? "data" : "form").\(ref.name)}"
                if version < .v4_0 {
                    add(.versionFeature, walkPath(), "\(text) needs Flow JSON 4.0 or later", limit: "4.0", actual: version.description)
                } else if let t = index[id] {
                    let known = isData ? declared[t][ref.name] != nil : inputNames[t].contains(ref.name)
                    if !known {
                        add(rule, walkPath(), "\(text): screen \(id) has no \(isData ? "declared data" : "input") named \"\(ref.name)\"", actual: "\"\(ref.name)\"")
                    }
                } else {
                    add(rule, walkPath(), "\(text): \(id) is not a screen of this Flow", limit: screenIDs(), actual: Self.quoted(id))
                }
            }
        }
    }

    // MARK: Screen totals

    mutating func screenTotals(_ i: Int, _ t: ScreenTally) {
        let s = doc.screens[i]
        let children = s.path.key("layout").key("children")
        if t.components > 50 {
            add(.componentCount, children, "a screen holds at most 50 components (Form, If and their children included)", limit: "50", actual: "\(t.components)")
        }
        if t.optIns.count > 5 { add(.optinCount, t.optIns[5], "a screen holds at most 5 OptIn", limit: "5", actual: "\(t.optIns.count)") }
        if t.links.count > 2 { add(.embeddedLinkCount, t.links[2], "a screen holds at most 2 EmbeddedLink", limit: "2", actual: "\(t.links.count)") }
        // Without a children array, `layout-type` has already said what is wrong; without any
        // child, `empty-children`.
        let children0 = s.json["layout"]?["children"]?.arrayValue
        let hasChildren = children0 != nil
        if s.terminal, t.footers == 0, hasChildren {
            add(.terminalFooter, children, "terminal screen \(s.id) needs a Footer (its complete action ends the Flow)")
        }
        if t.unconditionalFooters.count > 1 {
            add(.footerCount, t.unconditionalFooters[1], "a screen should have exactly one Footer", limit: "1", actual: "\(t.unconditionalFooters.count)")
        } else if t.footers == 0, !s.terminal, !(children0?.isEmpty ?? true), !t.navigationList,
                  // Before 6.3 a RichText screen may hold nothing else, a Footer neither.
                  t.richText.isEmpty || version >= .v6_3 {
            add(.footerCount, children, "screen \(s.id) has no Footer; the customer can only go back or follow a link", limit: "1", actual: "0")
        }
        if !t.richText.isEmpty {
            if let other = version >= .v6_3 ? t.firstNonFooter : t.firstOther {
                add(.richTextStandalone, other.path, version >= .v6_3 ? "RichText shares its screen only with a Footer" : "before Flow JSON 6.3, RichText stands alone on its screen",
                    actual: other.type)
            }
        }
    }

    // MARK: Across screens

    mutating func crossScreen() {
        let n = doc.screens.count
        guard n > 0 else { return }
        if !anyTerminal {
            add(.terminalScreen, "screens", "a Flow needs at least one screen with \"terminal\": true")
        }
        // Meta asks for data_api_version once a Flow exchanges data with its endpoint. (Without
        // a routing model either, data-exchange-endpoint has already said so.)
        if exchangesData, doc.json["data_api_version"] == nil, doc.json["routing_model"] != nil {
            add(.dataAPIVersion, "data_api_version", "a Flow that exchanges data with its endpoint must declare data_api_version",
                limit: FlowComponentSchema.dataAPIVersions.joined(separator: ", "))
        }
        // Navigate payloads fill the data of non-entry screens; in endpoint Flows the endpoint does.
        if !hasEndpoint {
            var inbound = Array(repeating: false, count: n)
            for e in navigates { inbound[e.to] = true }
            for (t, s) in doc.screens.enumerated() where inbound[t] {
                for f in s.data where !passedKeys[t].contains(f.name) {
                    add(.navigatePayload, f.path, "screen \(s.id) declares \"\(f.name)\" but no navigate into it passes it; it stays empty")
                }
            }
        }
        // The routing model, whenever the Flow has one (at every version: Meta's own 2.1-era
        // examples route through it); else the navigate actions.
        var routes = Routes(count: n)
        if doc.json["routing_model"] != nil {
            routingModel(&routes)
        } else {
            if doc.json["data_api_version"] != nil || (doc.json["data_channel_uri"] != nil && version < .v3_0) {
                add(.routingModel, "routing_model", "a Flow with a data endpoint needs a routing_model listing every screen and where it can go")
            }
            for e in navigates { routes.add(e.from, e.to) }
        }
        // Entry: a screen no route leads to.
        var inbound = Array(repeating: false, count: n)
        for targets in routes.edges { for t in targets { inbound[t] = true } }
        if !inbound.contains(false) {
            add(.entryScreen, doc.json["routing_model"] != nil ? "routing_model" : "screens",
                "every screen has a route into it, so the Flow has no entry screen")
        }
        // From every entry screen some terminal screen must be reachable. A dead end that is not
        // terminal is fine (a terms screen: the customer goes back, as every edge allows). One
        // walk back from the terminal screens finds every screen that reaches one.
        guard anyTerminal else { return }
        var into = Array(repeating: [Int](), count: n)
        for (from, targets) in routes.edges.enumerated() { for t in targets { into[t].append(from) } }
        var reaches = doc.screens.map(\.terminal)
        var queue = reaches.indices.filter { reaches[$0] }
        while let k = queue.popLast() {
            for f in into[k] where !reaches[f] { reaches[f] = true; queue.append(f) }
        }
        for (e, s) in doc.screens.enumerated() where !inbound[e] && !reaches[e] && !s.id.isEmpty {
            add(.routingModel, s.path.key("id"), "no route from entry screen \(s.id) reaches a terminal screen", actual: Self.quoted(s.id))
        }
    }

    /// Routes between screens (by index), each edge once.
    struct Routes {
        var edges: [[Int]]
        var seen: Set<Int> = []
        let count: Int

        init(count: Int) {
            self.count = count
            edges = Array(repeating: [], count: count)
        }

        func has(_ from: Int, _ to: Int) -> Bool { seen.contains(from * count + to) }

        mutating func add(_ from: Int, _ to: Int) {
            if seen.insert(from * count + to).inserted { edges[from].append(to) }
        }
    }

    /// The explicit routing model.
    mutating func routingModel(_ routes: inout Routes) {
        let rmPath = FieldPath("routing_model")
        guard case .object(let rm)? = doc.json["routing_model"] else {
            add(.routingModel, rmPath, "routing_model must be an object {screen id: [screen ids]}", actual: doc.json["routing_model"]?.typeName)
            for e in navigates { routes.add(e.from, e.to) }
            return
        }
        // A screen is listed as a source or as a target (Meta's own examples leave screens
        // without forward routes out as keys).
        var listed = Array(repeating: false, count: doc.screens.count)
        var branches = 0
        for (key, value) in rm {
            let kp = rmPath.key(key)
            guard let from = index[key] else {
                add(.routingModel, kp, "routing_model names \"\(key)\", which is not a screen of this Flow", actual: Self.quoted(key))
                continue
            }
            listed[from] = true
            guard case .array(let targets) = value else {
                add(.routingModel, kp, "the routes of \(key) must be an array of screen ids", actual: value.typeName)
                continue
            }
            for (k, tv) in targets.enumerated() {
                guard let t = tv.stringValue, let to = index[t] else {
                    add(.routingModel, kp.index(k), "route to \(tv.stringValue.map(Self.quoted) ?? tv.typeName), which is not a screen of this Flow",
                        limit: screenIDs())
                    continue
                }
                if to == from {
                    add(.routingModel, kp.index(k), "a screen cannot route to itself", actual: Self.quoted(t))
                    continue
                }
                listed[to] = true
                branches += 1
                routes.add(from, to)
            }
        }
        if branches > 10 {
            add(.routingModel, rmPath, "a routing model has at most 10 branches in total", limit: "10", actual: "\(branches)")
        }
        // A single screen has nothing to route: Meta's own one-screen examples carry `{}`.
        if doc.screens.count > 1 {
            for s in doc.screens where !s.id.isEmpty && index[s.id].map({ !listed[$0] }) ?? false {
                add(.routingModel, s.path.key("id"), "screen \(s.id) is missing from routing_model (Meta: INVALID_ROUTING_MODEL)", actual: Self.quoted(s.id))
            }
        }
        // A navigate is a client-side move the routing model must allow (either direction, as
        // an edge A→B implies going back from B to A).
        for e in navigates where !routes.has(e.from, e.to) && !routes.has(e.to, e.from) {
            add(.routingModel, e.step.path.key("next").key("name"),
                "routing_model has no route between \(doc.screens[e.from].id) and \(doc.screens[e.to].id) for this navigate",
                actual: Self.quoted(doc.screens[e.to].id))
        }
    }

    // MARK: Nulls

    /// `null` is invalid anywhere in Flow JSON (leave the property out). Paths are built only
    /// for the nulls found.
    mutating func nulls(_ root: JSONValue) {
        enum Step { case key(String), index(Int) }
        var trail: [Step] = []
        var found: [FieldPath] = []
        func walk(_ v: JSONValue) {
            switch v {
            case .null:
                var p = FieldPath.root
                for s in trail {
                    switch s {
                    case .key(let k): p = p.key(k)
                    case .index(let i): p = p.index(i)
                    }
                }
                found.append(p)
            case .array(let items):
                for (i, item) in items.enumerated() where item.mayHoldNull {
                    trail.append(.index(i)); walk(item); trail.removeLast()
                }
            case .object(let o):
                for (k, item) in o where item.mayHoldNull {
                    trail.append(.key(k)); walk(item); trail.removeLast()
                }
            default: break
            }
        }
        walk(root)
        for p in found { add(.nullValue, p, "null is not a valid Flow JSON value; leave the property out instead") }
    }
}

private extension JSONValue {
    var isContainerOrString: Bool {
        switch self {
        case .string, .array, .object: return true
        default: return false
        }
    }

    var mayHoldNull: Bool {
        switch self {
        case .null, .array, .object: return true
        default: return false
        }
    }
}
