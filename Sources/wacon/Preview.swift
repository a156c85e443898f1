import ArgumentParser
import Config
import Providers
import Session
import WhatsAppModel

/// `wacon preview`: the exact HTTP request a gateway would receive.
struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the exact HTTP request a gateway would receive for a message.",
        discussion: """
            Findings (validation problems) go to standard error; the request goes to standard output.
            Exit status: 0 the gateway would take it (warnings allowed), 1 it has errors (the
            request is still printed), 2 a file or the config could not be read, or the gateway
            cannot carry the message.
            A saved message's "wacon" object gives the gateway, profile and vendor options unless
            the command line says otherwise.
            Secrets are masked unless --reveal-secrets. In curl output a secret read from an
            environment variable is written as "${NAME}", so the command runs as is.

            Examples:
              wacon preview examples/interactive-list.json --gateway kaleyra
              wacon preview examples/text.json -g zixflow --format curl
              wacon preview examples/template.json --profile prod --format json
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case http, curl, json
    }

    @Argument(help: "Message file (Meta's JSON), or - for standard input.")
    var message: String

    @OptionGroup var target: GatewayOptions

    @Option(name: .shortAndLong, help: "Output: http (default), curl or json.")
    var format: Format = .http

    @Flag(name: .customLong("reveal-secrets"), help: "Show API keys and tokens instead of masking them.")
    var revealSecrets = false

    func run() throws {
        let saved = try readMessage(message)
        let msg = target.message(of: saved)
        let (gateway, profile) = try target.resolve(in: loadConfig(target.config), saved: saved, file: message)
        let prep = gateway.prepare(msg, profile: profile, options: target.vendorOptions(over: saved, for: gateway.id))
        printFindings(saved.findings + prep.findings, to: printError)
        guard let request = prep.request else { throw Exit.input }
        switch format {
        case .http: print(RequestFormatter.http(request, reveal: revealSecrets), terminator: "")
        case .curl: print(RequestFormatter.curl(request, reveal: revealSecrets), terminator: "")
        case .json:
            var o = RequestFormatter.json(request, reveal: revealSecrets).objectValue ?? [:]
            o.append("gateway", .string(gateway.id.rawValue))
            o.append("profile", .string(profile.name))
            o.append("findings", .array((saved.findings + prep.findings).map(\.json)))
            printJSON(.object(o))
        }
        // The request is shown either way; the exit status says whether it may be sent.
        if prep.findings.hasErrors { throw Exit.findings }
    }
}

/// `wacon validate`: every finding at once; non-zero exit on errors.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a message against Meta's rules and, with --gateway or --profile, that gateway's.",
        discussion: """
            Without a gateway, Meta's rules apply as for a send to Meta's messages endpoint (where
            send goes by default), so validate and send agree. A saved message (a message file
            with a top-level "wacon" object, as the console saves a draft) is checked for the
            gateway and profile it names unless --gateway or --profile say otherwise.
            Exit status: 0 no errors (warnings allowed), 1 errors found, 2 the file or config could
            not be read, or the gateway cannot carry the message (as preview).
            """
    )

    @Argument(help: "Message file (Meta's JSON), or - for standard input.")
    var message: String

    @OptionGroup var target: GatewayOptions

    @Flag(help: "Print findings as JSON.")
    var json = false

    @Option(name: .customLong("flow"), help: "Flow JSON file: also check the flow message's screen and data against that Flow.")
    var flowFile: String?

    func run() throws {
        let saved = try readMessage(message)
        let msg = target.message(of: saved)
        var findings = saved.findings
        // Vendor flags name a gateway's option: then the gateway's rules apply too.
        if target.choice(saved: saved, file: message).isEmpty && target.vendorOptions.isEmpty {
            // Meta's own rules of its endpoint too (its marketing-only members refused on
            // /messages), not its profile: no business number completes a national number here.
            // The default profile's template library checks a template message.
            let context = ValidationContext(templates: msg.kind == .template ? templateLibrary(of: GatewayID.meta.rawValue) : nil)
            findings += MessageValidator.validate(msg, context: context) + GatewayID.meta.gateway.findings(for: msg, profile: .builtIn(.meta), options: VendorOptions())
        } else {
            let (gateway, profile) = try target.resolve(in: loadConfig(target.config), saved: saved, file: message)
            findings += gateway.validate(msg, profile: profile, options: target.vendorOptions(over: saved, for: gateway.id))
        }
        if let flowFile {
            let doc: FlowDocument
            do { doc = try FlowDocument.load(path: flowFile) } catch {
                printError("wacon: \(error)")
                throw Exit.input
            }
            guard case .interactive(let i) = msg.content, case .flow(let f) = i.action else {
                printError("wacon: --flow checks flow messages; this is a \(msg.kind.rawValue) message")
                throw Exit.input
            }
            findings += FlowLinter.checkMessage(f, against: doc)
        }
        if json {
            printJSON(["valid": .bool(!findings.hasErrors), "kind": .string(msg.kind.rawValue), "findings": .array(findings.map(\.json))])
        } else {
            printFindings(findings) { print($0) }
            let notes = findings.notes.isEmpty ? "" : ", \(findings.notes.count) note(s)"
            if findings.verdicts.isEmpty {
                print("ok: \(msg.kind.rawValue) message, " + (notes.isEmpty ? "no findings" : "no errors or warnings" + notes))
            } else {
                print("\(findings.errors.count) error(s), \(findings.warnings.count) warning(s)" + notes)
            }
        }
        // One rule with preview: a kind the gateway cannot carry is exit 2, other errors 1.
        if findings.gatewayCannotCarry { throw Exit.input }
        if findings.hasErrors { throw Exit.findings }
    }
}
