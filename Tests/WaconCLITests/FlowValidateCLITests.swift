import Foundation
import Testing
import WhatsAppModel

/// `wacon validate --flow FILE`: a flow message checked against the Flow it opens.
@Suite struct FlowValidateCLITests {
    static func flowMessage(screen: String, data: String) -> String {
        #"{"messaging_product":"whatsapp","to":"+27123456789","type":"interactive","interactive":{"type":"flow","body":{"text":"Book"},"# +
        #""action":{"name":"flow","parameters":{"flow_message_version":"3","flow_id":"1234567890123456","flow_cta":"Book","flow_action":"navigate","# +
        #""flow_action_payload":{"screen":"\#(screen)","data":\#(data)}}}}}"#
    }

    @Test func aMessageThatFitsItsFlowPasses() throws {
        let file = try tempFile(Self.flowMessage(screen: "DETAILS", data: #"{"customer_name":"A","department":"eye","date":"2026-12-01","time_slot":"morning"}"#), ext: "json")
        let r = try wacon(["validate", file, "--flow", "examples/flows/appointment.json"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    @Test func aScreenOrDataTheFlowDoesNotDeclareFails() throws {
        let file = try tempFile(Self.flowMessage(screen: "NOPE", data: #"{"x":1}"#), ext: "json")
        let r = try wacon(["validate", file, "--flow", "examples/flows/appointment.json", "--json"])
        #expect(r.status == 1)
        let findings = try JSONParser.parse(r.stdout)["findings"]?.arrayValue ?? []
        #expect(findings.contains { $0["path"]?.stringValue?.hasSuffix("flow_action_payload.screen") == true && $0["severity"] == "error" })
        // The same message without --flow has nothing to compare with: valid.
        #expect(try wacon(["validate", file]).status == 0)
    }

    @Test func aBrokenFlowFileOrAnotherKindIsAnInputError() throws {
        let broken = try tempFile("{\n  \"version\": \"7.3\",\n  \"screens\": [\n", ext: "json")
        let msg = try tempFile(Self.flowMessage(screen: "A", data: "{}"), ext: "json")
        let r = try wacon(["validate", msg, "--flow", broken])
        #expect(r.status == 2 && r.stderr.contains(":4:"), "\(r.stderr)")
        let text = try wacon(["validate", "examples/text.json", "--flow", "examples/flows/appointment.json"])
        #expect(text.status == 2 && text.stderr.contains("flow messages"))
    }
}
