import ArgumentParser
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
import Sandbox
import Session
import WhatsAppModel

/// `wacon listen`: a gateway's webhooks, received. Only translates: the receiver is
/// `WebhookReceiver` (Sandbox), recording and de-duplication the session's intake.
struct ListenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Receive a gateway's webhooks: check, record, print and pass them on.",
        discussion: """
            Meta's webhooks are taken at /, each gateway's at its own path
            (\(gatewayPaths)),
            and each profile's at /NAME, read as its gateway's. Each event is
            printed as `wacon webhook parse` prints it (--json: the same objects)
            and recorded in history with the send it belongs to, before the
            gateway gets its 200. A webhook delivered twice is recorded and
            printed once. Refusals and problems go to standard error.

            GET with hub.mode=subscribe answers Meta's subscription check when
            hub.verify_token is the verify token (without --verify-token, a
            random one is made and printed). With --app-secret every Meta
            webhook must carry a valid X-Hub-Signature-256 (else 401); without
            it, signatures are not checked. Secrets may be given as env:NAME
            (recommended: a value on the command line is visible to other users
            of the machine).

            It listens on loopback: expose it with your own tunnel, for example
              cloudflared tunnel --url http://127.0.0.1:8791
              ngrok http 8791
              ssh -R 80:127.0.0.1:8791 you@your-server
            and give Meta the tunnel's https URL and the verify token.

            Examples:
              wacon listen --app-secret env:META_APP_SECRET \\
                --verify-token env:META_VERIFY_TOKEN
              wacon listen -p prod --json --forward http://127.0.0.1:3000/hook
            """
    )

    /// The paths of the gateways whose webhooks wacon reads, as the help lists them.
    static var gatewayPaths: String {
        GatewayID.allCases.filter { $0.gateway.webhookShape != nil }.map { "/" + $0.rawValue }.joined(separator: ", ")
    }

    @Option(help: "Port (0: any free port).") var port: Int = 8791
    @Option(help: "Address to listen on (loopback by default).") var host: String = "127.0.0.1"
    @Option(name: .customLong("verify-token"), help: ArgumentHelp("Meta's subscription check token: the token, or env:NAME. Default: a random one, printed.", valueName: "TOKEN"))
    var verifyToken: String?
    @Option(name: .customLong("app-secret"), help: ArgumentHelp("Check X-Hub-Signature-256 with this app secret: the secret, or env:NAME.", valueName: "SECRET"))
    var appSecret: String?
    @Option(name: .shortAndLong, help: "The profile whose webhooks come to / (default: Meta's built-in one); its app_secret key, if it has one, checks signatures.")
    var profile: String?
    @Option(help: "Config file (default: $XDG_CONFIG_HOME/wacon/config.toml).") var config: String?
    @Option(help: ArgumentHelp("Pass each webhook on unchanged (same bytes, signature and content type) to this URL.", valueName: "URL"))
    var forward: String?
    @Option(name: .customLong("max-body"), help: ArgumentHelp("The largest body taken, in bytes; larger ones get 413.", valueName: "BYTES"))
    var maxBody: Int = WebhookReceiverConfiguration.defaultMaxBodyBytes
    @Flag(help: "One JSON object per event and line, as `wacon webhook parse --json` prints them.") var json = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port: \(port) is not a port (0 to 65535)") }
        guard maxBody >= 1024, maxBody <= 64 * 1_048_576 else {
            throw ValidationError("--max-body: \(maxBody) bytes is outside 1024 to \(64 * 1_048_576) (64 MiB)")
        }
        if let forward {
            guard let url = URL(string: forward), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false else {
                throw ValidationError("--forward: \"\(forward)\" is not an http:// or https:// URL")
            }
        }
    }

    /// A secret given on the command line: the value, or `env:NAME`; an unset variable stops
    /// the start.
    static func resolve(_ text: String, option: String) throws -> (value: String, source: String) {
        let ref = SecretRef(parsing: text)
        guard let value = ref.resolve() else {
            printError("wacon: \(option): environment variable \(text.dropFirst(4)) is not set")
            throw Exit.input
        }
        return (value, ref.description)
    }

    func run() async throws {
        let config = try loadConfig(config)
        let root: Profile
        do { root = try config.resolve(gateway: nil, profile: profile) } catch {
            printError("wacon: \(error)")
            throw Exit.input
        }
        guard root.gateway.gateway.webhookShape != nil else {
            printError("wacon: profile \(root.name) is for \(root.gateway), which documents no webhooks wacon could read")
            throw Exit.input
        }
        // The app secret: the option, else the profile's `app_secret` (a secret reference).
        var secret: (value: String, source: String)?
        if let appSecret {
            secret = try Self.resolve(appSecret, option: "--app-secret")
        } else if let ref = root.values["app_secret"] {
            secret = try Self.resolve(ref, option: "profile \(root.name) app_secret")
        }
        let token = try verifyToken.map { try Self.resolve($0, option: "--verify-token") }
        let generatedToken = token == nil ? Self.randomToken() : nil

        let session = WaconSession(settings: SessionSettings(history: config.history))
        if config.history.enabled, let problem = await session.historyProblem {
            printError("wacon listen: \(problem) (webhooks are printed, not recorded)")
        }
        let banner: (String) -> Void = json ? { printError($0) } : { print($0) }
        let events = await session.webhookEvents()
        let json = self.json
        let printer = Task {
            for await e in events {
                if json {
                    print(WebhookEventLine.jsonLine(WebhookEventLine.json(e.event, gateway: e.gateway)))
                } else {
                    print(TerminalText.safe(WebhookEventLine.text(e.event, gateway: e.gateway), .line))
                }
            }
        }
        let routes = WebhookReceiverConfiguration.listenRoutes(profiles: config.profiles, root: profile == nil ? nil : root)
        let listening = WebhookReceiverConfiguration(host: host, port: port, routes: routes, appSecret: secret?.value,
                                                     verifyToken: token?.value ?? generatedToken, maxBodyBytes: maxBody, forwardURL: forward,
                                                     notify: { printError("wacon listen: \($0)") }, serverName: "wacon-listen")
        let receiver: WebhookReceiver
        do { receiver = try await session.startListener(listening) } catch {
            printError("wacon: cannot listen on \(host):\(port): \(ListenFailure.describe(error))")
            printer.cancel()
            await session.close()
            throw Exit.input
        }
        banner("wacon listen on \(receiver.baseURL)")
        for route in routes {
            let what = [route.gateway.map { "\($0)" } ?? "by shape", route.profile.map { "profile \($0)" }].compactMap { $0 }.joined(separator: ", ")
            banner("  POST \(route.path.fixedWidth(12)) \(what)")
        }
        let shownToken = generatedToken ?? "(\(token?.source == "inline" ? "as given" : token!.source))"
        banner("  GET  /?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…  Meta's subscription check; verify token \(shownToken)")
        banner("  signatures " + (secret.map { "X-Hub-Signature-256 checked with the app secret (\($0.source == "inline" ? "as given" : $0.source))" } ?? "not checked"))
        if let forward { banner("  forward    every webhook taken, unchanged, to \(forward)") }
        banner("  history    " + (config.history.enabled ? session.settings.historyPath : "off ([history] enabled = false)"))
        banner("  limits     bodies up to \(InputFile.describe(maxBody)); \(listening.limits.connections) connections")
        banner("Ctrl-C stops it.")
        if secret == nil {
            printError("wacon listen: signatures not checked: no --app-secret, so anyone who reaches this port can post webhooks")
        }
        if !Self.isLoopback(host) {
            printError("wacon listen: note: listening on \(host), not loopback: reachable from other machines")
        }
        fflush(nil)

        // Ctrl-C and SIGTERM stop it cleanly: requests in flight answered, then the summary.
        await StopSignal.wait()
        await receiver.stop()
        let counts = await receiver.counts
        // Every event taken is in the stream by now; closing ends it once they are printed.
        await session.close()
        await printer.value
        var summary = "wacon listen: stopped: \(counts.received) webhook\(counts.received == 1 ? "" : "s") received "
            + "(\(counts.events) event\(counts.events == 1 ? "" : "s"), \(counts.duplicates) duplicate\(counts.duplicates == 1 ? "" : "s")), "
            + "\(counts.refused) refused, \(counts.forwarded) forwarded"
        if counts.forwardFailures > 0 { summary += ", \(counts.forwardFailures) not forwarded" }
        if counts.notKept > 0 { summary += ", \(counts.notKept) not kept (answered 500)" }
        banner(summary)
    }

    /// 24 hex digits from the system's random source.
    static func randomToken() -> String {
        var rng = SystemRandomNumberGenerator()
        return NumberText.hex((0..<12).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
