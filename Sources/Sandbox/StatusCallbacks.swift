import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

/// Plans the status callbacks of an accepted send; each gateway's emulation writes them.
public enum StatusCallbacks {
    /// One planned callback: which status, after how long, with which errors.
    public struct Step: Sendable, Hashable {
        public var status: String
        public var after: Duration
        public var error: CatalogueEntry?
    }

    /// The statuses a send goes through: sent → delivered → read (those the gateway reports,
    /// each at its own time), or failed with the scenario's code; reactions only get `sent` (as
    /// on Meta).
    public static func plan(for accepted: AcceptedMessage, delay: Duration) -> [Step] {
        if case .failedAfterAccept(let e)? = accepted.scenario?.behavior {
            return [Step(status: "failed", after: delay, error: e)]
        }
        var delay = delay
        if case .delayedStatuses(let ms)? = accepted.scenario?.behavior { delay = .milliseconds(ms) }
        if accepted.message.kind == .reaction { return [Step(status: "sent", after: delay, error: nil)] }
        let reported = accepted.gateway.gateway.emulation.reportedStatuses
        var words = ["sent", "delivered", "read"].filter { reported.contains($0) }
        switch accepted.scenario?.behavior {
        case .statusesOutOfOrder?:
            // Read overtakes delivered; both still come, one step apart.
            if let d = words.firstIndex(of: "delivered"), let r = words.firstIndex(of: "read") { words.swapAt(d, r) }
        case .missingStatus(let lost)?:
            words.removeAll { $0 == lost }
        default:
            break
        }
        return words.enumerated().map { Step(status: $0.element, after: delay * ($0.offset + 1), error: nil) }
    }

    /// The callback body for one step, in the vendor's shape.
    public static func body(for accepted: AcceptedMessage, step: Step, at date: Date, profile: Profile) -> JSONValue {
        let status = EmulatedStatus(messageID: accepted.id, recipient: accepted.recipient, message: accepted.message,
                                    options: accepted.options, status: step.status, error: step.error, date: date)
        return accepted.gateway.gateway.emulation.statusCallback(status, account: profile)
    }
}

/// Meta's webhook signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`.
public enum WebhookSignature {
    public static func sign(_ body: [UInt8], secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + NumberText.hex(mac)
    }

    /// Checks a header against the raw bytes received (never a re-serialised body), in constant
    /// time. A missing or malformed header fails.
    public static func verify(_ body: [UInt8], header: String?, secret: String) -> Bool {
        guard let header, header.hasPrefix("sha256="), header.count == 7 + 64 else { return false }
        let expected = Array(sign(body, secret: secret).utf8)
        let given = Array(header.utf8)
        guard expected.count == given.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<expected.count { diff |= expected[i] ^ given[i] }
        return diff == 0
    }
}
