import Config
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel
import Providers

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
        let t = text.trimmed.lowercased()
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
/// (see Sources/Config/Themes/dark.toml), read by Config; roles a file leaves out keep the base
/// theme's colour.
///
/// Where themes come from: the six built-in ones (Sources/Config/Themes/*.toml, embedded in the
/// binary so it runs anywhere) and the user's files in `$XDG_CONFIG_HOME/wacon/themes/NAME.toml`
/// (or `~/.config/wacon/themes`), which override a built-in theme of the same name. A theme's
/// name is its file name without `.toml`.
public struct Theme: Sendable, Hashable {
    public var name: String
    public var colors: [Role: ThemeColor]

    public init(name: String, colors: [Role: ThemeColor]) {
        self.name = name
        self.colors = colors
    }

    /// Where a theme problem is: the file, the line when known, and the key.
    public typealias LoadError = ConfigError

    /// The theme a file describes over `base`: its roles and colours checked, a bad one an
    /// error at its line naming `colors.ROLE`.
    public init(file: ThemeFile, base: Theme) throws(ConfigError) {
        self = base
        name = file.name
        for entry in file.colors {
            guard let role = Role(rawValue: entry.role) else {
                throw entry.error(in: file, "unknown role; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let color = entry.value.flatMap(ThemeColor.init(parsing:)) else {
                throw entry.error(in: file, "expected \"#rrggbb\", an ANSI name (\"red\", \"bright-black\"), 0-255 or \"terminal\"")
            }
            colors[role] = color
        }
    }

    /// The default theme's name.
    public static let defaultName = "dark"

    /// The default dark theme, compiled in: starting the console parses no TOML. The first
    /// TOML parse in a process costs about 0.75 ms (`wacon-bench console` measures it), more
    /// than a default theme is worth on the way to the first frame.
    public static let dark: Theme = builtInDark

    /// Sources/Config/Themes/dark.toml as a Swift value. The file is where these colours are
    /// decided: ThemeCatalogueTests fails when this value differs from it, and prints the value
    /// the file makes, to paste here.
    static let builtInDark = Theme(name: "dark", colors: [
        .text: .rgb(0xd8, 0xde, 0xe9), .background: .terminal, .surface: .rgb(0x2e, 0x34, 0x40), .panel: .rgb(0x3b, 0x42, 0x52),
        .border: .rgb(0x4c, 0x56, 0x6a), .focus: .rgb(0x88, 0xc0, 0xd0), .muted: .rgb(0x7b, 0x84, 0x94), .primary: .rgb(0x88, 0xc0, 0xd0),
        .secondary: .rgb(0x81, 0xa1, 0xc1), .accent: .rgb(0xeb, 0xcb, 0x8b), .error: .rgb(0xbf, 0x61, 0x6a), .success: .rgb(0xa3, 0xbe, 0x8c),
        .warning: .rgb(0xd0, 0x87, 0x70), .jsonKey: .rgb(0x81, 0xa1, 0xc1), .jsonString: .rgb(0xa3, 0xbe, 0x8c), .jsonNumber: .rgb(0xb4, 0x8e, 0xad),
        .jsonBoolean: .rgb(0xeb, 0xcb, 0x8b), .jsonNull: .rgb(0x7b, 0x84, 0x94), .sandboxBadge: .rgb(0xa3, 0xbe, 0x8c), .productionBadge: .rgb(0xbf, 0x61, 0x6a),
    ])

    /// Loads a theme file over `base`. Unknown roles and bad colours are errors naming the key.
    public static func load(path: String, base: Theme = .dark) throws(ConfigError) -> Theme {
        try Theme(file: ThemeFile.load(path: path), base: base)
    }

    /// Parses theme text over `base`; `file` names it in errors and, without a `name` key,
    /// gives the theme its name. Errors carry the line of the key.
    public static func load(text: String, file: String, base: Theme = .dark) throws(ConfigError) -> Theme {
        try Theme(file: ThemeFile.parse(text, file: file), base: base)
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
    public static let builtInNames = ThemeFile.builtInNames

    /// The other built-in themes, each parsed once from its embedded file over dark, the first
    /// time one of them is wanted. A file that does not parse is left out; the tests parse
    /// every one.
    static let otherBuiltInThemes: [String: Theme] = Dictionary(uniqueKeysWithValues: builtInNames.filter { $0 != defaultName }.compactMap { name in
        guard let file = try? ThemeFile.builtIn(named: name), let theme = try? Theme(file: file, base: builtInDark) else { return nil }
        return (name, theme)
    })

    /// A built-in theme by name (dark: the compiled value, no parsing).
    public static func builtIn(named name: String) -> Theme? { name == defaultName ? builtInDark : otherBuiltInThemes[name] }

    /// The user's theme folder: `$XDG_CONFIG_HOME/wacon/themes`, or `~/.config/wacon/themes`.
    public static func userDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        ThemeFile.userDirectory(environment: environment)
    }

    /// Every theme there is to choose: the built-in ones and the user's files (listed, not
    /// parsed). Pass nil for no user folder.
    public static func available(userDirectory: String? = Theme.userDirectory()) -> ThemeCatalogue {
        ThemeCatalogue(userDirectory: userDirectory)
    }

    /// The theme called `name`: the user's file of that name, else the built-in one; a path
    /// (with "/" or ending in .toml) is loaded as a file. Unknown names and invalid files
    /// throw, naming the file (and the key and line).
    public static func named(_ name: String, userDirectory: String? = Theme.userDirectory()) throws(ConfigError) -> Theme {
        if ThemeCatalogue.isPath(name) { return try load(path: name) }
        return try load(ThemeCatalogue.entry(named: name, userDirectory: userDirectory))
    }

    /// The theme of a catalogue entry. A user file that overrides a built-in theme starts from
    /// it, so it may change only a few roles; other files start from the default.
    static func load(_ entry: ThemeCatalogue.Entry) throws(ConfigError) -> Theme {
        switch entry.source {
        case .builtIn:
            guard let theme = builtIn(named: entry.name) else {
                throw ConfigError(file: "themes/\(entry.name).toml", message: "built-in copy does not parse")
            }
            return theme
        case .file(let path):
            var theme = try load(path: path, base: builtIn(named: entry.name) ?? .dark)
            theme.name = entry.name
            return theme
        }
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

extension ThemeCatalogue {
    /// Loads the theme called `name`.
    public func load(_ name: String) throws(ConfigError) -> Theme {
        try Theme.load(entry(named: name))
    }
}

// MARK: A theme per profile

/// Which theme the console shows, and why: the profile's own (`theme` under its
/// `[profiles.NAME]`), else the console's (`--theme`, else `[console] theme`), marked for a
/// production profile; or one picked in the console, which then holds for every profile.
public struct ThemeSelection: Sendable, Hashable {
    /// The themes `T` and the palette offer (built-in and user ones), in their order.
    public var available: [String]
    /// The theme in use.
    public var name: String
    /// Picked in the console: it holds for every profile from then on.
    public var picked = false
    /// `--theme`, else `[console] theme`.
    public var configured: String?
    /// Profiles' own themes, by profile name.
    public var perProfile: [String: String]

    public init(available: [String] = [Theme.defaultName], name: String = Theme.defaultName, configured: String? = nil, perProfile: [String: String] = [:]) {
        self.available = available
        self.name = name
        self.configured = configured
        self.perProfile = perProfile
    }

    /// The theme `profile` is shown in now.
    public func choice(for profile: Profile) -> ThemeChoice {
        Theme.choice(isSandbox: profile.isSandbox, profileTheme: picked ? nil : perProfile[profile.name], globalTheme: picked ? name : configured)
    }
}

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
        resolve(choice(isSandbox: isSandbox, profileTheme: profileTheme, globalTheme: globalTheme), userDirectory: userDirectory)
    }

    /// The theme a choice names, loaded (see `resolve(name:userDirectory:)`), accented when the
    /// choice says so, with the warnings to show.
    public static func resolve(_ choice: ThemeChoice, userDirectory: String? = Theme.userDirectory()) -> (theme: Theme, warnings: [String]) {
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
