import Foundation
import Testing
import WhatsAppModel

/// The JSON editor and the preview in a real terminal (tmux and the real binary), as a user
/// does it.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ConsoleE2EEditorTests {
    typealias Tmux = ConsoleE2ETests.Tmux

    static let typo = """
        {
          "messaging_product": "whatsapp",
          "type": "text",
          "text": {
            "body": "Hello from the editor"
            "preview_url": false
          }
        }
        """

    /// The preview's rows (right of the form's rule), a continuation (↪) joined to the row above.
    static func previewLines(_ screen: String) -> [String] {
        var joined: [String] = []
        for line in screen.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let rule = line.firstIndex(of: "│") else { continue }
            let row = line[line.index(after: rule)...].trimmingCharacters(in: .whitespaces)
            if row.hasPrefix("↪"), !joined.isEmpty { joined[joined.count - 1] += row.dropFirst() } else { joined.append(row) }
        }
        return joined
    }

    @Test func pasteAJSONWithATypoFixItWithCursorKeysAndSend() throws {
        let t = Tmux()
        defer { t.kill() }
        try t.start()
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        // The message type (← cycles back from text to json), then its JSON in the Content pane.
        try t.keys("Tab", "Left")
        _ = try t.wait(for: "type json") { $0.contains("‹ json ›") }
        try t.keys("Tab", "Enter")
        _ = try t.wait(for: "the editor") { $0.contains("Message JSON · line 1 of") }
        // Clear it, paste the message with a missing comma (bracketed paste).
        try t.keys("C-x")
        try t.run(["set-buffer", "-b", "typo", Self.typo])
        try t.run(["paste-buffer", "-p", "-b", "typo", "-t", "0"])
        var screen = try t.wait(for: "the syntax error") { $0.contains("✗ line 6, column 5") }
        #expect(screen.split(separator: "\n").contains { $0.hasPrefix("  6!") && $0.contains("\"preview_url\"") }, "the gutter marks line 6:\n\(screen)")
        // A new line at the top moves the mark down; undo moves it back.
        try t.keys("PageUp", "Home", "Enter")
        screen = try t.wait(for: "the mark moved") { $0.contains("✗ line 7, column 5") }
        #expect(screen.split(separator: "\n").contains { $0.hasPrefix("  7!") }, "\(screen)")
        try t.keys("C-z")
        _ = try t.wait(for: "undone") { $0.contains("✗ line 6, column 5") }
        // The fix: down to the body line, its end, a comma.
        try t.keys("Down", "Down", "Down", "Down", "End")
        try t.type(",")
        screen = try t.wait(for: "the error gone") { $0.contains("✓ reads as a message") }
        #expect(!screen.split(separator: "\n").contains { $0.hasPrefix("  6!") }, "\(screen)")
        // Send from the editor.
        try t.keys("C-s")
        let id = try t.acceptedID()
        #expect(!id.isEmpty)
        let history = try wacon(["history", "--json"], env: ["XDG_DATA_HOME": t.data])
        #expect(try JSONParser.parse(history.stdout).arrayValue?.first?["message_id"]?.stringValue == id)
        // Esc leaves the editor: the form and the preview of the edited message are back.
        try t.keys("Escape")
        _ = try t.wait(for: "the preview") { $0.contains("Preview · Meta Cloud API") && $0.contains("Hello from the editor") }
    }

    @Test func theKaleyraPreviewShowsTheWholeURLAt120x40() throws {
        let t = Tmux()
        defer { t.kill() }
        try t.start(width: 120, height: 40)
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        try t.keys("g")
        // Waited for whole: the title comes in the same frame as the request, but a capture
        // may land between ncurses' writes of one frame.
        let screen = try t.wait(for: "kaleyra") { s in
            s.contains("Preview · Kaleyra v2") && (Self.previewLines(s).first { $0.hasPrefix("POST ") }?.hasSuffix("/messages") ?? false)
        }
        // The URL is longer than the pane: it goes on in a row marked ↪, and joined it is whole.
        #expect(screen.contains("│ ↪"), "\(screen)")
        let post = Self.previewLines(screen).first { $0.hasPrefix("POST ") } ?? ""
        #expect(post.hasPrefix("POST https://api.in.kaleyra.io/v2/HXAP16XXXXXX97IN/whatsapp/+91") && post.hasSuffix("/messages"), "\(post)")
        #expect(post.count > 68, "longer than the pane (68 columns at 120×40)")
    }

    @Test func at80x24TheNumberIsWholeAndATallPreviewScrolls() throws {
        let t = Tmux()
        defer { t.kill() }
        try t.start(width: 80, height: 24)
        let first = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        #expect(first.contains("to            +27 82 555 0100"), "\(first)")
        // A body longer than the preview: it wraps, and the preview says which rows it shows.
        try t.keys("Tab", "Tab", "Enter", "C-u")
        try t.type(String(repeating: "A body that wraps over many rows. ", count: 16) + "END")
        try t.keys("Enter", "Tab")
        let top = try t.wait(for: "rows shown") { $0.contains("· rows 1–") }
        #expect(!Self.previewLines(top).contains { $0.contains("rows. END\"") })
        try t.keys("PageDown", "PageDown", "PageDown")
        // Three pages down reach the end of the message: the body string's, or the bubble's
        // under it (waited for: the keys are drawn one frame at a time).
        let bottom = try t.wait(for: "the end of the message") { screen in
            !screen.contains("· rows 1–") && Self.previewLines(screen).contains { $0.hasSuffix("rows. END\"") || $0.hasSuffix("END") }
        }
        #expect(!bottom.contains("· rows 1–"))
    }
}
