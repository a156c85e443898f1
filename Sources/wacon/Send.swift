import ArgumentParser
import Foundation
import Providers
import Sandbox
import Transport
import WhatsAppModel

/// `wacon send`: one way through, from file to outcome.
struct Send: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send a message and print the outcome.",
        discussion: """
            Built-in profiles send to the sandbox, started in process on a loopback port: no
            credentials needed. A profile with a real base URL sends to the vendor.

            Exit status: 0 accepted, 1 invalid (nothing sent), 2 a file or the config could not be
            read, 3 rejected by the gateway (or an unreadable response), 4 transport failure.
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

    @Option(help: "Send to this number instead of the file's recipient.")
    var to: String?

    @Option(help: "A file of recipients, one per line (# starts a comment).")
    var recipients: String?

    @Option(help: "With --recipients: messages per second.")
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

    func run() async throws {
        var msg = try readMessage(message)
        if let to { msg.to = to }
        let (gateway, configured) = try target.resolve()
        if scenario != nil && !configured.isSandbox {
            printError("wacon: --scenario needs a sandbox profile; \"\(configured.name)\" sends to \(gateway.endpoint(profile: configured))")
            throw Exit.input
        }
        if let name = scenario, ScenarioCatalogue.named(name) == nil {
            printError("wacon: unknown scenario \"\(name)\"; `wacon sandbox --list-scenarios` lists them")
            throw Exit.input
        }
        let targets = try recipientList() ?? [msg.to]

        // Built-in profiles: the in-process sandbox.
        var sandbox: SandboxServer?
        var profile = configured
        if configured.isBuiltIn {
            let server = try await SandboxServer.start(settings: SandboxSettings(statusDelay: .milliseconds(50)))
            sandbox = server
            profile = server.profile(for: configured.gateway)
            profile.name = configured.name
        }
        var receiver: CallbackReceiver?
        var headers: [WireHeader] = []
        if profile.isSandbox {
            if let scenario { headers.append(WireHeader("X-Wacon-Scenario", scenario)) }
            if waitStatus {
                let r = try await CallbackReceiver.start(appSecret: SandboxSettings().appSecret)
                receiver = r
                headers.append(WireHeader("X-Wacon-Callback", r.url(for: gateway.id)))
            }
        }
        let transport = Transport(configuration: TransportConfiguration(timeout: .milliseconds(Int(timeout * 1000))))
        let sender = Sender(transport: transport)
        var worst: Int32 = 0
        var results: [JSONValue] = []
        var acceptedIDs = Set<String>()
        let clock = ContinuousClock()
        let start = clock.now
        for (i, number) in targets.enumerated() {
            if i > 0, rate > 0 { try? await Task.sleep(until: start + .milliseconds(Int(Double(i) * 1000 / rate)), clock: clock) }
            var m = msg
            m.to = number
            let report = await sender.send(m, gateway: gateway, profile: profile, options: target.vendorOptions,
                                           retry: RetryPolicy(maxRetries: retry), extraHeaders: headers, force: force)
            let code = SendPrinter.exitCode(report)
            worst = max(worst, code)
            if case .accepted(let a)? = report.outcome, let id = a.messageID ?? a.requestID { acceptedIDs.insert(id) }
            if json { results.append(SendPrinter.json(report)) } else { SendPrinter.print(report, index: targets.count > 1 ? i + 1 : nil) }
        }
        if let receiver, !acceptedIDs.isEmpty {
            let statuses = await receiver.collect(ids: acceptedIDs, timeout: .milliseconds(Int(statusTimeout * 1000))) { status in
                if !json { print(SendPrinter.line(status)) }
            }
            if json { results = results.map { SendPrinter.attach(statuses, to: $0) } }
            await receiver.stop()
        }
        if json { printJSON(targets.count == 1 ? results[0] : .array(results)) }
        await transport.shutdown()
        await sandbox?.stop()
        if worst != 0 { throw ExitCode(worst) }
    }

    func recipientList() throws -> [String]? {
        guard let recipients else { return nil }
        guard let data = FileManager.default.contents(atPath: recipients), let text = String(data: data, encoding: .utf8) else {
            printError("wacon: \(recipients): cannot read the file")
            throw Exit.input
        }
        let list = text.split(whereSeparator: \.isNewline).map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "" }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !list.isEmpty else {
            printError("wacon: \(recipients): no recipients in the file")
            throw Exit.input
        }
        return list
    }
}
