import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import Session
import WhatsAppModel
import Import

/// `wacon import`: requests written for other tools, read into wacon's terms.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a request written for another tool into wacon's terms.",
        subcommands: [ImportCurl.self]
    )
}

/// `wacon import curl`: a curl command from a vendor's documentation → gateway, profile facts,
/// canonical message. Only translates; the work is the session's `importCurl` (the Import target).
struct ImportCurl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curl",
        abstract: "Read a pasted curl command: its gateway, profile facts and the canonical message.",
        discussion: """
            The command is split as a shell would (quotes, backslash-newline continuations,
            a leading "$ " prompt), but nothing in it is expanded or run, and no file it
            names (-d @file) is read. The gateway comes from the URL's host. The body is
            read by that gateway's own request reader and encoded again; every place where
            wacon would send something else is listed under "differences". Secrets are
            masked unless --reveal-secrets.

            The imported message is validated for its gateway, as `wacon validate` would:
            an exact import of a request the gateway refuses lists its errors.

            Exit status: 0 imported (with or without differences; warnings allowed), 1 the
            imported message has errors (the gateway would refuse it), 2 the command could
            not be read.

            Examples:
              wacon import curl docs-example.sh
              wacon import curl --json < docs-example.sh
              wacon import curl request.sh --gateway meta    # a Graph API proxy
            """
    )

    @Argument(help: "File holding the curl command, or - for standard input.")
    var file: String = "-"

    @Option(name: .shortAndLong, help: "Read the URL as this gateway's even when its host is not the documented one (a proxy): \(GatewayID.allCases.map(\.rawValue).joined(separator: ", ")).")
    var gateway: String?

    @Flag(help: "Print one JSON object: gateway, request, profile facts, options, message, notes, differences.")
    var json = false

    @Flag(name: .customLong("reveal-secrets"), help: "Show the pasted API key or token instead of masking it.")
    var revealSecrets = false

    func run() throws {
        var forced: GatewayID?
        if let gateway {
            guard let g = GatewayID(rawValue: gateway.lowercased()) else {
                printError("wacon: unknown gateway \"\(gateway)\"; one of \(GatewayID.allCases.map(\.rawValue).joined(separator: ", "))")
                throw Exit.input
            }
            forced = g
        }
        let text = try readCommand()
        let imported: ImportedRequest
        do { imported = try WaconSession.importCurl(text, gateway: forced) } catch {
            printError("wacon: import curl: \(file == "-" ? "" : file + ": ")\(error)")
            throw Exit.input
        }
        let secret = revealSecrets ? imported.secret.map(Self.revealed) : imported.maskedSecret
        if json { printJSON(Self.json(imported, secret: secret)) } else { Self.printText(imported, secret: secret) }
        if imported.findings.hasErrors { throw Exit.findings }
    }

    private func readCommand() throws -> String {
        let bytes = try readInput(file, limit: InputFile.curlLimit)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            printError("wacon: \(file == "-" ? "standard input" : file): not UTF-8 text")
            throw Exit.input
        }
        return text
    }

    static func revealed(_ secret: SecretRef) -> String {
        switch secret {
        case .env(let name): return "env:\(name)"
        case .inline(let value): return value
        }
    }

    /// The profile facts under the config file's key names, with the secret as given (masked or revealed).
    static func profileJSON(_ imported: ImportedRequest, secret: String?) -> JSONObject {
        var o = JSONObject()
        for (k, v) in imported.facts.entries { o.append(k, .string(v)) }
        o.set("secret_header", imported.facts.secretHeader.map(JSONValue.string))
        o.set("secret", secret.map(JSONValue.string))
        return o
    }

    /// What a profile made of these facts still lacks (FlowIQ's tenantId is not in its seed's
    /// curl examples, for one), so the user knows what to add before saving it.
    static func profileFindings(_ imported: ImportedRequest) -> [Finding] {
        imported.profile(named: "imported", secret: imported.secret).findings()
    }

    static func json(_ imported: ImportedRequest, secret: String?) -> JSONValue {
        var o = JSONObject()
        o.append("gateway", .string(imported.gateway.rawValue))
        o.append("method", .string(imported.method))
        o.append("url", .string(imported.url))
        o.append("profile", .object(profileJSON(imported, secret: secret)))
        o.append("profile_findings", .array(profileFindings(imported).map(\.json)))
        o.append("options", .object(imported.options.json))
        o.append("kind", .string(imported.message.kind.rawValue))
        o.append("message", imported.message.json)
        o.append("notes", .array(imported.notes.map(JSONValue.string)))
        o.append("findings", .array(imported.findings.map(\.json)))
        o.append("sendable", .bool(!imported.findings.hasErrors))
        o.append("exact", .bool(imported.isExact))
        o.append("differences", .array(imported.differences.map { d in
            var x = JSONObject()
            x.append("place", .string(d.place.description))
            x.append("pasted", d.pasted.map(JSONValue.string) ?? .null)
            x.append("wacon", d.wacon.map(JSONValue.string) ?? .null)
            return .object(x)
        }))
        return .object(o)
    }

    static func printText(_ imported: ImportedRequest, secret: String?) {
        func row(_ key: String, _ value: String) { print("  \(key.fixedWidth(16)) \(value)") }
        print("gateway  \(imported.gateway.rawValue) (\(imported.gateway.gateway.displayName))")
        print("request  \(imported.method) \(imported.url)")
        print("profile")
        for (k, v) in imported.facts.entries { row(k, v) }
        row("secret", secret.map { "\($0) (header \(imported.facts.secretHeader ?? "?"))" } ?? "none in the command")
        printFindings(profileFindings(imported)) { print("  ! \($0)") }
        if !imported.options.isEmpty {
            print("options")
            for (k, v) in imported.options.entries { row(k, v) }
        }
        print("message  \(imported.message.kind.rawValue)")
        print(JSONWriter.prettyString(imported.message.json))
        if !imported.notes.isEmpty {
            print("notes")
            for n in imported.notes { print("  - \(n)") }
        }
        if !imported.findings.isEmpty {
            print("findings")
            printFindings(imported.findings) { print("  \($0)") }
        }
        if imported.isExact {
            print("exact: wacon sends the same method, URL, headers and body for this message and profile")
        } else {
            print("differences: wacon would send something else here")
            for d in imported.differences { print("  - \(d)") }
        }
        let errors = imported.findings.errors.count
        if errors > 0 {
            print("refused: \(imported.gateway.gateway.displayName) would refuse this request (\(errors) error(s) above); nothing of it would be sent")
        }
    }
}
