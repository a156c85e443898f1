#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

// Curl import: a developer pastes a curl command from a vendor's documentation and wacon turns it
// into its own terms (gateway, profile facts, canonical message, vendor options). Three layers,
// each a plain function over values:
//   1. `ShellWords` splits the paste into words as a POSIX shell would (no expansion).
//   2. `CurlInvocation` reads curl's options: method, URL, headers, body.
//   3. `CurlImport` detects the gateway from the URL, recovers the profile facts, reads the body
//      with the gateway's own `read(body:path:)`, then re-encodes the message and lists every
//      place where what wacon would send differs from what the command sends (`JSONDiff` for
//      the body).
// The gateways' endpoints, API hosts and auth headers are theirs (Providers); nothing here
// switches over gateways.

/// Imports a pasted curl command: the gateway from the URL, the profile facts from the URL,
/// headers and body, and the canonical message through the gateway's own `read`.
public enum CurlImport {
    /// The API hosts wacon recognises: every gateway's.
    public static var knownHosts: [GatewayHost] { GatewayRegistry.apiHosts }

    /// Hosts of a local wacon sandbox: the gateway is then found from the path.
    static let loopbackHosts: Set<String> = ["localhost", "127.0.0.1", "[::1]", "0.0.0.0"]

    /// The gateways with the longest endpoint paths first, so a path prefix cannot make one
    /// endpoint look like another.
    static let endpointOrder: [any Gateway] = GatewayRegistry.all.enumerated().sorted { a, b in
        let (x, y) = (segmentCount(a.element.endpointShape), segmentCount(b.element.endpointShape))
        return x != y ? x > y : a.offset < b.offset
    }.map(\.element)

    /// The segments of an endpoint's shape (the first, where it names several).
    static func segmentCount(_ shape: String) -> Int {
        (shape.components(separatedBy: " or ").first ?? shape).split(separator: "/").count
    }

    /// Headers the HTTP client sets on its own; a command that sets them does not change the message.
    static let transportHeaders: Set<String> = ["accept", "accept-encoding", "accept-language", "user-agent", "connection", "content-length", "host", "expect"]

    /// Imports the first command in `command`.
    ///
    /// - Parameter gateway: skips host detection, for a gateway behind a proxy or a custom base
    ///   URL: the URL's path must end in that gateway's endpoint, and what is before it becomes
    ///   the profile's base URL.
    public static func parse(_ command: String, gateway forced: GatewayID? = nil) throws(CurlImportError) -> ImportedRequest {
        let shell = try ShellWords.firstCommand(in: command)
        guard let first = shell.words.first else { throw .empty }
        let name = first.text.split(separator: "/").last.map(String.init) ?? first.text
        guard name == "curl" || name == "curl.exe" else { throw .notCurl(command: first.text, at: first.position) }
        var notes: [String] = []
        try checkRemainder(shell, notes: &notes)
        for r in shell.redirections { notes.append("ignored the redirection \(r): it does not change the request") }

        let curl = try CurlInvocation(shell.words.dropFirst())
        notes += curl.notes
        guard let urlWord = curl.url else { throw .missingURL }
        if urlWord.hasExpansion { notes.append("the URL uses shell variables ($…), which wacon does not expand") }
        let url = try PastedURL(urlWord.text, notes: &notes)

        // Gateway and the facts in the URL: the path's, the host's (a pod), the query's.
        let (gateway, match) = try detect(url, forced: forced)
        let g = gateway.gateway
        var facts = ImportedProfileFacts()
        facts.values = match.values
        if let host = knownHosts.first(where: { $0.host == url.host }), !host.values.isEmpty, match.prefixCount == 0, url.scheme == "https", url.port == nil {
            facts.values.merge(host.values)
        } else {
            let base = url.origin + url.segments.prefix(match.prefixCount).map { "/" + $0 }.joined()
            if base != g.defaultBaseURL { facts.baseURL = base }
        }
        for key in g.profileKeys {
            if case .query(let name)? = key.wirePlace { facts.values[key.name] = url.query.last { $0.name == name }?.value }
        }

        // The secret and the facts in headers, where the gateway's encoder puts them.
        let auth = g.authHeader
        var secret: SecretRef?
        var secretAsPasted: String?
        var secretIsVariable = false
        if let h = curl.header(auth.name) {
            facts.secretHeader = h.name
            var value = h.value
            if value.lowercased().hasPrefix(auth.prefix.lowercased()) {
                value = String(value.dropFirst(auth.prefix.count))
            } else if !auth.prefix.isEmpty {
                notes.append("the \(h.name) header does not start with \"\(auth.prefix)\"; wacon sends it with that prefix")
            }
            secretAsPasted = value
            if h.hasExpansion, let variable = shellVariable(value) {
                secret = .env(variable)
                secretIsVariable = true
            } else {
                secret = .inline(value)
                if looksLikePlaceholder(value) { notes.append("the secret in \(h.name) looks like a documentation placeholder; use the real key in the profile") }
            }
        }
        // Meta's Graph API also takes the token as `access_token` in the query.
        var secretInURL: String?
        if secret == nil, gateway == .meta, let token = url.query.last(where: { $0.name == "access_token" })?.value, !token.isEmpty {
            facts.secretHeader = auth.name
            secretAsPasted = token
            secretInURL = token
            if urlWord.hasExpansion, let variable = shellVariable(token) { secret = .env(variable) } else { secret = .inline(token) }
            notes.append("the token came in the URL (access_token); wacon sends it in the \(auth.name) header, where it stays out of server and proxy logs")
        }
        for key in g.profileKeys {
            if case .header(let name)? = key.wirePlace, let h = curl.header(name) { facts.values[key.name] = h.value }
        }
        for h in curl.headers where h.hasExpansion && !(secretIsVariable && h.name == facts.secretHeader) {
            notes.append("the \(h.name) header uses shell variables ($…), which wacon does not expand")
        }

        // The body, read by the gateway itself.
        guard let bodyText = curl.body else { throw .missingBody }
        if curl.bodyHasExpansion { notes.append("the body uses shell variables ($…), which wacon does not expand") }
        let body = try parseBody(bodyText, at: curl.bodyPosition ?? urlWord.position, notes: &notes)
        let read: ReadRequest
        do { read = try g.read(body: body, path: url.path) } catch { throw .unreadableBody(gateway: gateway, error) }
        // A body may carry profile values next to the message (Zixflow's phone id).
        for key in g.profileKeys {
            if case .bodyMember(let name)? = key.wirePlace { facts.values[key.name] = body[name]?.stringValue }
        }

        var imported = ImportedRequest(gateway: gateway, method: curl.method, url: Self.maskingToken(in: urlWord.text, secretInURL), facts: facts, secret: secret,
                                       message: read.message, options: read.options, notes: notes, differences: [], findings: [])
        // The secret exactly as pasted (a "${TOKEN}" stays as written), so the headers compare.
        let profile = imported.profile(named: "import", secret: secretAsPasted.map(SecretRef.inline))
        let wire = g.encode(read.message, profile: profile, options: read.options)
        imported.differences = differences(curl, url, body, wire, secretInURL: secretInURL, notes: &imported.notes)
        // What the gateway's reader filled in joins the verdict as notes, at the request's own paths.
        imported.findings = g.messageFindings(read.message, profile: profile, options: read.options) + read.notes
        return imported
    }

    /// Every curl command in a text such as a documentation page: each line whose first word is
    /// `curl`, through the end of that command. A command that cannot be split (an unclosed
    /// quote) runs to the next such line, so `parse` can report the problem.
    public static func commands(in text: String) -> [String] {
        var scanner = ShellScanner(text)
        var starts: [Int] = []
        var lineStart = 0
        for k in 0...scanner.s.count where k == scanner.s.count || scanner.s[k] == "\n" {
            var j = lineStart
            while j < k, ShellScanner.isBlank(scanner.s[j]) { j += 1 }
            if j + 1 < k, scanner.s[j] == "$", ShellScanner.isBlank(scanner.s[j + 1]) { j += 2 }
            if j + 4 <= k, String(String.UnicodeScalarView(scanner.s[j..<(j + 4)])) == "curl",
               j + 4 == k || ShellScanner.isBlank(scanner.s[j + 4]) || scanner.s[j + 4] == "\\" {
                starts.append(lineStart)
            }
            lineStart = k + 1
        }
        var out: [String] = []
        for (n, start) in starts.enumerated() {
            let limit = n + 1 < starts.count ? starts[n + 1] : scanner.s.count
            if start < scanner.i { continue }  // inside the previous command (a quoted body)
            scanner.i = start
            var end = limit
            if (try? scanner.command()) != nil {
                // Back over the terminator and trailing blanks.
                end = scanner.i
                while end > start, scanner.s[end - 1] == "\n" || ShellScanner.isBlank(scanner.s[end - 1]) || "|;&".unicodeScalars.contains(scanner.s[end - 1]) { end -= 1 }
            } else {
                scanner.i = limit
            }
            out.append(String(String.UnicodeScalarView(scanner.s[start..<end])))
        }
        return out
    }

    // MARK: Steps

    /// What follows the command: another command is ignored with a note, but a line that starts
    /// with an option is a continuation whose backslash was lost, and the import stops there.
    static func checkRemainder(_ shell: ShellCommand, notes: inout [String]) throws(CurlImportError) {
        guard let terminator = shell.terminator else { return }
        let lines = shell.remainder.split(separator: "\n", omittingEmptySubsequences: false)
        if terminator == "\n" {
            for (k, line) in lines.enumerated() {
                let t = line.trimmed
                if t.isEmpty { continue }
                if t.hasPrefix("-") { throw .missingLineContinuation(line: shell.remainderLine + k) }
                notes.append("ignored the text after the command, from line \(shell.remainderLine + k)")
                return
            }
        } else if let at = shell.terminatorPosition {
            notes.append("ignored everything after \(terminator) at \(at)")
        }
    }

    static func detect(_ url: PastedURL, forced: GatewayID?) throws(CurlImportError) -> (GatewayID, EndpointMatch) {
        let segments = url.segments
        if let forced {
            guard let m = forced.gateway.matchEndpoint(segments) else {
                throw .unexpectedPath(gateway: forced, path: url.path, expected: forced.gateway.endpointShape)
            }
            return (forced, m)
        }
        if let known = knownHosts.first(where: { $0.host == url.host }) {
            guard let m = known.gateway.gateway.matchEndpoint(segments), m.prefixCount == 0 else {
                throw .unexpectedPath(gateway: known.gateway, path: url.path, expected: known.gateway.gateway.endpointShape)
            }
            return (known.gateway, m)
        }
        guard loopbackHosts.contains(url.host) else { throw .unknownHost(url.host, known: knownHosts.map(\.host)) }
        for g in endpointOrder {
            if let m = g.matchEndpoint(segments) { return (g.id, m) }
        }
        throw .unknownEndpoint(path: url.path)
    }

    /// Strict JSON first; then without `#` and `//` comments and in the parser's lenient mode
    /// (missing commas), which vendors' own examples need. Either fallback is reported in a note.
    static func parseBody(_ text: String, at: SourcePosition, notes: inout [String]) throws(CurlImportError) -> JSONValue {
        let bytes = Array(text.utf8)
        let strictError: JSONParseError
        do { return try JSONParser.parse(bytes) } catch { strictError = error }
        let (cleaned, commentLines) = JSONComments.strip(bytes)
        let value: JSONValue
        do { value = try JSONParser.parse(cleaned, lenient: true) } catch { throw .bodyNotJSON(error, at: at) }
        var done: [String] = []
        if !commentLines.isEmpty {
            done.append("removed the comment(s) on body line(s) \(commentLines.map(String.init).joined(separator: ", "))")
        }
        if (try? JSONParser.parse(cleaned)) == nil { done.append("read it in lenient mode (missing commas between members)") }
        notes.append("the body is not valid JSON (body \(strictError)); wacon \(done.joined(separator: " and "))")
        return value
    }

    /// The URL as pasted with the value of its `access_token` masked (nil: unchanged).
    static func maskingToken(in url: String, _ token: String?) -> String {
        guard let token, let start = url.firstRange(of: "access_token=")?.upperBound else { return url }
        let end = url[start...].firstIndex(where: { $0 == "&" || $0 == "#" }) ?? url.endIndex
        return String(url[..<start]) + Secret(value: token, source: .inline(token)).masked + String(url[end...])
    }

    /// `$NAME` or `${NAME}`, the whole value: the secret comes from the environment.
    static func shellVariable(_ value: String) -> String? {
        var v = Substring(value)
        guard v.hasPrefix("$") else { return nil }
        v = v.dropFirst()
        if v.hasPrefix("{") && v.hasSuffix("}") { v = v.dropFirst().dropLast() }
        guard let first = v.first, first == "_" || first.isLetter,
              v.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }) else { return nil }
        return String(v)
    }

    /// `<token>`, `{{ API_TOKEN }}`, `fiq_YOUR_API_KEY`, `Axxxxxxxx…`: what documentation writes
    /// where a key goes.
    static func looksLikePlaceholder(_ value: String) -> Bool {
        value.isEmpty || value.contains("<") || value.contains("{{") || value.contains("YOUR")
            || value.lowercased().contains("xxxxx")
    }
}
