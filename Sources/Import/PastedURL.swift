#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers

/// A pasted URL in parts. Hand-split rather than `URLComponents`, which refuses the `<sid>`-style
/// placeholders documentation is full of; the import must get far enough to name them.
struct PastedURL {
    var scheme: String
    var host: String
    var port: String?
    var path: String
    var query: [(name: String, value: String)]

    /// scheme://host[:port], lowercased as HTTP compares them.
    var origin: String { scheme + "://" + host + (port.map { ":" + $0 } ?? "") }

    /// The path's segments, percent-decoded.
    var segments: [String] {
        path.split(separator: "/").map { PercentEncoding.decoded($0) ?? String($0) }
    }

    init(_ text: String, notes: inout [String]) throws(CurlImportError) {
        var rest = Substring(text)
        if let sep = rest.firstRange(of: "://") {
            scheme = rest[..<sep.lowerBound].lowercased()
            rest = rest[sep.upperBound...]
        } else {
            scheme = "http"
            notes.append("the URL has no scheme; curl assumes http://")
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        if let at = authority.lastIndex(of: "@") {
            // Never echo the credentials.
            throw .invalidURL(scheme + "://" + authority[authority.index(after: at)...] + rest,
                              reason: "it carries credentials (user:password@); the gateways take an API key or token header")
        }
        guard scheme == "https" || scheme == "http" else { throw .invalidURL(text, reason: "wacon imports http:// and https:// URLs") }
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            port = String(authority[authority.index(after: colon)...])
            authority = authority[..<colon]
        }
        host = authority.lowercased()
        guard !host.isEmpty else { throw .invalidURL(text, reason: "it has no host") }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }  // curl never sends a fragment
        let queryStart = rest.firstIndex(of: "?")
        let rawPath = queryStart.map { rest[..<$0] } ?? rest
        path = rawPath.isEmpty ? "/" : String(rawPath)
        query = []
        if let q = queryStart {
            for pair in rest[rest.index(after: q)...].split(separator: "&") where !pair.isEmpty {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = PercentEncoding.decoded(parts[0]) ?? String(parts[0])
                let value = parts.count > 1 ? PercentEncoding.decoded(parts[1]) ?? String(parts[1]) : ""
                query.append((name, value))
            }
        }
    }

    /// The URL as compared with the one wacon builds: scheme and host lowercased, fragment
    /// dropped, percent-escapes decoded (`%2B91…` and `+91…` reach the server as the same path).
    var normalised: String {
        let q = query.isEmpty ? "" : "?" + query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        return origin + (PercentEncoding.decoded(path) ?? path) + q
    }

    /// The normalised URL as printed: query names and values escaped again, so a value with a
    /// space or an `&` reads as what the server receives.
    var shown: String {
        let q = query.isEmpty ? "" : "?" + query.map { PercentEncoding.queryValue($0.name) + "=" + PercentEncoding.queryValue($0.value) }.joined(separator: "&")
        return origin + (PercentEncoding.decoded(path) ?? path) + q
    }
}
