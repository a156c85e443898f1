import Foundation
import Testing
import WhatsAppModel

/// What the console says in a real terminal where that depends on the terminal: a copy inside
/// tmux, a send cancelled while in flight, the title bar at narrow widths.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ConsoleFeedbackE2ETests {
    typealias Tmux = ConsoleE2ETests.Tmux

    /// tmux's default `set-clipboard external` drops a program's OSC 52: the copy goes through
    /// tmux instead, and lands in its buffer.
    @Test func insideTmuxACopyReallyLandsAndSaysWhere() throws {
        let t = Tmux()
        defer { t.kill() }
        try t.start()
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        try t.run(["set-option", "-s", "set-clipboard", "external"])
        try t.keys("y")
        let screen = try t.wait(for: "the copy's outcome") { $0.contains("copied the request body") || $0.contains("not copied") }
        #expect(screen.contains("copied the request body to tmux's buffer"), "\(screen)")
        #expect(try t.run(["show-buffer"]).contains("\"messaging_product\": \"whatsapp\""))
        // With set-clipboard off, the buffer still gets it, and the key line says only that.
        try t.run(["set-option", "-s", "set-clipboard", "off"])
        try t.keys("Y")
        let off = try t.wait(for: "the second copy's outcome") { $0.contains("copied the curl command") || $0.contains("not copied") }
        #expect(off.contains("paste buffer only"), "\(off)")
        #expect(try t.run(["show-buffer"]).hasPrefix("curl "))
    }

    /// A send the gateway never answers (the sandbox's `timeout` number): Ctrl-S again says it
    /// is in flight, Esc cancels it, and the history records it as cancelled.
    @Test func escCancelsASendInFlight() throws {
        let t = Tmux()
        defer { t.kill() }
        try t.start()
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        try t.keys("Enter", "C-u")
        try t.type("+1 555 900 0001")
        try t.keys("Enter")
        _ = try t.wait(for: "the recipient in the preview") { $0.contains("15559000001\"") }
        try t.keys("C-s")
        _ = try t.wait(for: "sending") { $0.contains("(Esc cancels)") }
        try t.keys("C-s")
        _ = try t.wait(for: "the second Ctrl-S is answered") { $0.contains("a send is in flight: Esc cancels it") }
        try t.keys("Escape")
        let screen = try t.wait(for: "cancelled") { $0.contains("#1 cancelled") }
        #expect(!screen.contains("transport failure"), "\(screen)")
        let list = try wacon(["history", "list", "--json"], env: ["XDG_DATA_HOME": t.data])
        let entries = try #require(try JSONParser.parse(list.stdout).arrayValue)
        #expect(entries.count == 1 && entries[0]["vendor_code"] == "cancelled", "\(list.stdout)")
    }
}

extension ConsoleFeedbackE2ETests {
    /// The badge in a real 60-column terminal, and at 20 (the narrowest the console draws)
    /// after a resize.
    @Test func theSandboxBadgeShowsAtSixtyColumnsAndNarrower() throws {
        let t = Tmux()
        defer { t.kill() }
        try t.start(width: 60, height: 24)
        let first = try t.wait(for: "first frame") { $0.contains("Preview") }
        let title = first.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        #expect(title.contains(" SANDBOX") && title.contains("[meta]"), "\(title)")
        try t.resize(20, 24)
        // Narrow: the other gateways gave way.
        let narrow = try t.wait(for: "the narrow title") { $0.split(separator: "\n").first.map { !$0.contains("kaleyra") && $0.contains("[meta]") } == true }
        #expect(narrow.split(separator: "\n").first?.contains(" SANDBOX") == true, "\(narrow)")
    }
}
