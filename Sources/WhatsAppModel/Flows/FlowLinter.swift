/// Checks a Flow JSON document against Meta's rules and returns every finding at once, sorted by
/// where it is in the source. Component properties are checked against `FlowComponentSchema`.
///
/// Text lengths are measured the way the message validator measures them (`TextLength`, UTF-16
/// code units): it is the stricter of the plausible counts for emoji, so a Flow that passes here
/// passes Meta's check whichever unit Meta uses. Values holding `${…}` have no length until run
/// time: length rules skip them and the reference rules check them instead.
///
/// The rules are catalogued in `Rules.swift`; the checks are split by concern: structure
/// (`FlowLintStructure.swift`), component properties (`FlowLintSchema.swift`), actions and
/// routes (`FlowLintRouting.swift`), data and references (`FlowLintData.swift`), and a Flow
/// message against its Flow (`FlowMessageCheck.swift`).
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
    public static func lint(_ doc: FlowDocument, options: Options = .init()) -> [Finding] {
        var run = FlowLintRun(doc: doc, options: options)
        run.all()
        return run.sorted()
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

/// One lint pass over a document: the top level, precomputed per-screen sets, one walk per
/// screen, then the checks across screens and for nulls.
struct FlowLintRun {
    let doc: FlowDocument
    let options: FlowLinter.Options
    /// The parsed version; checks gated on a version assume the newest when it is unreadable.
    let version: FlowLinter.Version
    let hasEndpoint: Bool
    /// Whether any screen is terminal (without one, `terminal-screen` says it all).
    let anyTerminal: Bool
    var findings: [Finding] = []

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
    /// only for a finding, so a clean document allocates no paths here.
    var walkBase = FieldPath.root
    var trail: [FieldPath.Step] = []

    /// Where a property check stands: the component (or screen, action owner) type and screen.
    struct Site {
        var type: String
        var screen: Int
        /// A CalendarPicker's mode: true for a static "range", false for "single" or none, nil
        /// when it is dynamic.
        var rangeMode: Bool? = false
    }

    func walkPath() -> FieldPath { FieldPath(steps: walkBase.steps + trail) }

    init(doc: FlowDocument, options: FlowLinter.Options) {
        self.doc = doc
        self.options = options
        let newest = options.allowedVersions.compactMap(FlowLinter.Version.init).max() ?? FlowLinter.Version(7, 3)
        version = doc.version.flatMap(FlowLinter.Version.init) ?? newest
        // Before 3.0 an endpoint was named in the JSON itself (data_channel_uri).
        hasEndpoint = doc.hasEndpoint || (doc.json["data_channel_uri"] != nil && version < .v3_0)
        anyTerminal = doc.screens.contains(where: \.terminal)
    }

    /// A finding of `rule`, with the severity the rule always has.
    mutating func add(_ rule: Rule, _ path: FieldPath, _ message: String, limit: String? = nil, actual: String? = nil) {
        findings.append(Finding(rule.severity ?? .error, path, rule, message, limit: limit, actual: actual))
    }

    /// Findings with positions, by line, column, then severity and rule.
    func sorted() -> [Finding] {
        findings.map { f -> Finding in
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
}
