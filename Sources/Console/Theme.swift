import Foundation
import TOMLKit

/// A colour as a theme file writes it.
public enum ThemeColor: Sendable, Hashable {
    /// The terminal's own default colour.
    case terminal
    case rgb(UInt8, UInt8, UInt8)
    /// An ANSI / xterm palette index. 0–15 are the terminal's own palette (its scheme decides
    /// what they look like); 16–255 are xterm's fixed cube and grey ramp.
    case index(Int)

    /// The ANSI names of palette entries 0–7; "bright-" + a name is 8–15.
    public static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses "#rrggbb", "terminal" (or "default"), a number 0-255, or an ANSI name: "red",
    /// "bright-red" (also "bright_red", "brightred"), "grey"/"gray" for bright-black.
    init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "terminal" || t == "default" { self = .terminal; return }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            self = .rgb(UInt8(v >> 16), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF))
            return
        }
        if let n = Int(t), (0...255).contains(n) { self = .index(n); return }
        if t == "grey" || t == "gray" { self = .index(8); return }
        for prefix in ["bright-", "bright_", "bright"] where t.hasPrefix(prefix) {
            guard let i = Self.ansiNames.firstIndex(of: String(t.dropFirst(prefix.count))) else { return nil }
            self = .index(8 + i)
            return
        }
        guard let i = Self.ansiNames.firstIndex(of: t) else { return nil }
        self = .index(i)
    }

    /// The nearest colour a terminal with `colors` colours has (-1: the terminal default).
    public func terminalColor(colors: Int) -> Int {
        switch self {
        case .terminal: return -1
        case .index(let n):
            if colors >= 256 { return n }
            if n >= 16 {
                // A cube or grey-ramp entry is a fixed colour: map it like the RGB it stands for.
                let (r, g, b) = Self.xtermRGB(n)
                return ThemeColor.rgb(r, g, b).terminalColor(colors: colors)
            }
            if colors >= 16 { return n }
            // 8 colours: bright-N falls back to N, except bright-black, which themes use for
            // readable dim text; black would vanish on the usual dark console.
            return n == 8 ? 7 : n % 8
        case .rgb(let r, let g, let b):
            if colors >= 256 { return Self.xterm256(r, g, b) }
            return Self.ansi(r, g, b, bright: colors >= 16)
        }
    }

    /// The xterm 6×6×6 cube or grey ramp entry nearest to a colour.
    static func xterm256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        func level(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
        let (lr, lg, lb) = (level(r), level(g), level(b))
        let cube = 16 + 36 * lr + 6 * lg + lb
        let steps = [0, 95, 135, 175, 215, 255]
        let cubeDist = sq(Int(r) - steps[lr]) + sq(Int(g) - steps[lg]) + sq(Int(b) - steps[lb])
        let avg = (Int(r) + Int(g) + Int(b)) / 3
        let grey = avg > 238 ? 23 : max(0, (avg - 3) / 10)
        let gv = 8 + 10 * grey
        let greyDist = sq(Int(r) - gv) + sq(Int(g) - gv) + sq(Int(b) - gv)
        return greyDist < cubeDist ? 232 + grey : cube
    }

    /// The RGB of an xterm palette entry 16–255.
    static func xtermRGB(_ n: Int) -> (UInt8, UInt8, UInt8) {
        if n >= 232 {
            let v = UInt8(8 + 10 * (n - 232))
            return (v, v, v)
        }
        let steps: [UInt8] = [0, 95, 135, 175, 215, 255]
        let i = n - 16
        return (steps[i / 36], steps[(i / 6) % 6], steps[i % 6])
    }

    /// The nearest of the 8 (or 16) ANSI colours. Greys (little difference between channels)
    /// go by lightness to black, bright-black, white or bright-white, so a dim grey stays
    /// grey instead of turning cyan or vanishing into black; very dark tints are black. Other
    /// colours go by hue: a channel counts when it is near the colour's strongest one, so
    /// pastels keep their hue (Nord's green stays green, not white); light or vivid ones take
    /// the bright half on 16 colours.
    static func ansi(_ r: UInt8, _ g: UInt8, _ b: UInt8, bright: Bool) -> Int {
        let hi = Int(max(r, g, b)), lo = Int(min(r, g, b))
        if hi - lo < 40 {
            let avg = (Int(r) + Int(g) + Int(b)) / 3
            if !bright { return avg < 100 ? 0 : 7 }
            return avg < 40 ? 0 : avg < 120 ? 8 : avg < 200 ? 7 : 15
        }
        // Deep tints (Solarized's base03 background) are black, not a colour.
        if hi < 96 { return 0 }
        let threshold = lo + (hi - lo) * 3 / 5
        let base = (Int(r) >= threshold ? 1 : 0) | (Int(g) >= threshold ? 2 : 0) | (Int(b) >= threshold ? 4 : 0)
        return bright && (hi >= 230 || (hi + lo) / 2 >= 150) ? base + 8 : base
    }

    static func sq(_ v: Int) -> Int { v * v }
}

/// A theme: a colour for each semantic role. Files are TOML with a `[colors]` table of role names
/// (see themes/dark.toml); roles a file leaves out keep the base theme's colour.
///
/// Where themes come from: the six built-in ones (themes/*.toml in the repository, embedded
/// word for word in the binary so it runs anywhere) and the user's files in
/// `$XDG_CONFIG_HOME/wacon/themes/NAME.toml` (or `~/.config/wacon/themes`), which override a
/// built-in theme of the same name. A theme's name is its file name without `.toml`.
public struct Theme: Sendable, Hashable {
    public var name: String
    public var colors: [Role: ThemeColor]

    public init(name: String, colors: [Role: ThemeColor]) {
        self.name = name
        self.colors = colors
    }

    /// Where a theme problem is: the file, the line when known, and the key.
    public struct LoadError: Error, Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var line: Int? = nil
        public var key: String?
        public var message: String
        public var description: String { "\(file)\(line.map { ":\($0)" } ?? "")\(key.map { ": \($0)" } ?? ""): \(message)" }
    }

    /// The repository's themes/ folder (this source file's place in the checkout).
    public static let repoThemes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes")

    /// The default theme's name.
    public static let defaultName = "dark"

    /// The default dark theme, built in as a Swift value: starting the console reads and parses
    /// no theme file (TOML parsing costs milliseconds of the 30 ms to the first frame). A test
    /// keeps it equal to themes/dark.toml.
    public static let dark: Theme = builtInDark

    static let builtInDark = Theme(name: "dark", colors: [
        .text: .rgb(0xd8, 0xde, 0xe9), .background: .terminal, .surface: .rgb(0x2e, 0x34, 0x40), .panel: .rgb(0x3b, 0x42, 0x52),
        .border: .rgb(0x4c, 0x56, 0x6a), .focus: .rgb(0x88, 0xc0, 0xd0), .muted: .rgb(0x7b, 0x84, 0x94), .primary: .rgb(0x88, 0xc0, 0xd0),
        .secondary: .rgb(0x81, 0xa1, 0xc1), .accent: .rgb(0xeb, 0xcb, 0x8b), .error: .rgb(0xbf, 0x61, 0x6a), .success: .rgb(0xa3, 0xbe, 0x8c),
        .warning: .rgb(0xd0, 0x87, 0x70), .jsonKey: .rgb(0x81, 0xa1, 0xc1), .jsonString: .rgb(0xa3, 0xbe, 0x8c), .jsonNumber: .rgb(0xb4, 0x8e, 0xad),
        .jsonBoolean: .rgb(0xeb, 0xcb, 0x8b), .jsonNull: .rgb(0x7b, 0x84, 0x94), .sandboxBadge: .rgb(0xa3, 0xbe, 0x8c), .productionBadge: .rgb(0xbf, 0x61, 0x6a),
    ])

    /// Loads a theme file over `base`. Unknown roles and bad colours are errors naming the key.
    public static func load(path: String, base: Theme = .dark) throws(LoadError) -> Theme {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw LoadError(file: path, key: nil, message: "cannot be read")
        }
        return try load(text: text, file: path, base: base)
    }

    /// Parses theme text over `base`; `file` names it in errors and, without a `name` key,
    /// gives the theme its name. Errors carry the line of the key when it can be found.
    public static func load(text: String, file: String, base: Theme = .dark) throws(LoadError) -> Theme {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw LoadError(file: file, line: e.source.begin.line, key: nil, message: e.description)
        } catch {
            throw LoadError(file: file, key: nil, message: "\(error)")
        }
        let lines = TOMLKeyLines(text: text)
        func fail(_ table: String?, _ key: String, _ message: String) -> LoadError {
            LoadError(file: file, line: lines.line(table: table, key: key), key: table.map { "\($0).\(key)" } ?? key, message: message)
        }
        for key in table.keys where !["name", "description", "colors"].contains(key) {
            throw fail(nil, key, "unknown key (a theme has name, description and a [colors] table)")
        }
        var theme = base
        if let v = table["name"] {
            guard let s = v.string else { throw fail(nil, "name", "must be a string") }
            theme.name = s
        } else {
            theme.name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        }
        guard let colors = table["colors"]?.table else {
            throw LoadError(file: file, line: lines.line(header: "colors"), key: "colors", message: "missing: a [colors] table of roles")
        }
        for key in colors.keys {
            guard let role = Role(rawValue: key) else {
                throw fail("colors", key, "unknown role; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let value = colors[key]
            guard let c = value?.string.flatMap(ThemeColor.init(parsing:)) ?? value?.int.flatMap({ ThemeColor(parsing: String($0)) }) else {
                throw fail("colors", key, "expected \"#rrggbb\", an ANSI name (\"red\", \"bright-black\"), 0-255 or \"terminal\"")
            }
            theme.colors[role] = c
        }
        return theme
    }

    public func color(_ role: Role) -> ThemeColor { colors[role] ?? .terminal }

    /// The (foreground, background) colour numbers a cell of `style` gets on a terminal with
    /// `colors` colours; -1 is the terminal's own colour (`terminal`, shown through ncurses'
    /// `use_default_colors`). Surface and panel are fills: their colour is the background under
    /// the theme's text colour; every other role is a foreground over the theme's background.
    public func colorPair(for style: Style, colors: Int) -> (foreground: Int, background: Int) {
        let fill = style.role == .surface || style.role == .panel
        return (color(fill ? .text : style.role).terminalColor(colors: colors),
                color(fill ? style.role : .background).terminalColor(colors: colors))
    }
}

// MARK: Built-in and user themes

extension Theme {
    /// The built-in themes' names, in the order `next-theme` cycles through them.
    public static let builtInNames = builtInFiles.map(\.name)

    /// A built-in theme by name, from its embedded file (dark: the Swift value, no parsing).
    public static func builtIn(named name: String) -> Theme? {
        if name == defaultName { return builtInDark }
        guard let file = builtInFiles.first(where: { $0.name == name }) else { return nil }
        // A broken embedded copy is caught by the tests that parse every one of them.
        return try? load(text: file.toml, file: "themes/\(name).toml", base: builtInDark)
    }

    /// The user's theme folder: `$XDG_CONFIG_HOME/wacon/themes`, or `~/.config/wacon/themes`.
    public static func userDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return base + "/wacon/themes"
    }

    /// Every theme there is to choose: the built-in ones and the user's files (listed, not
    /// parsed). Pass nil for no user folder.
    public static func available(userDirectory: String? = Theme.userDirectory()) -> ThemeCatalogue {
        ThemeCatalogue(userDirectory: userDirectory)
    }

    /// The theme called `name`: the user's file of that name, else the built-in one. Unknown
    /// names and invalid files throw, naming the file (and the key and line).
    public static func named(_ name: String, userDirectory: String? = Theme.userDirectory()) throws(LoadError) -> Theme {
        try ThemeCatalogue.load(name, userDirectory: userDirectory)
    }

    /// The theme to use for `name` (nil or empty: the default) and the warnings to show: an
    /// unknown name or an invalid file falls back to the default theme with a warning, so a
    /// bad theme never stops the console. `name` may also be a path to a .toml file. The
    /// default with no user file of its name costs no parsing.
    public static func resolve(name: String?, userDirectory: String? = Theme.userDirectory()) -> (theme: Theme, warnings: [String]) {
        let wanted = name.flatMap { $0.isEmpty ? nil : $0 } ?? defaultName
        do {
            return (try named(wanted, userDirectory: userDirectory), [])
        } catch {
            return (.dark, ["theme: \(error); using \(defaultName)"])
        }
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

    public struct Entry: Sendable, Hashable {
        public var name: String
        public var source: Source
    }

    public private(set) var entries: [Entry]

    /// Lists the built-in themes and `userDirectory/*.toml` (a missing folder is no themes).
    public init(userDirectory: String?) {
        var entries = Theme.builtInNames.map { Entry(name: $0, source: .builtIn) }
        let files = userDirectory.flatMap { try? FileManager.default.contentsOfDirectory(atPath: $0) } ?? []
        for file in files.sorted() where file.hasSuffix(".toml") && !file.hasPrefix(".") {
            let entry = Entry(name: String(file.dropLast(5)), source: .file(userDirectory! + "/" + file))
            if let i = entries.firstIndex(where: { $0.name == entry.name }) { entries[i] = entry } else { entries.append(entry) }
        }
        self.entries = entries
    }

    public var names: [String] { entries.map(\.name) }

    /// Loads the theme called `name`.
    public func load(_ name: String) throws(Theme.LoadError) -> Theme {
        guard let entry = entries.first(where: { $0.name == name }) else { throw unknown(name) }
        return try Self.load(entry)
    }

    /// The name after `name` in the list (wrapping), for `next-theme`.
    public func name(after name: String) -> String {
        guard let i = names.firstIndex(of: name) else { return names.first ?? Theme.defaultName }
        return names[(i + 1) % names.count]
    }

    func unknown(_ name: String) -> Theme.LoadError {
        Theme.LoadError(file: name, key: nil, message: "no such theme; themes: \(names.joined(separator: ", "))")
    }

    static func load(_ entry: Entry) throws(Theme.LoadError) -> Theme {
        switch entry.source {
        case .builtIn:
            guard let t = Theme.builtIn(named: entry.name) else { throw Theme.LoadError(file: "themes/\(entry.name).toml", key: nil, message: "built-in copy does not parse") }
            return t
        case .file(let path):
            // A user file that overrides a built-in theme starts from it, so it may change
            // only a few roles; other files start from the default.
            var t = try Theme.load(path: path, base: Theme.builtIn(named: entry.name) ?? .dark)
            t.name = entry.name
            return t
        }
    }

    /// `name` without listing the folder first: the one file it would be, else the built-in
    /// theme (the startup path). A path (with "/" or ending in .toml) is loaded as a file.
    static func load(_ name: String, userDirectory: String?) throws(Theme.LoadError) -> Theme {
        if name.contains("/") || name.hasSuffix(".toml") { return try Theme.load(path: name) }
        if let dir = userDirectory, FileManager.default.fileExists(atPath: dir + "/" + name + ".toml") {
            return try load(Entry(name: name, source: .file(dir + "/" + name + ".toml")))
        }
        if Theme.builtInNames.contains(name) { return try load(Entry(name: name, source: .builtIn)) }
        throw ThemeCatalogue(userDirectory: userDirectory).unknown(name)
    }
}

// MARK: A theme per profile

/// Which theme a profile is shown in: a theme name (or path) and whether to mark it as
/// production.
public struct ThemeChoice: Sendable, Hashable {
    public var name: String
    public var productionAccent: Bool
}

extension Theme {
    /// The rule for a profile's theme (pure; no files):
    /// - a profile with a theme of its own (`theme = "…"` under `[profiles.NAME]`) gets exactly
    ///   that theme: its owner chose the look, production or not;
    /// - otherwise the global theme (`[console] theme`, default "dark"), and for a production
    ///   (non-sandbox) profile that theme with the production accent (`productionAccented`),
    ///   so a real send never looks like a sandbox one.
    /// Empty names count as none.
    public static func choice(isSandbox: Bool, profileTheme: String?, globalTheme: String?) -> ThemeChoice {
        if let own = profileTheme, !own.isEmpty { return ThemeChoice(name: own, productionAccent: false) }
        let global = globalTheme.flatMap { $0.isEmpty ? nil : $0 } ?? defaultName
        return ThemeChoice(name: global, productionAccent: !isSandbox)
    }

    /// The theme for a profile by `choice(isSandbox:profileTheme:globalTheme:)`, loaded, with
    /// the warnings to show (an unknown or invalid theme falls back to the default, which a
    /// production profile still gets accented).
    public static func forProfile(isSandbox: Bool, profileTheme: String?, globalTheme: String?,
                                  userDirectory: String? = Theme.userDirectory()) -> (theme: Theme, warnings: [String]) {
        let choice = choice(isSandbox: isSandbox, profileTheme: profileTheme, globalTheme: globalTheme)
        let (theme, warnings) = resolve(name: choice.name, userDirectory: userDirectory)
        return (choice.productionAccent ? theme.productionAccented : theme, warnings)
    }

    /// This theme marked for a production profile: every border (pane rules, the send rule,
    /// boxes) takes the `production_badge` colour, and the surface (title bar, key line) is
    /// tinted 40% toward it when both are RGB. The name stays the same.
    public var productionAccented: Theme {
        var t = self
        let alarm = color(.productionBadge)
        t.colors[.border] = alarm
        if case .rgb(let sr, let sg, let sb) = color(.surface), case .rgb(let ar, let ag, let ab) = alarm {
            func mix(_ s: UInt8, _ a: UInt8) -> UInt8 { UInt8((Int(s) * 60 + Int(a) * 40 + 50) / 100) }
            t.colors[.surface] = .rgb(mix(sr, ar), mix(sg, ag), mix(sb, ab))
        }
        return t
    }
}

// MARK: Line numbers

/// Finds the line of a key in TOML text: TOMLKit reports positions only for syntax errors,
/// and a message that says where is worth this small scan.
struct TOMLKeyLines {
    let lines: [Substring]

    init(text: String) { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }

    /// The line of the `[header]` line.
    func line(header: String) -> Int? {
        lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "[\(header)]" }.map { $0 + 1 }
    }

    /// The line of `key = …` inside `[table]` (nil table: before any header).
    func line(table: String?, key: String) -> Int? {
        var current: String?
        for (i, l) in lines.enumerated() {
            let t = l.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("[") {
                current = String(t.dropFirst().prefix { $0 != "]" }).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard current == table, let eq = t.firstIndex(of: "=") else { continue }
            let name = t[..<eq].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if name == key { return i + 1 }
        }
        return nil
    }
}

// MARK: Embedded copies

extension Theme {
    /// The built-in themes' files, word for word, so the binary has them wherever it runs;
    /// ThemeCatalogueTests keeps each equal to its file in themes/ (edit the file, then paste
    /// it here).
    static let builtInFiles: [(name: String, toml: String)] = [
        ("dark", BuiltInThemeFiles.dark),
        ("light", BuiltInThemeFiles.light),
        ("high-contrast", BuiltInThemeFiles.highContrast),
        ("solarized-dark", BuiltInThemeFiles.solarizedDark),
        ("monochrome", BuiltInThemeFiles.monochrome),
        ("ansi16", BuiltInThemeFiles.ansi16),
    ]
}

/// themes/*.toml as string constants (see `Theme.builtInFiles`).
enum BuiltInThemeFiles {
    static let dark = """
        # wacon's default theme: dark. Colours are "#rrggbb", an ANSI name ("red", "bright-black") or
        # index (0-255), or "terminal" (keep the terminal's own colour). wacon maps them to 256, 16 or
        # 8 colours as the terminal allows, and to attributes only with NO_COLOR or a monochrome terminal.
        name = "dark"

        [colors]
        text = "#d8dee9"
        background = "terminal"
        surface = "#2e3440"
        panel = "#3b4252"
        border = "#4c566a"
        focus = "#88c0d0"
        muted = "#7b8494"
        primary = "#88c0d0"
        secondary = "#81a1c1"
        accent = "#ebcb8b"
        error = "#bf616a"
        success = "#a3be8c"
        warning = "#d08770"
        json_key = "#81a1c1"
        json_string = "#a3be8c"
        json_number = "#b48ead"
        json_boolean = "#ebcb8b"
        json_null = "#7b8494"
        sandbox_badge = "#a3be8c"
        production_badge = "#bf616a"

        """

    static let light = """
        # A light theme for light or dark terminals: it paints its own background. Colours are
        # "#rrggbb", an ANSI name ("red", "bright-black") or index (0-255), or "terminal".
        name = "light"

        [colors]
        text = "#383a42"
        background = "#fafafa"
        surface = "#c0c4cc"
        panel = "#eaeaeb"
        border = "#575c66"
        focus = "#4078f2"
        muted = "#5a5e66"
        primary = "#4078f2"
        secondary = "#0184bc"
        accent = "#a626a4"
        error = "#e45649"
        success = "#50a14f"
        warning = "#c18401"
        json_key = "#4078f2"
        json_string = "#50a14f"
        json_number = "#986801"
        json_boolean = "#a626a4"
        json_null = "#5a5e66"
        sandbox_badge = "#50a14f"
        production_badge = "#e45649"

        """

    static let highContrast = """
        # High contrast: white and saturated colours on black, for bright rooms, projectors and
        # low vision. Colours are "#rrggbb", an ANSI name or index (0-255), or "terminal".
        name = "high-contrast"

        [colors]
        text = "#ffffff"
        background = "#000000"
        surface = "#1c1c1c"
        panel = "#000000"
        border = "#d0d0d0"
        focus = "#ffff00"
        muted = "#d0d0d0"
        primary = "#00ffff"
        secondary = "#5fafff"
        accent = "#ffff00"
        error = "#ff5f5f"
        success = "#00ff00"
        warning = "#ffaf00"
        json_key = "#5fd7ff"
        json_string = "#87ff87"
        json_number = "#ff87ff"
        json_boolean = "#ffff5f"
        json_null = "#d0d0d0"
        sandbox_badge = "#00ff00"
        production_badge = "#ff0000"

        """

    static let solarizedDark = """
        # Solarized dark (Ethan Schoonover's palette) with its own background, so it looks the same
        # whatever the terminal's scheme. Colours are "#rrggbb", an ANSI name or index, or "terminal".
        name = "solarized-dark"

        [colors]
        text = "#93a1a1"
        background = "#002b36"
        surface = "#073642"
        panel = "#073642"
        border = "#586e75"
        focus = "#268bd2"
        muted = "#657b83"
        primary = "#268bd2"
        secondary = "#2aa198"
        accent = "#b58900"
        error = "#dc322f"
        success = "#859900"
        warning = "#cb4b16"
        json_key = "#268bd2"
        json_string = "#2aa198"
        json_number = "#d33682"
        json_boolean = "#b58900"
        json_null = "#657b83"
        sandbox_badge = "#859900"
        production_badge = "#dc322f"

        """

    static let monochrome = """
        # Monochrome: greys only, on its own near-black background; emphasis comes from brightness
        # (and from bold and reverse, which the screens use anyway). Colours are "#rrggbb", an ANSI
        # name or index (0-255), or "terminal".
        name = "monochrome"

        [colors]
        text = "#d0d0d0"
        background = "#121212"
        surface = "#303030"
        panel = "#262626"
        border = "#6c6c6c"
        focus = "#ffffff"
        muted = "#8a8a8a"
        primary = "#ffffff"
        secondary = "#bcbcbc"
        accent = "#ffffff"
        error = "#ffffff"
        success = "#bcbcbc"
        warning = "#e4e4e4"
        json_key = "#ffffff"
        json_string = "#bcbcbc"
        json_number = "#e4e4e4"
        json_boolean = "#e4e4e4"
        json_null = "#8a8a8a"
        sandbox_badge = "#bcbcbc"
        production_badge = "#ffffff"

        """

    static let ansi16 = """
        # ansi16: the terminal's own 16-colour palette, so the terminal's scheme (Solarized, Gruvbox,
        # a light scheme…) decides the actual colours. Names are the ANSI ones: black red green
        # yellow blue magenta cyan white, and bright-black … bright-white (or indices 0-15);
        # "terminal" keeps the terminal's own foreground or background.
        name = "ansi16"

        [colors]
        text = "terminal"
        background = "terminal"
        surface = "terminal"
        panel = "terminal"
        border = "bright-black"
        focus = "cyan"
        muted = "bright-black"
        primary = "blue"
        secondary = "cyan"
        accent = "magenta"
        error = "red"
        success = "green"
        warning = "yellow"
        json_key = "blue"
        json_string = "green"
        json_number = "magenta"
        json_boolean = "yellow"
        json_null = "bright-black"
        sandbox_badge = "green"
        production_badge = "red"

        """
}
