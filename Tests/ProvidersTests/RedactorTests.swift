import Foundation
import Testing
@testable import Providers
import WhatsAppModel

@Suite struct RedactorTests {
    let key = "zx/live+Key_0123456789"
    var redactor: Redactor { Redactor(secrets: [Secret(value: key, source: .inline("x"))]) }

    @Test func everyFormOfTheKeyIsMasked() {
        #expect(redactor.text("key=\(key)!") == "key=[redacted]!")
        #expect(redactor.text(#"{"k":"zx\/live+Key_0123456789"}"#) == #"{"k":"[redacted]"}"#, "JSON-escaped slash")
        #expect(redactor.text("q=zx%2Flive%2BKey%5F0123456789") == "q=[redacted]", "percent-encoded")
        #expect(redactor.text("nothing here") == "nothing here")
    }

    @Test func bodiesThatAreNotUTF8AreRedactedToo() {
        var body: [UInt8] = [0xFF, 0xFE, 0x00]
        body += Array(key.utf8)
        body += [0xC3]
        let out = redactor.bytes(body)
        #expect(out == [0xFF, 0xFE, 0x00] + Array("[redacted]".utf8) + [0xC3])
    }

    @Test func shortValuesAreNotTreatedAsKeys() {
        #expect(Redactor(secrets: [Secret(value: "abc", source: .inline("x"))]).text("abcabc") == "abcabc")
    }
}

/// An attacker's echoes: a server that answers with the key in every encoding it can think of.
/// Each must come out without the key, in any decoding of the output.
@Suite struct RedactorAttackTests {
    static let key = "EAAJhm3xQpZr0PsandboxLongToken7788"
    static let redactor = Redactor(secrets: [Secret(value: key, source: .env("META_TOKEN"))])

    /// The text must not hold the key, nor does any decoding of it (what `history show` prints).
    static func leaks(_ out: String) -> Bool {
        let decodings = [out, (try? JSONParser.parse("\"" + out.replacingOccurrences(of: "\"", with: "\\\"") + "\"").stringValue) ?? out,
                         out.removingPercentEncoding ?? out, out.replacingOccurrences(of: "\n", with: "")]
        return decodings.contains { $0.contains(key) || $0.contains(key.prefix(12)) }
    }

    @Test(arguments: [
        // The first six characters JSON-escaped (the reported attack), upper and lower hex.
        #"{"error":{"message":"Invalid OAuth access token: \u0045\u0041\u0041\u004a\u0068\u006dxQpZr0PsandboxLongToken7788"}}"#,
        #"{"error":"\u0045\u0041\u0041\u004A\u0068\u006D\u0078\u0051\u0070\u005A\u0072\u0030PsandboxLongToken7788"}"#,
        // Percent-encoded, and percent-encoding written inside a JSON escape.
        "token=%45%41%41%4A%68%6DxQpZr0PsandboxLongToken7788",
        #"{"u":"\u002545\u002541AJhm3xQpZr0PsandboxLongToken7788"}"#,
        // HTML character references, decimal and hexadecimal.
        "<p>&#69;&#65;&#x41;&#x4a;hm3xQpZr0PsandboxLongToken7788</p>",
        // Folded across lines, as a log or an email wraps it.
        "key: EAAJhm3xQpZr0Psand\nboxLongToken7788",
        "key: EAAJhm3xQpZr0Psand\\nboxLongToken7788",
        // Echoed in part: the first 12 characters, and a middle part.
        "your key EAAJhm3xQpZr… is invalid",
        "…ZrOPsandboxLong… unknown, xQpZr0PsandboxLongT…",
    ])
    func noEncodingHidesTheKey(_ body: String) {
        let out = Self.redactor.text(body)
        #expect(out.contains(Redactor.mask), "\(out)")
        #expect(!Self.leaks(out), "\(out)")
    }

    @Test func textAroundTheKeyStaysAsItWas() {
        let body = #"{"error":{"message":"(#190) Invalid token \u0045\u0041\u0041Jhm3xQpZr0PsandboxLongToken7788","code":190}}"#
        #expect(Self.redactor.text(body) == #"{"error":{"message":"(#190) Invalid token [redacted]","code":190}}"#)
    }

    @Test func unrelatedTextIsNotMasked() {
        for s in ["EAAJ is a common prefix", "sandbox tokens expire", #"{"a":"\u0041\u0042"}"#, "50%25 off &amp; more", String(repeating: "x", count: 10_000)] {
            #expect(Self.redactor.text(s) == s)
        }
    }

    @Test func aLongBodyFullOfEscapesIsRedactedWhereTheKeyIs() {
        let noise = String(repeating: #"\u0045\u0041 %45 &#69; "#, count: 20_000)
        let out = Self.redactor.text(noise + Self.key)
        #expect(out == noise + Redactor.mask)
    }
}
