#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// The shared first step of every `decode`: is the body JSON at all? Vendors answer with HTML
/// error pages from proxies, empty bodies and cut-off JSON; those become `.unexpected` outcomes
/// carrying the raw bytes, never a crash.
enum ResponseReading {
    enum Body {
        case json(JSONValue, notes: [String])
        case unreadable(UnexpectedResponse)
    }

    static func read(_ response: WireResponse) -> Body {
        let fallback = classify(status: response.status, response: response)
        func unreadable(_ reason: String) -> Body {
            .unreadable(UnexpectedResponse(httpStatus: response.status, reason: reason, category: fallback.category, retry: fallback.retry, rawBody: response.body))
        }
        let firstByte = response.body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        guard let firstByte else { return unreadable("empty body") }
        let contentType = response.header("Content-Type")?.lowercased() ?? ""
        if firstByte == UInt8(ascii: "<") || contentType.contains("text/html") {
            return unreadable("not JSON: an HTML page\(contentType.isEmpty ? "" : " (\(contentType))")")
        }
        do {
            return .json(try JSONParser.parse(response.body), notes: [])
        } catch {
            // Vendors' own documented samples sometimes miss commas; read those, and say so.
            if let v = try? JSONParser.parse(response.body, lenient: true) {
                return .json(v, notes: ["the body is not strict JSON (\(error.reason) at line \(error.line), column \(error.column)); read leniently"])
            }
            return unreadable("not valid JSON: \(error)")
        }
    }

    /// Reads the body as JSON and hands it (with any notes) to `decode`; an unreadable body is an
    /// `.unexpected` outcome without calling it. Every gateway's `decode` starts here.
    static func decodeJSON(_ response: WireResponse, _ decode: (JSONValue, [String]) -> SendOutcome) -> SendOutcome {
        switch read(response) {
        case .unreadable(let u): return .unexpected(u)
        case .json(let v, let notes): return decode(v, notes)
        }
    }

    /// Category and retry hint from the HTTP status alone, for vendors without a code catalogue
    /// and for unreadable bodies.
    static func classify(status: Int, response: WireResponse) -> (category: OutcomeCategory, retry: RetryHint) {
        switch status {
        case 401: return (.auth, .refreshCredentials)
        case 402: return (.balance, .fixAccount)
        case 403: return (.permission, .fixAccount)
        case 408: return (.server, .backoff)
        case 429: return (.rateLimit, retryAfter(response).map { .after(seconds: $0) } ?? .backoff)
        case 400, 404, 409, 413, 415, 422: return (.validation, .fixRequest)
        case 500...599: return (.server, retryAfter(response).map { .after(seconds: $0) } ?? .backoff)
        default: return (.unknown, .doNotRetry)
        }
    }

    /// An HTTP date in any of the three forms a client must read: `Sun, 06 Nov 1994 08:49:37 GMT`
    /// (IMF-fixdate), `Sunday, 06-Nov-94 08:49:37 GMT` (RFC 850) and `Sun Nov  6 08:49:37 1994`
    /// (asctime). Names are read in any case, and the zone may be GMT, UTC or an offset.
    static func httpDate(_ text: String) -> Date? {
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        func month(_ name: Substring) -> Int? { months.firstIndex(of: name.lowercased()).map { $0 + 1 } }
        func clock(_ word: Substring) -> [Int]? {
            let parts = word.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == 3, parts.allSatisfy({ $0 != nil }) else { return nil }
            return parts.map { $0! }
        }
        /// Seconds east of UTC for `GMT`, `UTC`, `Z` or `+hhmm`.
        func zone(_ word: Substring) -> Int? {
            switch word.uppercased() {
            case "GMT", "UTC", "UT", "Z": return 0
            default:
                let b = Array(word.utf8)
                guard b.count == 5, b[0] == 0x2B || b[0] == 0x2D, let hhmm = Int(word.dropFirst()) else { return nil }
                return (b[0] == 0x2D ? -1 : 1) * (hhmm / 100 * 3600 + hhmm % 100 * 60)
            }
        }
        let words = text.split(separator: " ")
        var fields: (day: Int, month: Int, year: Int, time: [Int], offset: Int)?
        if words.count == 6, words[0].hasSuffix(","), let d = Int(words[1]), let m = month(words[2]), let y = Int(words[3]),
           let t = clock(words[4]), let z = zone(words[5]) {
            fields = (d, m, y, t, z)  // IMF-fixdate
        } else if words.count == 4, words[0].hasSuffix(","), let z = zone(words[3]), let t = clock(words[2]) {
            let date = words[1].split(separator: "-")
            if date.count == 3, let d = Int(date[0]), let m = month(date[1]), let yy = Int(date[2]) {
                // RFC 850's two-digit year: read as the nearest year not more than 50 years ahead.
                let y = date[2].count == 2 ? (yy + 2000 > WallClock.utc.fields(Date()).year + 50 ? yy + 1900 : yy + 2000) : yy
                fields = (d, m, y, t, z)
            }
        } else if words.count == 5, let m = month(words[1]), let d = Int(words[2]), let t = clock(words[3]), let y = Int(words[4]) {
            fields = (d, m, y, t, 0)  // asctime, always UTC
        }
        guard let f = fields else { return nil }
        return WallClock.offset(seconds: f.offset).date(.init(year: f.year, month: f.month, day: f.day, hour: f.time[0], minute: f.time[1], second: f.time[2]))
    }

    /// `Retry-After` in seconds (delta-seconds or an HTTP date).
    static func retryAfter(_ response: WireResponse) -> Int? {
        guard let v = response.header("Retry-After")?.trimmed else { return nil }
        if let s = Int(v) { return max(0, s) }
        guard let date = httpDate(v) else { return nil }
        return max(0, Int(date.timeIntervalSinceNow.rounded(.up)))
    }

    /// A rejection for a vendor without a code catalogue: category from the status, unless the
    /// message relays a Meta code as Meta writes it, "(#131047) …", which then decides.
    static func rejection(_ response: WireResponse, code: String?, message: String?, details: String? = nil, notes: [String]) -> SendOutcome {
        var (category, retry) = classify(status: response.status, response: response)
        var vendorCode = code
        var meaning: String?
        var details = details
        if let meta = message.flatMap(metaCode(in:)), let entry = MetaErrorCatalogue.entry(code: meta) {
            (category, retry, meaning) = (entry.category, entry.retry, entry.meaning)
            if let code { details = details ?? code }
            vendorCode = String(meta)
        }
        var r = Rejection(httpStatus: response.status, vendorCode: vendorCode, vendorMessage: message, details: details,
                          category: category, retry: retry, meaning: meaning, rawBody: response.body)
        r.notes = notes
        return .rejected(r)
    }

    /// The code of a message that starts like Meta's: "(#131047) Re-engagement message".
    static func metaCode(in message: String) -> Int? {
        guard message.hasPrefix("(#"), let close = message.firstIndex(of: ")") else { return nil }
        return Int(message[message.index(message.startIndex, offsetBy: 2)..<close])
    }

    /// A 2xx response whose JSON lacks what the vendor documents for success.
    static func missing(_ what: String, _ response: WireResponse) -> SendOutcome {
        .unexpected(UnexpectedResponse(httpStatus: response.status, reason: "a \(response.status) response without \(what)", category: .unknown,
                                       retry: .doNotRetry, rawBody: response.body))
    }

    /// Text of a JSON value for messages: strings as is, objects' string members joined.
    static func text(_ v: JSONValue?) -> String? {
        switch v {
        case .string(let s)?: return s
        case .object(let o)?:
            let parts = o.compactMap { (k, v) -> String? in v.stringValue.map { "\(k): \($0)" } }
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        case .array(let a)?:
            let parts = a.compactMap { text($0) }
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        case .number(let n)?: return n.literal
        default: return nil
        }
    }
}

extension String {
    /// `base` without a trailing slash, joined to `path`.
    func joiningPath(_ path: String) -> String {
        (hasSuffix("/") ? String(dropLast()) : self) + path
    }
}

/// Reads a vendor's flat request body (the inverse of an encoder).
struct BodyReader {
    let object: JSONObject

    init(_ body: JSONValue) throws(MessageDecodingError) {
        guard let o = body.objectValue else { throw MessageDecodingError(path: .root, reason: "expected an object, found \(body.typeName)") }
        object = o
    }

    func raw(_ key: String) -> JSONValue? { object[key] }

    mutating func string(_ key: String) throws(MessageDecodingError) -> String? {
        guard let v = object[key] else { return nil }
        guard let s = v.stringValue else { throw MessageDecodingError(path: FieldPath(key), reason: "expected a string, found \(v.typeName)") }
        return s
    }

    /// Members other than `known`: kept, so validation reports them.
    func unknown(besides known: Set<String>) -> JSONObject {
        JSONObject(object.members.filter { !known.contains($0.key) })
    }
}
