import TOMLKit

/// One `[keys]` entry as the config writes it: an action id, its key specs and its line. The
/// console's keymap knows the actions and the keys, applies the entries and reports what is
/// wrong with them (an unknown action, a spec that names no key, a conflict) without stopping.
///
/// ```toml
/// [keys]
/// send = ["ctrl-s", "f5"]
/// next-theme = "ctrl-t"
/// toggle-mouse = []        # no key
/// ```
public struct KeyOverride: Sendable, Hashable {
    /// The action id, as written (`send`, `next-theme`).
    public var action: String
    /// The key specs; nil when the value is neither a string nor a list of strings.
    public var keys: [String]?
    /// The entry's line in the config file.
    public var line: Int?

    public init(action: String, keys: [String]?, line: Int? = nil) {
        self.action = action
        self.keys = keys
        self.line = line
    }

    /// The entries of a document's `[keys]` table; no table: none. A `keys` that is not a
    /// table is the one error, left to the console to show.
    static func read(_ document: TOMLDocument) -> Result<[KeyOverride], ConfigError> {
        guard let value = document.table["keys"] else { return .success([]) }
        guard let table = value.table else { return .failure(document.error(["keys"], "expected a [keys] table")) }
        return .success(table.keys.map { name in
            let value = table[name]
            let keys: [String]? = if let s = value?.string { [s] } else if let list = value?.array {
                list.allSatisfy { $0.string != nil } ? list.compactMap(\.string) : nil
            } else { nil }
            return KeyOverride(action: name, keys: keys, line: document.lines.line(["keys", name]))
        })
    }
}
