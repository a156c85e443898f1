import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

/// `wacon webhook`: webhook and callback bodies, read as wacon reads them. Only translates; the
/// reading is `MetaWebhookReader` (WhatsAppModel) and each gateway's `WebhookShape` (Providers).
struct WebhookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook",
        abstract: "Read webhook and status-callback bodies.",
        subcommands: [WebhookParse.self]
    )
}

/// `wacon webhook parse`: the events of one body, one line each.
struct WebhookParse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Print the events in a webhook or status-callback body, one per line.",
        discussion: """
            Every event is printed: customer messages, statuses, user id changes,
            and any other field (account_update, history, …) under its own name.
            Without --gateway the body's shape decides, the first of:
            \(shapes)
            With --json, one JSON object per event and line; every key is always
            present, null when the body has no value for it. Ids are printed as
            received (a numeric id beyond what a double holds: as a string, digit
            for digit).
            Exit status: 0 the body was read (even with no events), 2 it could not
            be read (not JSON, a missing file, not the shape --gateway names).

            Examples:
              wacon webhook parse Tests/Corpus/webhooks/meta-status-sent.json
              wacon webhook parse - --json < body.json
              wacon webhook parse postback.json --gateway zixflow
            """
    )

    /// Each gateway's shape as the help lists it (gateways that relay another's share its line).
    static var shapes: String {
        var seen: Set<String> = []
        return GatewayID.allCases.compactMap { id in
            id.gateway.webhookShape.flatMap { seen.insert($0.name).inserted ? "  \(id): \($0.expected)" : nil }
        }.joined(separator: "\n")
    }

    @Argument(help: "Webhook body (JSON), or - for standard input.")
    var file: String

    @Option(name: .shortAndLong, help: "Read the body as this gateway's: \(GatewayID.allCases.map(\.rawValue).joined(separator: ", ")).",
            completion: .list(GatewayID.allCases.map(\.rawValue)))
    var gateway: String?

    @Flag(help: "One JSON object per event and line.")
    var json = false

    func run() throws {
        var forced: GatewayID?
        if let gateway {
            guard let g = GatewayID(rawValue: gateway.lowercased()) else {
                printError("wacon: unknown gateway \"\(gateway)\"; one of \(GatewayID.allCases.map(\.rawValue).joined(separator: ", "))")
                throw Exit.input
            }
            forced = g
        }
        let bytes = try readInput(file, limit: InputFile.messageLimit)
        let body: WebhookBody
        do { body = try WebhookBodyReader.read(bytes, gateway: forced) } catch {
            printError("\(file == "-" ? "standard input" : file): \(error)")
            throw Exit.input
        }
        // Said on standard error, so a script reading the events gets none.
        if body.events.isEmpty { printError("no events in this body") }
        for event in body.events {
            if json {
                print(WebhookEventLine.jsonLine(WebhookEventLine.json(event, gateway: body.gateway)))
            } else {
                print(TerminalText.safe(WebhookEventLine.text(event, gateway: body.gateway), .line))
            }
        }
    }
}
