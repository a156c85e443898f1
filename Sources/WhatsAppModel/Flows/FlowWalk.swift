/// A customer's way through a Flow, screen by screen: what each screen shows (with `${data.…}`
/// and `${form.…}` filled), the values entered, and what a Footer does — go to the next screen,
/// or complete with the payload that comes back in the `nfm_reply` webhook. A value type: the
/// console keeps one per walk and tests drive it directly.
public struct FlowWalk: Sendable {
    public let document: FlowDocument
    /// Comes back with the completion payload (`response_json.flow_token`).
    public let flowToken: String
    public private(set) var screenID: String
    /// The current screen's data: the message's `flow_action_payload.data` on the first screen,
    /// then each `navigate` payload.
    public private(set) var data: JSONObject
    /// Values entered on the current screen, by input name.
    public private(set) var values: [String: JSONValue]
    /// Set once a `complete` action ran: `flow_token` and the resolved payload.
    public private(set) var completion: JSONObject?
    /// Screens behind this one (for Back), with what they held.
    private var stack: [Visit] = []
    /// Every screen seen so far, for `${screen.ID.…}` references (v4.0+).
    private var seen: [String: Visit] = [:]

    struct Visit: Sendable {
        var screenID: String
        var data: JSONObject
        var values: [String: JSONValue]
    }

    /// What following an action did.
    public enum Outcome: Sendable, Equatable {
        case navigated(to: String)
        case completed(JSONObject)
        /// `data_exchange` goes to the business's endpoint; the walk cannot know its answer, so it
        /// offers the screens the routing model allows next (each with its `__example__` data).
        case needsEndpoint(payload: JSONObject, routes: [String])
        /// A pick's `data_exchange` (`on-select-action` / `on-unselect-action`): on a phone the
        /// endpoint answers, usually with the same screen and new data. With no endpoint to ask,
        /// the walk stays on the screen with what was entered; `filled` names the declared data
        /// fields it took from `__example__` as a stand-in for that answer.
        case stayed(payload: JSONObject, filled: [String])
        /// `update_data` merged its payload into the screen's data.
        case updatedData
        case openURL(String)
        /// Inputs that stop the action (required, too short, wrong format …).
        case invalid([FlowInputIssue])
        /// The action names no screen of this Flow, or is not one a walk can follow.
        case failed(String)
    }

    /// Starts on `screen` (the entry screen when nil) with `data` as its data.
    public init(document: FlowDocument, screen: String? = nil, data: JSONObject = [:], flowToken: String = "unused") {
        self.document = document
        self.flowToken = flowToken
        screenID = screen ?? document.entryScreenID ?? ""
        self.data = data
        values = [:]
        values = initialValues()
    }

    /// The screen being shown.
    public var screen: FlowScreen? { document.screen(screenID) }

    /// How many screens lie behind this one.
    public var depth: Int { stack.count }

    /// Where `${…}` references are looked up on the current screen.
    public var scope: FlowExpression.Scope {
        var screens: [String: (data: JSONObject, form: [String: JSONValue])] = [:]
        for (id, v) in seen { screens[id] = (v.data, v.values) }
        screens[screenID] = (data, values)
        return FlowExpression.Scope(data: data, form: values, screens: screens)
    }

    /// Text with its references filled in.
    public func text(_ s: String) -> String { FlowExpression.interpolate(s, in: scope) }

    /// A component property with its references resolved.
    public func resolved(_ component: FlowComponent, _ key: String) -> JSONValue? {
        component[key].map { FlowExpression.resolve($0, in: scope) }
    }

    /// The components a customer sees now: `visible: false` ones left out, `If` and `Switch`
    /// replaced by the branch that holds, `Form` flattened.
    public var visibleComponents: [FlowComponent] {
        guard let screen else { return [] }
        var out: [FlowComponent] = []
        let scope = self.scope
        func add(_ cs: [FlowComponent]) {
            for c in cs where FlowExpression.holds(c["visible"], in: scope) {
                switch c.type {
                case "Form": add(c.children)
                case "If":
                    let branch = FlowExpression.holds(c["condition"], in: scope) ? "then" : "else"
                    let branchPath = c.path.key(branch)
                    add(c.children.filter { $0.path.starts(with: branchPath) })
                case "Switch":
                    let key = c["value"].map { FlowExpression.display(FlowExpression.resolve($0, in: scope)) } ?? ""
                    let casePath = c.path.key("cases").key(key)
                    add(c.children.filter { $0.path.starts(with: casePath) })
                default: out.append(c)
                }
            }
        }
        add(screen.components)
        return out
    }

    /// The inputs a customer can fill now, in screen order: shown and enabled.
    public var inputs: [FlowComponent] { visibleComponents.filter { $0.isInput && $0.name != nil && isEnabled($0) } }

    /// False when the component's `enabled` resolves false (`"enabled": "${data.x}"` too): the
    /// phone shows it greyed out and it takes no input.
    public func isEnabled(_ component: FlowComponent) -> Bool { FlowExpression.holds(component["enabled"], in: scope) }

    /// The values a Footer or a pick sends: those of the inputs a customer can fill now. A
    /// hidden or disabled input keeps its value (for Back, and for when it shows again) but
    /// does not send it. Meta's references are silent on this; it is the plausible reading
    /// (what a customer cannot see or change is no answer they gave), as HTML forms do.
    public var submittedValues: [String: JSONValue] {
        guard let screen else { return values }
        let fillable = Set(inputs.compactMap(\.name))
        let withheld = Set(screen.allComponents.filter(\.isInput).compactMap(\.name)).subtracting(fillable)
        return values.filter { !withheld.contains($0.key) }
    }

    /// `scope` with the submitted values as the form: what action payloads are resolved in.
    var submittedScope: FlowExpression.Scope {
        var s = scope
        let form = submittedValues
        s.form = form
        s.screens[screenID] = (data, form)
        return s
    }

    /// The options of a Dropdown, RadioButtonsGroup or CheckboxGroup, static or from `${data.…}`.
    public func options(of component: FlowComponent) -> [FlowOption] {
        guard let source = resolved(component, "data-source")?.arrayValue else { return [] }
        return source.compactMap { $0.objectValue.map(FlowOption.init) }
    }

    /// The value entered for `name`, if any.
    public func value(_ name: String) -> JSONValue? { values[name] }

    /// Sets an input's value (a string, a string array for CheckboxGroup, a bool for OptIn).
    public mutating func set(_ name: String, _ value: JSONValue?) { values[name] = value }

    /// `init-values` of the screen's Forms and `init-value` of each input, resolved.
    func initialValues() -> [String: JSONValue] {
        guard let screen else { return [:] }
        var out: [String: JSONValue] = [:]
        for c in screen.allComponents {
            if c.type == "Form", case .object(let o)? = resolved(c, "init-values") { for (k, v) in o { out[k] = v } }
            if let name = c.name, let v = resolved(c, "init-value") { out[name] = v }
        }
        return out
    }

    /// What stops the current screen's inputs from being submitted.
    public func issues() -> [FlowInputIssue] {
        var out: [FlowInputIssue] = []
        for c in inputs {
            guard let name = c.name else { continue }
            let label = FlowExpression.display(resolved(c, "label") ?? .string(name))
            let v = values[name]
            let required = resolved(c, "required").map(FlowExpression.truthy) ?? false
            let empty: Bool = {
                switch v {
                case nil, .null?: return true
                case .string(let s)?: return s.isEmpty
                case .array(let a)?: return a.isEmpty
                case .bool(let b)?: return c.type == "OptIn" && !b
                default: return false
                }
            }()
            if empty {
                if required { out.append(FlowInputIssue(name: name, label: label, message: c.type == "OptIn" ? "must be accepted" : "is required")) }
                continue
            }
            switch (c.type, v) {
            case ("TextInput", .string(let s)?), ("TextArea", .string(let s)?):
                let n = s.count
                if let min = resolved(c, "min-chars")?.intValue, n < min { out.append(FlowInputIssue(name: name, label: label, message: "needs at least \(min) characters")) }
                let max = resolved(c, c.type == "TextArea" ? "max-length" : "max-chars")?.intValue ?? (c.type == "TextArea" ? 600 : 80)
                if n > max { out.append(FlowInputIssue(name: name, label: label, message: "takes at most \(max) characters (\(n))")) }
                if c.type == "TextInput", let problem = Self.formatProblem(s, inputType: c["input-type"]?.stringValue ?? "text") {
                    out.append(FlowInputIssue(name: name, label: label, message: problem))
                }
            case ("CheckboxGroup", .array(let a)?), ("ChipsSelector", .array(let a)?):
                if let min = resolved(c, "min-selected-items")?.intValue, a.count < min { out.append(FlowInputIssue(name: name, label: label, message: "pick at least \(min)")) }
                if let max = resolved(c, "max-selected-items")?.intValue, a.count > max { out.append(FlowInputIssue(name: name, label: label, message: "pick at most \(max)")) }
            case ("DatePicker", .string(let s)?):
                if !Self.isDate(s) { out.append(FlowInputIssue(name: name, label: label, message: "is not a date (YYYY-MM-DD)")) }
                if let min = resolved(c, "min-date")?.stringValue, Self.isDate(min), s < min { out.append(FlowInputIssue(name: name, label: label, message: "is before \(min)")) }
                if let max = resolved(c, "max-date")?.stringValue, Self.isDate(max), s > max { out.append(FlowInputIssue(name: name, label: label, message: "is after \(max)")) }
            default: break
            }
        }
        return out
    }

    static func formatProblem(_ s: String, inputType: String) -> String? {
        switch inputType {
        case "number": return Double(s) == nil ? "is not a number" : nil
        case "email":
            let parts = s.split(separator: "@", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasSuffix(".") ? nil : "is not an email address"
        case "phone":
            let digits = s.filter(\.isNumber)
            return digits.count >= 5 && s.allSatisfy({ $0.isNumber || "+ -()".contains($0) }) ? nil : "is not a phone number"
        case "passcode": return s.allSatisfy(\.isNumber) ? nil : "takes digits only"
        default: return nil
        }
    }

    static func isDate(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 10, u[4] == 0x2D, u[7] == 0x2D else { return false }
        return u.enumerated().allSatisfy { i, b in i == 4 || i == 7 || (b >= 0x30 && b <= 0x39) }
    }

    /// The Footer's action, when the screen has a Footer on show.
    public var footer: FlowComponent? { visibleComponents.last { $0.type == "Footer" } }

    /// Follows an action. A Footer's navigate, complete and data_exchange submit the screen, so
    /// its inputs are checked first; a link or a list item only moves on; a pick's
    /// data_exchange stays on the screen (`Outcome.stayed`).
    public mutating func perform(_ step: FlowStep) -> Outcome {
        let payload = FlowExpression.resolve(.object(step.payload ?? [:]), in: submittedScope).objectValue ?? [:]
        if step.component == "Footer", ["navigate", "complete", "data_exchange"].contains(step.name) {
            let problems = issues()
            if !problems.isEmpty { return .invalid(problems) }
        }
        switch step.name {
        case "navigate":
            guard let next = step.nextScreen, document.screen(next) != nil else {
                return .failed("navigate names no screen of this Flow (\(step.nextScreen ?? "none"))")
            }
            go(to: next, data: payload)
            return .navigated(to: next)
        case "complete":
            var response: JSONObject = ["flow_token": .string(flowToken)]
            for (k, v) in payload where k != "flow_token" { response.append(k, v) }
            completion = response
            return .completed(response)
        case "data_exchange":
            // A pick asks the endpoint about this screen (new options, a field enabled…); it
            // does not submit it, so it never moves on by itself.
            if step.isPick { return .stayed(payload: payload, filled: fillMissingExamples()) }
            return .needsEndpoint(payload: payload, routes: document.routes(from: screenID))
        case "update_data":
            for (k, v) in payload { data[k] = v }
            return .updatedData
        case "open_url":
            return .openURL(step.json["url"]?.stringValue ?? "")
        default:
            return .failed("\"\(step.name)\" is not an action a walk can follow")
        }
    }

    /// The walk's stand-in for the endpoint's answer to a pick's data_exchange: plausible, not
    /// Meta's (Meta documents what the endpoint may answer, not what it does). The screen's
    /// data stays as it is, and each declared field it lacks takes its `__example__`: an
    /// endpoint answers with this screen's data, and the examples are all the walk knows of it.
    /// Returns the names of the fields filled.
    mutating func fillMissingExamples() -> [String] {
        guard let screen else { return [] }
        var filled: [String] = []
        for field in screen.data where data[field.name] == nil {
            guard let example = field.example else { continue }
            data.append(field.name, example)
            filled.append(field.name)
        }
        return filled
    }

    /// Moves to `screen` with `data`, keeping the current screen for Back.
    public mutating func go(to screen: String, data newData: JSONObject) {
        stack.append(Visit(screenID: screenID, data: data, values: values))
        // `${screen.ID.form.…}` sees what the screen sent, not what it withheld.
        seen[screenID] = Visit(screenID: screenID, data: data, values: submittedValues)
        screenID = screen
        data = newData
        values = initialValues()
    }

    /// Goes back one screen, keeping what was entered there. False on the first screen.
    @discardableResult
    public mutating func back() -> Bool {
        guard let previous = stack.popLast() else { return false }
        screenID = previous.screenID
        data = previous.data
        values = previous.values
        return true
    }

    /// The example data a screen declares (`__example__` of each property), as the first
    /// screen's data when a message carries none, or as a stand-in for an endpoint's answer.
    public static func exampleData(for screen: FlowScreen) -> JSONObject {
        var out = JSONObject()
        for field in screen.data { if let e = field.example { out.append(field.name, e) } }
        return out
    }

    /// A plausible value for an input, for walks that play the customer unattended.
    public func exampleValue(for c: FlowComponent) -> JSONValue? {
        let firstOption = options(of: c).first { $0.enabled }.map { JSONValue.string($0.id) }
        switch c.type {
        case "TextInput":
            switch c["input-type"]?.stringValue {
            case "number": return "42"
            case "email": return "customer@example.com"
            case "phone": return "+15550100"
            case "passcode", "password": return "1234"
            default:
                // Between min-chars and max-chars (capped: a Flow's numbers are not trusted).
                let least = Swift.min(Swift.max(0, c["min-chars"]?.intValue ?? 0), 4096)
                let most = Swift.max(1, c["max-chars"]?.intValue ?? 80)
                return .string(String((String(repeating: "x", count: Swift.max(0, least - 7)) + "example").prefix(Swift.max(least, Swift.min(most, 4096)))))
            }
        case "TextArea": return "example"
        case "Dropdown", "RadioButtonsGroup": return firstOption
        case "CheckboxGroup", "ChipsSelector":
            let n = max(1, c["min-selected-items"]?.intValue ?? 1)
            let ids = options(of: c).filter(\.enabled).prefix(n).map { JSONValue.string($0.id) }
            return ids.isEmpty ? nil : .array(Array(ids))
        case "DatePicker", "CalendarPicker":
            return .string(c["min-date"]?.stringValue.flatMap { Self.isDate($0) ? $0 : nil } ?? "2026-12-01")
        case "OptIn": return true
        default: return nil
        }
    }

    /// Plays the customer: fills every input with an example value, follows each screen's
    /// Footer (a `data_exchange` goes to the first route with its example data) until the Flow
    /// completes, and returns the completion (`flow_token` + payload); nil if it cannot finish
    /// within the Flow's screen count times two.
    public static func autoComplete(document: FlowDocument, screen: String? = nil, data: JSONObject = [:], flowToken: String = "unused") -> JSONObject? {
        var walk = FlowWalk(document: document, screen: screen, data: data, flowToken: flowToken)
        if data.isEmpty, let s = walk.screen { walk.data = exampleData(for: s); walk.values = walk.initialValues() }
        for _ in 0..<(max(1, document.screens.count) * 2) {
            // Filling an input may reveal others (`If`, `visible`): fill until nothing new shows.
            for _ in 0..<4 {
                let missing = walk.inputs.filter { walk.values[$0.name!] == nil }
                if missing.isEmpty { break }
                for c in missing { walk.values[c.name!] = walk.exampleValue(for: c) }
            }
            // The Footer moves on; a screen without one moves on through a NavigationList item.
            guard let step = walk.footer?.actions.first ?? walk.visibleComponents.lazy.flatMap(\.itemActions).first else { return nil }
            switch walk.perform(step) {
            case .completed(let r): return r
            case .navigated: continue
            case .needsEndpoint(_, let routes):
                guard let next = routes.first, let s = document.screen(next) else { return nil }
                walk.go(to: next, data: exampleData(for: s))
            default: return nil
            }
        }
        return nil
    }
}

/// Why an input stops a Footer action.
public struct FlowInputIssue: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var label: String
    public var message: String

    public var description: String { "\(label) \(message)" }
}

extension FlowStep {
    /// True for an action a pick runs (`on-select-action`, `on-unselect-action`), as opposed to
    /// a press (a Footer's, a link's or a list item's `on-click-action`).
    public var isPick: Bool {
        path.lastKey == "on-select-action" || path.lastKey == "on-unselect-action"
    }
}
