import Foundation
import Testing
import WhatsAppModel

/// `wacon test` with the real binary: the example suite, failures with their diff, data rows,
/// the reports checked against their schemas (JUnit's XSD with xmllint, the JSON report's
/// schema with Python's jsonschema, TAP 14's grammar), and the real-gateway guard.
@Suite(.serialized, .timeLimit(.minutes(5))) struct TestCommandTests {
    /// A folder of cases: one that passes, one that fails, one that cannot run, with text that
    /// needs escaping in every report (`&`, `<`, `#`, a quote).
    static func mixedSuite() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-mixed-\(UUID().uuidString)/a&b <suite>")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func write(_ name: String, _ json: String) throws { try Data(json.utf8).write(to: folder.appendingPathComponent(name)) }
        try write("1-pass #1.json", #"{"wacon": {"gateway": "kaleyra", "expect": {"given": {"scenario": "kaleyra-E110"}, "outcome": "rejected", "code": "E110"}}, "messaging_product": "whatsapp", "to": "+27825550100", "type": "text", "text": {"body": "hi"}}"#)
        try write("2-fail.json", #"{"wacon": {"gateway": "meta", "expect": {"outcome": "rejected", "code": "131026 \"<x>\""}}, "messaging_product": "whatsapp", "to": "+27825550100", "type": "text", "text": {"body": "hi"}}"#)
        try write("3-error.json", #"{"wacon": {"expect": {"outcome": "accepted"}}, "messaging_product": "whatsapp", "to": "+27825550100", "type": "text", "text": {"body": "hi"}"#)
        return folder.path
    }

    @Test func theExampleSuitePasses() throws {
        let r = try wacon(["test", "examples/suites"], killAfter: .seconds(120))
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let cases = r.stdout.split(separator: "\n").filter { $0.hasPrefix("✓") || $0.hasPrefix("✗") || $0.hasPrefix("!") }
        #expect(cases.count >= 16 && cases.allSatisfy { $0.hasPrefix("✓") }, "\(r.stdout)")
        for gateway in ["meta", "kaleyra", "flowiq", "zixflow", "botika"] {
            #expect(cases.contains { $0.contains("examples/suites/\(gateway)/") }, "no case for \(gateway)")
        }
        #expect(r.stdout.contains("passed in"), "\(r.stdout)")
        #expect(r.stdout.contains("history "), "each case links its history entry")
    }

    @Test func aFailureShowsWhatWasExpectedAndWhatCame() throws {
        let folder = try Self.mixedSuite()
        let r = try wacon(["test", folder], killAfter: .seconds(60))
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let fail = try #require(lines.firstIndex { $0.hasPrefix("✗") && $0.contains("2-fail.json") }, "\(r.stdout)")
        #expect(lines[fail + 1].trimmingCharacters(in: .whitespaces) == "outcome  - rejected")
        #expect(lines[fail + 2].trimmingCharacters(in: .whitespaces) == "+ accepted")
        #expect(lines[fail + 3].contains("code     - 131026"))
        #expect(lines.contains { $0.hasPrefix("! ") && $0.contains("3-error.json") && $0.contains("could not run") && $0.contains("not valid JSON") })
        #expect(lines.contains { $0.hasPrefix("✓") && $0.contains("1-pass") })
        #expect(r.stdout.contains("3 cases: 1 passed, 1 failed, 1 could not run"), "\(r.stdout)")
    }

    @Test func junitReportValidatesAgainstTheXSD() throws {
        let folder = try Self.mixedSuite()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-junit-\(UUID().uuidString).xml").path
        let r = try wacon(["test", folder, "--report", "junit", "--out", out], killAfter: .seconds(60))
        #expect(r.status == 1)
        let xml = try String(contentsOfFile: out, encoding: .utf8)
        #expect(xml.contains(#"tests="3" failures="1" errors="1""#), "\(xml)")
        #expect(xml.contains("&amp;b &lt;suite&gt;"), "names are escaped")
        #expect(xml.contains(#"<failure message="outcome: expected rejected, got accepted; code: expected 131026 &quot;&lt;x&gt;&quot;, got none" type="mismatch">"#), "\(xml)")
        let check = try run("/usr/bin/xmllint", ["--noout", "--schema", packageRoot.appendingPathComponent("docs/schemas/junit.xsd").path, out])
        #expect(check.status == 0, "xmllint: \(check.stderr)")
        // The schema is not a rubber stamp: a report without its required attributes fails it.
        let broken = try tempFile(xml.replacingOccurrences(of: #" classname=""#, with: #" class=""#), ext: "xml")
        #expect(try run("/usr/bin/xmllint", ["--noout", "--schema", packageRoot.appendingPathComponent("docs/schemas/junit.xsd").path, broken]).status != 0)
    }

    @Test func jsonReportValidatesAgainstItsSchema() throws {
        let folder = try Self.mixedSuite()
        let r = try wacon(["test", folder, "--report", "json"], killAfter: .seconds(60))
        #expect(r.status == 1)
        #expect(r.stderr.contains("✗"), "with the report on standard output, the lines go to standard error")
        let report = try tempFile(r.stdout, ext: "json")
        let schema = packageRoot.appendingPathComponent("docs/schemas/test-report.schema.json").path
        let script = "import json,sys,jsonschema; s=json.load(open(sys.argv[1])); jsonschema.Draft202012Validator.check_schema(s); jsonschema.Draft202012Validator(s).validate(json.load(open(sys.argv[2])))"
        let check = try run("/usr/bin/python3", ["-c", script, schema, report])
        #expect(check.status == 0, "jsonschema: \(check.stderr)")
        let json = try JSONParser.parse(r.stdout)
        #expect(json["summary"]?["failed"]?.intValue == 1 && json["summary"]?["errors"]?.intValue == 1)
        #expect(json["cases"]?.arrayValue?.map { $0["result"]?.stringValue ?? "" } == ["passed", "failed", "error"])
        // A report that breaks the contract fails the schema.
        let broken = try tempFile(r.stdout.replacingOccurrences(of: #""result": "failed""#, with: #""result": "broken""#), ext: "json")
        #expect(try run("/usr/bin/python3", ["-c", script, schema, broken]).status != 0)
    }

    @Test func tapReportFollowsTheGrammar() throws {
        let folder = try Self.mixedSuite()
        let r = try wacon(["test", folder, "--report", "tap"], killAfter: .seconds(60))
        #expect(r.status == 1)
        let problems = TAP14.check(r.stdout)
        #expect(problems.isEmpty, "\(problems)\n\(r.stdout)")
        #expect(r.stdout.contains(#"ok 1 - "#) && r.stdout.contains(##"1-pass \#1.json"##), "a # in a description is escaped")
        #expect(r.stdout.contains("not ok 2 - ") && r.stdout.contains("not ok 3 - "))
        // The checker is not a rubber stamp.
        #expect(!TAP14.check(r.stdout.replacingOccurrences(of: "1..3", with: "1..4")).isEmpty)
        #expect(!TAP14.check(r.stdout.replacingOccurrences(of: "  ...\n", with: "")).isEmpty)
        #expect(!TAP14.check(r.stdout.replacingOccurrences(of: ##"\#1.json"##, with: "#1.json")).isEmpty)
    }

    @Test func dataRowsEachRunAsACase() throws {
        let r = try wacon(["test", "examples/data/appointment-confirmation.json", "--data", "examples/data/appointments.csv", "-g", "meta", "-g", "kaleyra"],
                          killAfter: .seconds(60))
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        for row in 1...3 { for g in ["meta", "kaleyra"] { #expect(r.stdout.contains("appointment-confirmation.json [\(g)] #\(row)")) } }
        #expect(r.stdout.contains("6 cases: 6 passed"))
        let bad = try tempFile("to,name\n+27825550100\n", ext: "csv")
        let b = try wacon(["test", "examples/data/appointment-confirmation.json", "--data", bad], killAfter: .seconds(30))
        #expect(b.status == 2)
        #expect(b.stderr.contains("\(bad):2: 1 field, but the header names 2 columns"), "\(b.stderr)")
    }

    @Test func aRealGatewayIsNotReachedWithoutYes() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("wacon"), withIntermediateDirectories: true)
        let config = home.appendingPathComponent("wacon/config.toml").path
        try Data("[profiles.prod]\ngateway = \"meta\"\nphone_number_id = \"106540352242922\"\nsecret = \"env:WACON_TEST_TOKEN\"\n".utf8).write(to: URL(fileURLWithPath: config))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config)
        let data = tempDataHome()
        let r = try wacon(["test", "examples/suites/meta/text-delivered.json", "-p", "prod", "--config", config], env: ["XDG_DATA_HOME": data], killAfter: .seconds(30))
        #expect(r.status == 2)
        #expect(r.stderr.contains("1 case will send real messages through https://graph.facebook.com"), "\(r.stderr)")
        #expect(r.stderr.contains("--yes"))
        #expect(!FileManager.default.fileExists(atPath: data + "/wacon/history.sqlite"), "nothing was sent or recorded")
    }

    @Test func ctrlCStopsTheRunAndStillReports() throws {
        // Two cases: one quick, one waiting for a read that comes 6 s after the send.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wacon-stop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(#"{"wacon": {"expect": {"outcome": "accepted"}}, "messaging_product": "whatsapp", "to": "+27825550100", "type": "text", "text": {"body": "hi"}}"#.utf8)
            .write(to: folder.appendingPathComponent("a-quick.json"))
        try Data(#"{"wacon": {"expect": {"status": "read", "within": 60}}, "messaging_product": "whatsapp", "to": "+15558000004", "type": "text", "text": {"body": "hi"}}"#.utf8)
            .write(to: folder.appendingPathComponent("b-slow.json"))
        let report = folder.appendingPathComponent("report.json").path
        let data = tempDataHome()
        let (p, out) = try startWacon(["test", folder.path, "--jobs", "1", "--report", "json", "--out", report], dataHome: data)
        let pid = p.processIdentifier
        // The watchdog: a run that ignored the signal would wait its 60 s and fail the test.
        DispatchQueue.global().asyncAfter(deadline: .now() + 30) { if p.isRunning { kill(pid, SIGKILL) } }
        Thread.sleep(forTimeInterval: 2)
        kill(pid, SIGINT)
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 1, "\(text)\n\(errorText(of: p))")
        #expect(text.contains("✓ ") && text.contains("a-quick.json"), "\(text)")
        #expect(text.contains("! ") && text.contains("b-slow.json  could not run: stopped before it finished"), "\(text)")
        #expect(text.contains("2 cases: 1 passed, 1 could not run"), "\(text)")
        let json = try JSONParser.parse(String(contentsOfFile: report, encoding: .utf8))
        #expect(json["cases"]?.arrayValue?.map { $0["result"]?.stringValue ?? "" } == ["passed", "error"])
    }

    @Test func badOptionsAndPathsExitTwo() throws {
        #expect(try wacon(["test"]).status != 0)
        let missing = try wacon(["test", "no/such/folder"])
        #expect(missing.status == 2 && missing.stderr.contains("no/such/folder: no such file or folder"))
        let jobs = try wacon(["test", "examples/suites", "--jobs", "0"])
        #expect(jobs.status != 0 && jobs.stderr.contains("--jobs is 1 to 64"))
        let out = try wacon(["test", "examples/suites", "--out", "x.xml"])
        #expect(out.status != 0 && out.stderr.contains("--report"))
    }

    /// Runs a program and collects its output.
    func run(_ program: String, _ args: [String]) throws -> RunResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return RunResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}

/// TAP version 14's grammar, checked line by line: the version line first, one plan (first or
/// last), test points numbered from 1 in order and as many as the plan says, descriptions with
/// no unescaped `#` unless a directive follows, YAML blocks right after a test point, indented
/// two spaces, from `---` to `...`, whose scalars read as YAML (here: JSON strings, integers,
/// words); anything else is a comment or empty.
enum TAP14 {
    static func check(_ text: String) -> [String] {
        var problems: [String] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.first == "TAP version 14" else { return ["line 1 is not \"TAP version 14\""] }
        var plan: Int?
        var planLine = 0
        var points = 0
        var i = 1
        var lastWasPoint = false
        while i < lines.count {
            let line = lines[i]
            defer { i += 1 }
            if let m = line.wholeMatch(of: /1\.\.(\d+)( # .*)?/) {
                if plan != nil { problems.append("line \(i + 1): a second plan") }
                plan = Int(m.1)
                planLine = i
                lastWasPoint = false
                continue
            }
            if let m = line.wholeMatch(of: /(not )?ok(?: (\d+))?(?: -)?(?: (.*))?/) {
                points += 1
                if let n = m.2.flatMap({ Int($0) }), n != points { problems.append("line \(i + 1): test point \(n), expected \(points)") }
                if let d = m.3 {
                    // An unescaped # starts a directive, which must be SKIP or TODO.
                    var escaped = false
                    var directive: Substring?
                    for (k, c) in zip(d.indices, d) {
                        if escaped { escaped = false; continue }
                        if c == "\\" { escaped = true; continue }
                        if c == "#" { directive = d[d.index(after: k)...]; break }
                    }
                    if let directive, !directive.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("skip"),
                       !directive.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("todo") {
                        problems.append("line \(i + 1): an unescaped # that starts no SKIP or TODO directive")
                    }
                }
                lastWasPoint = true
                continue
            }
            if line == "  ---" {
                guard lastWasPoint else { problems.append("line \(i + 1): a YAML block not right after a test point"); continue }
                var closed = false
                i += 1
                while i < lines.count {
                    let y = lines[i]
                    if y == "  ..." { closed = true; break }
                    guard y.hasPrefix("  "), yamlLine(String(y.dropFirst(2))) else { problems.append("line \(i + 1): not a YAML line of the block: \(y)"); break }
                    i += 1
                }
                if !closed { problems.append("a YAML block that is not closed with \"  ...\"") }
                lastWasPoint = false
                continue
            }
            lastWasPoint = false
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("Bail out!") || line.hasPrefix("pragma ") { continue }
            problems.append("line \(i + 1): not TAP: \(line)")
        }
        guard let plan else { return problems + ["no plan"] }
        if planLine != 1 && planLine != lines.count - 1 - (lines.last?.hasPrefix("#") == true ? 1 : 0) {
            problems.append("the plan is neither first nor last")
        }
        if plan != points { problems.append("the plan says \(plan) tests, \(points) ran") }
        return problems
    }

    /// `key: scalar`, `key:`, `- key: scalar` at any indent, the scalar a JSON string, an
    /// integer or a plain word.
    static func yamlLine(_ line: String) -> Bool {
        guard let m = line.wholeMatch(of: /( *)(- )?([a-z_]+):(?: (.*))?/) else { return false }
        guard let value = m.4 else { return true }
        if value.wholeMatch(of: /-?\d+|[a-z]+/) != nil { return true }
        if value.hasPrefix("\""), case .string? = try? JSONParser.parse(String(value)) { return true }
        return false
    }
}
