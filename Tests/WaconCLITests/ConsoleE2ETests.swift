import Foundation
import Testing
import WhatsAppModel

/// The console in a real terminal: tmux runs the real binary; keys go in with send-keys and
/// the screen comes back with capture-pane. Each test has its own tmux server and history.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ConsoleE2ETests {
    final class Tmux {
        let socket = "wacon-test-\(UUID().uuidString.prefix(8))"
        let data = tempDataHome()

        /// Runs tmux through the shell (`system`): its forking server must not hold our pipes,
        /// and Foundation's Process does not reap the client here.
        @discardableResult
        func run(_ args: [String], capture: Bool = true) throws -> String {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString).out").path
            let quoted = (["/usr/bin/tmux", "-L", socket] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            let status = system(quoted.joined(separator: " ") + " >'\(out)' 2>/dev/null </dev/null")
            defer { try? FileManager.default.removeItem(atPath: out) }
            guard status == 0 || !capture else { return "" }
            return capture ? ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "") : ""
        }

        func start(width: Int = 120, height: Int = 40, term: String = "xterm-256color", args: [String] = []) throws {
            let words = args.map { " '" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined()
            let cmd = "cd '\(packageRoot.path)' && XDG_DATA_HOME='\(data)' XDG_CONFIG_HOME=/nonexistent WACON_LOOPBACK_ONLY=1 TERM=\(term) '\(waconBinary.path)'\(words); echo EXITED $?; sleep 30"
            try run(["new-session", "-d", "-x", String(width), "-y", String(height), cmd], capture: false)
        }

        func keys(_ k: String...) throws { try run(["send-keys", "-t", "0"] + k) }
        func type(_ text: String) throws { try run(["send-keys", "-t", "0", "-l", text]) }
        func screen() throws -> String { try run(["capture-pane", "-t", "0", "-p"]) }

        /// Polls the screen until `predicate` holds (never a fixed sleep), up to `timeout`.
        func wait(for what: String, timeout: Duration = .seconds(15), _ predicate: (String) -> Bool) throws -> String {
            let clock = ContinuousClock()
            let end = clock.now + timeout
            var last = ""
            while clock.now < end {
                last = try screen()
                if predicate(last) { return last }
                Thread.sleep(forTimeInterval: 0.05)
            }
            Issue.record("timed out waiting for \(what); screen:\n\(last)")
            return last
        }

        /// Starts an interactive shell (job control, for Ctrl-Z) and runs the console in it,
        /// with `config` as its config file if given.
        func startInShell(width: Int = 120, height: Int = 40, config: String? = nil) throws {
            try run(["new-session", "-d", "-x", String(width), "-y", String(height), "env PS1='$ ' bash --norc --noprofile -i"], capture: false)
            let options = config.map { " console --config '\($0)'" } ?? ""
            try type("cd '\(packageRoot.path)' && XDG_DATA_HOME='\(data)' XDG_CONFIG_HOME=/nonexistent WACON_LOOPBACK_ONLY=1 TERM=xterm-256color '\(waconBinary.path)'" + options)
            try keys("Enter")
        }

        /// Once the console has ended in the shell: its exit status and the shell's terminal
        /// modes (icanon and echo, or their absence), read with `stty`.
        func exitStatusAndModes() throws -> (status: String, modes: String) {
            try type("echo EXITED $?; stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo)' | tr '\\n' ' '; echo END")
            try keys("Enter")
            // The modes line is the one the command prints, not the command line itself.
            func modes(_ screen: String) -> String? { screen.split(separator: "\n").last { $0.hasSuffix(" END") && !$0.hasPrefix("$") }.map(String.init) }
            let after = try wait(for: "exit status and modes") { modes($0) != nil }
            let status = after.split(separator: "\n").last { $0.hasPrefix("EXITED ") }.map { String($0.dropFirst(7)) } ?? ""
            return (status, modes(after) ?? "")
        }

        /// A tmux format of the pane (`#{alternate_on}` is 1 while a program holds the alternate screen).
        func format(_ f: String) throws -> String { try run(["display-message", "-p", "-t", "0", f]).trimmingCharacters(in: .whitespacesAndNewlines) }

        func resize(_ width: Int, _ height: Int) throws { try run(["resize-window", "-t", "0", "-x", String(width), "-y", String(height)]) }

        func kill() { _ = try? run(["kill-server"], capture: false) }

        /// Waits for the send panel's "accepted ID" line and returns the id.
        func acceptedID() throws -> String {
            let screen = try wait(for: "accepted") { $0.contains(" accepted ") }
            let line = try #require(screen.split(separator: "\n").first { $0.contains(" accepted ") })
            return try #require(line.split(separator: " ").drop { $0 != "accepted" }.dropFirst().first).trimmingCharacters(in: .whitespaces)
        }
    }

    /// One entry, replayed from the CLI and from the console's history pane: the same session
    /// does the replay, so a reproduced vendor error (E110 through Kaleyra's sandbox) stays one.
    @Test func consoleAndCLIReplayGiveTheSameOutcome() throws {
        let t = Tmux()
        defer { t.kill() }
        let env = ["XDG_DATA_HOME": t.data]
        let first = try wacon(["send", "examples/text.json", "-g", "kaleyra", "--scenario", "E110", "--json"], env: env)
        #expect(first.status == 3)
        let id = try #require(try JSONParser.parse(first.stdout)["history_id"]?.intValue)
        let cli = try wacon(["history", "replay", String(id), "--json"], env: env)
        #expect(cli.status == 3)
        let replayed = try JSONParser.parse(cli.stdout)
        #expect(replayed["vendor_code"] == "E110", "\(cli.stdout)")
        // The console: H opens the history pane (newest first: the CLI's replay), ↓ to the
        // original entry, r replays it through its own gateway and profile.
        try t.start()
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        try t.keys("H")
        _ = try t.wait(for: "history rows") { $0.contains("#\(id)") }
        try t.keys("Down", "r")
        // The send panel's line (the pane's rows say "rejected E110 balance").
        let screen = try t.wait(for: "the replay's outcome") { $0.contains("rejected E110 · balance") }
        #expect(screen.contains("Preview · Kaleyra v2"), "opened into the form with the entry's gateway")
        let list = try wacon(["history", "list", "--json"], env: env)
        let entries = try #require(try JSONParser.parse(list.stdout).arrayValue)
        #expect(entries.count == 3)
        #expect(entries.allSatisfy { $0["vendor_code"] == "E110" && $0["scenario"] == "E110" }, "\(list.stdout)")
    }

    @Test func sendATextThroughAChosenGatewayAndReadTheAcceptedID() throws {
        let t = Tmux()
        defer { t.kill() }
        try t.start()
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        // Pick a gateway: Kaleyra.
        try t.keys("g")
        _ = try t.wait(for: "kaleyra") { $0.contains("Preview · Kaleyra v2") }
        // Recipient, then the text.
        try t.keys("Enter", "C-u")
        try t.type("+27 71 234 5678")
        try t.keys("Enter", "Tab", "Tab", "Enter", "C-u")
        try t.type("Your order #1234 has shipped 📦")
        try t.keys("Enter")
        _ = try t.wait(for: "preview of the text") { $0.contains("Your order #1234 has shipped") && $0.contains("\"to\": \"+27712345678\"") }
        try t.keys("C-s")
        let id = try t.acceptedID()
        #expect(id.hasPrefix("A") && id.count == 20, "a Kaleyra message id: \(id)")
        // The same send is in the history file.
        let history = try wacon(["history", "--json"], env: ["XDG_DATA_HOME": t.data])
        let entries = try JSONParser.parse(history.stdout)
        #expect(entries.arrayValue?.first?["message_id"]?.stringValue == id)
        #expect(entries.arrayValue?.first?["gateway"] == "kaleyra")
        // q quits and gives the terminal back.
        try t.keys("q")
        _ = try t.wait(for: "exit") { $0.contains("EXITED 0") }
    }

    /// `wacon console FILE` opens a draft saved with Ctrl-O: its message in the form, its
    /// gateway chosen.
    @Test func consoleFileOpensASavedDraft() throws {
        let file = try tempFile(SavedMessageCLITests.saved.replacingOccurrences(of: "Hello", with: "Saved draft body"), ext: "json")
        let t = Tmux()
        defer { t.kill() }
        try t.start(args: ["console", file])
        let screen = try t.wait(for: "the saved draft") { $0.contains("Preview · Kaleyra v2") && $0.contains("Saved draft body") }
        #expect(screen.contains("campaign-7"), "the saved vendor options are in the request")
        try t.keys("q")
        _ = try t.wait(for: "exit") { $0.contains("EXITED 0") }
    }

    @Test func reproduceAKaleyraE110AndReadCodeAndCategory() throws {
        let t = Tmux()
        defer { t.kill() }
        try t.start(width: 80, height: 24)
        _ = try t.wait(for: "first frame") { $0.contains("Preview") }
        try t.keys("g")
        _ = try t.wait(for: "kaleyra") { $0.contains("Kaleyra v2") }
        // The magic number for Kaleyra's E110 (see `wacon sandbox --list-scenarios`).
        try t.keys("Enter", "C-u")
        try t.type("+1 555 100 0005")
        try t.keys("Enter", "F5")
        let screen = try t.wait(for: "E110") { $0.contains("rejected E110") }
        #expect(screen.contains("rejected E110 · balance"))
        try t.keys("q")
        _ = try t.wait(for: "exit") { $0.contains("EXITED 0") }
    }

    /// Resize to any size (down to "too small" and back), Ctrl-Z and `fg`, then SIGTERM: the
    /// console redraws each time and the terminal comes back in its normal modes.
    @Test func resizeSuspendAndSIGTERMLeaveTheTerminalSound() throws {
        let t = Tmux()
        defer { t.kill() }
        try t.startInShell()
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        #expect(try t.format("#{alternate_on}") == "1")
        try t.resize(60, 20)
        let small = try t.wait(for: "60×20 layout") { s in
            let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
            return s.contains("Preview") && s.contains("─ Send ─") && lines.allSatisfy { $0.count <= 60 }
        }
        #expect(small.contains("Recipient"))
        try t.resize(19, 5)
        _ = try t.wait(for: "too small") { $0.hasPrefix("too small") }
        try t.resize(120, 40)
        _ = try t.wait(for: "full layout again") { $0.contains("Preview · Meta Cloud API") && $0.contains("profile meta") }
        // Ctrl-Z gives the shell back; `fg` redraws the whole screen.
        try t.keys("C-z")
        _ = try t.wait(for: "the shell after Ctrl-Z") { $0.contains("Stopped") }
        #expect(try t.format("#{alternate_on}") == "0", "suspended: the normal screen is back")
        try t.type("fg")
        try t.keys("Enter")
        _ = try t.wait(for: "redraw after fg") { $0.contains("Preview · Meta Cloud API") && $0.contains("─ Send ─") }
        try t.keys("g")
        _ = try t.wait(for: "keys work after fg") { $0.contains("Preview · Kaleyra v2") }
        // SIGTERM: the handler restores the terminal, then the default action ends the process.
        let shell = try t.format("#{pane_pid}")
        #expect(system("pkill -TERM -P \(shell) -x wacon") == 0)
        _ = try t.wait(for: "the shell after SIGTERM") { $0.contains("Terminated") }
        #expect(try t.format("#{alternate_on}") == "0")
        // `fg` returned the console's status; the terminal modes are the shell's again.
        let after = try t.exitStatusAndModes()
        #expect(after.status == "143")
        #expect(after.modes == "icanon echo END", "cooked mode and echo are back")
    }

    /// Ctrl-C leaves even when `[keys]` moved quit elsewhere or took its keys away, from the
    /// form and from a field being edited, and gives the terminal back in its normal modes.
    @Test(arguments: ["quit = \"ctrl-q\"", "quit = []"])
    func ctrlCLeavesWhateverTheKeymap(keys: String) throws {
        let t = Tmux()
        defer { t.kill() }
        let config = t.data + "/config.toml"
        try FileManager.default.createDirectory(atPath: t.data, withIntermediateDirectories: true)
        try ("[keys]\n" + keys + "\n").write(toFile: config, atomically: true, encoding: .utf8)
        try t.startInShell(config: config)
        let first = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        #expect(!first.contains("keys."), "the config reads without a problem:\n\(first)")
        #expect(try t.format("#{alternate_on}") == "1")
        // In a field being edited, where keys are text.
        try t.keys("Enter")
        _ = try t.wait(for: "editing the recipient") { $0.contains("Enter/Esc done") }
        try t.keys("C-c")
        _ = try t.wait(for: "the shell after Ctrl-C") { $0.split(separator: "\n").last?.hasPrefix("$") == true && !$0.contains("Preview") }
        #expect(try t.format("#{alternate_on}") == "0", "the normal screen is back")
        let after = try t.exitStatusAndModes()
        #expect(after.status == "0", "a clean quit")
        #expect(after.modes == "icanon echo END", "cooked mode and echo are back")
    }

    /// The terminals people have: 256-colour xterm, screen and tmux, the Linux console (8
    /// colours) and a vt100 (none). Each draws, takes wide text and quits cleanly.
    @Test(arguments: ["xterm-256color", "screen-256color", "tmux-256color", "linux", "vt100"])
    func everyCommonTERMDrawsAndQuits(term: String) throws {
        let t = Tmux()
        defer { t.kill() }
        try t.start(width: 100, height: 30, term: term)
        _ = try t.wait(for: "first frame under \(term)") { $0.contains("Preview · Meta Cloud API") }
        try t.keys("Tab", "Tab", "Enter", "C-u")
        try t.type("مرحبا שלום 你好 👋🏽")
        try t.keys("Enter")
        _ = try t.wait(for: "wide and right-to-left text under \(term)") { $0.contains("你好") && $0.contains("שלום") }
        // The text was not sent: q asks first.
        try t.keys("q")
        _ = try t.wait(for: "the quit question under \(term)") { $0.contains("Quit wacon?") }
        try t.keys("y")
        _ = try t.wait(for: "exit under \(term)") { $0.contains("EXITED 0") }
    }

    /// The terminal goes away under the console (an SSH drop, a closed window): the console
    /// ends instead of lingering or spinning on a dead terminal.
    @Test func aVanishedTerminalEndsTheConsole() throws {
        let t = Tmux()
        defer { t.kill() }
        try t.start()
        _ = try t.wait(for: "first frame") { $0.contains("Preview · Meta Cloud API") }
        let shell = try t.format("#{pane_pid}")
        // The console is the shell's child named wacon (from /proc: pid, comm, parent).
        let children = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        let console = try #require(children.compactMap(Int32.init).first { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
            let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
            return stat.contains("(wacon)") && fields.count > 1 && String(fields[1]) == shell
        })
        t.kill()
        let clock = ContinuousClock()
        let end = clock.now + .seconds(10)
        while clock.now < end, kill(console, 0) == 0 { Thread.sleep(forTimeInterval: 0.05) }
        #expect(kill(console, 0) != 0, "wacon (pid \(console)) still runs after its terminal closed")
    }
}
