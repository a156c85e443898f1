import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import WhatsAppModel

/// `wacon send` and `wacon sandbox` as a user runs them: the real binary, the in-process or
/// standalone sandbox, loopback only.
@Suite(.serialized, .timeLimit(.minutes(2))) struct SendCLITests {
    @Test func exitCodesSayWhatHappened() throws {
        let ok = try wacon(["send", "examples/text.json", "--gateway", "kaleyra"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("accepted  A"))
        let invalid = try wacon(["send", "-", "-g", "meta"], stdin: #"{"messaging_product":"whatsapp","to":"+27123456789","type":"text","text":{"body":""}}"#)
        #expect(invalid.status == 1)
        #expect(invalid.stdout.contains("invalid: not sent"))
        let rejected = try wacon(["send", "examples/text.json", "-g", "kaleyra", "--scenario", "E110"])
        #expect(rejected.status == 3)
        #expect(rejected.stdout.contains("rejected  E110  balance"))
        let transport = try wacon(["send", "examples/text.json", "-g", "meta", "--scenario", "timeout", "--timeout", "1"])
        #expect(transport.status == 4)
        #expect(transport.stdout.contains("transport failure  timeout"))
        // The README: a send that timed out may have gone, so it is not resent blindly.
        #expect(transport.stdout.contains("check its statuses"), "\(transport.stdout)")
        #expect(!transport.stdout.contains("backoff"))
    }

    @Test func jsonResultAndRecipientOverride() throws {
        let r = try wacon(["send", "examples/text.json", "-g", "meta", "--to", "+1 555 013 1047", "--json"])
        #expect(r.status == 3)
        let v = try JSONParser.parse(r.stdout)
        #expect(v["result"] == "rejected")
        #expect(v["vendor_code"] == "131047")
        #expect(v["category"] == "window")
        #expect(v["retry"] == "send-a-template")
        #expect(v["raw_body"]?.stringValue?.contains("\"code\":131047") == true)
    }

    @Test func manyRecipientsArePacedAndTheWorstExitCodeWins() throws {
        let file = try tempFile("""
            # QA batch
            +27 12 345 6789
            +1 555 100 0005   # Kaleyra E110
            +27123456780
            """, ext: "txt")
        let clock = ContinuousClock()
        let start = clock.now
        let r = try wacon(["send", "examples/text.json", "-g", "kaleyra", "--recipients", file, "--rate", "4"])
        let elapsed = clock.now - start
        #expect(r.status == 3)
        let lines = r.stdout.split(separator: "\n").filter { $0.hasPrefix("[") }
        #expect(lines.count == 3)
        // Each line names its recipient as listed (changed: the number was left out).
        #expect(lines[0].hasPrefix("[1] +27 12 345 6789  accepted"))
        #expect(lines[1].hasPrefix("[2] +1 555 100 0005  rejected  E110"))
        #expect(lines[2].hasPrefix("[3] +27123456780  accepted"))
        #expect(r.stdout.split(separator: "\n").last == "3 sends: 2 accepted, 1 rejected")
        #expect(elapsed >= .milliseconds(500), "3 sends at 4/s take at least 0.5 s")
    }

    @Test func waitStatusPrintsStatusesAsTheyArrive() throws {
        // To the sandbox's default customer, whose 24-hour window is open (the file's number
        // never wrote: a free-form message to it fails with 131047).
        let r = try wacon(["send", "examples/interactive-button.json", "-g", "meta", "--to", "+27825550100", "--wait-status", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSONParser.parse(r.stdout)
        #expect(v["statuses"]?.arrayValue?.compactMap { $0["status"]?.stringValue } == ["sent", "delivered", "read"])
        let failed = try wacon(["send", "examples/text.json", "-g", "kaleyra", "--scenario", "failed-after-accept-131047", "--wait-status"])
        #expect(failed.status == 5, "accepted, then failed: its own exit code")
        #expect(failed.stdout.contains("failed  131047 Re-engagement message (window)"))
        // A reaction only ever gets `sent`: waiting ends there, not at the (hour-long) timeout.
        let reaction = try wacon(["send", "examples/reaction.json", "-g", "meta", "--to", "+27825550100", "--wait-status", "--status-timeout", "3600"],
                                 killAfter: .seconds(120))
        #expect(reaction.status == 0, "waiting ended at `sent` (9 means it was still waiting)")
        #expect(reaction.stdout.contains("sent"))
    }

    /// Into a pipe, each batch line arrives as it happens: the first is read while the batch
    /// is still pacing its next sends, and an interrupted batch keeps what it printed.
    @Test func batchLinesReachAPipeAsTheyHappen() throws {
        let file = try tempFile("+27825550100\n+27825550101\n+27825550102\n", ext: "txt")
        let (p, out) = try startWacon(["send", "examples/text.json", "-g", "meta", "--recipients", file, "--rate", "0.5"], dataHome: tempDataHome())
        defer { if p.isRunning { p.terminate() } }
        var seen = ""
        while !seen.contains("history #") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        #expect(seen.contains("[1] +27825550100  accepted"), "\(seen)")
        // Three sends at one every 2 s: the first line came long before the end.
        #expect(p.isRunning, "the batch was still running when its first line arrived")
        p.interrupt()
        p.waitUntilExit()
        seen += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(seen.contains("[1] +27825550100"), "what was printed before the interrupt is kept")
    }

    /// A send retried after Retry-After reports what the user waited (the waits included), not
    /// the last attempt's few milliseconds.
    @Test func aRetriedSendReportsTheWholeTime() throws {
        // Meta's 130429 scenario answers with Retry-After: 2.
        let r = try wacon(["send", "examples/text.json", "-g", "meta", "--scenario", "meta-130429", "--retry", "1", "--json", "--no-history"])
        let v = try JSONParser.parse(r.stdout)
        #expect(v["attempts"] == 2, "\(r.stdout)")
        let elapsed = try #require(v["elapsed_ms"]?.doubleValue)
        #expect(elapsed >= 2_000, "the 2 s wait is in the time: \(elapsed) ms")
    }

    @Test func badOptionsAreRefusedNotCrashedOn() throws {
        for args in [["--timeout", "nan"], ["--timeout", "1e20"], ["--timeout", "-1"], ["--status-timeout", "1e19"], ["--rate", "-2"], ["--retry", "99"]] {
            let r = try wacon(["send", "examples/text.json", "-g", "meta"] + args)
            #expect(r.status == 64, "\(args): \(r.status) \(r.stderr)")
        }
        let wrong = try wacon(["send", "examples/text.json", "-g", "meta", "--scenario", "E110"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("is for kaleyra, not meta"))
    }

    @Test func aPortInUseIsAnErrorNotAHang() throws {
        let (first, base) = try startStandaloneSandbox()
        defer { first.terminate() }
        let port = try #require(URL(string: base)?.port)
        let second = try wacon(["sandbox", "--port", String(port)], killAfter: .seconds(120))
        #expect(second.status == 2, "an error, not a hang (9 means it was still running)")
        #expect(second.stderr.contains("cannot listen"))
    }

    @Test func scenariosNeedASandboxProfile() throws {
        let config = try tempFile("""
            [profiles.prod]
            gateway = "meta"
            phone_number_id = "1065"
            api_version = "v23.0"
            secret = "EAAGlive"
            base_url = "http://127.0.0.1:1"
            """, ext: "toml")
        let r = try wacon(["send", "examples/text.json", "--config", config, "--profile", "prod", "--scenario", "131047"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--scenario needs a sandbox profile"))
        // Without a scenario it tries the real URL: here nothing listens, a transport failure.
        let refused = try wacon(["send", "examples/text.json", "--config", config, "--profile", "prod"])
        #expect(refused.status == 4)
        #expect(refused.stdout.contains("connection-refused"))
        #expect(refused.stdout.contains("nothing listens at http://127.0.0.1:1"))
        #expect(refused.stdout.contains("check the address"), "the address, not the account: \(refused.stdout)")
        #expect(!refused.stdout.contains("fix the account"))
        let retried = try wacon(["send", "examples/text.json", "--config", config, "--profile", "prod", "--retry", "3", "--json"])
        #expect(try JSONParser.parse(retried.stdout)["attempts"] == 1, "a refused connection is never retried")
    }

    @Test func theStandaloneSandboxServesControlsAndStopsOnCtrlC() async throws {
        let (p, url) = try startStandaloneSandbox()
        defer { if p.isRunning { p.terminate() } }
        let scenarios = try #require(try await get(url + "/_sandbox/scenarios"))
        let list = try JSONParser.parse(scenarios)
        #expect((list.arrayValue?.count ?? 0) > 60)
        #expect(list.arrayValue?.contains { $0["name"] == "meta-131047" && $0["magic_number"] == "+15550131047" } == true)
        // A sticky scenario through the control endpoint, seen by `wacon send` against this sandbox.
        _ = try await post(url + "/_sandbox/scenario", #"{"name":"kaleyra-WA500"}"#)
        let config = try tempFile("""
            [profiles.qa]
            gateway = "kaleyra"
            base_url = "\(url)"
            sandbox = true
            sid = "HXAP16XXXXXX97IN"
            pod = "IN"
            phone_number = "+919876500000"
            secret = "A0000sampleWaconSandboxKey000003"
            """, ext: "toml")
        let r = try wacon(["send", "examples/text.json", "--config", config, "--profile", "qa"])
        #expect(r.status == 3)
        #expect(r.stdout.contains("rejected  WA500  server"))
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    /// `wacon sandbox --port 0` in the background, and the base URL its first line names.
    func startStandaloneSandbox() throws -> (Process, String) {
        let p = Process()
        p.executableURL = waconBinary
        p.arguments = ["sandbox", "--port", "0"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        try p.run()
        var firstLine = Data()
        while !firstLine.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            firstLine.append(chunk)
        }
        let text = String(decoding: firstLine, as: UTF8.self)
        let word = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).first { $0.hasPrefix("http://127.0.0.1:") }
        guard let base = word.map(String.init) else {
            p.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "no base URL in: \(text)"])
        }
        return (p, base)
    }

    func get(_ url: String) async throws -> [UInt8]? {
        let (data, _) = try await URLSession.shared.data(from: URL(string: url)!)
        return Array(data)
    }

    func post(_ url: String, _ body: String) async throws -> [UInt8]? {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        let (data, _) = try await URLSession.shared.data(for: request)
        return Array(data)
    }
}
