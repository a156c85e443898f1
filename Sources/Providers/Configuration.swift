import Foundation
import TOMLKit
import WhatsAppModel

/// A config file problem: the file, and the line and key when known.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var key: String?
    public var message: String

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let key { s += ": \(key)" }
        return s + ": " + message
    }
}

/// The user's configuration: `$XDG_CONFIG_HOME/wacon/config.toml`, named profiles under
/// `[profiles.NAME]`, over the built-in profile of each gateway.
///
/// ```toml
/// [profiles.prod]
/// gateway = "meta"
/// phone_number_id = "106540352242922"
/// api_version = "v23.0"
/// secret = "env:META_TOKEN"
/// ```
public struct Configuration: Sendable {
    /// Every profile: the built-in ones (unless replaced) and the file's, by name.
    public private(set) var profiles: [Profile]
    /// The file read, if any.
    public var file: String?
    /// The `[history]` table.
    public var history = HistorySettings()
    /// `[console] theme`: the theme the console starts with (a name from themes/ or the user's
    /// theme folder, or a path).
    public var consoleTheme: String?
    /// Per-profile `theme` values, by profile name.
    public var profileThemes: [String: String] = [:]
    /// The config text, for the console's `[keys]` table (read by its keymap).
    public var text: String?

    /// Only the built-in profiles.
    public static var builtIn: Configuration {
        Configuration(profiles: GatewayID.allCases.map(Profile.builtIn), file: nil)
    }

    /// The default config path: `$XDG_CONFIG_HOME/wacon/config.toml` (or `~/.config/…`).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return base + "/wacon/config.toml"
    }

    /// Loads `path`; a missing file at the default path means "no config" (built-ins only).
    public static func load(path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> Configuration {
        let file = path ?? defaultPath(environment: environment)
        guard FileManager.default.fileExists(atPath: file) else {
            if path != nil { throw ConfigError(file: file, line: nil, key: nil, message: "no such file") }
            return .builtIn
        }
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: file, line: nil, key: nil, message: "cannot be read as UTF-8 text")
        }
        let mode = (try? FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) ?? 0
        return try parse(text, file: file, fileMode: mode)
    }

    /// Parses config text. `fileMode` is the file's permission bits, for the readable-secret check.
    public static func parse(_ text: String, file: String, fileMode: Int = 0o600) throws(ConfigError) -> Configuration {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ConfigError(file: file, line: e.source.begin.line, key: nil, message: e.description)
        } catch {
            throw ConfigError(file: file, line: nil, key: nil, message: "\(error)")
        }
        let locator = KeyLocator(text: text)
        var config = Configuration.builtIn
        config.file = file
        config.text = text
        for key in table.keys where !["profiles", "history", "console", "keys"].contains(key) {
            throw ConfigError(file: file, line: locator.line(table: nil, key: key), key: key,
                              message: "unknown top-level key (expected [profiles.NAME], [history], [console] and [keys] tables)")
        }
        // [keys] is the console's keymap: it reports its own problems (unknown actions, bad
        // keys, conflicts) when the console starts.
        if let c = table["console"] {
            guard let t = c.table else { throw ConfigError(file: file, line: locator.line(table: nil, key: "console"), key: "console", message: "must be a table") }
            for key in t.keys where key != "theme" {
                throw ConfigError(file: file, line: locator.line(table: "console", key: key), key: "console.\(key)", message: "unknown key; allowed: theme")
            }
            if let v = t["theme"] {
                guard let s = v.string else { throw ConfigError(file: file, line: locator.line(table: "console", key: "theme"), key: "console.theme", message: "must be a string") }
                config.consoleTheme = s
            }
        }
        if let h = table["history"] {
            guard let t = h.table else { throw ConfigError(file: file, line: locator.line(table: nil, key: "history"), key: "history", message: "must be a table") }
            func fail(_ key: String, _ message: String) -> ConfigError {
                ConfigError(file: file, line: locator.line(table: "history", key: key) ?? locator.line(header: "history"), key: "history.\(key)", message: message)
            }
            for key in t.keys where !["enabled", "path", "max_entries", "max_bytes", "body_cap"].contains(key) {
                throw fail(key, "unknown key; allowed: enabled, path, max_entries, max_bytes, body_cap")
            }
            if let v = t["enabled"] {
                guard let b = v.bool else { throw fail("enabled", "must be true or false") }
                config.history.enabled = b
            }
            if let v = t["path"] {
                guard let s = v.string else { throw fail("path", "must be a string") }
                config.history.path = s
            }
            for (key, set) in [("max_entries", { (c: inout HistorySettings, n: Int) in c.maxEntries = n }),
                               ("max_bytes", { (c: inout HistorySettings, n: Int) in c.maxBytes = n }),
                               ("body_cap", { (c: inout HistorySettings, n: Int) in c.bodyCap = n })] {
                guard let v = t[key] else { continue }
                guard let n = v.int, n > 0 else { throw fail(key, "must be a positive whole number") }
                set(&config.history, n)
            }
        }
        guard let profilesValue = table["profiles"] else { return config }
        guard let profiles = profilesValue.table else {
            throw ConfigError(file: file, line: locator.line(table: nil, key: "profiles"), key: "profiles", message: "must be a table of [profiles.NAME] tables")
        }
        for name in profiles.keys {
            let tableName = "profiles.\(name)"
            guard let t = profiles[name]?.table else {
                throw ConfigError(file: file, line: locator.line(table: "profiles", key: name), key: tableName, message: "must be a table")
            }
            func fail(_ key: String, _ message: String) -> ConfigError {
                ConfigError(file: file, line: locator.line(table: tableName, key: key) ?? locator.line(header: tableName), key: "\(tableName).\(key)", message: message)
            }
            func string(_ key: String) throws(ConfigError) -> String? {
                guard let v = t[key] else { return nil }
                guard let s = v.string else { throw fail(key, "must be a string") }
                return s
            }
            guard let g = try string("gateway") else { throw fail("gateway", "missing: one of \(GatewayID.allCases.map(\.rawValue).joined(separator: ", "))") }
            guard let gateway = GatewayID(rawValue: g) else {
                throw fail("gateway", "unknown gateway \"\(g)\"; one of \(GatewayID.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let allowed = Self.keys(for: gateway)
            for key in t.keys where !allowed.contains(key) {
                throw fail(key, "unknown key for a \(gateway) profile; allowed: \(allowed.sorted().joined(separator: ", "))")
            }
            var p = Profile(name: name, gateway: gateway)
            if let theme = try string("theme") { config.profileThemes[name] = theme }
            p.baseURL = try string("base_url")
            if let v = t["sandbox"] {
                guard let b = v.bool else { throw fail("sandbox", "must be true or false") }
                p.isSandbox = b
            }
            if let b = p.baseURL, URL(string: b)?.scheme == nil { throw fail("base_url", "must be an http:// or https:// URL") }
            if let s = try string("secret") {
                p.secret = SecretRef(parsing: s)
                if case .inline = p.secret!, fileMode & 0o077 != 0 {
                    p.loadFindings.append(Finding(.warning, FieldPath("profile \(name)").key("secret"), .profile,
                        "the secret is written in \(file), which others can read (mode \(String(fileMode & 0o777, radix: 8))); chmod 600 it or use env:NAME"))
                }
            }
            // The gateway's own keys, each read as the gateway says, then its vendor options.
            for key in gateway.gateway.profileKeys {
                guard let text = try string(key.name) else { continue }
                switch key.read(text) {
                case .success(let value): p.values[key.name] = value
                case .failure(let problem): throw fail(key.name, problem.message)
                }
            }
            for key in gateway.gateway.optionKeys {
                p.defaults[key.name] = try string(key.name)
            }
            config.profiles.removeAll { $0.name == name }
            config.profiles.append(p)
        }
        return config
    }

    /// The keys a profile for `gateway` takes: the common ones, the gateway's profile keys and
    /// its vendor options.
    static func keys(for gateway: GatewayID) -> Set<String> {
        let g = gateway.gateway
        return Set(["gateway", "base_url", "secret", "sandbox", "theme"] + g.profileKeys.map(\.name) + g.optionKeys.map(\.name))
    }

    /// The profile with this name.
    public func profile(named name: String) -> Profile? { profiles.first { $0.name == name } }

    /// The profile a command line or a pane names: `profile` by name, else the built-in (or
    /// replaced) profile named like `gateway`, else Meta's. A gateway that contradicts the
    /// profile's is an error.
    public func resolve(gateway: String?, profile: String?) throws(ConfigError) -> Profile {
        let file = self.file ?? "config"
        var gatewayID: GatewayID?
        if let g = gateway {
            guard let id = GatewayID(rawValue: g.lowercased()) else {
                throw ConfigError(file: file, line: nil, key: nil, message: "unknown gateway \"\(g)\"; one of \(GatewayID.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            gatewayID = id
        }
        let name = profile ?? (gatewayID ?? .meta).rawValue
        guard let p = self.profile(named: name) else {
            throw ConfigError(file: file, line: nil, key: nil, message: "no profile \"\(name)\"; profiles: \(profiles.map(\.name).joined(separator: ", "))")
        }
        if let gatewayID, gatewayID != p.gateway {
            throw ConfigError(file: file, line: nil, key: nil, message: "profile \"\(p.name)\" is for \(p.gateway), not \(gatewayID)")
        }
        return p
    }
}

/// The `[history]` table: recording on or off, where, and retention caps (nil: the defaults).
public struct HistorySettings: Sendable, Hashable {
    public var enabled = true
    public var path: String?
    public var maxEntries: Int?
    public var maxBytes: Int?
    public var bodyCap: Int?

    public init() {}
}

/// Finds the line of a key in TOML text (TOMLKit reports positions only for syntax errors).
struct KeyLocator {
    let lines: [Substring]

    init(text: String) { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }

    func line(header: String) -> Int? {
        for (i, l) in lines.enumerated() {
            let t = l.trimmingCharacters(in: .whitespaces)
            if t == "[\(header)]" { return i + 1 }
        }
        return nil
    }

    /// The line of `key = …` inside `[table]` (nil table: before any header).
    func line(table: String?, key: String) -> Int? {
        var current: String? = nil
        for (i, l) in lines.enumerated() {
            let t = l.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("[") && t.hasSuffix("]") {
                current = String(t.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                if let table, current == "\(table).\(key)" { return i + 1 }
                continue
            }
            guard current == table else { continue }
            let name = t.split(separator: "=", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if name == key { return i + 1 }
        }
        return nil
    }
}
