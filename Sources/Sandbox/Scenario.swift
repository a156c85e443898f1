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
        /// A Kaleyra catalogue entry (Kaleyra requests only).
        case kaleyraError(CatalogueEntry)
        /// A documented (or plausible) failure of one vendor: status and body.
        case vendorFailure(GatewayID, status: Int, body: String)
        case fault(Fault)
        /// Accepted with a 200, then a `failed` status carrying this Meta code.
        case failedAfterAccept(CatalogueEntry)
        /// Accepted; every status callback is delivered twice.
        case duplicateStatuses
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

    /// Which gateways the scenario applies to (nil: all).
    public var gateways: Set<GatewayID>? {
        switch behavior {
        case .kaleyraError: return [.kaleyra]
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
            let code = String(repeating: "0", count: max(0, 6 - e.code.count)) + e.code
            out.append(Scenario(name: "meta-\(e.code)", summary: "Meta \(e.code) \(e.title)", magicNumber: "+15550\(code)", behavior: .metaError(e)))
        }
        // Kaleyra: its catalogue. +1 555 1 00000n.
        for (i, e) in KaleyraErrorCatalogue.entries.enumerated() {
            out.append(Scenario(name: "kaleyra-\(e.code)", summary: "Kaleyra \(e.code) \(e.title)", magicNumber: "+15551" + pad(i + 1), behavior: .kaleyraError(e)))
        }
        // The second WA-401 body of Kaleyra's seed (phone number on another API version).
        out.append(Scenario(name: "kaleyra-WA-401-version", summary: "Kaleyra WA-401 number on another WA API version", magicNumber: "+15551" + pad(50),
                            behavior: .vendorFailure(.kaleyra, status: 401, body: VendorReplies.kaleyraWA401Version)))
        // Other vendors' failures. +1 555 2 00000n.
        let vendor: [(String, String, GatewayID, Int, String)] = [
            ("flowiq-missing-field", "FlowIQ 400 Missing required field (documented)", .flowiq, 400,
             #"{"error":"Missing required field","message":"interactive.body and interactive.buttons are required for button messages"}"#),
            ("flowiq-contact-not-found", "FlowIQ 404 recipient is not a contact (plausible)", .flowiq, 404,
             #"{"error":"Contact not found","message":"The recipient must exist as a contact in this organization"}"#),
            ("flowiq-unauthorized", "FlowIQ 401 invalid key (plausible)", .flowiq, 401, VendorReplies.unauthorizedBody(.flowiq)),
            ("zixflow-failed", "Zixflow success:false (documented shape)", .zixflow, 400,
             #"{"success":false,"message":"Invalid phone_id: the WhatsApp account is not connected"}"#),
            ("zixflow-unauthorized", "Zixflow 401 invalid key (plausible)", .zixflow, 401, VendorReplies.unauthorizedBody(.zixflow)),
            ("botika-failed", "Botika 400 failure (plausible)", .botika, 400,
             #"{"data":{"status":"failed","message":"Flow not found or not published"}}"#),
            ("botika-unauthorized", "Botika 401 invalid token (plausible)", .botika, 401, VendorReplies.unauthorizedBody(.botika)),
        ]
        for (i, v) in vendor.enumerated() {
            out.append(Scenario(name: v.0, summary: v.1, magicNumber: "+15552" + pad(i + 1), behavior: .vendorFailure(v.2, status: v.3, body: v.4)))
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
            out.append(Scenario(name: f.0, summary: f.1, magicNumber: "+15559" + pad(i + 1), behavior: .fault(f.2)))
        }
        // Delivery stories. +1 555 8 00000n.
        if let e = MetaErrorCatalogue.entry(code: 131047) {
            out.append(Scenario(name: "failed-after-accept-131047", summary: "200, then a failed status with 131047", magicNumber: "+15558" + pad(1), behavior: .failedAfterAccept(e)))
        }
        if let e = MetaErrorCatalogue.entry(code: 131026) {
            out.append(Scenario(name: "failed-after-accept-131026", summary: "200, then a failed status with 131026", magicNumber: "+15558" + pad(2), behavior: .failedAfterAccept(e)))
        }
        out.append(Scenario(name: "duplicate-statuses", summary: "every status callback delivered twice", magicNumber: "+15558" + pad(3), behavior: .duplicateStatuses))
        return out
    }()

    static func pad(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 6 - s.count)) + s
    }

    /// A scenario by name; a bare code (`131047`, `E110`) finds its catalogue scenario.
    public static func named(_ name: String) -> Scenario? {
        all.first { $0.name == name } ?? all.first { $0.name == "meta-\(name)" } ?? all.first { $0.name == "kaleyra-\(name)" }
    }

    /// The scenario a recipient number triggers, if any.
    public static func forRecipient(_ to: String) -> Scenario? {
        guard case .success(let p) = PhoneNumber.parse(to), p.digits.hasPrefix("1555") else { return nil }
        return all.first { $0.magicNumber == p.e164 }
    }
}
