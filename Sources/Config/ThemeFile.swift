#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel
import TOMLKit

/// A theme file as written: TOML with an optional `name` and `description` and a `[colors]`
/// table of role names (see Themes/dark.toml). Config reads the file; the console knows the
/// roles and the colours, and reports a bad one at its entry's line.
public struct ThemeFile: Sendable, Hashable {
    /// The file, as errors name it (`themes/dark.toml` for a built-in one).
    public var file: String
    /// The `name` key, else the file's name without `.toml`.
    public var name: String
    /// The `[colors]` entries.
    public var colors: [ColorEntry]

    /// One `[colors]` entry: a role name and its colour as written.
    public struct ColorEntry: Sendable, Hashable {
        public var role: String
        /// The value as text (a number is written as its digits); nil when it is neither a
        /// string nor a whole number.
        public var value: String?
        /// The entry's line in the file.
        public var line: Int?

        /// The error for this entry: the file, the entry's line and `colors.ROLE`.
        public func error(in file: ThemeFile, _ message: String) -> ConfigError {
            ConfigError(file: file.file, line: line, key: "colors.\(role)", message: message)
        }
    }

    /// Parses theme text; `file` names it in errors and, without a `name` key, names the theme.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> ThemeFile {
        try read(TOMLDocument(text: text, file: file))
    }

    /// Reads and parses a theme file (at most `InputFile.configLimit` bytes).
    public static func load(path: String) throws(ConfigError) -> ThemeFile {
        try read(TOMLDocument(path: path))
    }

    static func read(_ document: TOMLDocument) throws(ConfigError) -> ThemeFile {
        let table = document.table
        for key in table.keys where !["name", "description", "colors"].contains(key) {
            throw document.error([key], "unknown key (a theme has name, description and a [colors] table)")
        }
        var name = FilePaths.stem(document.file)
        if let v = table["name"] {
            guard let s = v.string else { throw document.error(["name"], "must be a string") }
            name = s
        }
        guard let colors = table["colors"]?.table else {
            throw document.error(["colors"], "missing: a [colors] table of roles")
        }
        let entries = colors.keys.map { role in
            let value = colors[role]
            return ColorEntry(role: role, value: value?.string ?? value?.int.map(String.init),
                              line: document.lines.line(["colors", role]))
        }
        return ThemeFile(file: document.file, name: name, colors: entries)
    }
}

// MARK: Built-in and user theme files

extension ThemeFile {
    /// The built-in themes' names, in the order `next-theme` cycles through them.
    public static let builtInNames = builtInFiles.map(\.name)

    /// Themes/*.toml, embedded in the binary by SwiftPM so it runs anywhere.
    static let builtInFiles: [(name: String, bytes: [UInt8])] = [
        ("dark", PackageResources.dark_toml),
        ("light", PackageResources.light_toml),
        ("high-contrast", PackageResources.high_contrast_toml),
        ("solarized-dark", PackageResources.solarized_dark_toml),
        ("monochrome", PackageResources.monochrome_toml),
        ("ansi16", PackageResources.ansi16_toml),
    ]

    /// A built-in theme file, parsed; nil for a name that is not built in.
    public static func builtIn(named name: String) throws(ConfigError) -> ThemeFile? {
        guard let entry = builtInFiles.first(where: { $0.name == name }) else { return nil }
        return try read(TOMLDocument(bytes: entry.bytes, file: "themes/\(name).toml"))
    }

    /// The user's theme folder: `$XDG_CONFIG_HOME/wacon/themes`, or `~/.config/wacon/themes`.
    public static func userDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        Config.folder(environment: environment) + "/themes"
    }
}

/// The themes there are: built-in first (in their fixed order), then the user's own, by name.
/// Listing reads a folder's names only; a theme is parsed when it is loaded.
public struct ThemeCatalogue: Sendable, Hashable {
    /// Where a theme comes from.
    public enum Source: Sendable, Hashable {
        case builtIn
        /// A user file (it may override a built-in theme of the same name).
        case file(String)
    }

    /// A theme there is: its name and where it comes from.
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var source: Source
    }

    /// Built-in first, then the user's own.
    public private(set) var entries: [Entry]

    /// Lists the built-in themes and `userDirectory/*.toml` (a missing folder is no themes).
    public init(userDirectory: String?) {
        var entries = ThemeFile.builtInNames.map { Entry(name: $0, source: .builtIn) }
        let files = userDirectory.flatMap { try? FileManager.default.contentsOfDirectory(atPath: $0) } ?? []
        for file in files.sorted() where file.hasSuffix(".toml") && !file.hasPrefix(".") {
            let entry = Entry(name: String(file.dropLast(5)), source: .file(userDirectory! + "/" + file))
            if let i = entries.firstIndex(where: { $0.name == entry.name }) { entries[i] = entry } else { entries.append(entry) }
        }
        self.entries = entries
    }

    /// The themes' names, in the order of `entries`.
    public var names: [String] { entries.map(\.name) }

    /// The entry called `name`, or an error listing the themes there are.
    public func entry(named name: String) throws(ConfigError) -> Entry {
        guard let entry = entries.first(where: { $0.name == name }) else { throw unknown(name) }
        return entry
    }

    /// The name after `name` in the list (wrapping), for `next-theme`.
    public func name(after name: String) -> String {
        guard let i = names.firstIndex(of: name) else { return names.first ?? ThemeFile.builtInNames[0] }
        return names[(i + 1) % names.count]
    }

    func unknown(_ name: String) -> ConfigError {
        ConfigError(file: name, message: "no such theme; themes: \(names.joined(separator: ", "))")
    }

    /// Whether a theme name is a path to a file (with "/" or ending in .toml), not a name.
    public static func isPath(_ name: String) -> Bool { name.contains("/") || name.hasSuffix(".toml") }

    /// The entry called `name` without listing the folder first (the startup path): the one
    /// user file it would be, else the built-in theme; an unknown name lists them all.
    public static func entry(named name: String, userDirectory: String?) throws(ConfigError) -> Entry {
        if let dir = userDirectory, FileManager.default.fileExists(atPath: dir + "/" + name + ".toml") {
            return Entry(name: name, source: .file(dir + "/" + name + ".toml"))
        }
        if ThemeFile.builtInNames.contains(name) { return Entry(name: name, source: .builtIn) }
        throw ThemeCatalogue(userDirectory: userDirectory).unknown(name)
    }
}
