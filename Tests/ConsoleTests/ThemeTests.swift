import Foundation
import Testing
@testable import Config
@testable import Console

/// A fresh folder for user theme files, removed by the caller.
private func userThemes(_ files: [String: String]) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-themes-\(UUID())").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
    return dir
}

/// Sources/Config/Themes in this checkout: the built-in themes' files.
let repoThemes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/Config/Themes")

private func repoThemeFiles() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: repoThemes.path).filter { $0.hasSuffix(".toml") }.sorted()
}

/// A theme written as the Swift value `Theme.builtInDark` is written, roles in their order.
private func swiftValue(_ theme: Theme) -> String {
    func hex(_ v: UInt8) -> String { "0x" + (v < 16 ? "0" : "") + String(v, radix: 16) }
    let entries = Role.allCases.compactMap { role -> String? in
        guard let color = theme.colors[role] else { return nil }
        let name = String(describing: role)
        switch color {
        case .terminal: return ".\(name): .terminal"
        case .index(let n): return ".\(name): .index(\(n))"
        case .rgb(let r, let g, let b): return ".\(name): .rgb(\(hex(r)), \(hex(g)), \(hex(b)))"
        }
    }
    return "Theme(name: \"\(theme.name)\", colors: [\n    " + entries.joined(separator: ", ") + ",\n])"
}

@Suite struct ThemeCatalogueTests {
    @Test func everyThemeFileParsesAndDefinesEveryRole() throws {
        let files = try repoThemeFiles()
        #expect(files.count >= 6)
        for file in files {
            let path = repoThemes.appendingPathComponent(file).path
            // Over an empty base, so a role the file leaves out stays missing.
            let theme = try Theme.load(path: path, base: Theme(name: "", colors: [:]))
            let missing = Set(Role.allCases).subtracting(theme.colors.keys).map(\.rawValue).sorted()
            #expect(missing.isEmpty, "\(file) leaves out \(missing)")
            #expect(theme.name + ".toml" == file, "a theme's name is its file name")
        }
    }

    @Test func theSixBuiltInThemesAreEmbeddedWordForWord() throws {
        #expect(Theme.builtInNames == ["dark", "light", "high-contrast", "solarized-dark", "monochrome", "ansi16"])
        #expect(try repoThemeFiles() == Theme.builtInNames.map { $0 + ".toml" }.sorted(), "every file in Themes/ is built in, and only those")
        for (name, bytes) in ThemeFile.builtInFiles {
            let path = repoThemes.appendingPathComponent(name + ".toml").path
            #expect(bytes == Array(try Data(contentsOf: URL(fileURLWithPath: path))), "SwiftPM embeds \(name).toml as it is")
            #expect(Theme.builtIn(named: name) == (try Theme.load(path: path)), "\(name) built in")
        }
        let dark = try Theme(file: #require(try ThemeFile.builtIn(named: "dark")), base: Theme(name: "", colors: [:]))
        #expect(Theme.builtIn(named: "dark") == dark,
                "the Swift value of dark differs from Themes/dark.toml; the file decides: make Theme.builtInDark\n\(swiftValue(dark))")
    }

    @Test func theDefaultThemeIsTheSwiftValue() {
        // The startup path: no user file named dark, no parsing.
        #expect(Theme.dark == Theme.builtInDark)
        let (theme, warnings) = Theme.resolve(name: nil, userDirectory: nil)
        #expect(theme == Theme.builtInDark && warnings.isEmpty)
        #expect(Theme.resolve(name: "", userDirectory: "/nonexistent/wacon").theme == Theme.builtInDark)
    }

    @Test func ansiNamesAndTheTerminalsOwnPalette() throws {
        #expect(ThemeColor(parsing: "red") == .index(1))
        #expect(ThemeColor(parsing: "Bright-Black") == .index(8))
        #expect(ThemeColor(parsing: "bright_white") == .index(15))
        #expect(ThemeColor(parsing: "grey") == .index(8))
        #expect(ThemeColor(parsing: "13") == .index(13))
        #expect(ThemeColor(parsing: "bright-orange") == nil)
        #expect(ThemeColor(parsing: "256") == nil)
        let ansi = try Theme.named("ansi16", userDirectory: nil)
        for (role, color) in ansi.colors {
            switch color {
            case .terminal: break
            case .index(let n): #expect(n < 16, "\(role.rawValue) is not one of the terminal's 16")
            case .rgb: Issue.record("ansi16 gives \(role.rawValue) a fixed RGB colour")
            }
            // The palette index itself goes to the terminal, so its scheme decides the colour.
            if case .index(let n) = color {
                for depth in [256, 16] { #expect(color.terminalColor(colors: depth) == n) }
            }
        }
    }

    @Test func indicesFallBackByWhatTheyLookLike() {
        #expect(ThemeColor.index(196).terminalColor(colors: 256) == 196)
        #expect(ThemeColor.index(196).terminalColor(colors: 16) == 9, "xterm 196 is pure red")
        #expect(ThemeColor.index(196).terminalColor(colors: 8) == 1)
        #expect(ThemeColor.rgb(0xa3, 0xbe, 0x8c).terminalColor(colors: 16) == 10, "a pastel green stays green")
        #expect(ThemeColor.rgb(0x26, 0x8b, 0xd2).terminalColor(colors: 8) == 4, "solarized blue stays blue")
        #expect(ThemeColor.rgb(0x00, 0x2b, 0x36).terminalColor(colors: 16) == 0, "a deep tint is black")
        #expect(ThemeColor.index(21).terminalColor(colors: 8) == 4, "xterm 21 is blue")
        #expect(ThemeColor.index(244).terminalColor(colors: 16) == 7, "a mid grey stays grey")
        #expect(ThemeColor.index(12).terminalColor(colors: 8) == 4)
        #expect(ThemeColor.index(8).terminalColor(colors: 8) == 7, "bright-black stays readable on 8 colours")
        #expect(ThemeColor.rgb(0x7b, 0x84, 0x94).terminalColor(colors: 16) == 7, "greys go by lightness, not to cyan")
        #expect(ThemeColor.rgb(0x2e, 0x34, 0x40).terminalColor(colors: 8) == 0)
    }

    @Test func terminalMeansTheTerminalsOwnBackground() throws {
        for depth in [256, 16, 8] {
            #expect(Theme.dark.colorPair(for: Style(.text), colors: depth).background == -1)
            #expect(Theme.dark.colorPair(for: Style(.surface), colors: depth).background != -1, "dark paints its title bar")
            let ansi = try Theme.named("ansi16", userDirectory: nil)
            #expect(ansi.colorPair(for: Style(.text), colors: depth) == (-1, -1))
            #expect(ansi.colorPair(for: Style(.panel), colors: depth) == (-1, -1))
            #expect(ansi.colorPair(for: Style(.error), colors: depth) == (1, -1))
        }
        let light = try Theme.named("light", userDirectory: nil)
        #expect(light.colorPair(for: Style(.text), colors: 256).background == 231, "light paints its own background")
    }

    @Test func anInvalidFileNamesFileKeyAndLineAndFallsBack() throws {
        let dir = try userThemes([
            "broken.toml": "name = \"broken\"\n\n[colors]\ntext = \"#ffffff\"\nerror = \"#zz0000\"\n",
            "syntax.toml": "[colors]\ntext = \"#ffffff\n",
            "extra.toml": "name = \"extra\"\ncolour = 3\n[colors]\ntext = \"red\"\n",
            "norole.toml": "[colors]\n\nshiny = \"red\"\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect { try Theme.named("broken", userDirectory: dir) } throws: { e in
            guard let e = e as? Theme.LoadError else { return false }
            return e.file == dir + "/broken.toml" && e.key == "colors.error" && e.line == 5
        }
        #expect { try Theme.named("syntax", userDirectory: dir) } throws: { ($0 as? Theme.LoadError)?.line == 2 }
        #expect { try Theme.named("extra", userDirectory: dir) } throws: { ($0 as? Theme.LoadError).map { $0.key == "colour" && $0.line == 2 } == true }
        #expect { try Theme.named("norole", userDirectory: dir) } throws: { ($0 as? Theme.LoadError)?.description == dir + "/norole.toml:3: colors.shiny: unknown role; roles: " + Role.allCases.map(\.rawValue).joined(separator: ", ") }

        let (theme, warnings) = Theme.resolve(name: "broken", userDirectory: dir)
        #expect(theme == Theme.dark)
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains(dir + "/broken.toml:5: colors.error") == true, "\(warnings)")
        #expect(warnings.first?.hasSuffix("using dark") == true)

        let (unknown, why) = Theme.resolve(name: "nope", userDirectory: dir)
        #expect(unknown == Theme.dark)
        #expect(why.first?.contains("no such theme") == true && why.first?.contains("solarized-dark") == true && why.first?.contains("broken") == true, "\(why)")
    }

    @Test func userFilesAreListedAndOverrideBuiltInOnes() throws {
        let dir = try userThemes([
            "light.toml": "[colors]\naccent = \"#ff00ff\"\n",
            "mine.toml": "name = \"ignored, the file name counts\"\n[colors]\ntext = \"bright-white\"\n",
            "notes.txt": "not a theme",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalogue = Theme.available(userDirectory: dir)
        #expect(catalogue.names == Theme.builtInNames + ["mine"])
        #expect(catalogue.entries.first { $0.name == "light" }?.source == .file(dir + "/light.toml"))
        #expect(catalogue.entries.first { $0.name == "dark" }?.source == .builtIn)
        let light = try catalogue.load("light")
        let builtInLight = try #require(Theme.builtIn(named: "light"))
        #expect(light.color(.accent) == .rgb(0xff, 0x00, 0xff))
        #expect(light.color(.background) == builtInLight.color(.background), "a partial override starts from the built-in theme")
        #expect(try Theme.named("light", userDirectory: dir) == light)
        let mine = try Theme.named("mine", userDirectory: dir)
        #expect(mine.name == "mine" && mine.color(.text) == .index(15) && mine.color(.error) == Theme.dark.color(.error))
        #expect(catalogue.name(after: "dark") == "light")
        #expect(catalogue.name(after: "mine") == "dark", "next-theme wraps")
        #expect(Theme.available(userDirectory: dir + "/missing").names == Theme.builtInNames)
        #expect(Theme.userDirectory(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/wacon/themes")
        #expect(Theme.userDirectory(environment: ["XDG_CONFIG_HOME": "", "HOME": "/h"]) == "/h/.config/wacon/themes")
        // A path works too (the --theme option).
        #expect(Theme.resolve(name: dir + "/mine.toml", userDirectory: nil).theme.color(.text) == .index(15))
    }

    @Test func aProductionProfileWithoutItsOwnThemeLooksDifferent() throws {
        #expect(Theme.choice(isSandbox: true, profileTheme: nil, globalTheme: nil) == ThemeChoice(name: "dark", productionAccent: false))
        #expect(Theme.choice(isSandbox: false, profileTheme: nil, globalTheme: nil) == ThemeChoice(name: "dark", productionAccent: true))
        #expect(Theme.choice(isSandbox: false, profileTheme: "", globalTheme: "light") == ThemeChoice(name: "light", productionAccent: true))
        #expect(Theme.choice(isSandbox: false, profileTheme: "high-contrast", globalTheme: "light") == ThemeChoice(name: "high-contrast", productionAccent: false))
        #expect(Theme.choice(isSandbox: true, profileTheme: "monochrome", globalTheme: "light") == ThemeChoice(name: "monochrome", productionAccent: false))

        for name in Theme.builtInNames {
            let sandbox = Theme.forProfile(isSandbox: true, profileTheme: nil, globalTheme: name, userDirectory: nil)
            let production = Theme.forProfile(isSandbox: false, profileTheme: nil, globalTheme: name, userDirectory: nil)
            #expect(sandbox.warnings.isEmpty && production.warnings.isEmpty)
            #expect(sandbox.theme == (try Theme.named(name, userDirectory: nil)))
            #expect(production.theme.color(.border) == sandbox.theme.color(.productionBadge))
            // Clearly different: the borders change colour on a 256- and a 16-colour terminal.
            for depth in [256, 16] {
                #expect(production.theme.colorPair(for: Style(.border), colors: depth) != sandbox.theme.colorPair(for: Style(.border), colors: depth), "\(name) at \(depth)")
            }
        }
        let dark = Theme.forProfile(isSandbox: false, profileTheme: nil, globalTheme: nil, userDirectory: nil).theme
        #expect(dark.color(.surface) == .rgb(0x68, 0x46, 0x51), "the title bar is tinted toward the badge")
        #expect(dark.name == "dark")
        let own = Theme.forProfile(isSandbox: false, profileTheme: "light", globalTheme: "dark", userDirectory: nil)
        #expect(own.theme == (try Theme.named("light", userDirectory: nil)), "a profile's own theme is used as it is")
        let bad = Theme.forProfile(isSandbox: false, profileTheme: nil, globalTheme: "nope", userDirectory: nil)
        #expect(bad.theme == Theme.dark.productionAccented && bad.warnings.count == 1)
    }

    @Test func textStaysReadableAtEveryDepth() throws {
        // Foreground roles never get their background's colour number (where both are fixed).
        for name in Theme.builtInNames {
            let theme = try Theme.named(name, userDirectory: nil)
            for depth in [256, 16, 8] {
                for role in Role.allCases where ![.background, .surface, .panel].contains(role) {
                    let (fg, bg) = theme.colorPair(for: Style(role), colors: depth)
                    #expect(fg != bg || fg == -1, "\(name): \(role.rawValue) vanishes on \(depth) colours")
                }
                let (fg, bg) = theme.colorPair(for: Style(.surface), colors: depth)
                #expect(fg != bg || fg == -1, "\(name): text on the surface vanishes on \(depth) colours")
            }
        }
    }

    /// Each theme's colour numbers per role at 256, 16 and 8 colours, as a text snapshot:
    /// a change in a theme file or in the mapping shows up as a diff to look at.
    @Test(arguments: Theme.builtInNames) func colourNumbersPerDepth(_ name: String) throws {
        let theme = try Theme.named(name, userDirectory: nil)
        // A small screen with one cell per role, as the renderer would draw it…
        var screen = CellGrid(width: Role.allCases.count, height: 1)
        for (x, role) in Role.allCases.enumerated() { screen.put("x", x: x, y: 0, style: Style(role)) }
        // …and what the terminal gets for each cell, one line per role.
        var grid = CellGrid(width: 44, height: Role.allCases.count + 1)
        grid.put("role              256      16       8", x: 0, y: 0)
        for x in 0..<screen.width {
            let style = screen[x, 0].style
            let pairs = [256, 16, 8].map { depth in
                let (fg, bg) = theme.colorPair(for: style, colors: depth)
                return "\(fg)/\(bg)".padding(toLength: 9, withPad: " ", startingAt: 0)
            }
            grid.put(style.role.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0) + pairs.joined(), x: 0, y: x + 1)
        }
        try assertSnapshot(grid, "theme-\(name)")
    }
}
