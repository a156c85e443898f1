import ArgumentParser
import Config
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import Session
import Transport
import WhatsAppModel

/// `wacon send`: one way through, from file to outcome.
struct Send: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send a message and print the outcome.",
        discussion: """
            Built-in profiles send to the sandbox, started in process on a loopback port: no
            credentials needed. A profile with a real base URL sends to the vendor. A saved
            message's "wacon" object (a draft saved in the console) gives the gateway, profile
            and vendor options unless the command line says otherwise.

            Exit status: 0 accepted, 1 invalid (nothing sent), 2 a file or the config could not be
            read, 3 rejected by the gateway (or an unreadable response), 4 transport failure,
            5 accepted and then a failed delivery status (with --wait-status), 6 accepted but the
            exchange could not be recorded in the history file (the message was sent).
            With --recipients, the worst of all sends.

            Examples:
              wacon send examples/text.json --gateway kaleyra
              wacon send examples/text.json -g kaleyra --scenario E110
              wacon send examples/text.json -g meta --wait-status
              wacon send examples/text.json -g zixflow --recipients numbers.txt --rate 5
            """
    )

    @Argument(help: "Message file (Meta's JSON), or - for standard input.")
    var message: String

    @OptionGroup var target: GatewayOptions

    @Option(help: "Sandbox scenario to reproduce (see `wacon sandbox --list-scenarios`).")
    var scenario: String?

    @Option(help: "A file of recipients, one per line (# starts a comment).")
    var recipients: String?

    @Option(help: "With --recipients: messages per second (0: no pacing).")
    var rate: Double = 10

    @Flag(name: .customLong("wait-status"), help: "Wait for delivery statuses and print them as they arrive.")
    var waitStatus = false

    @Option(name: .customLong("status-timeout"), help: "Seconds to wait for statuses.")
    var statusTimeout: Double = 10

    @Option(help: "Retries for retryable outcomes (honours Retry-After).")
    var retry: Int = 0

    @Option(help: "Seconds before a send gives up.")
    var timeout: Double = 30

    @Flag(help: "Send even when validation finds errors.")
    var force = false

    @Flag(help: "Print a machine-readable result.")
    var json = false

    @Flag(name: .customLong("no-history"), help: "Do not record this send in the history file.")
    var noHistory = false

    func validate() throws {
        for (name, v) in [("--timeout", timeout), ("--status-timeout", statusTimeout)] where !(v.isFinite && v > 0 && v <= 3600) {
            throw ValidationError("\(name) is seconds, more than 0 and at most 3600 (got \(v))")
        }
        if !(rate.isFinite && rate >= 0 && rate <= 10_000) { throw ValidationError("--rate is messages per second, 0 (no pacing) to 10000 (got \(rate))") }
        if retry < 0 || retry > 20 { throw ValidationError("--retry is 0 to 20 (got \(retry))") }
        if target.to != nil, recipients != nil { throw ValidationError("--to and --recipients both name recipients: give one or the other") }
    }

    func run() async throws {
        let saved = try readMessage(message)
        let msg = target.message(of: saved)
        printFindings(saved.findings, to: printError)
        let config = try loadConfig(target.config)
        let (gateway, profile) = try target.resolve(in: config, saved: saved, file: message)
        let job = SendJob(message: msg, gateway: gateway.id, profile: profile, options: target.vendorOptions(over: saved, for: gateway.id), scenario: scenario,
                          retry: RetryPolicy(maxRetries: retry), followStatuses: waitStatus, statusTimeout: .seconds(statusTimeout),
                          force: force, record: !noHistory, recipients: try recipientList(), rate: rate)
        let session = WaconSession(settings: sessionSettings(config, timeout: .seconds(timeout)))
        // Said before the send, as the console says it beside the recipient (one recipient: a
        // list's customers each have their own window, and their statuses say it).
        if job.recipients == nil, scenario == nil, let warning = await session.windowWarning(for: msg, profile: profile) {
            printError("wacon: warning: \(warning)")
        }
        let json = self.json
        let printed = PrintedResults()
        let result: SendJobResult
        do {
            result = try await session.run(job) { event in
                switch event {
                case .sent(let sent, let index):
                    if json {
                        printed.append(SendPrinter.json(sent))
                    } else {
                        SendPrinter.print(sent, index: index, recipient: index.flatMap { job.recipients?[$0 - 1] })
                    }
                    if let e = sent.historyError { printError("wacon: \(e)") }
                case .status(let status):
                    if !json { print(SendPrinter.line(status)) }
                case .problem(let problem):
                    printError("wacon: \(problem)")
                }
            }
        } catch {
            printError("wacon: \(error)")
            await session.close()
            throw Exit.input
        }
        await session.close()
        if job.recipients != nil, !json { print(result.summary) }
        if json {
            let results = printed.all.map { SendPrinter.attach(result.statuses, to: $0) }
            printJSON(job.recipients == nil ? results[0] : .array(results))
        }
        let code = SendPrinter.exitCode(result)
        if code != 0 { throw ExitCode(code) }
    }

    /// JSON results, collected as the sends report them and printed at the end.
    final class PrintedResults: @unchecked Sendable {
        private let lock = ThreadLock()
        private var items: [JSONValue] = []
        func append(_ v: JSONValue) { lock.withLock { items.append(v) } }
        var all: [JSONValue] { lock.withLock { items } }
    }

    func recipientList() throws -> [String]? {
        guard let recipients else { return nil }
        guard let text = String(validating: try readInput(recipients, limit: InputFile.recipientsLimit), as: UTF8.self) else {
            printError("wacon: \(recipients): not UTF-8 text")
            throw Exit.input
        }
        let list = text.split(whereSeparator: \.isNewline).map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "" }
            .map { $0.trimmed }.filter { !$0.isEmpty }
        guard !list.isEmpty else {
            printError("wacon: \(recipients): no recipients in the file")
            throw Exit.input
        }
        return list
    }
}
