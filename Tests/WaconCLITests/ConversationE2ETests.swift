import Foundation
import Testing
import WhatsAppModel

/// Issue 18 as a support person meets it in a real terminal: a text to a number that never
/// wrote fails with 131047 and says why; the customer (played from the conversation pane)
/// writes "hi", which opens the window; the same text is then delivered; a reply-button message
/// is tapped by the customer, and the tap is in the conversation pane and in `wacon history`.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ConversationE2ETests {
    typealias Tmux = ConsoleE2ETests.Tmux

    @Test func outsideTheWindowThenTheCustomerWritesThenDeliveredThenATap() throws {
        let t = Tmux()
        defer { t.kill() }
        try t.start()
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        // A number the sandbox has never heard from: its window is closed.
        try t.keys("Enter", "C-u")
        try t.type("+27 82 555 0199")
        try t.keys("Enter")
        _ = try t.wait(for: "the closed window beside the recipient") { $0.contains("window closed: templates only · will fail") }
        try t.keys("C-s")
        let failed = try t.wait(for: "131047 after the accept") { $0.contains("failed") && $0.contains("131047") }
        #expect(failed.contains("Re-engagement message"), "\(failed)")
        #expect(failed.contains("send a template") || failed.contains("24 hours"), "the failure is explained: \(failed)")

        // The conversation: the failed text, then the customer writes "hi".
        try t.keys("c")
        _ = try t.wait(for: "the conversation pane") { $0.contains("Conversation · +27 82 555 0199") && $0.contains("✗ failed 131047") }
        try t.keys("w")
        _ = try t.wait(for: "the customer's line") { $0.contains("as the customer ›") }
        try t.keys("C-u")
        try t.type("hi")
        try t.keys("Enter")
        let wrote = try t.wait(for: "the customer's hi in the transcript") { $0.contains("\"hi\"") && $0.contains("window open 23 h") }
        #expect(wrote.contains("← "), "\(wrote)")
        try t.keys("Escape")
        _ = try t.wait(for: "the open window beside the recipient") { !$0.contains("Conversation ·") && $0.contains("window open 23 h") }

        // The same text again: delivered and read now.
        try t.keys("C-s")
        _ = try t.wait(for: "read") { $0.contains("status:") && $0.contains("read") && !$0.contains("131047") }

        // Reply buttons, sent; the customer taps the first.
        try t.keys(":")
        try t.type("type: reply buttons")
        try t.keys("Enter")
        _ = try t.wait(for: "the buttons form") { $0.contains("\"type\": \"button\"") }
        try t.keys("C-s")
        // The third entry (the panel still shows the second until this one is answered).
        _ = try t.wait(for: "the buttons accepted") { $0.contains("#3 accepted") }
        let buttonsID = try t.acceptedID()
        try t.keys("c")
        _ = try t.wait(for: "the buttons in the transcript") { $0.contains("[Yes (yes) · No (no)]") }
        try t.keys("b")
        _ = try t.wait(for: "the choices") { $0.contains("1 Yes (yes)") }
        try t.keys("1")
        let tapped = try t.wait(for: "the tap in the transcript") { $0.contains("button_reply yes \"Yes\"") }
        #expect(tapped.contains("↳ replies to your interactive.button"), "\(tapped)")
        // The tap comes after the message it answers, whatever second both fall in.
        let lines = tapped.split(separator: "\n")
        let sentAt = try #require(lines.lastIndex { $0.contains("[Yes (yes) · No (no)]") })
        let tapAt = try #require(lines.lastIndex { $0.contains("button_reply yes \"Yes\"") })
        #expect(sentAt < tapAt, "\(tapped)")
        // Esc alone (Esc then q at once reads as Alt-q), then q once the pane has closed.
        try t.keys("Escape")
        _ = try t.wait(for: "the form again") { !$0.contains("Conversation ·") }
        try t.keys("q")
        _ = try t.wait(for: "exit") { $0.contains("EXITED 0") }

        // The tap is in history, with the send it answers.
        let env = ["XDG_DATA_HOME": t.data]
        let conversation = try wacon(["history", "conversation", "+27825550199"], env: env)
        #expect(conversation.status == 0, "\(conversation.stderr)")
        #expect(conversation.stdout.contains("button_reply yes \"Yes\"") && conversation.stdout.contains("\"hi\""), "\(conversation.stdout)")
        let list = try wacon(["history", "list", "--json"], env: env)
        let entries = try #require(try JSONParser.parse(list.stdout).arrayValue)
        let buttons = try #require(entries.first { $0["message_id"]?.stringValue == buttonsID })
        let show = try wacon(["history", "show", String(try #require(buttons["id"]?.intValue))], env: env)
        #expect(show.stdout.contains("button_reply yes \"Yes\""), "\(show.stdout)")
    }
}
