import Config
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Providers
import Session
import WhatsAppModel

extension ConsoleApp {
    /// Opens the console in the terminal (ncurses) and returns when the user quits and the
    /// terminal is restored. `config` is the loaded config; `choice` picks the start gateway
    /// and profile (empty: the defaults), `opening` is a saved message to open in the form (as
    /// the palette opens one), `theme` is a theme's name or file (nil: `[console] theme`).
    /// Without `opening`, the draft kept in `draftFile` from last time comes back; the form is
    /// kept there as it changes. Throws before touching the terminal when the choice names
    /// nothing in `config`.
    public static func run(config: Config, choice: TargetChoice, opening: (message: SavedMessage, file: String)? = nil,
                           theme: String?, draftFile: DraftFile = .inDataFolder()) async throws(TargetChoiceError) {
        // Each profile's template library, as synced or imported (small files, read once): the
        // palette offers its templates, the checks and the bubble use them.
        let cache = TemplateCache(folder: TemplateCache.defaultFolder())
        let start = try initialState(config: config, choice: choice, opening: opening, theme: theme, draftFile: draftFile,
                                     templates: { name in try? cache.load(profile: name)?.library })
        // The history file opens on the first send, not before the first frame.
        let session = WaconSession(settings: SessionSettings(history: config.history))
        // ncurses wants one thread: the console runs on its own, this task waits for it.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let started = DetachedThread.start(stackSize: 8 << 20) {
                let terminal = NCursesTerminal(theme: start.theme)
                var state = start.state
                state.width = terminal.width
                state.height = terminal.height
                // Built-in and user themes (a directory listing), for T and the palette.
                state.theme.available = Theme.available().names
                ConsoleApp(terminal: terminal, state: state, session: session, draftFile: draftFile, config: config).run()
                done.resume()
            }
            // Without a thread there is no console; say so rather than wait forever.
            if !started {
                let message = "wacon: the system refused a thread for the console\n"
                _ = message.withCString { write(2, $0, strlen($0)) }
                done.resume()
            }
        }
        await session.close()
    }

    /// The state the console starts in, and its first theme: the chosen gateway's preview from
    /// the first frame, the keymap with the config's `[keys]`, the theme for the start profile
    /// (the default is built in: no file is parsed before the first frame). Problems with keys
    /// or the theme are shown in the key line, not fatal; so is a kept draft that does not
    /// read (moved aside, and the form starts fresh).
    static func initialState(config: Config, choice: TargetChoice, opening: (message: SavedMessage, file: String)? = nil,
                             theme: String?, draftFile: DraftFile? = nil,
                             templates: (String) -> TemplateLibrary? = { _ in nil }) throws(TargetChoiceError) -> (state: AppState, theme: Theme) {
        let chosen = choice.isEmpty ? nil : try choice.resolve(in: config)
        let profiles = config.profiles.map { profile in
            var p = profile
            p.templates = templates(p.name)
            return p
        }
        var state = AppState(width: 80, height: 24, profiles: profiles, gateway: chosen?.gateway ?? .meta, profile: chosen?.name)
        var notices: [Notice] = []
        if let opening {
            // The console's own way of opening a saved message (as its palette does); "save as
            // case" writes back to the file (not to standard input, `-`).
            let file = opening.file == "-" ? nil : URL(fileURLWithPath: FilePaths.expandingTilde(opening.file)).standardizedFileURL.path
            _ = state.update(.opened(Draft.opening(saved: opening.message), chosen?.gateway, profile: chosen?.name, from: opening.file, file: file))
            notices += state.notice.map { [$0] } ?? []
        } else if let draftFile, let restored = restoreDraft(from: draftFile, into: &state, pinned: chosen != nil) {
            notices.append(restored)
        }
        let (keymap, problems) = Keymap.load(config.keys, file: config.file ?? "config.toml")
        state.keymap = keymap
        state.insideTmux = ProcessInfo.processInfo.environment["TMUX"].map { !$0.isEmpty } ?? false
        state.theme = ThemeSelection(configured: theme ?? config.consoleTheme, perProfile: config.profileThemes)
        let (startTheme, themeWarnings) = Theme.resolve(state.theme.choice(for: state.profile))
        state.theme.name = startTheme.name
        notices += (problems.map(\.description) + themeWarnings).map { Notice(text: $0, role: .warning) }
        state.notice = notices.isEmpty ? nil
            : Notice(text: notices.map(\.text).joined(separator: " · "), role: notices.contains { $0.role == .warning } ? .warning : notices[0].role)
        return (state, startTheme)
    }

    /// The draft kept from last time into the form (as opened: quitting at once does not ask;
    /// a gateway or profile from the command line, `pinned`, wins over the file's); what to say
    /// about it (nil: there was none). A file that does not read is moved aside, never
    /// overwritten.
    static func restoreDraft(from file: DraftFile, into state: inout AppState, pinned: Bool) -> Notice? {
        do {
            guard let kept = try file.load() else { return nil }
            _ = state.update(.opened(Draft.restoring(kept), pinned ? nil : kept.gateway, profile: pinned ? nil : kept.profile, from: file.path))
            // The path as short as it goes, so it fits an 80-column key line.
            let home = FilePaths.home()
            let shown = file.path.hasPrefix(home + "/") ? "~" + file.path.dropFirst(home.count) : file.path
            return Notice(text: "restored the draft from last time (\(shown))", role: .muted)
        } catch {
            let moved = file.moveAside().map { "moved to \($0)" } ?? "left where it is"
            return Notice(text: "the kept draft could not be read (\(error)); it was \(moved), and the form starts fresh", role: .warning)
        }
    }
}
