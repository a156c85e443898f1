#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why a Flow JSON file could not be read at all (it is not JSON, or not an object). Everything
/// else — a missing `version`, a screen without `id` — is a linter finding, not a load error.
public struct FlowLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let position: SourcePosition?
    public let reason: String

    public init(path: String, position: SourcePosition?, reason: String) {
        self.path = path
        self.position = position
        self.reason = reason
    }

    public var description: String {
        var s = path.isEmpty ? "" : path + ":"
        if let position { s += "\(position.line):\(position.column):" }
        return (s.isEmpty ? "" : s + " ") + reason
    }
}

/// A WhatsApp Flow as its Flow JSON declares it: screens, their declared `data`, their
/// components, and the routing model. The model is lenient — it reads what is there and leaves
/// judging to `FlowLinter` — and keeps every JSON value with its path, so findings can point at
/// a line and column.
public struct FlowDocument: Sendable {
    /// The whole document as parsed.
    public var json: JSONObject
    /// Where each value starts in the source.
    public var sourceMap: JSONSourceMap
    /// Size of the source in bytes (Meta's limit is 10 MB).
    public var byteCount: Int
    public var version: String?
    public var screens: [FlowScreen]
    /// `routing_model`, in source order; nil when absent.
    public var routingModel: [(screen: String, routes: [String])]?
    public var dataAPIVersion: String?

    /// Parses Flow JSON bytes. Throws only when the bytes are not a JSON object.
    public static func parse(_ bytes: [UInt8], fileName: String = "") throws(FlowLoadError) -> FlowDocument {
        let value: JSONValue
        let map: JSONSourceMap
        do {
            (value, map) = try JSONParser.parseWithSourceMap(bytes)
        } catch {
            throw FlowLoadError(path: fileName, position: SourcePosition(line: error.line, column: error.column), reason: error.reason)
        }
        guard case .object(let root) = value else {
            throw FlowLoadError(path: fileName, position: SourcePosition(line: 1, column: 1),
                                reason: "a Flow JSON document is an object with \"version\" and \"screens\", found \(value.typeName)")
        }
        return FlowDocument(root: root, sourceMap: map, byteCount: bytes.count)
    }

    /// Reads and parses a Flow JSON file (`-`: standard input), at most Meta's 10 MB.
    public static func load(path: String) throws(FlowLoadError) -> FlowDocument {
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path, limit: InputFile.flowLimit) } catch {
            throw FlowLoadError(path: path == "-" ? "standard input" : path, position: nil, reason: error.reason)
        }
        return try parse(bytes, fileName: path)
    }

    init(root: JSONObject, sourceMap: JSONSourceMap, byteCount: Int) {
        json = root
        self.sourceMap = sourceMap
        self.byteCount = byteCount
        version = root["version"]?.stringValue
        dataAPIVersion = root["data_api_version"]?.stringValue
        screens = (root["screens"]?.arrayValue ?? []).enumerated().compactMap { i, v in
            v.objectValue.map { FlowScreen(json: $0, path: FieldPath("screens").index(i)) }
        }
        if let rm = root["routing_model"]?.objectValue {
            routingModel = rm.members.map { ($0.key, ($0.value.arrayValue ?? []).compactMap(\.stringValue)) }
        }
    }

    /// True when the Flow may talk to a data endpoint (it declares `data_api_version` or a
    /// `routing_model`); only such Flows may use `data_exchange`.
    /// (Before 3.0, `data_channel_uri` named the endpoint; `FlowLinter` weighs that with the version.)
    public var hasEndpoint: Bool { dataAPIVersion != nil || routingModel != nil }

    /// The screen with this id.
    public func screen(_ id: String) -> FlowScreen? { id.isEmpty ? nil : screens.first { $0.id == id } }

    /// The screens each screen can lead to: the routing model when there is one (at any
    /// version), otherwise the targets of the screen's `navigate` actions.
    public func routes(from id: String) -> [String] {
        if let rm = routingModel { return rm.first { $0.screen == id }?.routes ?? [] }
        guard let s = screen(id) else { return [] }
        return Self.navigateTargets(of: s)
    }

    /// The targets of a screen's `navigate` actions (Footer, links, opt-ins, list items), once each.
    static func navigateTargets(of s: FlowScreen) -> [String] {
        var out: [String] = []
        for step in s.actions + s.allComponents.flatMap(\.itemActions) where step.name == "navigate" {
            if let next = step.nextScreen, !out.contains(next) { out.append(next) }
        }
        return out
    }

    /// The screen a Flow opens on: the first one nothing routes to, else the first screen.
    /// One pass over the routes, however many screens there are.
    public var entryScreenID: String? {
        var targeted = Set<String>()
        if let rm = routingModel {
            for entry in rm { targeted.formUnion(entry.routes) }
        } else {
            for s in screens { targeted.formUnion(Self.navigateTargets(of: s)) }
        }
        return (screens.first { !targeted.contains($0.id) } ?? screens.first)?.id
    }

    /// Where the value at `path` starts in the source.
    public func position(of path: FieldPath) -> SourcePosition? { sourceMap.position(of: path) }
}

/// One screen of a Flow.
public struct FlowScreen: Sendable, Hashable {
    public var json: JSONObject
    public var path: FieldPath
    public var id: String
    public var title: String?
    public var terminal: Bool
    /// `success` as written (terminal screens only; Meta's default is true).
    public var success: Bool?
    /// The declared `data` properties, in source order.
    public var data: [FlowDataField]
    /// Top-level components of `layout.children` (a `Form`'s own children sit inside it).
    public var components: [FlowComponent]
    /// `sensitive`: fields masked in the completion summary.
    public var sensitive: [String]

    init(json: JSONObject, path: FieldPath) {
        self.json = json
        self.path = path
        id = json["id"]?.stringValue ?? ""
        title = json["title"]?.stringValue
        terminal = json["terminal"]?.boolValue ?? false
        success = json["success"]?.boolValue
        sensitive = (json["sensitive"]?.arrayValue ?? []).compactMap(\.stringValue)
        let dataPath = path.key("data")
        data = (json["data"]?.objectValue ?? [:]).map { FlowDataField(name: $0.key, schema: $0.value, path: dataPath.key($0.key)) }
        let childrenPath = path.key("layout").key("children")
        components = FlowComponent.list(json["layout"]?["children"], at: childrenPath)
    }

    /// Every component on the screen, depth first (inside `Form`, `If` and `Switch` too).
    public var allComponents: [FlowComponent] {
        var out: [FlowComponent] = []
        func walk(_ cs: [FlowComponent]) { for c in cs { out.append(c); walk(c.children) } }
        walk(components)
        return out
    }

    /// Every action on the screen (Footer, EmbeddedLink, OptIn, select actions), depth first.
    public var actions: [FlowStep] { allComponents.flatMap(\.actions) }

    /// The declared data property with this name.
    public func dataField(_ name: String) -> FlowDataField? { data.first { $0.name == name } }
}

/// One declared `data` property of a screen: a JSON-Schema-like type with a mandatory example.
public struct FlowDataField: Sendable, Hashable {
    public var name: String
    public var schema: JSONValue
    public var path: FieldPath

    /// `type`: string, number, integer, boolean, object or array.
    public var type: String? { schema["type"]?.stringValue }
    /// `__example__`: the value the builder previews with, and what the console prefills.
    public var example: JSONValue? { schema["__example__"] }
    /// For arrays: the declared item schema.
    public var items: JSONValue? { schema["items"] }

    /// A value typed in a form, as this property's type reads it: JSON number syntax for
    /// numbers (not Double's: "nan", "+5", "0x1A" are no JSON), `true`/`false`, JSON for arrays
    /// and objects. Text that does not fit stays a string, so a check can point at it.
    public func value(fromText text: String) -> JSONValue {
        switch type {
        case "number", "integer":
            if case .number(let n)? = try? JSONParser.parse(text) { return .number(n) }
        case "boolean":
            if text == "true" || text == "false" { return .bool(text == "true") }
        case "array", "object":
            if let v = try? JSONParser.parse(text) { return v }
        default: break
        }
        return .string(text)
    }
}

/// One component of a screen. Components are kept generic — a type name and its JSON — so the
/// linter, the walker and the renderer read the same properties without a class per type.
public struct FlowComponent: Sendable, Hashable {
    public var type: String
    public var json: JSONObject
    public var path: FieldPath
    /// Nested components: a `Form`'s children, an `If`'s `then` and `else`, a `Switch`'s cases.
    public var children: [FlowComponent]

    static func list(_ value: JSONValue?, at path: FieldPath) -> [FlowComponent] {
        guard let items = value?.arrayValue else { return [] }
        return items.enumerated().compactMap { i, v in v.objectValue.map { FlowComponent(json: $0, path: path.index(i)) } }
    }

    init(json: JSONObject, path: FieldPath) {
        self.json = json
        self.path = path
        type = json["type"]?.stringValue ?? ""
        var kids = Self.list(json["children"], at: path.key("children"))
        kids += Self.list(json["then"], at: path.key("then"))
        kids += Self.list(json["else"], at: path.key("else"))
        if let cases = json["cases"]?.objectValue {
            for (k, v) in cases { kids += Self.list(v, at: path.key("cases").key(k)) }
        }
        children = kids
    }

    public subscript(key: String) -> JSONValue? { json[key] }

    /// `name`, for inputs and `Form`.
    public var name: String? { json["name"]?.stringValue }
    /// `label`, or for text components `text` (a `RichText` array is joined with line breaks).
    public var label: String? { json["label"]?.stringValue }
    public var text: String? {
        switch json["text"] {
        case .string(let s)?: return s
        case .array(let a)?: return a.compactMap(\.stringValue).joined(separator: "\n")
        default: return nil
        }
    }

    /// True for components that hold a value the user enters or picks.
    public var isInput: Bool { Self.inputTypes.contains(type) }

    /// The components that take user input and carry a `name`.
    public static let inputTypes: Set<String> = [
        "TextInput", "TextArea", "Dropdown", "RadioButtonsGroup", "CheckboxGroup", "DatePicker", "CalendarPicker",
        "OptIn", "ChipsSelector", "PhotoPicker", "DocumentPicker",
    ]

    /// The actions this component triggers: `on-click-action`, `on-select-action`, `on-unselect-action`.
    public var actions: [FlowStep] {
        ["on-click-action", "on-select-action", "on-unselect-action"].compactMap { key in
            json[key]?.objectValue.map { FlowStep(json: $0, path: path.key(key), component: type) }
        }
    }

    /// The actions of a `NavigationList`'s items (v6.2+), which move on like a Footer does.
    public var itemActions: [FlowStep] {
        guard type == "NavigationList", let items = json["list-items"]?.arrayValue else { return [] }
        return items.enumerated().compactMap { i, item in
            item["on-click-action"]?.objectValue.map { FlowStep(json: $0, path: path.key("list-items").index(i).key("on-click-action"), component: type) }
        }
    }

    /// A static `data-source` (options); nil when the options come from `${data.…}`.
    public var options: [FlowOption]? {
        guard let items = json["data-source"]?.arrayValue else { return nil }
        return items.compactMap { $0.objectValue.map(FlowOption.init) }
    }
}

/// One option of a `Dropdown`, `RadioButtonsGroup` or `CheckboxGroup`.
public struct FlowOption: Sendable, Hashable {
    public var id: String
    public var title: String
    public var description: String?
    public var metadata: String?
    public var enabled: Bool

    public init(json: JSONObject) {
        id = json["id"]?.stringValue ?? ""
        title = json["title"]?.stringValue ?? ""
        description = json["description"]?.stringValue
        metadata = json["metadata"]?.stringValue
        enabled = json["enabled"]?.boolValue ?? true
    }
}

/// An action in Flow JSON (`navigate`, `complete`, `data_exchange`, `update_data`, `open_url`),
/// named `FlowStep` so it does not clash with the message's `FlowAction`.
public struct FlowStep: Sendable, Hashable {
    public var json: JSONObject
    public var path: FieldPath
    /// The component that carries it (`Footer`, `EmbeddedLink`, …).
    public var component: String

    public var name: String { json["name"]?.stringValue ?? "" }
    /// `next.name` of a `navigate`.
    public var nextScreen: String? { json["next"]?["name"]?.stringValue }
    /// `next.type` of a `navigate` (must be `screen`).
    public var nextType: String? { json["next"]?["type"]?.stringValue }
    public var payload: JSONObject? { json["payload"]?.objectValue }
}
