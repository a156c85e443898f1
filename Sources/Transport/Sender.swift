#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Providers
import WhatsAppModel

/// When and how often to send again. Retries happen only when asked for (`--retry N`), and only
/// for outcomes whose hint says a retry can help.
public struct RetryPolicy: Sendable, Hashable {
    public var maxRetries: Int
    /// The first backoff delay; doubled each time, with jitter.
    public var baseDelay: Duration
    /// A wait longer than this (a long Retry-After, Kaleyra's minutes-long schedule) is not
    /// waited out: the send stops and reports it.
    public var maxDelay: Duration

    public init(maxRetries: Int, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(60)) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public static let none = RetryPolicy(maxRetries: 0)

    /// The wait before attempt `n + 1` after an outcome with `hint`, or nil to stop.
    public func delay(after hint: RetryHint?, attempt n: Int) -> Duration? {
        guard n <= maxRetries, let hint, hint.isRetryable else { return nil }
        let wait: Duration
        switch hint {
        case .after(let seconds): wait = .seconds(seconds)
        case .backoff:
            let exp = baseDelay * (1 << min(n - 1, 16))
            wait = exp + exp * Double.random(in: 0..<0.25)
        default: return nil  // a schedule in minutes is for people, not for a waiting CLI
        }
        return wait <= maxDelay ? wait : nil
    }
}

/// The one way through for sending: validate, encode, send, decode, retry if asked.
public struct Sender: Sendable {
    public let transport: Transport

    public init(transport: Transport) { self.transport = transport }

    /// Sends `message`. Validation errors stop it before anything goes out (unless `force`).
    public func send(_ message: OutboundMessage, gateway: any Gateway, profile: Profile, options: VendorOptions = VendorOptions(),
                     retry: RetryPolicy = .none, extraHeaders: [WireHeader] = [], force: Bool = false) async -> SendReport {
        let prep = gateway.prepare(message, profile: profile, options: options)
        var report = SendReport(gateway: gateway.id, profile: profile.name, preparation: prep, attempts: [])
        guard var request = prep.request, force || !prep.findings.hasErrors else { return report }
        request.headers.append(contentsOf: extraHeaders)
        var n = 0
        while true {
            n += 1
            let attempt = await self.attempt(request, decode: gateway.decode)
            let outcome = attempt.outcome
            report.attempts.append(attempt)
            // After a timeout, a reset or a cancel the message may have gone: resending could
            // deliver it twice. Those are left to a person (check statuses, then `history replay`).
            if case .transportFailed(let f) = outcome, [.timeout, .connectionReset, .cancelled].contains(f.kind) { return report }
            guard let wait = retry.delay(after: outcome.retry, attempt: n) else { return report }
            try? await Task.sleep(for: wait)
        }
    }

    /// Marks a customer's message as read (and shows the typing indicator when asked): one
    /// request, no retry. Nothing is sent when the gateway has no read receipt, the id is empty
    /// or the profile is unusable; the findings say why.
    public func markRead(_ receipt: ReadReceipt, gateway: any Gateway, profile: Profile, extraHeaders: [WireHeader] = []) async -> SendReport {
        var findings = profile.findings()
        // The gateway's verdict on the receipt, as the sandbox gives it.
        if case .failure(let refusal) = ReadReceipt.read(receipt.json) { findings.insert(refusal.finding, at: 0) }
        let request = gateway.readReceiptRequest(receipt, profile: profile)
        if request == nil {
            findings.insert(Finding(.error, "status", .gatewayCapability, "\(gateway.displayName) has no read receipts (mark as read is Meta's)"), at: 0)
        }
        var report = SendReport(gateway: gateway.id, profile: profile.name, preparation: Preparation(findings: findings, request: request), attempts: [])
        guard var request, !findings.hasErrors else { return report }
        request.headers.append(contentsOf: extraHeaders)
        report.attempts.append(await attempt(request, decode: gateway.decodeReadReceipt))
        return report
    }

    /// One request and what its answer (or its failure) means.
    func attempt(_ request: WireRequest, decode: (WireResponse) -> SendOutcome) async -> SendAttempt {
        let exchange = await transport.send(request)
        switch exchange.result {
        case .success(let response): return SendAttempt(exchange: exchange, outcome: decode(response))
        case .failure(let failure): return SendAttempt(exchange: exchange, outcome: .transportFailed(failure))
        }
    }
}
