import Foundation
import Testing
import WhatsAppModel

/// `wacon webhook parse` through the real binary: every corpus body's `--json` lines against
/// `Tests/Corpus/webhooks.expected.json`, the keys each kind always has, the human lines, and
/// the exit statuses.
@Suite struct WebhookCommandTests {
    static let expectations: [(name: String, gateway: String?, events: [JSONValue])] = {
        let url = packageRoot.appendingPathComponent("Tests/Corpus/webhooks.expected.json")
        let all = (try? JSONParser.parse(Array(FileManager.default.contents(atPath: url.path) ?? Data())))?.objectValue ?? [:]
        return all.members.map { (name: $0.key, gateway: $0.value["gateway_option"]?.stringValue, events: $0.value["events"]?.arrayValue ?? []) }
    }()

    static let names = expectations.map(\.name)

    /// The keys every line of a kind has, null or not.
    static let keys: [String: [String]] = [
        "message": ["gateway", "kind", "field", "id", "timestamp", "type", "from", "from_user_id", "from_parent_user_id", "username", "name", "group_id", "context_id", "summary"],
        "status": ["gateway", "kind", "field", "id", "timestamp", "status", "recipient_id", "recipient_user_id", "recipient_parent_user_id", "recipient_type",
                   "recipient_participant_id", "errors", "pricing", "send_id"],
        "user_id_update": ["gateway", "kind", "field", "id", "timestamp", "wa_id", "user_id", "parent_user_id", "detail"],
    ]

    private func lines(_ out: String) throws -> [JSONValue] {
        try out.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }

    @Test func theExpectationsCoverTheCorpus() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Tests/Corpus/webhooks").path)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
        #expect(Set(files) == Set(Self.names))
        #expect(files.count >= 45)
    }

    @Test(arguments: names)
    func everyCorpusBodyPrintsItsEvents(_ name: String) throws {
        let expectation = try #require(Self.expectations.first { $0.name == name })
        var args = ["webhook", "parse", "Tests/Corpus/webhooks/\(name).json", "--json"]
        if let g = expectation.gateway { args += ["--gateway", g] }
        let r = try wacon(args, killAfter: .seconds(120))
        #expect(r.status == 0, "\(r.stderr)")
        let got = try lines(r.stdout)
        #expect(got.count == expectation.events.count, "\(r.stdout)")
        for (line, expected) in zip(got, expectation.events) {
            for (key, value) in expected.objectValue ?? [:] {
                #expect(line[key] == value, "\(name): \(key) is \(line[key].map(JSONWriter.compactString) ?? "absent"), expected \(JSONWriter.compactString(value))")
            }
            let kind = line["kind"]?.stringValue ?? ""
            for key in Self.keys[kind] ?? ["gateway", "kind", "field", "id", "value"] {
                #expect(line[key] != nil, "\(name): \(kind) line without \(key)")
            }
        }
        // Without --json: one line per event.
        let human = try wacon(args.filter { $0 != "--json" }, killAfter: .seconds(120))
        #expect(human.status == 0)
        #expect(human.stdout.split(separator: "\n").count == expectation.events.count)
    }

    @Test func absentValuesArePrintedAsNull() throws {
        let r = try wacon(["webhook", "parse", "Tests/Corpus/webhooks/meta-status-delivered-user-id-only.json", "--json"], killAfter: .seconds(120))
        #expect(r.stdout.contains(#""recipient_id":null"#) && r.stdout.contains(#""recipient_user_id":"ZA.50837261940158372604""#))
        let played = try wacon(["webhook", "parse", "Tests/Corpus/webhooks/meta-status-played.json", "--json"], killAfter: .seconds(120))
        #expect(played.stdout.contains(#""pricing":null"#) && played.stdout.contains(#""errors":[]"#))
    }

    @Test func zixflowsMessageIDIsPrintedDigitForDigit() throws {
        let r = try wacon(["webhook", "parse", "-", "--json"], stdin: """
            {"workspace_id":"6a71c0e4b2d93f5a18c7e026","type":"delivery_status","message_id":604132581490819100,"request_id":"r-1","channel":"whatsapp","recipient":"919090909090","status":"read","remark":"","status_at":"2026-01-28T17:17:59.254174911Z","post_back_data":"x"}
            """, killAfter: .seconds(120))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""id":"604132581490819100""#), "\(r.stdout)")
        let human = try wacon(["webhook", "parse", "Tests/Corpus/webhooks/zixflow-delivery-status-delivered.json"], killAfter: .seconds(120))
        #expect(human.stdout.contains("718245093361847205") && human.stdout.hasPrefix("zixflow status"), "\(human.stdout)")
    }

    @Test func humanLinesSayWhatHappened() throws {
        let failed = try wacon(["webhook", "parse", "Tests/Corpus/webhooks/meta-status-failed.json"], killAfter: .seconds(120))
        #expect(failed.stdout.contains("failed") && failed.stdout.contains("131047 Re-engagement message"), "\(failed.stdout)")
        let voice = try wacon(["webhook", "parse", "Tests/Corpus/webhooks/meta-message-audio-voice.json"], killAfter: .seconds(120))
        #expect(voice.stdout.contains("voice note") && voice.stdout.contains("@naledi.k"), "\(voice.stdout)")
        let removed = try wacon(["webhook", "parse", "Tests/Corpus/webhooks/meta-message-reaction-removed.json"], killAfter: .seconds(120))
        #expect(removed.stdout.contains("reaction removed"), "\(removed.stdout)")
        let other = try wacon(["webhook", "parse", "Tests/Corpus/webhooks/meta-template-status-update.json"], killAfter: .seconds(120))
        #expect(other.stdout.hasPrefix("meta message_template_status_update") && other.stdout.contains("delivery_slot_offer"), "\(other.stdout)")
    }

    @Test func textFromTheWebhookCannotReachTheTerminalRaw() throws {
        let body = #"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"from":"27825550143","id":"wamid.X","type":"text","text":{"body":"a\u001b]0;pwned\u0007b\u202Ec\nd"}}]}}]}]}"#
        for json in [false, true] {
            let r = try wacon(["webhook", "parse", "-"] + (json ? ["--json"] : []), stdin: body, killAfter: .seconds(120))
            #expect(r.status == 0)
            #expect(!r.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }, "\(r.stdout.debugDescription)")
            #expect(r.stdout.split(separator: "\n").count == 1)
            if json {
                // Still JSON, and the text comes back whole from it.
                let line = try JSONParser.parse(r.stdout.trimmingCharacters(in: .newlines))
                #expect(line["summary"]?.stringValue == "\"a\u{1B}]0;pwned\u{07}b\u{202E}c\nd\"")
            }
        }
    }

    @Test func aWellFormedBodyWithNothingInItIsNotAnError() throws {
        let r = try wacon(["webhook", "parse", "-", "--json"], stdin: #"{"object":"whatsapp_business_account","entry":[]}"#, killAfter: .seconds(120))
        #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.contains("no events"), "\(r.stderr)")
    }

    @Test func unreadableInputExitsTwoAndSaysWhy() throws {
        let notJSON = try wacon(["webhook", "parse", "-"], stdin: "status=delivered", killAfter: .seconds(120))
        #expect(notJSON.status == 2 && notJSON.stderr.contains("not valid JSON") && notJSON.stdout.isEmpty, "\(notJSON.stderr)")
        let missing = try wacon(["webhook", "parse", "no-such-webhook.json"], killAfter: .seconds(120))
        #expect(missing.status == 2 && missing.stderr.contains("no-such-webhook.json"), "\(missing.stderr)")
        let unknown = try wacon(["webhook", "parse", "-"], stdin: #"{"event":"something"}"#, killAfter: .seconds(120))
        #expect(unknown.status == 2 && unknown.stderr.contains("not a webhook body wacon knows"), "\(unknown.stderr)")
    }

    @Test func aForcedGatewaySaysWhatItExpected() throws {
        let r = try wacon(["webhook", "parse", "Tests/Corpus/webhooks/meta-status-sent.json", "--gateway", "zixflow"], killAfter: .seconds(120))
        #expect(r.status == 2 && r.stderr.contains("not a zixflow webhook body") && r.stderr.contains("delivery_status"), "\(r.stderr)")
        let kaleyra = try wacon(["webhook", "parse", "Tests/Corpus/webhooks/zixflow-delivery-status-failed.json", "-g", "kaleyra", "--json"], killAfter: .seconds(120))
        #expect(kaleyra.status == 2 && kaleyra.stderr.contains("meta_object"), "\(kaleyra.stderr)")
        let flowiq = try wacon(["webhook", "parse", "Tests/Corpus/webhooks/meta-status-sent.json", "-g", "flowiq", "--json"], killAfter: .seconds(120))
        #expect(flowiq.status == 0 && flowiq.stdout.contains(#""gateway":"flowiq""#), "\(flowiq.stderr)")
        let wrong = try wacon(["webhook", "parse", "Tests/Corpus/webhooks/meta-status-sent.json", "-g", "nope"], killAfter: .seconds(120))
        #expect(wrong.status == 2 && wrong.stderr.contains("unknown gateway"), "\(wrong.stderr)")
    }

    @Test func theCommandIsInTheManualPage() throws {
        let r = try wacon(["man", "--date", "2026-12-01"], killAfter: .seconds(120))
        #expect(r.status == 0 && r.stdout.contains("webhook"), "\(r.stderr)")
    }
}
