import ArgumentParser
import Config
import Console
import Foundation
import Providers
import Session

/// `wacon` (no arguments): the console.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the console (the default): compose, preview and send in the terminal.",
        discussion: """
            Built-in profiles send to the in-process sandbox. Press ? in the console for its keys.
            FILE opens a message file into the form: a draft saved with Ctrl-O (its "wacon" object
            chooses the gateway, profile and vendor options unless --gateway or --profile say
            otherwise) or any Meta-format message JSON.
            """
    )

    @Argument(help: "A message file to open: a saved draft or any Meta-format message JSON.", completion: .file(extensions: ["json"]))
    var file: String?

    @Option(name: .shortAndLong, help: "Gateway to start with.") var gateway: String?
    @Option(name: .shortAndLong, help: "Profile to start with.") var profile: String?
    @Option(help: "Config file (default: $XDG_CONFIG_HOME/wacon/config.toml).") var config: String?
    @Option(help: "Theme: a built-in or user theme's name, or a .toml file (default: dark).") var theme: String?

    func run() async throws {
        // `wacon hisotry`: the default command takes the word as a file; a word that names no
        // file and looks like a command is a mistyped command, and is said to be one.
        if let file, !FileManager.default.fileExists(atPath: file), !file.contains("/"), !file.contains(".") {
            let commands = Wacon.configuration.subcommands.filter { $0.configuration.shouldDisplay }.map { $0._commandName }
            printError("wacon: \"\(file)\" is neither a command nor a file; commands are \(commands.joined(separator: ", "))")
            throw Exit.input
        }
        try await Self.open(gateway: gateway, profile: profile, config: config, theme: theme, file: file)
    }

    /// Opens the console with these choices (nil: the defaults), and `file` in the form.
    static func open(gateway: String?, profile: String?, config: String?, theme: String?, file: String? = nil) async throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            printError("wacon: the console needs a terminal; `wacon --help` lists the headless commands")
            throw Exit.input
        }
        let configuration = try loadConfig(config, lead: "config: ")
        // A file that cannot be read is said before the screen changes, with its line and column.
        let saved = try file.map(readMessage)
        let choice = TargetChoice(gateway: gateway, profile: profile, saved: saved, file: file ?? "-")
        var state: AppState
        do {
            // The preview is for the chosen gateway and profile from the first frame.
            let p = choice.isEmpty ? nil : try choice.resolve(in: configuration)
            state = AppState(width: 80, height: 24, profiles: configuration.profiles, gateway: p?.gateway ?? .meta, profile: p?.name)
            if let saved, let file {
                // The console's own way of opening a saved message (as its palette does).
                _ = state.update(.opened(Draft.opening(saved.message, options: saved.options), p?.gateway, profile: p?.name, from: file))
            }
        } catch {
            printError("wacon: \(error)")
            throw Exit.input
        }
        // Keys: the defaults with the config's [keys]; problems are shown, not fatal.
        let (keymap, problems) = Keymap.load(configuration.keys, file: configuration.file ?? "config.toml")
        state.keymap = keymap
        var warnings = problems.map(\.description)
        // Theme: --theme, else [console] theme, with a production profile marked (see
        // Theme.forProfile). The default is built in: no file is parsed before the first frame.
        let globalTheme = theme ?? configuration.consoleTheme
        let profileThemes = configuration.profileThemes
        let themeFor: @Sendable (String?, Profile) -> (theme: Theme, warnings: [String]) = { picked, profile in
            Theme.forProfile(isSandbox: profile.isSandbox, profileTheme: picked == nil ? profileThemes[profile.name] : nil, globalTheme: picked ?? globalTheme)
        }
        let (startTheme, themeWarnings) = themeFor(nil, state.profile)
        warnings += themeWarnings
        state.themeName = startTheme.name
        if !warnings.isEmpty { state.notice = Notice(text: warnings.joined(separator: " · "), role: .warning) }
        // The history file opens on the first send, not before the first frame.
        let session = WaconSession(settings: sessionSettings(configuration))
        // ncurses wants one thread: the console runs on its own, this task waits for it.
        let capturedState = state
        let themeToUse = startTheme
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                let terminal = NCursesTerminal(theme: themeToUse)
                var s = capturedState
                s.width = terminal.width
                s.height = terminal.height
                // Built-in and user themes (a directory listing), for T and the palette.
                s.themeNames = Theme.available().names
                ConsoleApp(terminal: terminal, state: s, session: session, themeFor: themeFor).run()
                done.resume()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        await session.close()
    }
}
