import Foundation
import Testing

/// `scripts/install` with the debug binary (`--binary`, so no release build): the binary,
/// completions for bash, zsh and fish and the manual page land in the prefix and work.
@Suite(.serialized, .timeLimit(.minutes(2))) struct InstallTests {
    /// Runs a shell command line from the package root; standard output and error together.
    func shell(_ line: String) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", line]
        p.currentDirectoryURL = packageRoot
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @Test func installsTheBinaryCompletionsAndManualIntoThePrefix() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-install-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let run = try shell("scripts/install --binary \(quoted(waconBinary.path)) --prefix \(quoted(prefix))")
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("installed \(prefix)/bin/wacon"))

        let installed = prefix + "/bin/wacon"
        #expect(FileManager.default.isExecutableFile(atPath: installed))
        let version = try shell(quoted(installed) + " --version")
        #expect(version.status == 0 && version.output.hasPrefix("wacon "))
        // Stripped: no symbol table left.
        let symbols = try shell("nm \(quoted(installed)) 2>&1 | head -1")
        #expect(symbols.output.contains("no symbols"), "\(symbols.output)")

        // bash completes commands and an option's values.
        let bash = prefix + "/share/bash-completion/completions/wacon"
        func complete(_ words: [String]) throws -> String {
            let line = words.joined(separator: " ")
            let script = "source \(quoted(bash)); COMP_LINE=\(quoted(line)); COMP_POINT=${#COMP_LINE}; COMP_WORDS=(\(words.map(quoted).joined(separator: " "))); COMP_CWORD=\(words.count - 1); _wacon wacon \(quoted(words.last!)) \(quoted(words[words.count - 2])); echo \"${COMPREPLY[*]}\""
            return try shell(script).output
        }
        #expect(try complete(["wacon", "his"]).contains("history"))
        #expect(try complete(["wacon", "history", "list", "--gateway", "ka"]).contains("kaleyra"))
        #expect(try String(contentsOfFile: prefix + "/share/zsh/site-functions/_wacon", encoding: .utf8).hasPrefix("#compdef wacon"))
        #expect(try String(contentsOfFile: prefix + "/share/fish/vendor_completions.d/wacon.fish", encoding: .utf8).contains("complete -c 'wacon'"))

        // The manual: section 1, every command, and roff that renders without warnings.
        let page = prefix + "/share/man/man1/wacon.1"
        let man = try String(contentsOfFile: page, encoding: .utf8)
        #expect(man.hasPrefix(".TH WACON 1 "))
        for command in ["console [FILE]", "preview MESSAGE", "validate MESSAGE", "send MESSAGE", "history list", "history show ID", "history export IDS ...",
                        "sandbox", "gateways", "profiles", "import curl [FILE]", "flow lint FILE"] {
            #expect(man.contains(".SS \"wacon \(command)\""), "\(command)")
        }
        #expect(man.contains("\\fB\\-\\-recipients\\fR \\fIrecipients\\fR"), "options are listed")
        #expect(!man.contains(".SS \"wacon man"), "the hidden generator is not a documented command")
        let render = try shell("groff -man -Tutf8 -ww -z \(quoted(page))")
        #expect(render.status == 0 && render.output.isEmpty, "\(render.output)")
    }

    @Test func aWrongArgumentIsRefused() throws {
        let r = try shell("scripts/install --prefix")
        #expect(r.status == 2 && r.output.contains("--prefix needs a folder"))
        let bogus = try shell("scripts/install --bogus")
        #expect(bogus.status == 2 && bogus.output.contains("unknown argument"))
        let missing = try shell("scripts/install --binary /nonexistent/wacon --prefix /tmp/never")
        #expect(missing.status == 2 && missing.output.contains("not an executable file"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never/bin/wacon"))
    }
}
