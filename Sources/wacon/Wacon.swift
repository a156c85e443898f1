import ArgumentParser
import CNCurses
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

/// `wacon`: compose, inspect and send WhatsApp Business messages through Meta's Cloud API and the
/// gateways that resell it. Each subcommand only translates between the command line and the
/// library; the logic lives in WhatsAppModel and Providers.
@main
struct Wacon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wacon",
        abstract: "Compose, inspect and send WhatsApp Business messages through Meta and its resellers.",
        discussion: """
            A message file is Meta's message JSON, exactly what you would POST to the Cloud API.
            Samples for every kind are in the repository's examples/ folder.
            """,
        version: "wacon 0.1.0 (ncursesw \(String(cString: wacon_curses_version())))",
        subcommands: [ConsoleCommand.self, Preview.self, Validate.self, Send.self, HistoryCommand.self, TemplatesCommand.self, SandboxCommand.self, Gateways.self, Profiles.self, ImportCommand.self, FlowCommand.self, MarkRead.self, WebhookCommand.self, ListenCommand.self, TestCommand.self, ManCommand.self],
        defaultSubcommand: ConsoleCommand.self
    )

    /// `wacon` alone opens the console without going through the parser: building the command
    /// tree costs protocol-conformance scans that were a fifth of the time to the first frame.
    static func main() async {
        do {
            if CommandLine.arguments.count == 1 {
                try await ConsoleCommand.open(gateway: nil, profile: nil, config: nil, theme: nil)
                return
            }
            // One line at a time even into a pipe or a file: a batch's lines (each with its history
            // id) reach a script as they happen, and an interrupted run keeps what it printed.
            wacon_line_buffered_stdout()
            if let mistyped = MistypedCommand.message(for: Array(CommandLine.arguments.dropFirst())) {
                printError(mistyped)
                throw Exit.input
            }
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand { try await command.run() } else { try command.run() }
        } catch {
            exit(withError: error)
        }
    }
}

/// Exit codes shared by the commands.
enum Exit {
    /// Validation found errors.
    static let findings = ExitCode(1)
    /// A file or the config could not be read, or the gateway cannot carry the message.
    static let input = ExitCode(2)
}

/// Writes to standard error, made safe for a terminal like everything the CLI prints.
func printError(_ s: String) {
    let safe = TerminalText.safe(s)
    writeAll(STDERR_FILENO, safe.hasSuffix("\n") ? safe : safe + "\n")
}

extension StringProtocol {
    /// The text exactly `width` characters wide, for a table cell: padded with spaces, or cut.
    func fixedWidth(_ width: Int) -> String {
        count >= width ? String(prefix(width)) : String(self) + String(repeating: " ", count: width - count)
    }
}

/// Writes all of `text` to a file descriptor (standard output or error), across short writes
/// and interrupted calls; stops quietly if the reader went away.
func writeAll(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if n > 0 { bytes = bytes.dropFirst(n) } else if n < 0, errno == EINTR { continue } else { return }
    }
}

/// Options every command that targets a gateway shares.
struct GatewayOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Gateway: \(GatewayID.allCases.map(\.rawValue).joined(separator: ", ")). Defaults to the profile's, else meta.")
    var gateway: String?

    @Option(name: .shortAndLong, help: "Profile name from the config (default: the gateway's built-in profile).")
    var profile: String?

    @Option(help: "Config file (default: $XDG_CONFIG_HOME/wacon/config.toml).")
    var config: String?

    @Option(help: "The recipient instead of the file's: a number in any format (+44 (0) 7700 900123) or a business-scoped user id (US.13491208655302741918), sent as recipient.")
    var to: String?

    @Option(help: "Kaleyra extra_info.ref.") var ref: String?
    @Option(help: "Kaleyra extra_info.ref1.") var ref1: String?
    @Option(help: "Kaleyra extra_info.ref2.") var ref2: String?
    @Option(name: .customLong("wa-source"), help: "Kaleyra extra_info.wa_source.") var waSource: String?
    @Option(name: .customLong("post-back-url"), help: "Zixflow post_back_url.") var postBackURL: String?
    @Option(name: .customLong("post-back-data"), help: "Zixflow post_back_data.") var postBackData: String?
    @Option(help: "Meta's endpoint: messages, or marketing_messages (the Marketing Messages API, for marketing templates).") var endpoint: String?

    /// A flag's value outside its option's fixed set is a usage error, before anything is read.
    func validate() throws {
        for key in GatewayRegistry.optionKeys {
            if let value = vendorOptions[key.name], let problem = key.problem(with: value) {
                throw ValidationError("--\(key.name.replacing("_", with: "-")): \(problem)")
            }
        }
    }

    /// The saved message's message, with `--to` as its recipient when given.
    func message(of saved: SavedMessage) -> OutboundMessage {
        var message = saved.message
        if let to { message.address(to: to) }
        return message
    }

    /// The flags above as named vendor options: each flag is its option's name with `-` for `_`.
    var vendorOptions: VendorOptions {
        VendorOptions(["ref": ref, "ref1": ref1, "ref2": ref2, "wa_source": waSource, "post_back_url": postBackURL, "post_back_data": postBackData, "endpoint": endpoint]
            .compactMapValues { $0 })
    }

    /// The gateway and profile these options name in `config`, with a saved message's `wacon`
    /// choice (read from `file`) as the default for what the command line leaves open. A wrong
    /// value is reported where it was written (the option or the file) and exits 2.
    func resolve(in config: Config, saved: SavedMessage? = nil, file: String = "-") throws -> (any Gateway, Profile) {
        do {
            var profile = try choice(saved: saved, file: file).resolve(in: config)
            profile.templates = templateLibrary(of: profile.name)
            return (profile.gateway.gateway, profile)
        } catch {
            printError("wacon: \(error)")
            throw Exit.input
        }
    }

    /// What the command line and the saved message choose together.
    func choice(saved: SavedMessage?, file: String) -> TargetChoice {
        TargetChoice(gateway: gateway, profile: profile, saved: saved, file: file)
    }

    /// The vendor flags over the saved message's options (those `gateway` carries).
    func vendorOptions(over saved: SavedMessage?, for gateway: GatewayID) -> VendorOptions {
        TargetChoice.options(vendorOptions, over: saved, for: gateway)
    }
}

/// The template library wacon keeps for `profile` (synced or imported), for checking template
/// messages; nil when it has none. A damaged library is said, and not used.
func templateLibrary(of profile: String) -> TemplateLibrary? {
    do {
        return try TemplateCache(folder: TemplateCache.defaultFolder()).load(profile: profile)?.library
    } catch {
        printError("wacon: templates: \(error) (template messages are not checked against it)")
        return nil
    }
}

/// The config file `path` names (nil: the default one), read once when a command starts; one
/// that cannot be read is reported after "wacon: " and `lead`, and exits 2.
func loadConfig(_ path: String?, lead: String = "") throws -> Config {
    do { return try Config.load(path: path) } catch {
        printError("wacon: \(lead)\(error)")
        throw Exit.input
    }
}

/// Reads a file (or `-` for standard input) up to `limit` bytes, or says why not and exits 2.
func readInput(_ path: String, limit: Int) throws -> [UInt8] {
    do { return try InputFile.read(path, limit: limit) } catch {
        printError("wacon: \(error)")
        throw Exit.input
    }
}

/// Reads a message file (or `-` for standard input), reporting syntax errors with line and
/// column. A saved message's `wacon` object (gateway, profile, vendor options, as the console
/// saves a draft) is taken out of the message and returned beside it.
func readMessage(_ path: String) throws -> SavedMessage {
    let bytes = try readInput(path, limit: InputFile.messageLimit)
    do {
        return try SavedMessage.parse(bytes)
    } catch {
        switch error {
        case .syntax(let e): printError("\(path):\(e.line):\(e.column): not valid JSON: \(e.reason)")
        case .structure(let e): printError("\(path): \(e.path.display): \(e.reason)")
        }
        throw Exit.input
    }
}

/// Prints findings for people: one line each, errors first.
func printFindings(_ findings: [Finding], to write: (String) -> Void) {
    for f in findings.sorted(by: { $0.severity < $1.severity }) { write(f.description) }
}

func printJSON(_ value: JSONValue) {
    print(JSONWriter.prettyString(value))
}

/// Everything the CLI prints goes through here (it shadows the standard library's `print` in
/// this module): text from outside — vendor answers, webhook bodies, file contents, keys and
/// values a user's file names — reaches the terminal with its control characters shown as
/// visible escapes, never acted upon.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator)
    Swift.print(TerminalText.safe(text), terminator: terminator)
}
