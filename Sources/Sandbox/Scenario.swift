import Providers
import WhatsAppModel

/// A way to make the sandbox answer: a vendor error from a catalogue, a transport fault, or a
/// delivery-status story. Chosen by `wacon sandbox --scenario NAME`, the control endpoint, the
/// `X-Wacon-Scenario` request header, or a magic recipient number.
public struct Scenario: Sendable, Hashable {
    public let name: String
    public let summary: String
    /// A fictional NANP number (+1 555 …) that triggers this scenario when it is the recipient.
    public let magicNumber: String
    public let behavior: Behavior

    public enum Behavior: Sendable, Hashable {
        /// Meta's error object; other gateways answer in their own shape, carrying Meta's code.
        case metaError(CatalogueEntry)
        /// An entry of one gateway's own error catalogue (that gateway's requests only).
        case catalogueError(GatewayID, CatalogueEntry)
        /// A documented (or plausible) failure of one vendor: status and body.
        case vendorFailure(GatewayID, status: Int, body: String)
        case fault(Fault)
        /// Accepted with a 200, then a `failed` status carrying this Meta code.
        case failedAfterAccept(CatalogueEntry)
        /// Accepted; every status callback is delivered twice.
        case duplicateStatuses
        /// Accepted; the first status comes this long after the send, and each next one this
        /// long after the one before (a webhook queue backed up).
        case delayedStatuses(milliseconds: Int)
        /// Accepted; `read` arrives before `delivered` (webhooks are not ordered).
        case statusesOutOfOrder
        /// Accepted; this status (`delivered`) is never sent, the others are.
        case missingStatus(String)
        /// A customer's message (`/_sandbox/inbound`) is posted twice, the same body with the
        /// same wamid (webhooks are delivered at least once). A send is plainly accepted.
        case inboundTwice
    }

    public enum Fault: Sendable, Hashable {
        /// The response never comes (until the client gives up).
        case noResponse
        /// Headers and half the body, then the connection closes.
        case resetMidBody
        /// A proxy's HTML error page with this status.
        case html(Int)
        /// 429 with `Retry-After` in seconds.
        case rateLimited(retryAfter: Int)
        /// A normal success after this delay, in milliseconds.
        case slow(milliseconds: Int)
        /// 200 with cut-off JSON.
        case malformedJSON
        /// 200 with no body at all.
        case emptyBody
    }

    /// The error code of a catalogue scenario (`meta-131047`, `kaleyra-E110`).
    var catalogueCode: String? {
        switch behavior {
        case .metaError(let e), .catalogueError(_, let e): return e.code
        default: return nil
        }
    }

    /// Which gateways the scenario applies to (nil: all).
    public var gateways: Set<GatewayID>? {
        switch behavior {
        case .catalogueError(let g, _): return [g]
        case .vendorFailure(let g, _, _): return [g]
        default: return nil
        }
    }
}

/// Every scenario the sandbox knows, with its magic number.
public enum ScenarioCatalogue {
    public static let all: [Scenario] = {
        var out: [Scenario] = []
        // Meta: every catalogue code. Magic number +1 555 0 and the code in six digits.
        for e in MetaErrorCatalogue.entries {
            out.append(Scenario(name: "meta-\(e.code)", summary: "Meta \(e.code) \(e.title)", magicNumber: VendorScenario.magicNumber(series: 0, Int(e.code) ?? 0),
                                behavior: .metaError(e)))
        }
        // Each gateway's own: its catalogue codes (+1 555 1 …) and failures (+1 555 2 …), in
        // the order of their magic numbers.
        let own = GatewayID.allCases.flatMap { g in g.gateway.emulation.scenarios.map { (g, $0) } }.sorted { $0.1.magicNumber < $1.1.magicNumber }
        for (g, v) in own {
            let behavior: Scenario.Behavior
            switch v.answer {
            case .catalogueError(let e): behavior = .catalogueError(g, e)
            case .failure(let status, let body): behavior = .vendorFailure(g, status: status, body: body)
            }
            out.append(Scenario(name: v.name, summary: v.summary, magicNumber: v.magicNumber, behavior: behavior))
        }
        // Transport faults. +1 555 9 00000n.
        let faults: [(String, String, Scenario.Fault)] = [
            ("timeout", "no response until the client gives up", .noResponse),
            ("reset", "connection reset mid-body", .resetMidBody),
            ("http-500-html", "500 with an HTML page", .html(500)),
            ("http-502-html", "502 with an HTML page (a proxy)", .html(502)),
            ("http-503-html", "503 with an HTML page", .html(503)),
            ("rate-limit-429", "429 with Retry-After: 2", .rateLimited(retryAfter: 2)),
            ("slow", "success after 1.5 s", .slow(milliseconds: 1500)),
            ("malformed-json", "200 with cut-off JSON", .malformedJSON),
            ("empty-body", "200 with an empty body", .emptyBody),
        ]
        for (i, f) in faults.enumerated() {
            out.append(Scenario(name: f.0, summary: f.1, magicNumber: VendorScenario.magicNumber(series: 9, i + 1), behavior: .fault(f.2)))
        }
        // Delivery stories. +1 555 8 00000n.
        if let e = MetaErrorCatalogue.entry(code: 131047) {
            out.append(Scenario(name: "failed-after-accept-131047", summary: "200, then a failed status with 131047", magicNumber: VendorScenario.magicNumber(series: 8, 1), behavior: .failedAfterAccept(e)))
        }
        if let e = MetaErrorCatalogue.entry(code: 131026) {
            out.append(Scenario(name: "failed-after-accept-131026", summary: "200, then a failed status with 131026", magicNumber: VendorScenario.magicNumber(series: 8, 2), behavior: .failedAfterAccept(e)))
        }
        out.append(Scenario(name: "duplicate-statuses", summary: "every status callback delivered twice", magicNumber: VendorScenario.magicNumber(series: 8, 3), behavior: .duplicateStatuses))
        out.append(Scenario(name: "delayed-statuses", summary: "each status 2 s after the one before (the first 2 s after the send)",
                            magicNumber: VendorScenario.magicNumber(series: 8, 4), behavior: .delayedStatuses(milliseconds: delayedStatusMilliseconds)))
        out.append(Scenario(name: "out-of-order-statuses", summary: "read arrives before delivered", magicNumber: VendorScenario.magicNumber(series: 8, 5), behavior: .statusesOutOfOrder))
        out.append(Scenario(name: "missing-delivered", summary: "the delivered status never comes (sent, then read)", magicNumber: VendorScenario.magicNumber(series: 8, 6), behavior: .missingStatus("delivered")))
        out.append(Scenario(name: "inbound-twice", summary: "a customer's message (POST /_sandbox/inbound) is posted twice with the same wamid",
                            magicNumber: VendorScenario.magicNumber(series: 8, 7), behavior: .inboundTwice))
        return out
    }()

    /// The gap before and between statuses in `delayed-statuses`: far beyond the default
    /// status delay, short enough for a test to wait out.
    public static let delayedStatusMilliseconds = 2000

    /// A scenario by name; a bare code (`131047`, `E110`) finds its catalogue scenario, Meta's
    /// before a gateway's own.
    public static func named(_ name: String) -> Scenario? {
        all.first { $0.name == name } ?? all.first { $0.catalogueCode == name }
    }

    /// The scenario a recipient number triggers, if any.
    public static func forRecipient(_ to: String) -> Scenario? {
        guard case .success(let p) = PhoneNumber.parse(to), p.digits.hasPrefix("1555") else { return nil }
        return all.first { $0.magicNumber == p.e164 }
    }
}
