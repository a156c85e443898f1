#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import TOMLKit
import WhatsAppModel

/// The user's configuration, read once when a command starts and handed to what needs it:
/// `$XDG_CONFIG_HOME/wacon/config.toml`, named profiles under `[profiles.NAME]` over the
/// built-in profile of each gateway, `[history]`, `[console] theme` and `[keys]`.
///
/// ```toml
/// [profiles.prod]
/// gateway = "meta"
/// phone_number_id = "106540352242922"
/// api_version = "v25.0"
/// secret = "env:META_TOKEN"
/// ```
public struct Config: Sendable {
    /// Every profile: the built-in ones (unless replaced) and the file's, by name.
    public private(set) var profiles: [Profile]
    /// The file read, if any.
    public var file: String?
    /// The `[history]` table.
    public var history = HistorySettings()
    /// `[console] theme`: the theme the console starts with (a built-in or user theme's name,
    /// or a path).
    public var consoleTheme: String?
    /// Per-profile `theme` values, by profile name.
    public var profileThemes: [String: String] = [:]
    /// `[keys]`: the console's key overrides as written, or why the table cannot be read (the
    /// console shows that and keeps its default keys; other commands do not need keys).
    public var keys: Result<[KeyOverride], ConfigError> = .success([])

    /// Only the built-in profiles.
    public static var builtIn: Config {
        Config(profiles: GatewayID.allCases.map(Profile.builtIn), file: nil)
    }

    /// wacon's config folder: `$XDG_CONFIG_HOME/wacon`, or `~/.config/wacon`.
    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FilePaths.home(environment) + "/.config"
        return base + "/wacon"
    }

    /// The default config path: `$XDG_CONFIG_HOME/wacon/config.toml` (or `~/.config/…`).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        folder(environment: environment) + "/config.toml"
    }

    /// Loads `path`; a missing file at the default path means "no config" (built-ins only).
    /// The file is read up to `InputFile.configLimit` bytes and must be UTF-8 text.
    public static func load(path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> Config {
        let file = path ?? defaultPath(environment: environment)
        guard FileManager.default.fileExists(atPath: file) else {
            if path != nil { throw ConfigError(file: file, message: "no such file") }
            return .builtIn
        }
        let bytes = try TOMLDocument.read(file)
        let mode = (try? FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) ?? 0
        return try read(TOMLDocument(bytes: bytes, file: file), fileMode: mode, environment: environment)
    }

    /// Parses config text. `fileMode` is the file's permission bits, for the readable-secret
    /// check; `environment` gives `HOME` for a `~` in `[history] path`.
    public static func parse(_ text: String, file: String, fileMode: Int = 0o600,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> Config {
        try read(TOMLDocument(text: text, file: file), fileMode: fileMode, environment: environment)
    }

    static func read(_ document: TOMLDocument, fileMode: Int, environment: [String: String]) throws(ConfigError) -> Config {
        let table = document.table
        var config = Config.builtIn
        config.file = document.file
        for key in table.keys where !["profiles", "history", "console", "keys"].contains(key) {
            throw document.error([key], "unknown top-level key (expected [profiles.NAME], [history], [console] and [keys] tables)")
        }
        config.keys = KeyOverride.read(document)
        if let console = table["console"] {
            config.consoleTheme = try readConsole(console, document)
        }
        if let history = table["history"] {
            config.history = try readHistory(history, document, home: FilePaths.home(environment))
        }
        guard let profilesValue = table["profiles"] else { return config }
        guard let profiles = profilesValue.table else {
            throw document.error(["profiles"], "must be a table of [profiles.NAME] tables")
        }
        for name in profiles.keys {
            guard let t = profiles[name]?.table else { throw document.error(["profiles", name], "must be a table") }
            let (profile, theme) = try readProfile(name, t, document, fileMode: fileMode)
            if let theme { config.profileThemes[name] = theme }
            config.profiles.removeAll { $0.name == name }
            config.profiles.append(profile)
        }
        return config
    }

    /// `[console]`: its `theme`.
    static func readConsole(_ value: any TOMLValueConvertible, _ document: TOMLDocument) throws(ConfigError) -> String? {
        guard let t = value.table else { throw document.error(["console"], "must be a table") }
        for key in t.keys where key != "theme" {
            throw document.error(["console", key], "unknown key; allowed: theme")
        }
        guard let v = t["theme"] else { return nil }
        guard let s = v.string else { throw document.error(["console", "theme"], "must be a string") }
        return s
    }

    /// `[history]`, its path made absolute and checked.
    static func readHistory(_ value: any TOMLValueConvertible, _ document: TOMLDocument, home: String) throws(ConfigError) -> HistorySettings {
        guard let t = value.table else { throw document.error(["history"], "must be a table") }
        func fail(_ key: String, _ message: String) -> ConfigError { document.error(["history", key], message) }
        for key in t.keys where !["enabled", "path", "max_entries", "max_bytes", "body_cap"].contains(key) {
            throw fail(key, "unknown key; allowed: enabled, path, max_entries, max_bytes, body_cap")
        }
        var history = HistorySettings()
        if let v = t["enabled"] {
            guard let b = v.bool else { throw fail("enabled", "must be true or false") }
            history.enabled = b
        }
        if let v = t["path"] {
            guard let s = v.string else { throw fail("path", "must be a string") }
            do throws(HistoryPathProblem) {
                let path = try HistoryPath(written: s).resolved(configFile: document.file, home: home)
                try HistoryPath.check(path)
                history.path = path
            } catch {
                throw fail("path", error.description)
            }
        }
        for (key, set) in [("max_entries", { (h: inout HistorySettings, n: Int) in h.maxEntries = n }),
                           ("max_bytes", { (h: inout HistorySettings, n: Int) in h.maxBytes = n }),
                           ("body_cap", { (h: inout HistorySettings, n: Int) in h.bodyCap = n })] {
            guard let v = t[key] else { continue }
            guard let n = v.int, n > 0 else { throw fail(key, "must be a positive whole number") }
            set(&history, n)
        }
        return history
    }

    /// `[profiles.NAME]`, read through its gateway's declared keys, and the profile's `theme`.
    static func readProfile(_ name: String, _ t: TOMLTable, _ document: TOMLDocument, fileMode: Int) throws(ConfigError) -> (Profile, theme: String?) {
        func fail(_ key: String, _ message: String) -> ConfigError { document.error(["profiles", name, key], message) }
        func string(_ key: String) throws(ConfigError) -> String? {
            guard let v = t[key] else { return nil }
            guard let s = v.string else { throw fail(key, "must be a string") }
            return s
        }
        let gateways = GatewayID.allCases.map(\.rawValue).joined(separator: ", ")
        guard let g = try string("gateway") else { throw fail("gateway", "missing: one of \(gateways)") }
        guard let gateway = GatewayID(rawValue: g) else { throw fail("gateway", "unknown gateway \"\(g)\"; one of \(gateways)") }
        let allowed = keys(for: gateway)
        for key in t.keys where !allowed.contains(key) {
            throw fail(key, "unknown key for a \(gateway) profile; allowed: \(allowed.sorted().joined(separator: ", "))")
        }
        var p = Profile(name: name, gateway: gateway)
        let theme = try string("theme")
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
                    "the secret is written in \(document.file), which others can read (mode \(String(fileMode & 0o777, radix: 8))); chmod 600 it or use env:NAME"))
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
        return (p, theme)
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
    public func resolve(gateway: String?, profile: String?) throws(ProfileChoiceError) -> Profile {
        var gatewayID: GatewayID?
        if let g = gateway {
            guard let id = GatewayID(rawValue: g.lowercased()) else { throw .unknownGateway(g) }
            gatewayID = id
        }
        let name = profile ?? (gatewayID ?? .meta).rawValue
        guard let p = self.profile(named: name) else { throw .noProfile(name, known: profiles.map(\.name)) }
        if let gatewayID, gatewayID != p.gateway {
            throw .otherGateway(profile: p.name, profileGateway: p.gateway, asked: gatewayID)
        }
        return p
    }
}

/// Why a gateway and profile, as someone chose them, name no profile. The values come from
/// the command line, a saved message or the console; the caller says which.
public enum ProfileChoiceError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownGateway(String)
    /// No profile of that name, built in or in the config file.
    case noProfile(String, known: [String])
    /// The profile is for another gateway than the one asked for.
    case otherGateway(profile: String, profileGateway: GatewayID, asked: GatewayID)

    /// Which choice is wrong: the gateway's value or the profile's.
    public var isAboutGateway: Bool {
        if case .unknownGateway = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .unknownGateway(let g):
            return "\"\(g)\" is not a gateway; gateways are \(GatewayID.allCases.map(\.rawValue).joined(separator: ", "))"
        case .noProfile(let name, let known):
            return "no profile \"\(name)\" (built in or in the config file); profiles are \(known.joined(separator: ", "))"
        case .otherGateway(let p, let pg, let asked):
            return "profile \"\(p)\" is for \(pg), not \(asked)"
        }
    }
}
