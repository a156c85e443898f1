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
