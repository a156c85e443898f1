import Config
import Foundation
import Providers
import Session

extension ConsoleApp {
    /// Opens the console in the terminal (ncurses) and returns when the user quits and the
    /// terminal is restored. `config` is the loaded config; `choice` picks the start gateway
    /// and profile (empty: the defaults), `opening` is a saved message to open in the form (as
    /// the palette opens one), `theme` is a theme's name or file (nil: `[console] theme`).
    /// Throws before touching the terminal when the choice names nothing in `config`.
    public static func run(config: Config, choice: TargetChoice, opening: (message: SavedMessage, file: String)? = nil,
                           theme: String?) async throws(TargetChoiceError) {
        let start = try initialState(config: config, choice: choice, opening: opening, theme: theme)
        // The history file opens on the first send, not before the first frame.
        let session = WaconSession(settings: SessionSettings(history: config.history))
        // ncurses wants one thread: the console runs on its own, this task waits for it.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                let terminal = NCursesTerminal(theme: start.theme)
                var state = start.state
                state.width = terminal.width
                state.height = terminal.height
                // Built-in and user themes (a directory listing), for T and the palette.
                state.theme.available = Theme.available().names
                ConsoleApp(terminal: terminal, state: state, session: session).run()
                done.resume()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        await session.close()
    }

    /// The state the console starts in, and its first theme: the chosen gateway's preview from
    /// the first frame, the keymap with the config's `[keys]`, the theme for the start profile
    /// (the default is built in: no file is parsed before the first frame). Problems with keys
    /// or the theme are shown in the key line, not fatal.
    static func initialState(config: Config, choice: TargetChoice, opening: (message: SavedMessage, file: String)? = nil,
                             theme: String?) throws(TargetChoiceError) -> (state: AppState, theme: Theme) {
        let chosen = choice.isEmpty ? nil : try choice.resolve(in: config)
        var state = AppState(width: 80, height: 24, profiles: config.profiles, gateway: chosen?.gateway ?? .meta, profile: chosen?.name)
        if let opening {
            // The console's own way of opening a saved message (as its palette does).
            _ = state.update(.opened(Draft.opening(opening.message.message, options: opening.message.options),
                                     chosen?.gateway, profile: chosen?.name, from: opening.file))
        }
        let (keymap, problems) = Keymap.load(config.keys, file: config.file ?? "config.toml")
        state.keymap = keymap
        state.theme = ThemeSelection(configured: theme ?? config.consoleTheme, perProfile: config.profileThemes)
        let (startTheme, themeWarnings) = Theme.resolve(state.theme.choice(for: state.profile))
        state.theme.name = startTheme.name
        let warnings = problems.map(\.description) + themeWarnings
        if !warnings.isEmpty { state.notice = Notice(text: warnings.joined(separator: " · "), role: .warning) }
        return (state, startTheme)
    }
}
