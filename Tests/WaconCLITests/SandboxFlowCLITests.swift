import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import History
import Providers
import Session
import Testing
import WhatsAppModel

/// A one-screen Flow that completes with the name typed in.
private let quickFlowJSON = #"""
{
  "version": "6.0",
  "screens": [
    { "id": "ASK", "title": "Ask", "terminal": true, "data": {},
      "layout": { "type": "SingleColumnLayout", "children": [
        { "type": "TextInput", "name": "name", "label": "Name", "required": true },
        { "type": "Footer", "label": "Done", "on-click-action": { "name": "complete", "payload": { "name": "${form.name}" } } }
      ] } }
  ]
}
"""#

/// A flow message opening `flowID` on `screen`.
private func flowMessageJSON(flowID: String, screen: String) -> String {
    """
    {"messaging_product":"whatsapp","to":"+27123456789","type":"interactive","interactive":{"type":"flow",
     "body":{"text":"Tell us your name"},
     "action":{"name":"flow","parameters":{"flow_message_version":"3","flow_id":"\(flowID)","flow_token":"cli-token",
       "flow_cta":"Start","flow_action":"navigate","flow_action_payload":{"screen":"\(screen)"}}}}}
    """
}

/// `wacon sandbox --flow` as a user runs it, and the session API the console uses.
@Suite(.serialized) struct SandboxFlowCLITests {
    @Test func theStandaloneSandboxRegistersFlowFilesAndChecksSendsAgainstThem() async throws {
        let file = try tempFile(quickFlowJSON, ext: "json")
        let base = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let second = try tempFile(quickFlowJSON, ext: "json")
        let (p, url, banner) = try startSandbox(["--flow", "quick@4242=\(file)", "--flow", second])
        defer { if p.isRunning { p.terminate() } }
        #expect(banner.contains("flow_id 4242  flow_name quick  screens ASK"), "\(banner)")
        // The second file: named after itself, with an id derived from the name.
        #expect(banner.contains("flow_name \(URL(fileURLWithPath: second).deletingPathExtension().lastPathComponent)"), "\(banner)")
        #expect(!banner.contains("flow_name \(base) "), "the first file took the name given")
        let listed = try JSONParser.parse(try await request(url + "/_sandbox/flows"))
        #expect(listed.arrayValue?.count == 2)
        #expect(listed.arrayValue?.first?["id"] == "4242")
        #expect(listed.arrayValue?.last?["id"]?.stringValue?.count == 16)

        let config = try tempFile("""
            [profiles.local]
            gateway = "meta"
            base_url = "\(url)"
            sandbox = true
            phone_number_id = "106540352242922"
            api_version = "v23.0"
            secret = "EAAsampleWaconSandboxToken0000"
            """, ext: "toml")
        let good = try wacon(["send", try tempFile(flowMessageJSON(flowID: "4242", screen: "ASK"), ext: "json"), "--config", config, "--profile", "local"])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        let badScreen = try wacon(["send", try tempFile(flowMessageJSON(flowID: "4242", screen: "NOPE"), ext: "json"), "--config", config, "--profile", "local"])
        #expect(badScreen.status == 3, "\(badScreen.stdout)\(badScreen.stderr)")
        #expect(badScreen.stdout.contains("131009"), "\(badScreen.stdout)")
        let badFlow = try wacon(["send", try tempFile(flowMessageJSON(flowID: "999", screen: "ASK"), ext: "json"), "--config", config, "--profile", "local"])
        #expect(badFlow.status == 3)
        #expect(badFlow.stdout.contains("131009"), "\(badFlow.stdout)")
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
    }

    @Test func anInvalidFlowFileStopsTheStartWithLineAndColumn() throws {
        let broken = try tempFile("{\n  \"version\": \"6.0\",\n  \"screens\": [,]\n}", ext: "json")
        let r = try wacon(["sandbox", "--port", "0", "--flow", broken])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(broken):3:"), "\(r.stderr)")
        let badID = try wacon(["sandbox", "--port", "0", "--flow", "x@abc=\(broken)"])
        #expect(badID.status == 2)
        #expect(badID.stderr.contains("\"abc\""), "\(badID.stderr)")
    }

    @Test func theSessionRegistersCompletesAndAwaitsTheReplyAndRecordsIt() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-flow-\(UUID().uuidString).sqlite").path
        let store = try HistoryStore(path: path)
        let session = WaconSession(history: store)
        let doc = try FlowDocument.parse(Array(quickFlowJSON.utf8))
        let registered = try await session.registerFlow(doc, id: nil, name: "quick")
        #expect(registered.name == "quick" && registered.id.count == 16)
        let message = try OutboundMessage.parse(Array(flowMessageJSON(flowID: registered.id, screen: "ASK").utf8))
        let sent = try await session.send(SendJob(message: message, gateway: .meta, profile: .builtIn(.meta), followStatuses: true))
        guard case .accepted(let a)? = sent.report.outcome, let id = a.messageID else { Issue.record("\(String(describing: sent.report.outcome))"); return }
        // Without a response the sandbox walks the Flow and types an example name.
        let webhook = try await session.completeFlow(messageID: id, response: nil).webhook
        #expect(webhook["object"] == "whatsapp_business_account")
        let reply = try #require(await session.awaitReply(to: id, timeout: .seconds(5)))
        #expect(reply.contextID == id)
        #expect(reply.flowToken == "cli-token")
        #expect(reply.flowResponse?["name"]?.stringValue?.isEmpty == false, "\(String(describing: reply.flowResponse))")
        // Recorded against the original message.
        let historyID = try #require(sent.historyID)
        let entry = try #require(try store.entry(id: historyID))
        #expect(entry.statuses.contains { $0.status == "replied" && $0.messageID == id })
        // An unknown message: the sandbox's 404 error.
        await #expect(throws: (any Error).self) { _ = try await session.completeFlow(messageID: "wamid.nope", response: [:]) }
        await session.close()
    }

    /// `wacon sandbox --port 0 …` in the background: the process, its base URL, and what it
    /// printed up to "Ctrl-C stops it."
    func startSandbox(_ extra: [String]) throws -> (Process, String, String) {
        let p = Process()
        p.executableURL = waconBinary
        p.arguments = ["sandbox", "--port", "0"] + extra
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        try p.run()
        var data = Data()
        while !String(decoding: data, as: UTF8.self).contains("Ctrl-C") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let word = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).first(where: { $0.hasPrefix("http://127.0.0.1:") }) else {
            p.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "no base URL in: \(text)"])
        }
        return (p, String(word), text)
    }

    func request(_ url: String) async throws -> [UInt8] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: url)!)
        return Array(data)
    }
}
