import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import History
import Providers
import Sandbox
import Testing
import WhatsAppModel

/// `wacon listen` as a user runs it: the real binary on a free port, real HTTP, its history file.
@Suite(.serialized) struct ListenCLITests {
    /// A config with one profile of the user's, so its own path exists.
    static func config(extra: String = "") throws -> String {
        try tempFile("""
            [profiles.prod]
            gateway = "meta"
            phone_number_id = "106540352242922"
            secret = "env:WACON_TEST_UNSET_TOKEN"
            """ + extra, ext: "toml")
    }

    /// Starts `wacon listen --port 0 …`, killed after two minutes whatever happens (a listener
    /// that never starts or never stops then fails the test instead of stalling the suite), and
    /// reads its banner up to "Ctrl-C stops it." (from standard error with --json).
    static func start(_ extra: [String], dataHome: String, bannerOnStderr: Bool = false, config: String? = nil) throws -> (Process, Pipe, base: String, banner: String) {
        let (p, out) = try startWacon(["listen", "--port", "0", "--config", try config ?? Self.config()] + extra, dataHome: dataHome)
        let pid = p.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { if p.isRunning { kill(pid, SIGKILL) } }
        var text = ""
        if bannerOnStderr {
            while !text.contains("Ctrl-C stops it."), p.isRunning {
                Thread.sleep(forTimeInterval: 0.05)
                text = errorText(of: p)
            }
        } else {
            var data = Data()
            while !String(decoding: data, as: UTF8.self).contains("Ctrl-C stops it.") {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                data.append(chunk)
            }
            text = String(decoding: data, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("wacon listen on http://127.0.0.1:") }) else {
            p.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "no banner in: \(text) \(errorText(of: p))"])
        }
        return (p, out, String(line.dropFirst("wacon listen on ".count)), text)
    }

    static func post(_ url: String, _ body: [UInt8], signature: String?) async throws -> Int {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let signature { request.setValue(signature, forHTTPHeaderField: "X-Hub-Signature-256") }
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    static func corpus(_ name: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: packageRoot.appendingPathComponent("Tests/Corpus/webhooks/\(name).json").path) ?? Data())
    }

    static func sign(_ body: [UInt8], secret: String) -> String { WebhookSignature.sign(body, secret: secret) }

    @Test func listenAnswersTheCheckRecordsPrintsRefusesAndStopsOnCtrlC() async throws {
        let data = tempDataHome()
        let (p, out, base, banner) = try Self.start(["--app-secret", "cli-app-secret", "--verify-token", "tok-cli"], dataHome: data)
        #expect(banner.contains("POST /prod") && banner.contains("profile prod"), "\(banner)")
        #expect(banner.contains("POST /kaleyra") && banner.contains("POST /zixflow"), "\(banner)")
        #expect(banner.contains("X-Hub-Signature-256 checked"), "\(banner)")
        #expect(!banner.contains("cli-app-secret"), "the secret is never printed")

        let (answer, check) = try await URLSession.shared.data(from: URL(string: base + "/?hub.mode=subscribe&hub.verify_token=tok-cli&hub.challenge=42")!)
        #expect((check as? HTTPURLResponse)?.statusCode == 200 && String(decoding: answer, as: UTF8.self) == "42")
        let (_, wrong) = try await URLSession.shared.data(from: URL(string: base + "/?hub.mode=subscribe&hub.verify_token=x&hub.challenge=42")!)
        #expect((wrong as? HTTPURLResponse)?.statusCode == 403)

        let message = Self.corpus("meta-message-text")
        let signature = Self.sign(message, secret: "cli-app-secret")
        #expect(try await Self.post(base + "/", message, signature: signature) == 200)
        #expect(try await Self.post(base + "/prod", message, signature: signature) == 200, "delivered again at the profile's path: a duplicate")
        #expect(try await Self.post(base + "/meta", message, signature: nil) == 401)
        let sent = Self.corpus("meta-status-sent")
        #expect(try await Self.post(base + "/", sent, signature: Self.sign(sent, secret: "cli-app-secret")) == 200)

        kill(p.processIdentifier, SIGINT)
        let rest = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "killed by the watchdog or failed: \(p.terminationStatus)")
        let printed = String(decoding: rest, as: UTF8.self)
        let lines = printed.split(separator: "\n").map(String.init)
        let parsed = try wacon(["webhook", "parse", "Tests/Corpus/webhooks/meta-message-text.json"])
        let statusLine = try wacon(["webhook", "parse", "Tests/Corpus/webhooks/meta-status-sent.json"])
        #expect(lines.filter { $0 == parsed.stdout.trimmingCharacters(in: .newlines) }.count == 1, "the message once, as webhook parse prints it: \(printed)")
        #expect(lines.contains(statusLine.stdout.trimmingCharacters(in: .newlines)), "\(printed)")
        #expect(printed.contains("wacon listen: stopped: 3 webhooks received (2 events, 1 duplicate), 2 refused, 0 forwarded"), "\(printed)")
        let errors = errorText(of: p)
        #expect(errors.contains("refused POST /meta with 401: X-Hub-Signature-256 is missing"), "\(errors)")
        #expect(errors.contains("refused GET / with 403"), "\(errors)")

        // In the history file, the customer's message once.
        let store = try HistoryStore(readingAt: data + "/wacon/history.sqlite")
        let conversation = try store.conversation(with: "27825550143")
        let received = conversation.items.compactMap { if case .received(let m) = $0 { return m.messageID } else { return nil } }
        #expect(received == ["wamid.HBgLMjc4MjU1NTAxNDMVAgASGBQzQUJDMTIzNDU2Nzg5MEFCQ0QA"])
    }

    /// The profile's `app_secret` checks signatures when no --app-secret is given.
    @Test func theProfilesAppSecretChecksSignatures() async throws {
        let data = tempDataHome()
        let config = try Self.config(extra: "\napp_secret = \"profile-app-secret\"\n")
        let (p, _, base, banner) = try Self.start(["-p", "prod"], dataHome: data, config: config)
        defer { kill(p.processIdentifier, SIGINT); p.waitUntilExit() }
        #expect(banner.contains("X-Hub-Signature-256 checked") && !banner.contains("profile-app-secret"), "\(banner)")
        let message = Self.corpus("meta-message-text")
        #expect(try await Self.post(base + "/", message, signature: Self.sign(message, secret: "profile-app-secret")) == 200)
        #expect(try await Self.post(base + "/", message, signature: Self.sign(message, secret: "another-secret")) == 401)
    }

    @Test func listenJSONPrintsTheObjectsWebhookParsePrints() async throws {
        let data = tempDataHome()
        let (p, out, base, banner) = try Self.start(["--json"], dataHome: data, bannerOnStderr: true)
        #expect(banner.contains("signatures not checked"), "\(banner)")
        let body = Self.corpus("meta-several-changes")
        #expect(try await Self.post(base + "/", body, signature: nil) == 200)
        kill(p.processIdentifier, SIGTERM)
        let rest = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let parsed = try wacon(["webhook", "parse", "Tests/Corpus/webhooks/meta-several-changes.json", "--json"])
        #expect(!parsed.stdout.isEmpty)
        #expect(rest == parsed.stdout, "standard output holds only the event objects")
        #expect(errorText(of: p).contains("wacon listen: stopped: 1 webhook received"), "\(errorText(of: p))")
    }

    @Test func theCommandIsInTheManualPageAndItsHelpListsThePaths() throws {
        let man = try wacon(["man", "--date", "2026-12-01"], killAfter: .seconds(120))
        #expect(man.status == 0 && man.stdout.contains("listen"), "\(man.stderr)")
        let help = try wacon(["listen", "--help"], killAfter: .seconds(60))
        #expect(help.status == 0 && help.stdout.contains("/kaleyra") && help.stdout.contains("/zixflow") && help.stdout.contains("cloudflared"), "\(help.stdout)")
    }

    @Test func badOptionsStopTheStart() throws {
        let port = try wacon(["listen", "--port", "70000"], killAfter: .seconds(60))
        #expect(port.status == 64 && port.stderr.contains("--port: 70000"), "\(port.stderr)")
        let unset = try wacon(["listen", "--port", "0", "--app-secret", "env:WACON_TEST_SURELY_UNSET"], killAfter: .seconds(60))
        #expect(unset.status == 2 && unset.stderr.contains("environment variable WACON_TEST_SURELY_UNSET is not set"), "\(unset.stderr)")
        let forward = try wacon(["listen", "--forward", "ftp://example.com"], killAfter: .seconds(60))
        #expect(forward.status == 64 && forward.stderr.contains("--forward"), "\(forward.stderr)")
    }
}
