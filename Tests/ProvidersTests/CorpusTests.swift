import Foundation
import Providers
import Testing
import WaconTestSupport
import WhatsAppModel

/// One documented valid request from `Tests/Corpus/` (see its README): a vendor's own example,
/// re-authored with realistic values.
struct CorpusExample: CustomTestStringConvertible, Sendable {
    let gateway: GatewayID
    let name: String
    let urlPath: String?
    let body: JSONValue
    var testDescription: String { "\(gateway)/\(name)" }

    /// Every file of the corpus, by gateway folder.
    static let all: [CorpusExample] = {
        let root = packageRoot.appendingPathComponent("Tests/Corpus")
        var out: [CorpusExample] = []
        // `meta-2026` holds Meta's examples of what the API took in 2025–2026 (user ids, Direct
        // Send, the marketing messages endpoint): Meta's like the rest.
        for (g, folder) in GatewayID.allCases.map({ ($0, $0.rawValue) }) + [(GatewayID.meta, "meta-2026")] {
            let dir = root.appendingPathComponent(folder)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            for name in names {
                let bytes = Array(FileManager.default.contents(atPath: dir.appendingPathComponent(name).path) ?? Data())
                guard let file = try? JSONParser.parse(bytes), let body = file["body"] else {
                    out.append(CorpusExample(gateway: g, name: folder + "/" + name + " (unreadable)", urlPath: nil, body: .null))
                    continue
                }
                out.append(CorpusExample(gateway: g, name: folder == g.rawValue ? name : folder + "/" + name, urlPath: file["url_path"]?.stringValue, body: body))
            }
        }
        return out
    }()

    /// The request path the gateway's reader is given: the file's own, or the gateway's endpoint.
    var path: String {
        if let urlPath { return urlPath }
        let endpoint = gateway.gateway.endpoint(profile: .builtIn(gateway))
        return URL(string: endpoint)?.path ?? endpoint
    }
}

/// The corpus of documented valid examples: each validates clean for its gateway (and for every
/// other gateway that can carry it) and comes back unchanged from `preview`, except where a
/// note says what wacon did. wacon must never be stricter than the vendor's own documentation.
@Suite struct CorpusTests {
    @Test func theCorpusIsThere() {
        #expect(CorpusExample.all.count >= 140)
        for g in GatewayID.allCases { #expect(CorpusExample.all.contains { $0.gateway == g }, "\(g) has examples") }
    }

    @Test(arguments: CorpusExample.all)
    func documentedExamplesValidateCleanAndRoundTrip(_ example: CorpusExample) throws {
        let gateway = example.gateway.gateway
        var profile = Profile.builtIn(example.gateway)
        // Zixflow's body names the sending account: a profile fact, as curl import takes it.
        if example.gateway == .zixflow { profile.phoneID = example.body["phone_id"]?.stringValue }
        let read = try gateway.read(body: example.body, path: example.path)
        let findings = gateway.messageFindings(read.message, profile: profile, options: read.options)
        #expect(findings.errors.isEmpty, "\(findings.errors)")
        // What preview shows is the documented body, but for what a note says wacon changed:
        // the validator's notes (in Meta's terms) or the reader's (in the vendor's).
        let sent = gateway.encode(read.message, profile: profile, options: read.options).bodyJSON
        var differences: [String] = []
        JSONDiff.paths(example.body, sent, into: &differences)
        let noted = findings.notes.map(\.path.description)
        let readNoted = read.notes.map(\.path.description)
        let silent = differences.filter { d in
            !noted.contains { Self.covers($0, d, gateway: example.gateway) } && !readNoted.contains { Self.covers($0, d) }
        }
        #expect(silent.isEmpty, "changed without a note: \(silent)")
    }

    /// Meta's examples validate clean through every reseller that can carry them too. A gateway
    /// whose shape cannot hold the message (a capability error: a full contact card for Botika,
    /// a positional template for Zixflow) does not carry it; any other error is wacon being
    /// stricter than the vendor.
    @Test(arguments: CorpusExample.all.filter { $0.gateway == .meta })
    func metaExamplesAreCleanWhereverTheyAreCarried(_ example: CorpusExample) throws {
        let message = try OutboundMessage(json: example.body)
        for g in GatewayID.allCases where g != .meta {
            let gateway = g.gateway
            let findings = gateway.messageFindings(message, profile: .builtIn(g), options: VendorOptions())
            guard !findings.contains(where: { $0.isError && $0.rule == .gatewayCapability }) else { continue }
            #expect(findings.errors.isEmpty, "\(g): \(findings.errors)")
        }
    }

    /// A note at `to` covers the recipient wherever the gateway puts it (Meta's paths sit under
    /// `messaging_object` in Kaleyra's body); a reader's note is at the request's own path.
    static func covers(_ notePath: String, _ difference: String, gateway: GatewayID? = nil) -> Bool {
        // FlowIQ's template route names the recipient whatsappNumber.
        if notePath == "to", gateway == .flowiq, difference == "whatsappNumber" { return true }
        let wire = gateway == .kaleyra ? "messaging_object." + notePath : notePath
        return difference == wire || difference.hasPrefix(wire + ".") || difference.hasPrefix(wire + "[")
    }
}

extension JSONDiff {
    /// The paths at which `a` and `b` differ (a member only one side has counts as a difference).
    static func paths(_ a: JSONValue, _ b: JSONValue, at path: FieldPath = .root, into out: inout [String]) {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            for (k, v) in x {
                if let w = y[k] { paths(v, w, at: path.key(k), into: &out) } else { out.append(path.key(k).description) }
            }
            for (k, _) in y where x[k] == nil { out.append(path.key(k).description) }
        case (.array(let x), .array(let y)) where x.count == y.count:
            for i in x.indices { paths(x[i], y[i], at: path.index(i), into: &out) }
        default:
            if a != b { out.append(path.display) }
        }
    }
}
