import Config
import Foundation
import Providers
import Sandbox
import Session
import Testing
import WhatsAppModel

/// The customer's messages the sandbox plays, read by the real `wacon webhook parse`; the
/// sandbox's scenarios and window switch as the real `wacon sandbox` takes them.
@Suite(.serialized) struct CustomerWebhookCLITests {
    /// The body a played customer action posts (through the session's in-process sandbox).
    static func played(_ action: CustomerAction) async throws -> String {
        var history = HistorySettings()
        history.enabled = false
        let session = WaconSession(settings: SessionSettings(history: history))
        let report = try await session.playCustomer(action)
        await session.close()
        return JSONWriter.compactString(report.webhook)
    }

    /// `wacon webhook parse - --json` of `body`: its one event. The binary runs on a thread of
    /// its own, so the wait does not hold one of the few threads async tests share.
    static func parse(_ body: String) async throws -> JSONValue {
        let r = try await withCheckedThrowingContinuation { (c: CheckedContinuation<RunResult, any Error>) in
            DispatchQueue.global().async { c.resume(with: Result { try wacon(["webhook", "parse", "-", "--json"], stdin: body, killAfter: .seconds(120)) }) }
        }
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stdout)")
        return try JSONParser.parse(Array((lines.first ?? "").utf8))
    }

    @Test func aTextAButtonTapAndAVoiceNoteParseAsTheCustomersMessages() async throws {
        let text = try await Self.parse(try await Self.played(.message(from: "+27825550100", ["type": "text", "text": ["body": "hi"]])))
        #expect(text["kind"] == "message" && text["type"] == "text" && text["summary"] == "\"hi\"" && text["from"] == "27825550100" && text["name"] == "Thabo Nkosi")
        let tap = try await Self.parse(try await Self.played(.message(from: "+27825550100", ["type": "interactive", "interactive":
            ["type": "button_reply", "button_reply": ["id": "yes", "title": "Yes please"]]], context: "wamid.SENT")))
        #expect(tap["type"] == "interactive" && tap["summary"] == "button_reply yes \"Yes please\"" && tap["context_id"] == "wamid.SENT")
        let voice = try await Self.parse(try await Self.played(.message(from: "+27825550100", ["type": "audio", "audio": ["voice": true, "id": "1234567890"]])))
        #expect(voice["type"] == "audio" && voice["summary"]?.stringValue?.hasPrefix("voice note 1234567890 audio/ogg") == true, "\(voice)")
    }

    /// `wacon send` says before sending that a text to a customer whose window is closed will
    /// fail; not for the seeded open customer, a template, or a magic number's scenario.
    @Test func sendWarnsOfAClosedWindowOnTheSandbox() throws {
        let env = ["XDG_DATA_HOME": tempDataHome()]
        let closed = try wacon(["send", "examples/text.json", "--to", "+27825550187"], env: env)
        #expect(closed.status == 0, "accepted, as the gateway accepts it: \(closed.stderr)")
        #expect(closed.stderr.contains("warning: the sandbox customer +27825550187 has not written in 24 hours") && closed.stderr.contains("131047"), "\(closed.stderr)")
        for args in [["examples/text.json", "--to", "+27825550100"], ["examples/template.json", "--to", "+27825550187"], ["examples/text.json", "--to", "+15558000001"]] {
            let quiet = try wacon(["send"] + args, env: env)
            #expect(!quiet.stderr.contains("has not written in 24 hours"), "\(args): \(quiet.stderr)")
        }
    }

    @Test func aNumberChangeParsesAsAUserIDUpdate() async throws {
        let update = try await Self.parse(try await Self.played(CustomerAction(from: "+27825550100", kind: .numberChange(newNumber: "+27825550101"))))
        #expect(update["kind"] == "user_id_update" && update["field"] == "user_id_update" && update["wa_id"] == "27825550101", "\(update)")
        #expect(update["user_id"]?["previous"]?.stringValue?.hasPrefix("ZA.") == true && update["user_id"]?["previous"] != update["user_id"]?["current"])
    }

    @Test func theSandboxListsTheRealismScenariosAndTakesTheWindowSwitch() throws {
        let r = try wacon(["sandbox", "--list-scenarios"], killAfter: .seconds(120))
        #expect(r.status == 0)
        for (name, number) in [("delayed-statuses", "+15558000004"), ("out-of-order-statuses", "+15558000005"), ("missing-delivered", "+15558000006"),
                               ("inbound-twice", "+15558000007"), ("duplicate-statuses", "+15558000003")] {
            #expect(r.stdout.split(separator: "\n").contains { $0.hasPrefix(name) && $0.contains(number) }, "\(name)")
        }
        let bad = try wacon(["sandbox", "--window", "sometimes", "--port", "0"], killAfter: .seconds(120))
        #expect(bad.status != 0 && bad.stderr.contains("--window"), "\(bad.stderr)")
    }
}
