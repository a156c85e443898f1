import ArgumentParser
import Console
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
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
        do {
            try await ConsoleApp.run(config: configuration, choice: choice, opening: saved.map { ($0, file ?? "-") }, theme: theme)
        } catch {
            printError("wacon: \(error)")
            throw Exit.input
        }
    }
}
