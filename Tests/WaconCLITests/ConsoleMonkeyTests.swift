import Foundation
import Testing
import WhatsAppModel

/// 20,000 random keys, pastes and resizes into the real binary in tmux. No crash (every exit
/// is a clean 0 — a random walk through the palette may well pick "quit", and the console is
/// then started again), no hang (it answers `?` at checkpoints), and the terminal restored at
/// the end. Seeded: WACON_MONKEY_SEED replays a failure; the seed is in every message.
@Suite(.serialized, .timeLimit(.minutes(15))) struct ConsoleMonkeyTests {
    /// The same sequence on every machine for a seed.
    typealias Random = SeededRandom

    /// Named keys tmux can send. Quit and suspend keys are left out: the walk must keep the
    /// console in front (quitting through the palette still happens and is allowed).
    static let named = ["Enter", "Enter", "Tab", "Tab", "BTab", "Escape", "Up", "Down", "Down", "Left", "Right", "Home", "End",
                        "PPage", "NPage", "BSpace", "BSpace", "DC", "F1", "F5", "C-s", "C-p", "C-w", "C-u", "C-k", "C-a",
                        "C-e", "C-o", "C-d", "M-b", "M-f", "C-Left", "C-Right"]
    static let texts = ["a", "b", "x", "J", "K", "A", "g", "G", "r", "j", "k", "h", "l", "?", ":", "/", "+", "-", "y", "Y", "T", "I",
                        "1", "5", " ", "é", "😀", "👨‍👩‍👧", "🇿🇦", "中文", "שלום", "مرحبا", "e\u{301}", "{\"a\": 1}", "+27 82 555 0100"]

    static func pasteText(_ r: inout Random, length: Int) -> String {
        let pieces = ["Hello ", "wörld ", "中文字 ", "😀", "שלום ", "\n", "\t", "{\"type\":\"text\"}", "curl -X POST https://graph.facebook.com/v23.0/1/messages ", "'", "\"", "\\"]
        var s = ""
        while s.utf8.count < length { s += r.pick(pieces) }
        return s
    }

    /// The compose screen with nothing over it: its key line, and no help or confirmation box.
    static func isCompose(_ screen: String) -> Bool {
        screen.contains("? help  q quit") && !screen.contains("any key closes this") && !screen.contains("any other key cancels")
    }

    @Test func twentyThousandRandomKeysPastesAndResizes() throws {
        let seed = ProcessInfo.processInfo.environment["WACON_MONKEY_SEED"].flatMap { UInt64($0) } ?? 20_261_121
        var rng = Random(seed: seed)
        let t = ConsoleE2ETests.Tmux()
        defer { t.kill() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-monkey-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let exits = dir + "/exits", stop = dir + "/stop", modes = dir + "/modes"
        // The console again after each clean quit, until told to stop; then the terminal modes.
        let loop = "cd '\(dir)'; while [ ! -e '\(stop)' ]; do XDG_DATA_HOME='\(t.data)' XDG_CONFIG_HOME=/nonexistent WACON_LOOPBACK_ONLY=1 "
            + "TERM=xterm-256color '\(waconBinary.path)'; echo $? >> '\(exits)'; done; stty -a > '\(modes)'; sleep 60"
        try t.run(["new-session", "-d", "-x", "120", "-y", "40", loop], capture: false)
        _ = try t.wait(for: "first frame (seed \(seed))") { $0.contains("Preview") }

        /// Waits until the screen stops changing (the console has worked through the keys sent
        /// so far: a debug build is slower than tmux types).
        func settle(_ what: String) throws {
            var last = "", same = 0
            _ = try t.wait(for: "\(what) (seed \(seed))", timeout: .seconds(60)) { screen in
                same = screen == last ? same + 1 : 0
                last = screen
                return same >= 6
            }
        }

        /// Esc, one at a time, until the compose screen is back with nothing over it.
        func backToCompose(_ what: String) throws {
            for _ in 0..<12 {
                try settle(what)
                if Self.isCompose(try t.screen()) { return }
                try t.keys("Escape")
            }
            Issue.record("no compose screen after Esc ×12: \(what) (seed \(seed))\n\(try t.screen())")
        }

        /// The console answers: whatever state the walk left, Esc backs out and `?` shows the keys.
        func checkResponsive(_ at: Int) throws {
            try t.resize(120, 40)
            try backToCompose("the compose screen after \(at) keys")
            try t.type("?")
            _ = try t.wait(for: "help after \(at) keys (seed \(seed))", timeout: .seconds(20)) { $0.contains("any key closes this") }
            try t.keys("Escape")
        }

        var sent = 0
        var batch: [String] = []
        func flush() throws {
            guard !batch.isEmpty else { return }
            try t.run(["send-keys", "-t", "0"] + batch)
            batch = []
        }
        while sent < 20_000 {
            let roll = rng.below(1000)
            if roll < 4 {
                try flush()
                // A resize, now and then below the 20×6 minimum.
                try t.resize(10 + rng.below(190), 3 + rng.below(57))
            } else if roll < 8 {
                try flush()
                // A bracketed paste, up to 10 KB.
                let text = Self.pasteText(&rng, length: rng.below(4) == 0 ? 10_240 : 1 + rng.below(300))
                try t.run(["set-buffer", "-b", "monkey", text])
                try t.run(["paste-buffer", "-p", "-d", "-b", "monkey", "-t", "0"])
            } else if roll < 500 {
                try flush()
                try t.type(rng.pick(Self.texts))
            } else {
                batch.append(rng.pick(Self.named))
                if batch.count >= 25 { try flush() }
            }
            sent += 1
            if sent % 5_000 == 0 { try flush(); try checkResponsive(sent) }
        }
        try flush()
        try checkResponsive(sent)
        // Stop: leave any field or overlay, quit, and let the loop end.
        FileManager.default.createFile(atPath: stop, contents: nil)
        // q on its own once the compose screen is back (Esc then q at once reads as Alt-q).
        try backToCompose("the compose screen at the end")
        try t.type("q")
        // Unsent changes (kept as the draft) make q ask first.
        let asked = try t.wait(for: "the quit question or the end (seed \(seed))", timeout: .seconds(20)) {
            $0.contains("Quit wacon?") || FileManager.default.fileExists(atPath: modes)
        }
        if asked.contains("Quit wacon?") { try t.type("y") }
        let clock = ContinuousClock()
        let end = clock.now + .seconds(20)
        while clock.now < end, !FileManager.default.fileExists(atPath: modes) { Thread.sleep(forTimeInterval: 0.05) }
        let codes = ((try? String(contentsOfFile: exits, encoding: .utf8)) ?? "").split(separator: "\n")
        #expect(!codes.isEmpty, "the console never ended (seed \(seed))")
        #expect(codes.allSatisfy { $0 == "0" }, "every exit is a clean quit, not a crash: \(codes) (seed \(seed))")
        let stty = (try? String(contentsOfFile: modes, encoding: .utf8)) ?? ""
        let flags = Set(stty.split { $0 == " " || $0 == ";" || $0 == "\n" }.map(String.init))
        #expect(flags.contains("icanon") && flags.contains("echo"), "the terminal is back in cooked mode with echo (seed \(seed)): \(stty)")
    }
}
