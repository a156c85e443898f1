#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import Providers
import WhatsAppModel

/// URL escaping and HTTP dates, written without Foundation's ICU-backed helpers.
@Suite struct PercentEncodingTests {
    @Test func unreservedCharactersStayEverythingElseIsEscaped() {
        #expect(PercentEncoding.unreservedOnly("order_update-v2.~") == "order_update-v2.~")
        #expect(PercentEncoding.unreservedOnly("a b/c?d&e=f") == "a%20b%2Fc%3Fd%26e%3Df")
        #expect(PercentEncoding.unreservedOnly("café") == "caf%C3%A9")
        #expect(PercentEncoding.unreservedOnly("") == "")
    }

    @Test func aQueryValueKeepsItsDelimitersButNotAmpersandEqualsOrPlus() {
        #expect(PercentEncoding.queryValue("acme:eu/1?x") == "acme:eu/1?x")
        #expect(PercentEncoding.queryValue("a&b=c+d e") == "a%26b%3Dc%2Bd%20e")
        #expect(PercentEncoding.queryValue("Ünïcode") == "%C3%9Cn%C3%AFcode")
    }

    @Test func decodingReadsEscapesBackAndRefusesBrokenOnes() {
        #expect(PercentEncoding.decoded("%2B27%20825") == "+27 825")
        #expect(PercentEncoding.decoded("caf%c3%A9") == "café")
        #expect(PercentEncoding.decoded("plain") == "plain")
        #expect(PercentEncoding.decoded("100%") == nil)
        #expect(PercentEncoding.decoded("%G1") == nil)
        #expect(PercentEncoding.decoded("%C3") == nil, "a lone UTF-8 lead byte is not text")
        for s in ["a b", "ü/?&=+", "emoji 🙂", ""] { #expect(PercentEncoding.decoded(PercentEncoding.unreservedOnly(s)) == s) }
    }

    @Test func retryAfterReadsSecondsAndHTTPDates() {
        #expect(ResponseReading.httpDate("Sun, 06 Nov 1994 08:49:37 GMT") == Date(timeIntervalSince1970: 784_111_777))
        #expect(ResponseReading.httpDate("Tue, 01 Dec 2026 00:00:00 GMT") == Date(timeIntervalSince1970: 1_796_083_200))
        // The obsolete forms a client must still read, names in any case, and an offset.
        #expect(ResponseReading.httpDate("Sunday, 06-Nov-94 08:49:37 GMT") == Date(timeIntervalSince1970: 784_111_777))
        #expect(ResponseReading.httpDate("Sun Nov  6 08:49:37 1994") == Date(timeIntervalSince1970: 784_111_777))
        #expect(ResponseReading.httpDate("sun, 06 nov 1994 08:49:37 gmt") == Date(timeIntervalSince1970: 784_111_777))
        #expect(ResponseReading.httpDate("Sun, 06 Nov 1994 10:49:37 +0200") == Date(timeIntervalSince1970: 784_111_777))
        #expect(ResponseReading.httpDate("Sun, 06 Nov 1994 08:49:37 +02") == nil)
        #expect(ResponseReading.httpDate("Sun, 06 Nov 1994 08:49:37") == nil)
        #expect(ResponseReading.httpDate("06 Nov 1994 08:49:37 GMT") == nil)
        #expect(ResponseReading.httpDate("Sun, 31 Feb 1994 08:49:37 GMT") == nil)
        #expect(ResponseReading.httpDate("Sun, 06 Nov 1994 08:49 GMT") == nil)
        #expect(ResponseReading.retryAfter(WireResponse(status: 429, headers: [("Retry-After", " 7 ")], body: [])) == 7)
        let soon = Date().addingTimeInterval(120)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let month: String = months[WallClock.utc.fields(soon).month - 1]
        let header: String = "Xyz, " + WallClock.utc.format(soon, "dd") + " " + month + " " + WallClock.utc.format(soon, "yyyy HH:mm:ss") + " GMT"
        let wait = ResponseReading.retryAfter(WireResponse(status: 503, headers: [("Retry-After", header)], body: []))
        #expect(wait.map { (118...121).contains($0) } == true, "\(header) → \(String(describing: wait))")
    }
}
