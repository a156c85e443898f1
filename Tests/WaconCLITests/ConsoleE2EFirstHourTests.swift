import Foundation
import Testing
import WhatsAppModel

/// The first hour with the console (issue 15), as a user does it: the real binary in tmux.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ConsoleE2EFirstHourTests {
    typealias Tmux = ConsoleE2ETests.Tmux

    /// Typed text survives a stray `q` (it asks), Ctrl-C twice and a restart.
    @Test func unsentTextIsAskedAboutAndKeptAcrossARestart() throws {
        let t = Tmux()
        defer { t.kill() }
        try t.start()
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        try t.keys("Tab", "Tab", "Enter", "C-u")
        try t.type("typed before a stray q")
        try t.keys("Enter")
        _ = try t.wait(for: "the text in the preview") { $0.contains("\"body\": \"typed before a stray q\"") }
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
        t.kill()
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
}
