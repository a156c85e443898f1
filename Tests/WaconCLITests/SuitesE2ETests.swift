import Foundation
import Testing
import WhatsAppModel

/// Issue 19 as QA meets it in a real terminal: a vendor's refusal reproduced in the console is
/// saved as a case with one key; the suites pane runs it; `wacon test` (the real binary, as CI
/// runs it) passes it; the file holds the expectation, and a later Ctrl-O save keeps it.
@Suite(.serialized, .timeLimit(.minutes(3))) struct SuitesE2ETests {
    typealias Tmux = ConsoleE2ETests.Tmux

    @Test func aRefusalSavedAsACaseRunsInThePaneAndPassesWaconTest() throws {
        let t = Tmux()
        defer { t.kill() }
        let env = ["XDG_DATA_HOME": t.data]
        let folder = t.data + "/wacon/messages"
        // Kaleyra's sandbox refuses with E110 (insufficient balance) under the E110 scenario.
        let first = try wacon(["send", "examples/text.json", "-g", "kaleyra", "--scenario", "E110", "--json"], env: env)
        #expect(first.status == 3, "\(first.stderr)")
        let id = try #require(try JSONParser.parse(first.stdout)["history_id"]?.intValue)

        // The console replays it from the history pane (the scenario goes with the entry).
        try t.start()
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        try t.keys("H")
        _ = try t.wait(for: "history rows") { $0.contains("#\(id)") }
        try t.keys("r")
        let refused = try t.wait(for: "the refusal in the send panel") { $0.contains("rejected E110 · balance") && $0.contains("S save as case") }
        #expect(refused.contains("Preview · Kaleyra v2"), "\(refused)")

        // S: the outcome becomes the draft's expectation; the draft has no file yet, so a name is asked.
        try t.keys("S")
        _ = try t.wait(for: "the name prompt") { $0.contains("Save as case (expects rejected E110, under scenario E110) as") }
        try t.type("welcome")
        try t.keys("Enter")
        _ = try t.wait(for: "what was recorded") { $0.contains("saved as case “welcome”: expects rejected E110, under scenario E110") }
        let file = folder + "/welcome.json"
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        #expect(saved.contains("\"expect\"") && saved.contains("\"scenario\": \"E110\"") && saved.contains("\"code\": \"E110\""), "\(saved)")

        // Ctrl-O over the same name keeps the expectation.
        try t.keys("C-o")
        _ = try t.wait(for: "the save prompt") { $0.contains("Save the draft as") }
        try t.type("welcome")
        try t.keys("Enter")
        _ = try t.wait(for: "the replace question") { $0.contains("Replace “welcome”?") }
        try t.keys("y")
        _ = try t.wait(for: "saved again") { $0.contains("saved as case “welcome”") }
        let again = try String(contentsOfFile: file, encoding: .utf8)
        #expect(again.contains("\"expect\"") && again.contains("\"outcome\": \"rejected\""), "\(again)")

        // The suites pane runs the saved messages folder: the case passes, live, with its history entry.
        try t.keys("t")
        _ = try t.wait(for: "the folder line") { $0.contains("folder › \(folder)") }
        try t.keys("Enter")
        let ran = try t.wait(for: "the run's summary") { $0.contains("1 case: 1 passed") }
        #expect(ran.contains("✓ welcome.json") && ran.contains("history "), "\(ran)")
        #expect(ran.contains("1 of 1 done · 1 passed"), "\(ran)")
        // x: the case's exchange, read from history (the run recorded it).
        try t.keys("x")
        let exchange = try t.wait(for: "the exchange") { $0.contains("Exchange #") && $0.contains("POST ") }
        #expect(exchange.contains("rejected E110") && exchange.contains("HTTP "), "\(exchange)")
        try t.keys("Escape")
        _ = try t.wait(for: "the form again") { !$0.contains("Exchange #") }
        // The pane comes back as it was.
        try t.keys("t")
        _ = try t.wait(for: "the pane again") { $0.contains("✓ welcome.json") && $0.contains("1 case: 1 passed") }
        // Enter opens the case into the form; the send panel says what it came to.
        try t.keys("Enter")
        _ = try t.wait(for: "the case in the send panel") { $0.contains("case ✓ welcome.json: rejected (E110") && $0.contains("opened “welcome”") }
        try t.keys("q")
        _ = try t.wait(for: "exit") { $0.contains("EXITED 0") }

        // The real binary runs the folder as CI would: the case passes.
        let run = try wacon(["test", folder], env: env)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("✓ \(file)") && run.stdout.contains("1 case: 1 passed"), "\(run.stdout)")
    }
}
