import ArgumentParser
import Config
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import Session
import WhatsAppModel

/// `wacon templates`: a profile's template library, read through the gateway or from a file,
/// cached in the data folder. Only translates; the work is `WaconSession`'s.
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Sync, import, list and show a profile's message templates.",
        discussion: """
            Each profile's library is cached in $XDG_DATA_HOME/wacon/templates/PROFILE.json with the \
            time it was synced or imported. With no config, the built-in profiles sync from the \
            in-process sandbox, which holds a library of sample templates.
            """,
        subcommands: [TemplatesSync.self, TemplatesImport.self, TemplatesList.self, TemplatesShow.self, TemplatesMessage.self]
    )
}

/// The profile options of the template commands.
struct TemplateProfileOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Profile name from the config (default: the gateway's built-in profile).")
    var profile: String?

    @Option(name: .shortAndLong, help: "Gateway: \(GatewayID.allCases.map(\.rawValue).joined(separator: ", ")). Defaults to the profile's, else meta.")
    var gateway: String?

    @Option(help: "Config file (default: $XDG_CONFIG_HOME/wacon/config.toml).")
    var config: String?

    /// The config and the profile the options name, or a message and exit 2.
    func resolve() throws -> (Config, Profile) {
        let configuration = try loadConfig(config)
        do { return (configuration, try TargetChoice(gateway: gateway, profile: profile).resolve(in: configuration)) } catch {
            printError("wacon: \(error)")
            throw Exit.input
        }
    }

    /// The profile's cached library, or a message: exit 1 when there is none yet, 2 when the
    /// file is damaged.
    func library() throws -> (CachedTemplates, Profile) {
        let (configuration, chosen) = try resolve()
        let session = WaconSession(settings: sessionSettings(configuration))
        let found: CachedTemplates?
        do { found = try session.templateLibrary(chosen.name) } catch {
            printError("wacon: \(error)")
            throw Exit.input
        }
        guard let found else {
            let how = chosen.gateway.gateway.listsTemplates ? "wacon templates sync -p \(chosen.name)" : "wacon templates import FILE -p \(chosen.name)"
            printError("wacon: profile \(chosen.name) has no template library yet: \(how)")
            throw Exit.findings
        }
        return (found, chosen)
    }
}

/// `wacon templates sync`.
struct TemplatesSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Read the profile's templates through the gateway's template API into the cache.",
        discussion: """
            Meta: GET /{waba-id}/message_templates, every page (the profile needs waba_id). The \
            other gateways document no such API: import their templates with wacon templates import. \
            A page that fails stops the sync and leaves the cached library as it was.

            Exit status: 0 synced, 2 the config or profile cannot be used or the gateway has no \
            template API, 3 the gateway refused a page or answered something else, 4 transport failure.
            """)

    @OptionGroup var target: TemplateProfileOptions

    func run() async throws {
        let (configuration, chosen) = try target.resolve()
        let session = WaconSession(settings: sessionSettings(configuration))
        let result: TemplateSyncResult
        do { result = try await session.templatesSync(chosen) } catch {
            await session.close()
            printError("wacon: \(error)")
            switch error {
            case .page, .tooLarge, .repeatedCursor: throw ExitCode(3)
            case .transport: throw ExitCode(4)
            default: throw Exit.input
            }
        }
        await session.close()
        let n = result.library.templates.count
        print("synced \(n) template\(n == 1 ? "" : "s") in \(result.pages) page\(result.pages == 1 ? "" : "s") for profile \(chosen.name) → \(result.path)")
        printReplaced(result.previous)
    }
}

/// `wacon templates import FILE`.
struct TemplatesImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read templates from a file of Meta's template JSON into the profile's cache.",
        discussion: """
            The file holds an array of template objects, one page of Meta's listing \
            ({"data": [...], "paging": …}), or an array of such pages. All of it is checked before \
            the cached library is replaced; a problem is reported with its field path.

            Exit status: 0 imported, 2 the file, the config or the profile cannot be read.
            """)

    @Argument(help: "A JSON file of templates, or - for standard input.")
    var file: String

    @OptionGroup var target: TemplateProfileOptions

    /// Larger than any account's library as Meta exports it.
    static let fileLimit = 64 << 20

    func run() throws {
        let (configuration, chosen) = try target.resolve()
        let bytes = try readInput(file, limit: Self.fileLimit)
        let session = WaconSession(settings: sessionSettings(configuration))
        let result: TemplateImportResult
        do { result = try session.templatesImport(bytes, file: file == "-" ? "standard input" : file, profile: chosen.name) } catch {
            printError("wacon: \(error)")
            throw Exit.input
        }
        let n = result.library.templates.count
        print("imported \(n) template\(n == 1 ? "" : "s") for profile \(chosen.name) → \(result.path)")
        printReplaced(result.previous)
    }
}

/// `wacon templates list`.
struct TemplatesList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the profile's cached templates: name, language, status, category, quality, parameters.",
        discussion: """
            --json prints the templates as a JSON array, each as Meta's API returns it (name, \
            language, status, category, parameter_format, components, …).

            Exit status: 0 listed, 1 no library yet, 2 the library, the config or the profile cannot be read.
            """)

    @OptionGroup var target: TemplateProfileOptions

    @Flag(help: "Print the templates as a JSON array.")
    var json = false

    func run() throws {
        let (library, chosen) = try target.library()
        if json {
            printJSON(.array(library.templates.map { .object($0.json) }))
            return
        }
        print("profile \(chosen.name): \(library.templates.count) templates, \(library.source == .sync ? "synced" : "imported") \(library.syncedAtText) (\(library.source))")
        let rows = library.templates.map { t in
            [t.name, t.language, t.status ?? "-", t.category ?? "-", t.quality ?? "-", String(t.parameterCount)]
        }
        printTable(["NAME", "LANGUAGE", "STATUS", "CATEGORY", "QUALITY", "PARAMS"], rows)
    }
}

/// `wacon templates show NAME`.
struct TemplatesShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one cached template.",
        discussion: """
            A template in several languages and no --language: its languages are listed (with \
            --json, a JSON array of them); otherwise the template is shown, with --json as Meta's \
            API returns it.

            Exit status: 0 shown, 1 no such template (or no library yet), 2 the library, the config \
            or the profile cannot be read.
            """)

    @Argument(help: "The template's name.")
    var name: String

    @Option(help: "The template's language (en_US).")
    var language: String?

    @OptionGroup var target: TemplateProfileOptions

    @Flag(help: "Print as JSON.")
    var json = false

    func run() throws {
        let (library, chosen) = try target.library()
        let named = library.templates(named: name)
        guard !named.isEmpty else {
            let near = EditDistance.near(name, in: Array(Set(library.templates.map(\.name))).sorted())
            printError("wacon: profile \(chosen.name) has no template named \"\(name)\"" + (near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?"))
            throw Exit.findings
        }
        var matches = named
        if let language {
            matches = named.filter { $0.language == language }
            guard !matches.isEmpty else {
                printError("wacon: template \(name) is not in \(language); its languages: \(named.map(\.language).joined(separator: ", "))")
                throw Exit.findings
            }
        }
        if matches.count > 1 {
            if json {
                printJSON(.array(matches.map { .object($0.json) }))
            } else {
                print("\(name) is in \(matches.count) languages; choose one with --language:")
                printTable(["LANGUAGE", "STATUS", "CATEGORY", "QUALITY", "PARAMS"],
                           matches.map { [$0.language, $0.status ?? "-", $0.category ?? "-", $0.quality ?? "-", String($0.parameterCount)] })
            }
            return
        }
        let t = matches[0]
        if json {
            printJSON(.object(t.json))
            return
        }
        print("\(t.name)  \(t.language)  \(t.status ?? "-")  \(t.category ?? "-")")
        if let id = t.id { print("  id                \(id)") }
        print("  parameter_format  \(t.parameterFormat ?? "POSITIONAL")")
        print("  quality           \(t.quality ?? "-")")
        print("  parameters        \(t.parameterCount)")
        print("  library           \(library.source) at \(library.syncedAtText)")
        if case .array(let components)? = t.json["components"] {
            print("  components")
            for line in JSONWriter.prettyString(.array(components)).split(separator: "\n", omittingEmptySubsequences: false) {
                print("    " + line)
            }
        }
    }
}

/// `wacon templates message`: a template message with every slot filled, as Meta's JSON.
struct TemplatesMessage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "message",
        abstract: "Print a message of a cached template with every parameter filled in, as Meta's message JSON.",
        discussion: """
            Values come from --param KEY=VALUE, else the template's examples. Keys: header (a \
            text header's value, or the media link), 1, 2, … (or the names of a named template) \
            for the body, button0, button1, … for buttons (a URL's suffix, a code, a payload), \
            card0.1, card1.header, … inside carousel cards. Only the message is printed, so it \
            can go straight to a file or to wacon send -.

            Exit status: 0 printed, 1 no such template (or no library yet), 2 a bad --param, \
            the library, the config or the profile cannot be read.

            Example:
              wacon templates message order_update --param 1=Thandi --param 2=WC-1 > order.json
            """)

    @Argument(help: "The template's name.")
    var name: String

    @Option(help: "The template's language (needed when it has several).")
    var language: String?

    @Option(name: .customLong("param"), help: "A value: KEY=VALUE (repeatable).")
    var params: [String] = []

    @Option(help: "The recipient written into the message.")
    var to: String = "+27 82 555 0100"

    @OptionGroup var target: TemplateProfileOptions

    func run() throws {
        var values: [String: String] = [:]
        for p in params {
            guard let eq = p.firstIndex(of: "="), eq != p.startIndex else {
                printError("wacon: --param \(p): write KEY=VALUE (1=Thandi, header=https://…)")
                throw Exit.input
            }
            values[String(p[..<eq])] = String(p[p.index(after: eq)...])
        }
        let (cached, chosen) = try target.library()
        let library = cached.library
        let languages = library.languages(of: name)
        guard !languages.isEmpty else {
            let near = EditDistance.near(name, in: library.names)
            printError("wacon: profile \(chosen.name) has no template named \"\(name)\"" + (near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?"))
            throw Exit.findings
        }
        guard let language = language ?? (languages.count == 1 ? languages[0] : nil) else {
            printError("wacon: template \(name) is in \(languages.joined(separator: ", ")): choose one with --language")
            throw Exit.findings
        }
        guard let definition = library.definition(name: name, language: language) else {
            printError("wacon: template \(name) is not in \(language); its languages: \(languages.joined(separator: ", "))")
            throw Exit.findings
        }
        var message = OutboundMessage(to: to, content: .template(definition.message(parameters: values)))
        message.address(to: to)
        printJSON(message.json)
    }
}

/// Says which library a sync or an import replaced, if any.
func printReplaced(_ previous: CachedTemplates?) {
    guard let previous else { return }
    print("  replaced the library \(previous.source == .sync ? "synced" : "imported") at \(previous.syncedAtText) (\(previous.templates.count) templates)")
}

/// Prints rows under a header, each column as wide as its widest cell.
func printTable(_ header: [String], _ rows: [[String]]) {
    var widths = header.map(\.count)
    for row in rows {
        for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], TerminalText.safe(cell).count) }
    }
    for row in [header] + rows {
        let cells = row.enumerated().map { i, cell in
            i == row.count - 1 ? cell : cell + String(repeating: " ", count: max(0, widths[i] - TerminalText.safe(cell).count))
        }
        print(cells.joined(separator: "  "))
    }
}
