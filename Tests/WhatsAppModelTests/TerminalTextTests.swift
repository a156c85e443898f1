import Testing
@testable import WhatsAppModel

@Suite struct TerminalTextTests {
    @Test func controlsAndBidiOverridesBecomeVisibleEscapes() {
        let attack = "te\u{1B}]0;PWNED\u{07}\u{1B}[2Jxt"
        #expect(TerminalText.safe(attack) == "te\\u{1B}]0;PWNED\\u{7}\\u{1B}[2Jxt")
        #expect(TerminalText.safe("a\u{9B}31mb") == "a\\u{9B}31mb", "a C1 CSI")
        #expect(TerminalText.safe("x\u{202E}gnp.exe") == "x\\u{202E}gnp.exe")
        #expect(TerminalText.safe("del\u{7F}") == "del\\u{7F}")
        #expect(TerminalText.safe("nul\u{0}") == "nul\\u{0}")
    }

    @Test func blocksKeepLineBreaksLinesDoNot() {
        #expect(TerminalText.safe("one\ntwo\tthree\r\nfour") == "one\ntwo\tthree\r\nfour")
        #expect(TerminalText.safe("hidden\rshown") == "hidden\\u{D}shown", "a lone CR would overwrite the line")
        #expect(TerminalText.safe("one\ntwo\tthree", .line) == "one\\u{A}two\\u{9}three")
    }

    @Test func plainTextAndOtherScriptsPassUntouched() {
        for s in ["plain", "Zoë café — “quoted” ─┐", "مرحبا", "日本語 😀 👨‍👩‍👧", "₹ € £", ""] {
            #expect(TerminalText.safe(s) == s)
            #expect(TerminalText.safe(s, .line) == s)
        }
    }
}
