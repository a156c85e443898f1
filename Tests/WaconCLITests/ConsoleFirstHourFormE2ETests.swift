import Foundation
import Testing
import WhatsAppModel

/// The first hour with the console's form (issue 15: the draft, the send panel, the focus, a
/// file to open), as a user does it: the real binary in tmux.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ConsoleFirstHourFormE2ETests {
    typealias Tmux = ConsoleE2ETests.Tmux

    /// Starts the console and types `text` as the text message's body.
    func typeABody(_ text: String, _ t: Tmux) throws {
        try t.start()
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        try t.keys("Tab", "Tab", "Enter", "C-u")
        try t.type(text)
        try t.keys("Enter")
        _ = try t.wait(for: "the text in the preview") { $0.contains("\"body\": \"\(text)\"") }
    }

    /// Typed text survives a stray `q` (it asks), Ctrl-C twice and a restart.
    @Test func unsentTextIsAskedAboutAndKeptAcrossARestart() throws {
        let t = Tmux()
        defer { t.kill() }
        try typeABody("typed before a stray q", t)
        try t.keys("q")
        _ = try t.wait(for: "the question") { $0.contains("Quit wacon?") && $0.contains("kept as the draft") }
        try t.keys("n")
        _ = try t.wait(for: "the form again") { !$0.contains("Quit wacon?") && $0.contains("q quit") }
        // Ctrl-C once asks, twice leaves.
        try t.keys("C-c")
        _ = try t.wait(for: "Ctrl-C asks") { $0.contains("Quit wacon?") }
        try t.keys("C-c")
        _ = try t.wait(for: "the second Ctrl-C leaves") { $0.contains("EXITED 0") }
        let file = t.data + "/wacon/draft.json"
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try JSONParser.parse(Array(FileManager.default.contents(atPath: file) ?? Data()))["text"]?["body"] == "typed before a stray q")

        // Started again (a smaller terminal): the text is back, said in the status line, and
        // nothing new to ask about.
        try t.stop()
        try t.start(width: 80, height: 24)
        let again = try t.wait(for: "the restored draft") { $0.contains("restored the draft") }
        #expect(again.contains("typed before a stray q"), "\(again)")
        try t.keys("q")
        _ = try t.wait(for: "q quits at once") { $0.contains("EXITED 0") }
    }

    /// A damaged draft file: a clear message, a fresh form, the file moved aside; no crash.
    @Test func aDamagedDraftFileGivesAMessageAndAFreshForm() throws {
        let t = Tmux()
        defer { t.kill() }
        try FileManager.default.createDirectory(atPath: t.data + "/wacon", withIntermediateDirectories: true)
        try Data("{\"to\": \"+1\", \"type\": \"te".utf8).write(to: URL(fileURLWithPath: t.data + "/wacon/draft.json"))
        try t.start()
        let first = try t.wait(for: "the message") { $0.contains("could not be read") }
        #expect(first.contains("Hello from wacon"), "the fresh draft:\n\(first)")
        #expect(FileManager.default.fileExists(atPath: t.data + "/wacon/draft.damaged.json"))
        try t.keys("q")
        _ = try t.wait(for: "exit") { $0.contains("EXITED 0") }
    }

    /// The history id stays with the outcome, statuses or not, until the next send: accepted,
    /// rejected, failed after accepting, a transport failure. Each id is the history's.
    @Test func theHistoryIDStaysInTheSendPanel() throws {
        let t = Tmux()
        defer { t.kill() }
        try t.start(width: 80, height: 24)
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        /// The send panel's first row once `done` holds for the screen.
        func send(to number: String, until what: String, _ done: @escaping (String) -> Bool) throws -> String {
            try t.keys("Enter", "C-u")
            try t.type(number)
            try t.keys("Enter", "C-s")
            let screen = try t.wait(for: what, done)
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            let rule = try #require(lines.lastIndex { $0.contains("Send ─") })
            return String(lines[rule + 1]).trimmingCharacters(in: .whitespaces)
        }
        func newestID() throws -> Int? {
            let list = try wacon(["history", "list", "--json"], env: ["XDG_DATA_HOME": t.data])
            return try JSONParser.parse(list.stdout).arrayValue?.first?["id"]?.intValue
        }
        // Accepted, then the sandbox's statuses arrive under it.
        let accepted = try send(to: "+27 82 555 0100", until: "statuses") { $0.contains("status: sent") && $0.contains("read") }
        #expect(accepted.hasPrefix("#\(try #require(try newestID())) accepted wamid."), "\(accepted)")
        let rejected = try send(to: "+15550131047", until: "the rejection") { $0.contains("rejected 131047") }
        #expect(rejected.hasPrefix("#\(try #require(try newestID())) rejected 131047"), "\(rejected)")
        let failed = try send(to: "+15558000001", until: "the failed status") { $0.contains("failed (131047)") }
        #expect(failed.hasPrefix("#\(try #require(try newestID())) accepted "), "\(failed)")
        let transport = try send(to: "+15559000002", until: "the transport failure") { $0.contains("transport failure") }
        #expect(transport.hasPrefix("#\(try #require(try newestID())) transport failure"), "\(transport)")
        try t.keys("q")
        _ = try t.wait(for: "exit") { $0.contains("EXITED 0") }
    }

    /// A list message with its Buttons pane focused, then a text message opened from the
    /// palette: the focus lands on Content (a pane that is there) and `?` shows its keys.
    @Test func openingAnotherKindKeepsAFocusThatExists() throws {
        let t = Tmux()
        defer { t.kill() }
        let messages = t.data + "/wacon/messages"
        try FileManager.default.createDirectory(atPath: messages, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: packageRoot.path + "/examples/interactive-list.json", toPath: messages + "/menu.json")
        try FileManager.default.copyItem(atPath: packageRoot.path + "/examples/text.json", toPath: messages + "/greeting.json")
        try t.start(width: 80, height: 24)
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        try t.keys("C-p")
        try t.type("open: menu")
        _ = try t.wait(for: "the palette's entry") { $0.contains("open: menu") }
        try t.keys("Enter")
        _ = try t.wait(for: "the list opened") { $0.contains("opened “menu”") && $0.contains("Buttons") }
        try t.keys("Tab", "Tab", "Tab")
        _ = try t.wait(for: "the Buttons pane focused") { $0.contains("▸ Buttons") }
        try t.keys("C-p")
        try t.type("open: greeting")
        _ = try t.wait(for: "the palette's entry") { $0.contains("open: greeting") }
        try t.keys("Enter")
        let opened = try t.wait(for: "the text opened") { $0.contains("opened “greeting”") }
        #expect(opened.contains("▸ Content") && !opened.contains("Buttons"), "\(opened)")
        try t.keys("?")
        // (At 80×24 the help scrolls: its footer says so instead of "any key closes this".)
        let help = try t.wait(for: "the help") { $0.contains("Keys · ") }
        #expect(help.contains("Keys · Content"), "\(help)")
        // Esc and q at once would read as Alt-q.
        try t.keys("Escape")
        _ = try t.wait(for: "the help closed") { !$0.contains("Keys · ") }
        try t.keys("q")
        _ = try t.wait(for: "exit") { $0.contains("EXITED 0") }
    }

    /// `wacon console FILE` opens the file instead of the kept draft; looking at it and
    /// quitting leaves the kept draft for the next `wacon`, and so does a file that does not
    /// read (said with its line and column before the screen changes).
    @Test func aFileOnTheCommandLineOpensAndTheKeptDraftWaits() throws {
        let t = Tmux()
        defer { t.kill() }
        try typeABody("kept for later", t)
        try t.keys("q")
        _ = try t.wait(for: "the question") { $0.contains("Quit wacon?") }
        try t.keys("y")
        _ = try t.wait(for: "exit") { $0.contains("EXITED 0") }

        try t.stop()
        try t.start(width: 80, height: 24, args: ["console", "examples/text.json"])
        let opened = try t.wait(for: "the file opened") { $0.contains("opened examples/text.json") }
        #expect(opened.contains("Hi Thandiwe") && !opened.contains("kept for later"), "\(opened)")
        try t.keys("q")
        _ = try t.wait(for: "q quits at once") { $0.contains("EXITED 0") }

        try t.stop()
        let broken = try tempFile("{\"to\": \"+1\",\n \"type\": }", ext: "json")
        try t.start(args: ["console", broken])
        let refused = try t.wait(for: "the error") { $0.contains("EXITED") }
        #expect(refused.contains("\(broken):2:") && refused.contains("EXITED 2"), "\(refused)")

        try t.stop()
        try t.start()
        let again = try t.wait(for: "the kept draft") { $0.contains("restored the draft") }
        #expect(again.contains("kept for later"), "\(again)")
        try t.keys("q")
        _ = try t.wait(for: "exit") { $0.contains("EXITED 0") }
    }
}

extension ConsoleE2ETests.Tmux {
    /// Ends the tmux server and waits until it is gone: a start right after a kill can reach
    /// the server still shutting down, which takes the new session with it.
    func stop() throws {
        kill()
        let clock = ContinuousClock()
        let end = clock.now + .seconds(10)
        while clock.now < end, system("/usr/bin/tmux -L '\(socket)' has-session >/dev/null 2>&1 </dev/null") == 0 {
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}
