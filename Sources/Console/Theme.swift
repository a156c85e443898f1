import Foundation
import TOMLKit

/// A colour as a theme file writes it.
public enum ThemeColor: Sendable, Hashable {
    /// The terminal's own default colour.
    case terminal
    case rgb(UInt8, UInt8, UInt8)
    /// An ANSI / xterm palette index.
    case index(Int)

    /// Parses "#rrggbb", "terminal" or a number 0-255.
    init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "terminal" || t == "default" { self = .terminal; return }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            self = .rgb(UInt8(v >> 16), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF))
            return
        }
        if let n = Int(t), (0...255).contains(n) { self = .index(n); return }
        return nil
    }

    /// The nearest colour a terminal with `colors` colours has (-1: the terminal default).
    public func terminalColor(colors: Int) -> Int {
        switch self {
        case .terminal: return -1
        case .index(let n): return colors >= 256 ? n : n % max(1, min(colors, 16))
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

    /// The nearest of the 8 (or 16) ANSI colours.
    static func ansi(_ r: UInt8, _ g: UInt8, _ b: UInt8, bright: Bool) -> Int {
        let base = (r > 127 ? 1 : 0) | (g > 127 ? 2 : 0) | (b > 127 ? 4 : 0)
        let light = Int(r) + Int(g) + Int(b) > 450
        return bright && light ? base + 8 : base
    }

    static func sq(_ v: Int) -> Int { v * v }
}

/// A theme: a colour for each semantic role. Files are TOML with a `[colors]` table of role names
/// (see themes/dark.toml); roles a file leaves out keep the default's colour.
public struct Theme: Sendable, Hashable {
    public var name: String
    public var colors: [Role: ThemeColor]

    /// Where a theme problem is: the file and the key.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var key: String?
        public var message: String
        public var description: String { "\(file)\(key.map { ": \($0)" } ?? ""): \(message)" }
    }

    /// The repository's themes/ folder (this source file's place in the checkout).
    public static let repoThemes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes")

    /// The default dark theme: themes/dark.toml, or this same table built in when the binary
    /// runs away from the checkout (a test keeps the two equal).
    public static let dark: Theme = {
        if let t = try? load(path: repoThemes.appendingPathComponent("dark.toml").path, base: builtInDark) { return t }
        return builtInDark
    }()

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
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw LoadError(file: path, key: nil, message: "line \(e.source.begin.line): \(e.description)")
        } catch {
            throw LoadError(file: path, key: nil, message: "\(error)")
        }
        var theme = base
        theme.name = table["name"]?.string ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let colors = table["colors"]?.table else { throw LoadError(file: path, key: "colors", message: "missing: a [colors] table of roles") }
        for key in colors.keys {
            guard let role = Role(rawValue: key) else {
                throw LoadError(file: path, key: "colors.\(key)", message: "unknown role; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let s = colors[key]?.string, let c = ThemeColor(parsing: s) else {
                throw LoadError(file: path, key: "colors.\(key)", message: "expected \"#rrggbb\", \"terminal\" or 0-255")
            }
            theme.colors[role] = c
        }
        return theme
    }

    public func color(_ role: Role) -> ThemeColor { colors[role] ?? .terminal }
}
