#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

/// A Flow JSON file loaded for the flow message being composed: it offers the screens to open,
/// generates the data form and checks the message against the Flow.
public struct LoadedFlow: Sendable {
    public var path: String
    public var document: FlowDocument
    /// Errors and warnings of the Flow JSON itself (`FlowLinter`).
    public var lint: [Finding]
    /// The id the in-process sandbox knows it by (so a send names a known flow).
    public var sandboxID: String?
    /// Why the sandbox does not know it, when registering failed.
    public var warning: String?

    public init(path: String, document: FlowDocument, lint: [Finding], sandboxID: String? = nil, warning: String? = nil) {
        self.path = path
        self.document = document
        self.lint = lint
        self.sandboxID = sandboxID
        self.warning = warning
    }

    /// Whether two paths name the same file as typed (`./a.json` and `a.json` do): reading
    /// the same file again keeps the draft's screen and data, another file does not.
    static func samePath(_ a: String, _ b: String) -> Bool {
        func norm(_ p: String) -> String { URL(fileURLWithPath: FilePaths.expandingTilde(p)).standardizedFileURL.path }
        return norm(a) == norm(b)
    }

    /// One line about the file: screens and lint counts.
    public var summary: String {
        let e = lint.filter { $0.severity == .error }.count, w = lint.count - e
        return "\(document.screens.count) screens · \(e) lint error\(e == 1 ? "" : "s") · \(w) warning\(w == 1 ? "" : "s")"
    }
}

/// The walk overlay: a Flow screen as the customer sees it, the input under the cursor, and
/// what the last action said.
public struct FlowWalkView: Sendable {
    public var walk: FlowWalk
    /// Index into `focusables`.
    public var focus = 0
    /// The option under the cursor in a CheckboxGroup, by input name.
    public var cursor: [String: Int] = [:]
    public var message: (text: String, role: Role)?
    /// Input issues from the last Footer press, by input name.
    public var issues: [String: String] = [:]
    /// The accepted flow message this walk answers (so the sandbox can send its nfm_reply).
    public var messageID: String?
    /// Set once the sandbox posted the `nfm_reply` webhook and the receiver saw it.
    public var reply: String?
    /// The sandbox is completing the flow (Enter again does not send a second reply).
    public var completing = false
    public var scroll = 0

    public init(walk: FlowWalk, messageID: String?) {
        self.walk = walk
        self.messageID = messageID
    }

    /// What Tab moves between: the inputs a customer can fill now (a disabled one is skipped),
    /// links and the Footer, in screen order.
    public var focusables: [FlowComponent] {
        let inputs = Set(walk.inputs.map(\.path))
        return walk.visibleComponents.filter { inputs.contains($0.path) || ["EmbeddedLink", "Footer", "NavigationList"].contains($0.type) }
    }

    /// The key line under the walk: what each key does on the focused component.
    public var keyHint: String {
        if walk.completion != nil { return "Enter send the nfm_reply  Esc close" }
        let keys: String
        switch focused?.type {
        case "TextInput"?, "DatePicker"?, "CalendarPicker"?: keys = "type to fill  Enter next"
        case "TextArea"?: keys = "type to fill  Enter new line"
        case "Dropdown"?, "RadioButtonsGroup"?: keys = "←→ choose  Space pick  Enter next"
        case "CheckboxGroup"?, "ChipsSelector"?: keys = "←→ option  Space pick/unpick  Enter next"
        case "OptIn"?: keys = "Space tick/untick  Enter next"
        case "NavigationList"?: keys = "←→ item  Enter follow"
        case "EmbeddedLink"?: keys = "Enter follow"
        case "Footer"?: keys = "Enter press"
        default: keys = ""
        }
        return "Tab/↑↓ move  " + (keys.isEmpty ? "" : keys + "  ") + "^B back  Esc close"
    }

    public var focused: FlowComponent? {
        let f = focusables
        return f.isEmpty ? nil : f[min(focus, f.count - 1)]
    }
}

extension AppState {
    /// A fresh flow token: what the business would store to match the `nfm_reply` to its customer.
    static func newFlowToken() -> String {
        var g = SystemRandomNumberGenerator()
        return "wacon-" + String(g.next() & 0xFFFF_FFFF_FFFF, radix: 16)
    }

    /// The fields the loaded Flow adds for the chosen screen: one per declared `data` property.
    func flowDataFields() -> [FieldSpec] {
        guard let flow, let screen = flow.document.screen(draft.flowScreen) else { return [] }
        return screen.data.map { d in
            let kind: FieldKind = d.type == "boolean" ? .choice(["true", "false"]) : .text
            return FieldSpec(id: .flowDataMember(d.name), label: "· \(d.name)", kind: kind,
                             path: "interactive.action.parameters.flow_action_payload.data.\(d.name)")
        }
    }

    /// The Flow screens pane: the Flow JSON file, the screen to open (a choice among the Flow's
    /// screens once it is loaded) and the data form that screen declares, then the raw data.
    func flowScreenFields() -> [FieldSpec] {
        let file = FieldSpec(id: .flowFile, label: "flow file", kind: .text, path: "flow_json")
        guard draft.kind == .flow else { return draft.kind == .template && draft.templateFlowButton ? [file] : [] }
        if draft.flowAction == "data_exchange" { return [file] }  // the endpoint picks the screen and its data
        let screens = flow?.document.screens.map(\.id) ?? []
        return [file, FieldSpec(id: .flowScreen, label: "screen", kind: screens.isEmpty ? .text : .choice(screens),
                                path: "interactive.action.parameters.flow_action_payload.screen")]
            + flowDataFields()
            + [FieldSpec(id: .flowData, label: "data (JSON)", kind: .text, path: "interactive.action.parameters.flow_action_payload.data")]
    }

    /// What the pane says under its fields: the Flow's shape and its lint counts.
    var flowPaneInfo: [String] {
        guard let flow else { return ["Enter a Flow JSON path to pick screens and fill their data"] }
        let doc = flow.document
        let ends = doc.screens.filter(\.terminal).map(\.id).joined(separator: ", ")
        var out = ["entry \(doc.entryScreenID ?? "-") · ends \(ends.isEmpty ? "-" : ends) · \(flow.summary)"]
        if draft.kind == .flow, draft.flowAction == "data_exchange" { out.append("data_exchange: the Flow's endpoint sends the first screen and its data") }
        if let w = flow.warning { out.append(w) }
        if let s = doc.screen(draft.flowScreen), !doc.routes(from: s.id).isEmpty { out.append("\(s.id) → " + doc.routes(from: s.id).joined(separator: ", ")) }
        // The declaration of the data field under the cursor: its type and example.
        if focus == .flow, case .flowDataMember(let name)? = currentField?.id, let d = doc.screen(draft.flowScreen)?.dataField(name) {
            out.append("\(name): \(d.type ?? "no type") · e.g. " + (d.example.map { JSONWriter.compactString($0) } ?? "no __example__"))
        }
        out.append("w walks it · n new token · L lint findings")
        return out
    }

    /// A template's flow button: on/off, then (when on) the token and the data.
    func templateFlowFields() -> [FieldSpec] {
        let button = "template.components[\(draft.templateParams.isEmpty ? 0 : 1)]"
        var f = [FieldSpec(id: .templateFlowButton, label: "flow button", kind: .toggle, path: "\(button).sub_type")]
        guard draft.templateFlowButton else { return f }
        f += [FieldSpec(id: .templateFlowToken, label: "  flow token", kind: .text, path: "\(button).parameters[0].action.flow_token"),
              FieldSpec(id: .templateFlowData, label: "  flow data", kind: .text, path: "\(button).parameters[0].action.flow_action_data")]
        return f
    }

    /// The text of one member of the first screen's data.
    func flowDataValue(_ name: String) -> String {
        guard let v = (try? JSONParser.parse(draft.flowData))?[name] else { return "" }
        if case .string(let s) = v { return s }
        return JSONWriter.compactString(v)
    }

    /// Sets one member of the first screen's data from its text, typed as the screen declares
    /// it. Text that does not fit the type is kept as a string, so the check shows it.
    mutating func setFlowDataValue(_ name: String, _ text: String) {
        var object: JSONObject = [:]
        if !draft.flowData.isEmpty {
            // Never rebuild the data from nothing: the other members would be lost.
            guard let o = (try? JSONParser.parse(draft.flowData))?.objectValue else {
                notice = Notice(text: "data (JSON) is not a JSON object: fix it there first", role: .error)
                return
            }
            object = o
        }
        object[name] = flow?.document.screen(draft.flowScreen)?.dataField(name)?.value(fromText: text) ?? .string(text)
        draft.flowData = JSONWriter.compactString(.object(object))
    }

    /// Opens `screen` for the message: its declared examples become the data to send.
    /// Data typed for a screen is kept when another is picked, and comes back with it.
    mutating func chooseFlowScreen(_ screen: String) {
        if !draft.flowScreen.isEmpty { flowDataByScreen[draft.flowScreen] = draft.flowData }
        draft.flowScreen = screen
        if let kept = flowDataByScreen[screen] { draft.flowData = kept; return }
        guard let s = flow?.document.screen(screen) else { return }
        let example = FlowWalk.exampleData(for: s)
        draft.flowData = example.isEmpty ? "" : JSONWriter.compactString(.object(example))
    }

    /// A Flow file was read: keep its screen if the draft names one, else open the entry screen;
    /// make a token if there is none. Another Flow than the one loaded starts afresh: its entry
    /// screen with its own examples, nothing kept of the other Flow's screen or data.
    mutating func flowLoaded(_ flow: LoadedFlow) {
        if let previous = self.flow, !LoadedFlow.samePath(previous.path, flow.path) {
            draft.flowScreen = ""
            draft.flowData = ""
            draft.templateFlowData = ""
        }
        self.flow = flow
        draft.flowFile = flow.path
        if let id = flow.sandboxID, draft.flowID.isEmpty || profile.isSandbox { draft.flowID = id }
        flowDataByScreen = [:]
        if flow.document.screen(draft.flowScreen) == nil {
            // Data already typed stays (the checks say what does not fit); examples fill only a blank.
            if draft.flowData.isEmpty {
                chooseFlowScreen(flow.document.entryScreenID ?? "")
            } else {
                draft.flowScreen = flow.document.entryScreenID ?? ""
            }
        }
        if draft.flowToken.isEmpty { draft.flowToken = Self.newFlowToken() }
        // A template's flow button opens the entry screen: its examples are the data to send.
        if draft.kind == .template, draft.templateFlowData.isEmpty, let entry = flow.document.entryScreenID.flatMap(flow.document.screen) {
            let example = FlowWalk.exampleData(for: entry)
            if !example.isEmpty { draft.templateFlowData = JSONWriter.compactString(.object(example)) }
        }
        let errors = flow.lint.filter { $0.severity == .error }
        notice = Notice(text: "flow \(flow.path): \(flow.summary)" + (errors.first.map { " · first: \($0.path.display) \($0.message)" } ?? "")
                            + (flow.warning.map { " · " + $0 } ?? ""),
                        role: errors.isEmpty && flow.warning == nil ? .success : .warning)
    }

    /// `L`: the loaded Flow's lint findings, each with its line and column.
    mutating func showFlowLint() {
        guard let flow else { notice = Notice(text: "no Flow JSON loaded", role: .warning); return }
        var lines: [(String, Role)] = [(flow.path + " · " + flow.summary, .secondary)]
        lines += flow.lint.map { f in
            let at = f.position.map { "\($0.line):\($0.column)" } ?? "-"
            return ("\(at)  \(f.severity.rawValue)  \(f.path.display): \(f.message) [\(f.rule.rawValue)]", f.severity == .error ? .error : .warning)
        }
        if flow.lint.isEmpty { lines.append(("no findings: the Flow JSON follows every rule wacon checks", .success)) }
        mode = .overlay(.lines(title: "Flow lint", lines: lines, scroll: 0))
    }

    /// `w`: walks the loaded Flow from the message's screen with the message's data (a
    /// template's flow button opens the entry screen with `flow_action_data`).
    mutating func startWalk() {
        let template = draft.kind == .template && draft.templateFlowButton
        guard draft.kind == .flow || template else { notice = Notice(text: "walking needs a flow message or a template with a flow button", role: .warning); return }
        guard let flow else { notice = Notice(text: "load a Flow JSON file first (the “flow file” field)", role: .warning); return }
        let data = (try? JSONParser.parse(template ? draft.templateFlowData : draft.flowData))?.objectValue ?? [:]
        let token = (template ? draft.templateFlowToken : draft.flowToken).isEmpty ? "unused" : (template ? draft.templateFlowToken : draft.flowToken)
        let start = !template && flow.document.screen(draft.flowScreen) != nil ? draft.flowScreen : nil
        // The walk answers the last flow message the sandbox accepted, if any.
        let id = sendView?.id
        mode = .overlay(.flowWalk(FlowWalkView(walk: FlowWalk(document: flow.document, screen: start, data: data, flowToken: token), messageID: id)))
    }

    /// Keys inside the walk.
    mutating func handleWalk(_ view: FlowWalkView, _ key: KeyEvent) -> [Effect] {
        var v = view
        defer { if case .overlay(.flowWalk) = mode { mode = .overlay(.flowWalk(v)) } }
        if let response = v.walk.completion {
            switch key {
            case .escape, .char("q"): mode = .form
            case .enter, .char("s"):
                guard !v.completing else { return [] }  // one nfm_reply per walk
                guard let id = v.messageID else {
                    v.message = ("send the flow message to the sandbox first (Esc, then \(keymap.keys(for: .send).first?.display ?? "^S"))", .warning)
                    return []
                }
                v.message = ("the sandbox is completing the flow…", .muted)
                v.completing = true
                return [.flow(.complete(messageID: id, response: response))]
            default: break
            }
            return []
        }
        let items = v.focusables
        let current = v.focused
        v.message = nil
        func step(_ d: Int) { if !items.isEmpty { v.focus = (min(v.focus, items.count - 1) + d + items.count) % items.count } }
        switch key {
        case .escape:
            mode = .form
            return []
        case .tab, .down: step(1)
        case .backTab, .up: step(-1)
        case .ctrl("b"):
            if v.walk.back() { v.focus = 0; v.issues = [:] } else { v.message = ("this is the first screen", .muted) }
        case .pageDown: v.scroll += max(1, height / 2)
        case .pageUp: v.scroll = max(0, v.scroll - max(1, height / 2))
        // Enter never changes an answer: on an input it moves on (a TextArea takes a new line);
        // picking is Space's (and ←→'s) job.
        case .enter where current?.isInput == true && current?.type != "TextArea": step(1)
        default:
            guard let c = current else { return [] }
            let (screen, focus) = (v.walk.screenID, v.focus)
            activateWalk(&v, c, key)
            // A value may show or hide other components (`If`, `visible`): unless the action
            // moved it, the cursor stays on the component it was on, not on the same index.
            if v.walk.screenID == screen, v.focus == focus, let i = v.focusables.firstIndex(where: { $0.path == c.path }) { v.focus = i }
        }
        return []
    }

    private func optionIDs(_ v: FlowWalkView, _ c: FlowComponent) -> [String] { v.walk.options(of: c).filter(\.enabled).map(\.id) }

    /// A key on the focused component: type into text, pick options, press the Footer.
    private mutating func activateWalk(_ v: inout FlowWalkView, _ c: FlowComponent, _ key: KeyEvent) {
        let name = c.name ?? ""
        switch c.type {
        case "TextInput", "TextArea", "DatePicker", "CalendarPicker":
            // Keys go in at the end of the input, as on the phone.
            var line = LineEditor(v.walk.value(name).map(FlowExpression.display) ?? "", keepsNewlines: c.type == "TextArea")
            if key == .enter {
                line.insert("\n")  // only a TextArea gets here: Enter moves on from the others
            } else {
                let before = line.text
                guard line.apply(key), line.text != before else { return }
            }
            let text = line.text
            v.walk.set(name, text.isEmpty ? nil : .string(text))
            v.issues[name] = nil
        case "Dropdown", "RadioButtonsGroup":
            let ids = optionIDs(v, c)
            guard !ids.isEmpty else { return }
            let at = v.walk.value(name)?.stringValue.flatMap { ids.firstIndex(of: $0) }
            switch key {
            case .right, .char(" "), .char("l"): v.walk.set(name, .string(ids[at.map { ($0 + 1) % ids.count } ?? 0]))
            case .left, .char("h"): v.walk.set(name, .string(ids[at.map { ($0 - 1 + ids.count) % ids.count } ?? ids.count - 1]))
            default: return
            }
            v.issues[name] = nil
            selected(&v, c)
        case "CheckboxGroup", "ChipsSelector":
            let ids = optionIDs(v, c)
            guard !ids.isEmpty else { return }
            var at = min(v.cursor[name] ?? 0, ids.count - 1)
            switch key {
            case .right, .char("l"): at = (at + 1) % ids.count
            case .left, .char("h"): at = (at - 1 + ids.count) % ids.count
            case .char(" "):
                var chosen = v.walk.value(name)?.arrayValue?.compactMap(\.stringValue) ?? []
                if let i = chosen.firstIndex(of: ids[at]) { chosen.remove(at: i) } else { chosen.append(ids[at]) }
                // Keep the Flow's option order, as the phone reports it.
                chosen = ids.filter(chosen.contains)
                let added = chosen.contains(ids[at])
                v.walk.set(name, chosen.isEmpty ? nil : .array(chosen.map(JSONValue.string)))
                v.issues[name] = nil
                selected(&v, c, unselect: !added)
            default: return
            }
            v.cursor[name] = at
        case "OptIn":
            guard key == .char(" ") else { return }
            v.walk.set(name, v.walk.value(name)?.boolValue == true ? nil : .bool(true))
            v.issues[name] = nil
        case "NavigationList":
            // ←→ move between the items, Enter follows the one under the cursor.
            let actions = c.itemActions
            guard !actions.isEmpty else { return }
            let key_ = c.name ?? c.path.description
            var at = min(v.cursor[key_] ?? 0, actions.count - 1)
            switch key {
            case .right, .char("l"): at = (at + 1) % actions.count
            case .left, .char("h"): at = (at - 1 + actions.count) % actions.count
            case .enter, .char(" "):
                v.cursor[key_] = at
                follow(&v, actions[at])
                return
            default: return
            }
            v.cursor[key_] = at
        case "Footer", "EmbeddedLink":
            guard key == .enter || key == .char(" ") else { return }
            guard v.walk.isEnabled(c) else { v.message = ("this \(c.type) is disabled", .muted); return }
            guard let action = c.actions.first else { v.message = ("this \(c.type) has no action", .error); return }
            follow(&v, action)
        default: return
        }
    }

    /// A pick runs the component's `on-select-action` (`on-unselect-action` when a box is
    /// cleared): `update_data` changes the screen's data at once (v6.0+).
    private mutating func selected(_ v: inout FlowWalkView, _ c: FlowComponent, unselect: Bool = false) {
        let key = unselect ? "on-unselect-action" : "on-select-action"
        guard let step = c.actions.first(where: { $0.path.lastKey == key }) else { return }
        follow(&v, step)
    }

    /// Runs a Footer's or link's action and says what happened.
    private mutating func follow(_ v: inout FlowWalkView, _ action: FlowStep) {
        switch v.walk.perform(action) {
        case .navigated(let to):
            v.focus = 0
            v.scroll = 0
            v.issues = [:]
            v.message = ("→ \(to)", .muted)
        case .completed:
            v.scroll = 0
            v.message = ("flow completed", .success)
        case .invalid(let problems):
            v.issues = Dictionary(problems.map { ($0.name, $0.message) }, uniquingKeysWith: { a, _ in a })
            v.message = (problems.map(\.description).joined(separator: " · "), .error)
            if let first = problems.first, let i = v.focusables.firstIndex(where: { $0.name == first.name }) { v.focus = i }
        case .needsEndpoint(_, let routes):
            // No endpoint to ask: go on with the first route and the example data it declares.
            guard let next = routes.first, let s = v.walk.document.screen(next) else {
                v.message = ("data_exchange: the routing model offers no next screen", .error)
                return
            }
            v.walk.go(to: next, data: FlowWalk.exampleData(for: s))
            v.focus = 0
            v.message = ("data_exchange → \(next) with its __example__ data (no endpoint in the sandbox)", .warning)
        case .stayed(_, let filled):
            // On a phone the endpoint answers, usually with this screen and new data.
            v.message = ("no endpoint to answer data_exchange: \(v.walk.screenID) stays, answers kept"
                         + (filled.isEmpty ? "" : " · __example__ for " + filled.joined(separator: ", ")), .warning)
        case .updatedData: v.message = ("data updated", .muted)
        case .openURL(let url): v.message = ("opens \(url)", .muted)
        case .failed(let why): v.message = (why, .error)
        }
    }
}
