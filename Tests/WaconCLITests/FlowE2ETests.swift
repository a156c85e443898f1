import Foundation
import Testing
import WhatsAppModel

/// The whole flow story in a real terminal: load a Flow JSON, pick a screen, fill its data,
/// send the flow message to the sandbox, walk the screens as the customer and see the
/// `nfm_reply` webhook come back to wacon's receiver.
@Suite(.serialized, .timeLimit(.minutes(2))) struct FlowE2ETests {
    typealias Tmux = ConsoleE2ETests.Tmux

    @Test func loadPickFillSendWalkAndReceiveTheNfmReply() throws {
        let t = Tmux()
        defer { t.kill() }
        try t.start()
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        // Recipient, then the message type from the palette.
        try t.keys("Enter", "C-u")
        try t.type("+27 82 555 0100")
        try t.keys("Enter", ":")
        try t.type("type: flow")
        try t.keys("Enter")
        _ = try t.wait(for: "the flow form") { $0.contains("flow file") }
        // Content: the body; then the Flow screens pane: the Flow JSON file.
        try t.keys("Tab", "Tab", "j", "Enter", "C-u")
        try t.type("Book your visit")
        try t.keys("Enter", "Tab")
        _ = try t.wait(for: "the Flow screens pane") { $0.contains("▸ Flow screens") }
        try t.keys("Enter")
        try t.type("examples/flows/appointment.json")
        try t.keys("Enter")
        _ = try t.wait(for: "the flow loaded") { $0.contains("‹ APPOINTMENT ›") && $0.contains("customer_name") && $0.contains("entry APPOINTMENT") }
        // Pick the DETAILS screen: the data form follows its declaration.
        try t.keys("j", "l")
        _ = try t.wait(for: "DETAILS picked") { $0.contains("‹ DETAILS ›") && $0.contains("time_slot") }
        // Fill its data: the customer's name.
        try t.keys("j", "Enter", "C-u")
        try t.type("Sipho Dlamini")
        try t.keys("Enter")
        _ = try t.wait(for: "the data in the preview") { $0.contains("\"customer_name\": \"Sipho Dlamini\"") && $0.contains("\"screen\": \"DETAILS\"") }
        // Send it to the sandbox.
        try t.keys("C-s")
        let id = try t.acceptedID()
        #expect(id.hasPrefix("wamid."))
        // Walk it: DETAILS opens with the data sent.
        try t.keys("w")
        _ = try t.wait(for: "the walk on DETAILS") { $0.contains("Your details") && $0.contains("DETAILS · 1") }
        // Each field is waited for before the next key: on a loaded machine keys typed ahead of
        // a frame would race the walk's focus.
        // A name the screen does not already show ("Sipho Dlamini" is in the data): waiting for
        // "Sipho D" passed before the keys were in, and Tab raced them on a loaded machine.
        try t.type("Sipho Q")
        _ = try t.wait(for: "the name typed") { $0.contains("Sipho Q") }
        try t.keys("Tab")
        try t.type("sipho@example.com")
        _ = try t.wait(for: "the email typed") { $0.contains("sipho@example.com") }
        try t.keys("Tab", "Tab", "Tab", "Space", "Tab", "Enter")
        _ = try t.wait(for: "SUMMARY") { $0.contains("SUMMARY · 2") && $0.contains("sipho@example.com") }
        try t.keys("Enter")
        let done = try t.wait(for: "completion") { $0.contains("Flow completed") }
        #expect(done.contains("\"full_name\": \"Sipho Q\"") && done.contains("\"customer_name\": \"Sipho Dlamini\"") && done.contains("\"reminder\": true"))
        // The sandbox plays the customer; wacon's receiver gets the nfm_reply.
        try t.keys("Enter")
        let replied = try t.wait(for: "nfm_reply") { $0.contains("nfm_reply received") }
        #expect(replied.contains("nfm_reply wamid."))
        // The reply is in the history file with the message it answers.
        try t.keys("Escape")
        _ = try t.wait(for: "the walk closed") { !$0.contains("Flow completed") }
        let history = try wacon(["history", "show", "1", "--json"], env: ["XDG_DATA_HOME": t.data])
        let entry = try JSONParser.parse(history.stdout)
        #expect(entry["message_id"]?.stringValue == id)
        let statuses = entry["statuses"]?.arrayValue?.compactMap { $0["status"]?.stringValue } ?? []
        #expect(statuses.contains("replied"), "history: \(history.stdout.prefix(600))")
        try t.keys("q")
        _ = try t.wait(for: "exit") { $0.contains("EXITED 0") }
    }
}
