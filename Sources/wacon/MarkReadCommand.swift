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

/// `wacon mark-read`: tell the customer their message was read, with the typing indicator.
struct MarkRead: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark-read",
        abstract: "Mark a customer's message as read, optionally showing the typing indicator.",
        discussion: """
            Posts Meta's read receipt ({"status": "read", "message_id": …}) to the messages
            endpoint; with --typing the customer also sees "typing…" until the reply is sent, or
            for 25 seconds. The id is the wamid of a message the customer sent (a webhook's
            messages[].id). Only Meta's Cloud API has read receipts. Not recorded in history.

            Exit status: 0 marked, 1 not sent (an empty id, a gateway without read receipts, an
            unusable profile), 2 the config could not be read, 3 refused by the gateway, 4
            transport failure.

            Examples:
              wacon mark-read wamid.HBgLMjc4MjU1NTAxMDAVAgASGBQzQTk0
              wacon mark-read wamid.HBgLMjc4MjU1NTAxMDAVAgASGBQzQTk0 --typing --profile live
            """)

    @Argument(help: "The wamid of the customer's message.")
    var messageID: String

    @Flag(help: "Also show the typing indicator.")
    var typing = false

    @Option(name: .shortAndLong, help: "Gateway (only meta has read receipts). Defaults to the profile's, else meta.")
    var gateway: String?

    @Option(name: .shortAndLong, help: "Profile name from the config (default: the gateway's built-in profile).")
    var profile: String?

    @Option(help: "Config file (default: $XDG_CONFIG_HOME/wacon/config.toml).")
    var config: String?

    @Option(help: "Sandbox scenario to reproduce (a Meta error, e.g. meta-131009).")
    var scenario: String?

    @Option(help: "Seconds before the request gives up.")
    var timeout: Double = 30

    @Flag(help: "Print a machine-readable result.")
    var json = false

    func validate() throws {
        if !(timeout.isFinite && timeout > 0 && timeout <= 3600) { throw ValidationError("--timeout is seconds, more than 0 and at most 3600 (got \(timeout))") }
    }

    func run() async throws {
        let configuration = try loadConfig(config)
        let chosen: Profile
        do { chosen = try TargetChoice(gateway: gateway, profile: profile).resolve(in: configuration) } catch {
            printError("wacon: \(error)")
            throw Exit.input
        }
        let session = WaconSession(settings: sessionSettings(configuration, timeout: .seconds(timeout)))
        let sent: SessionSend
        do {
            sent = try await session.markRead(ReadReceipt(messageID: messageID, typing: typing), profile: chosen, scenario: scenario)
        } catch {
            printError("wacon: \(error)")
            await session.close()
            throw Exit.input
        }
        await session.close()
        let receipt = ReadReceipt(messageID: messageID, typing: typing)
        let what = typing ? "read, typing indicator shown" : "read"
        if json {
            // What was asked beside what came back: the id, the typing indicator, the body sent.
            var o = SendPrinter.json(sent).objectValue ?? [:]
            o["message_id"] = .string(messageID)
            o["typing"] = .bool(typing)
            o["request_body"] = sent.report.preparation.request.map { _ in receipt.json } ?? .null
            printJSON(.object(o))
        } else if case .accepted(let a)? = sent.report.outcome {
            printFindings(sent.report.preparation.findings, to: printError)
            print("marked \(messageID) \(what)  HTTP \(a.httpStatus)  \(SendPrinter.ms(sent.report.elapsed))")
            print("  request: \(JSONWriter.compactString(receipt.json))")
        } else {
            SendPrinter.print(sent, index: nil)
        }
        let code = SendPrinter.exitCode(SendVerdict(sent.report))
        if code != 0 { throw ExitCode(code) }
    }
}
