import ArgumentParser
import Console
import Foundation

/// `wacon` (no arguments): the console.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the console (the default): compose, preview and send in the terminal.",
        discussion: "Built-in profiles send to the in-process sandbox. Press ? in the console for its keys."
    )

    @Option(name: .shortAndLong, help: "Gateway to start with.") var gateway: String?
    @Option(name: .shortAndLong, help: "Profile to start with.") var profile: String?
    @Option(help: "Config file (default: $XDG_CONFIG_HOME/wacon/config.toml).") var config: String?
    @Option(help: "Theme: a built-in or user theme's name, or a .toml file (default: dark).") var theme: String?

    func run() async throws {
        try await Self.open(gateway: gateway, profile: profile, config: config, theme: theme)
    }

    /// Opens the console with these choices (nil: the defaults).
    static func open(gateway: String?, profile: String?, config: String?, theme: String?) async throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            printError("wacon: the console needs a terminal; `wacon --help` lists the headless commands")
            throw Exit.input
        }
        let configuration = try loadConfig(config, lead: "config: ")
        do {
            try await ConsoleApp.run(config: configuration, gateway: gateway, profile: profile, theme: theme)
        } catch {
            printError("wacon: \(error)")
            throw Exit.input
        }
    }
}
