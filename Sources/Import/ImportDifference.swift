import Providers
import WhatsAppModel

/// One place where what wacon would send for the imported message and profile differs from
/// what the pasted command sends. Values of the secret header, and of headers wacon does not
/// know, are masked.
public struct ImportDifference: Sendable, Hashable, CustomStringConvertible {
    /// A part of the request: the method, the URL, one header (by name) or one place in the
    /// JSON body (as `JSONDiff` names it: `interactive.buttons[0].id`, `$` for the whole body).
    public enum Place: Sendable, Hashable, CustomStringConvertible {
        case method, url
        case header(String)
        case body(FieldPath)

        public var description: String {
            switch self {
            case .method: return "method"
            case .url: return "url"
            case .header(let name): return "header \(name)"
            case .body(let path): return "body \(path.display)"
            }
        }
    }

    /// Where the two requests differ.
    public var place: Place
    /// What the command sends there; nil when it sends nothing there. Body values are compact JSON.
    public var pasted: String?
    /// What wacon would send there; nil when it sends nothing there.
    public var wacon: String?

    /// A difference at `place`; nil on a side that sends nothing there.
    public init(_ place: Place, pasted: String?, wacon: String?) {
        self.place = place
        self.pasted = pasted
        self.wacon = wacon
    }

    /// `body text.body: the command sends "Hi"; wacon sends "Hello"`.
    public var description: String {
        let sent = pasted.map { "the command sends \($0)" } ?? "the command has none"
        let ours = wacon.map { "wacon sends \($0)" } ?? "wacon leaves it out"
        return "\(place): \(sent); \(ours)"
    }
}

extension CurlImport {
    /// Where `wire`, what wacon would send, differs from what the command sends: method, URL
    /// (normalised), headers by name and the body by JSON value. Headers the HTTP client sets
    /// itself become notes instead.
    static func differences(_ curl: CurlInvocation, _ url: PastedURL, _ body: JSONValue, _ wire: WireRequest,
                            secretInURL: String? = nil, notes: inout [String]) -> [ImportDifference] {
        var out: [ImportDifference] = []
        if curl.method != wire.method { out.append(ImportDifference(.method, pasted: curl.method, wacon: wire.method)) }
        var discard: [String] = []
        let ours = try? PastedURL(wire.url, notes: &discard)
        if url.normalised != ours?.normalised ?? wire.url {
            // A token that came in the query is masked like the secret header's value.
            var pasted = url.shown
            if let secretInURL, !secretInURL.isEmpty {
                let mask = Secret(value: secretInURL, source: .inline(secretInURL)).masked
                pasted = pasted.replacing(PercentEncoding.queryValue(secretInURL), with: mask).replacing(secretInURL, with: mask)
            }
            out.append(ImportDifference(.url, pasted: pasted, wacon: ours?.shown ?? wire.url))
        }

        // Headers: by name, case-insensitively, as HTTP compares them.
        func masked(_ value: String, secret: String?) -> String {
            guard let secret, !secret.isEmpty else { return Secret(value: value, source: .inline(value)).masked }
            return value.replacing(secret, with: Secret(value: secret, source: .inline(secret)).masked)
        }
        for h in wire.headers {
            let pasted = curl.header(h.name)?.value
            guard pasted != h.value else { continue }
            if let secret = h.secret {
                out.append(ImportDifference(.header(h.name), pasted: pasted.map { masked($0, secret: secret.value) }, wacon: masked(h.value, secret: secret.value)))
            } else {
                out.append(ImportDifference(.header(h.name), pasted: pasted, wacon: h.value))
            }
        }
        var seen: Set<String> = []
        for h in curl.headers where wire.header(h.name) == nil && seen.insert(h.name.lowercased()).inserted {
            if transportHeaders.contains(h.name.lowercased()) {
                notes.append("ignored the \(h.name) header: wacon's HTTP client sets its own")
            } else {
                // wacon does not know this header, so it cannot know whether the value is secret.
                out.append(ImportDifference(.header(h.name), pasted: masked(h.value, secret: nil), wacon: nil))
            }
        }
        // The body as JSON values: member order and number spelling are not differences.
        for change in JSONDiff(old: body, new: wire.bodyJSON).changes {
            out.append(ImportDifference(.body(change.path), pasted: change.oldJSON, wacon: change.newJSON))
        }
        return out
    }
}
