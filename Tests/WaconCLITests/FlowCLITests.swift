import Foundation
import Testing
import WhatsAppModel

/// `wacon flow lint` and `wacon flow screens` run as a user would, on the example Flows and on
/// broken ones.
@Suite struct FlowCLITests {
    /// A Flow with two errors and one warning, each on its own line:
    /// line 4 `SUCCESS` (reserved id), line 6 a 21-unit TextInput label, line 3 no title (warning).
    static let broken = """
        {"version": "7.3",
         "screens": [
          {"id": "SUCCESS", "terminal": true,
           "layout": {"type": "SingleColumnLayout", "children": [
            {"type": "TextInput", "name": "n",
             "label": "Your full name please"},
            {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}
           ]}}
         ]}
        """

    @Test func exampleFlowLintsCleanWithExitZero() throws {
        let r = try wacon(["flow", "lint", "examples/flows/appointment.json"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout == "0 errors, 0 warnings in 3 screens\n")
    }

    @Test func warningsAloneStillExitZero() throws {
        let r = try wacon(["flow", "lint", "examples/flows/feedback-survey.json"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("examples/flows/feedback-survey.json:2:14: warning: version: "))
        #expect(r.stdout.contains("[version-frozen]"))
        #expect(r.stdout.hasSuffix("0 errors, 1 warning in 2 screens\n"))
    }

    @Test func errorsPrintFileLineColumnAndExitOne() throws {
        let file = try tempFile(Self.broken, ext: "json")
        let r = try wacon(["flow", "lint", file])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(r.stdout)")
        // Sorted by position: the title warning points at the screen object (line 3).
        #expect(lines[0].hasPrefix("\(file):3:3: warning: screens[0].title: "))
        #expect(lines[0].hasSuffix("[missing-title]"))
        #expect(lines[1].hasPrefix("\(file):3:10: error: screens[0].id: SUCCESS is a reserved screen id"))
        #expect(lines[1].hasSuffix("[screen-id-reserved]"))
        #expect(lines[2] == "\(file):6:15: error: screens[0].layout.children[0].label: TextInput label is 1 over the limit of 20 characters (UTF-16 units) (limit 20, actual 21) [char-limit]")
        #expect(lines[3] == "2 errors, 1 warning in 1 screen")
    }

    @Test func jsonOutputParsesAndCountsMatch() throws {
        let file = try tempFile(Self.broken, ext: "json")
        let r = try wacon(["flow", "lint", file, "--json"])
        #expect(r.status == 1)
        let o = try JSONParser.parse(r.stdout)
        #expect(o["file"]?.stringValue == file)
        #expect(o["errors"]?.intValue == 2 && o["warnings"]?.intValue == 1)
        let findings = try #require(o["findings"]?.arrayValue)
        #expect(findings.count == 3)
        #expect(findings.filter { $0["severity"] == "error" }.count == 2)
        #expect(findings.map { $0["rule"]?.stringValue ?? "" } == ["missing-title", "screen-id-reserved", "char-limit"])
        let limit = findings[2]
        #expect(limit["line"]?.intValue == 6 && limit["column"]?.intValue == 15)
        #expect(limit["limit"] == "20" && limit["actual"] == "21")
    }

    @Test func allowVersionAcceptsANewerVersion() throws {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("examples/flows/appointment.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"version\": \"7.3\"", with: "\"version\": \"8.0\"")
        let file = try tempFile(text, ext: "json")
        let rejected = try wacon(["flow", "lint", file])
        #expect(rejected.status == 1)
        #expect(rejected.stdout.contains("[version]"))
        let accepted = try wacon(["flow", "lint", file, "--allow-version", "8.0"])
        #expect(accepted.status == 0, "\(accepted.stdout)")
    }

    @Test func invalidJSONIsExitTwoWithLineAndColumn() throws {
        let file = try tempFile("{\"version\": \"7.3\",\n  \"screens\": [,]}", ext: "json")
        let r = try wacon(["flow", "lint", file])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("\(file):2:15: not a valid Flow JSON document: "), "\(r.stderr)")
        let j = try wacon(["flow", "lint", file, "--json"])
        #expect(j.status == 2)
        let o = try JSONParser.parse(j.stdout)
        #expect(o["error"]?["line"]?.intValue == 2 && o["error"]?["column"]?.intValue == 15)
        let notObject = try wacon(["flow", "lint", try tempFile("[1, 2]", ext: "json")])
        #expect(notObject.status == 2)
        let missing = try wacon(["flow", "lint", "/nonexistent/flow.json"])
        #expect(missing.status == 2 && missing.stderr.contains("No such file or directory"), "the reason, not only that it failed")
    }

    @Test func lintReadsStandardInput() throws {
        let r = try wacon(["flow", "lint", "-"], stdin: Self.broken)
        #expect(r.status == 1)
        #expect(r.stdout.contains("-:6:15: error: "))
    }

    @Test func screensListsEntryRoutesAndInputs() throws {
        let r = try wacon(["flow", "screens", "examples/flows/appointment.json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("APPOINTMENT  \"Book a visit\"  [entry]"))
        #expect(r.stdout.contains("SUMMARY  \"Confirm\"  [terminal]"))
        #expect(r.stdout.contains("    customer_name: string = \"Thandi Mokoena\""))
        #expect(r.stdout.contains("    department: Dropdown"))
        #expect(r.stdout.contains("  routes  DETAILS"))
        #expect(r.stdout.contains("  action  navigate → SUMMARY (Footer)"))
        #expect(r.stdout.hasSuffix("terminal screens: SUMMARY\n"))
    }

    @Test func screensAsJSON() throws {
        let r = try wacon(["flow", "screens", "examples/flows/table-booking-endpoint.json", "--json"])
        #expect(r.status == 0)
        let o = try JSONParser.parse(r.stdout)
        #expect(o["entry"] == "TABLE" && o["endpoint"] == true && o["data_api_version"] == "3.0")
        #expect(o["terminal"] == ["CONFIRMED"])
        let screens = try #require(o["screens"]?.arrayValue)
        #expect(screens.map { $0["id"]?.stringValue ?? "" } == ["TABLE", "GUESTS", "CONFIRMED"])
        #expect(screens[0]["routes"] == ["GUESTS"] && screens[0]["entry"] == true)
        #expect(screens[1]["inputs"]?.arrayValue?.first == ["name": "party_size", "type": "TextInput"])
        #expect(screens[2]["success"] == true)
    }
}
