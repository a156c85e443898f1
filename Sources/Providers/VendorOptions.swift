import WhatsAppModel

/// One option a gateway carries outside Meta's message object. Its name is the same
/// everywhere wacon writes or reads it: the config file's profile key, the member in history
/// and in saved messages, the CLI flag (`--wa-source` for `wa_source`).
public struct VendorOptionKey: Sendable, Hashable {
    public var name: String
    /// Where the option sits in the gateway's request, as findings name it: `extra_info.ref`.
    public var fieldPath: String
    /// The label of its field in the console's options pane; nil when the console leaves it out.
    public var formLabel: String?
    /// The values it takes, when they are a fixed set (a flag's other values are a usage error).
    public var allowedValues: [String]?

    public init(_ name: String, fieldPath: String, formLabel: String? = nil, allowedValues: [String]? = nil) {
        self.name = name
        self.fieldPath = fieldPath
        self.formLabel = formLabel
        self.allowedValues = allowedValues
    }

    /// Why `value` is not one of this option's values, or nil when it is.
    public func problem(with value: String) -> String? {
        guard let allowed = allowedValues, !allowed.contains(value) else { return nil }
        return "\(name) is \(allowed.joined(separator: " or ")) (got \"\(value)\")"
    }
}

/// Vendor options as named values (`ref` → `campaign-7`), under the names the gateways declare
/// in `optionKeys`. The one codec for them: config, history, saved messages, curl import and the
/// CLI all read and write options through these members.
public struct VendorOptions: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public private(set) var values: [String: String]

    public init(_ values: [String: String] = [:]) { self.values = values }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The option with this name; setting nil removes it.
    public subscript(name: String) -> String? {
        get { values[name] }
        set { values[name] = newValue }
    }

    public var isEmpty: Bool { values.isEmpty }

    /// These options over `defaults`: a value set here wins.
    public func over(_ defaults: VendorOptions) -> VendorOptions {
        VendorOptions(values.merging(defaults.values) { mine, _ in mine })
    }

    /// Only the options named in `names`.
    public func restricted(to names: some Sequence<String>) -> VendorOptions {
        var out = VendorOptions()
        for name in names { out[name] = self[name] }
        return out
    }

    /// The options that are set, in the order the gateways declare them (any name no gateway
    /// declares last, by name), so what is written is the same from run to run.
    public var entries: [(name: String, value: String)] {
        let declared = GatewayRegistry.optionKeys.map(\.name)
        let others = values.keys.filter { !declared.contains($0) }.sorted()
        return (declared + others).compactMap { name in values[name].map { (name: name, value: $0) } }
    }

    /// The options as a JSON object of strings, in `entries` order.
    public var json: JSONObject {
        JSONObject(entries.map { (key: $0.name, value: JSONValue.string($0.value)) })
    }

    /// Reads an object of options written by `json` (a saved message's `options`): a name no
    /// gateway declares, or a value that is not a string, is an error at `path`, since options
    /// go on the wire.
    public init(json: JSONObject, at path: FieldPath) throws(MessageDecodingError) {
        self.init()
        let names = GatewayRegistry.optionKeys.map(\.name)
        for (name, value) in json {
            guard names.contains(name) else {
                throw MessageDecodingError(path: path.key(name), reason: "unknown vendor option; options are \(names.joined(separator: ", "))")
            }
            guard let s = value.stringValue else { throw MessageDecodingError(path: path.key(name), reason: "expected a string, found \(value.typeName)") }
            self[name] = s
        }
    }

    /// Reads options as history recorded them, keeping the declared names with string values
    /// and passing over anything else.
    public init(recorded json: JSONValue?) {
        self.init()
        for key in GatewayRegistry.optionKeys {
            if let s = json?[key.name]?.stringValue { self[key.name] = s }
        }
    }
}
