import Foundation
import Testing

/// Untrusted text never reaches the terminal raw: escape sequences in a message file, a Flow,
/// a pasted curl command come out as visible escapes on standard output and standard error.
@Suite struct TerminalSafetyCLITests {
    static let esc = "\u{1B}"
    static let bel = "\u{07}"

    static func clean(_ r: RunResult) -> Bool { !r.stdout.contains(esc) && !r.stderr.contains(esc) && !r.stdout.contains(bel) && !r.stderr.contains(bel) }

    @Test func aHostileTypeKeyAndRecipientAreShownEscaped() throws {
        let type = try wacon(["validate", "-"], stdin: #"{"messaging_product":"whatsapp","to":"+27123456789","type":"te\u001b]0;PWNED\u0007\u001b[2Jxt","te\u001b]0;PWNED\u0007xt":{}}"#)
        #expect(type.status == 2)
        #expect(Self.clean(type), "\(type.stderr.debugDescription)")
        #expect(type.stderr.contains("te\\u{1B}]0;PWNED\\u{7}\\u{1B}[2Jxt"))
        let key = try wacon(["validate", "-"], stdin: #"{"messaging_product":"whatsapp","to":"+27 82\u001b[31m 555 0100","type":"text","text":{"body":"hi","\u001b[2Jx":1}}"#)
        #expect(key.status == 1)
        #expect(Self.clean(key), "\(key.stdout.debugDescription)")
        #expect(key.stdout.contains("text.\\u{1B}[2Jx"))
        #expect(key.stdout.contains("\\u{1B}[31m"))
    }

    @Test func flowScreenIdsAndCurlURLsAreShownEscaped() throws {
        let flow = try tempFile(#"{"version":"7.3","screens":[{"id":"A\u001b]0;X\u0007","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}]}}]}"#, ext: "json")
        for args in [["flow", "screens", flow], ["flow", "lint", flow]] {
            let r = try wacon(args)
            #expect(Self.clean(r), "\(args): \(r.stdout.debugDescription)")
            #expect((r.stdout + r.stderr).contains("A\\u{1B}]0;X\\u{7}"), "\(args)")
        }
        let curl = try wacon(["import", "curl"], stdin: "curl 'https://evil\u{1B}]0;PWNED\u{07}.example/x' -d '{}'")
        #expect(curl.status == 2)
        #expect(Self.clean(curl), "\(curl.stderr.debugDescription)")
        #expect(curl.stderr.contains("\\u{1B}]0;pwned\\u{7}"), "\(curl.stderr)")
    }
}
