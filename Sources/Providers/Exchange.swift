#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WhatsAppModel

/// One HTTP exchange as it happened: the request as sent, the response or why there is none,
/// and when things happened.
public struct WireExchange: Sendable {
    public var request: WireRequest
    /// The response, or the transport failure that stands in its place.
    public var result: Result<WireResponse, TransportFailure>
    public var startedAt: Date
    /// From sending to the response head.
    public var headersAfter: Duration?
    /// From sending to the last body byte (or the failure).
    public var total: Duration

    public init(request: WireRequest, result: Result<WireResponse, TransportFailure>, startedAt: Date, headersAfter: Duration?, total: Duration) {
        self.request = request
        self.result = result
        self.startedAt = startedAt
        self.headersAfter = headersAfter
        self.total = total
    }

    /// The response, when one came.
    public var response: WireResponse? { try? result.get() }

    /// Why no response came, if none did.
    public var failure: TransportFailure? {
        if case .failure(let f) = result { return f }
        return nil
    }
}

extension Duration {
    /// The duration in milliseconds, with fractions.
    public var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }

    /// The duration in seconds, with fractions.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// How wacon prints a duration: `12.3 ms`, or `30.0 s` from a second on.
    public var text: String { milliseconds >= 1000 ? NumberText.fixed(seconds, places: 1) + " s" : NumberText.fixed(milliseconds, places: 1) + " ms" }
}

/// One try: the exchange and what it came to.
public struct SendAttempt: Sendable {
    public var exchange: WireExchange
    public var outcome: SendOutcome

    public init(exchange: WireExchange, outcome: SendOutcome) {
        self.exchange = exchange
        self.outcome = outcome
    }
}

/// Everything about one send, from validation to the last attempt.
public struct SendReport: Sendable {
    public var gateway: GatewayID
    public var profile: String
    public var preparation: Preparation
    public var attempts: [SendAttempt]

    public init(gateway: GatewayID, profile: String, preparation: Preparation, attempts: [SendAttempt]) {
        self.gateway = gateway
        self.profile = profile
        self.preparation = preparation
        self.attempts = attempts
    }

    /// The final outcome; nil when the message was invalid and nothing was sent.
    public var outcome: SendOutcome? { attempts.last?.outcome }
    /// From the first attempt's start to the end of the last, the waits between retries
    /// included (what the user waited); nil when nothing was sent.
    public var elapsed: Duration? {
        guard let first = attempts.first, let last = attempts.last else { return nil }
        return .seconds(last.exchange.startedAt.timeIntervalSince(first.exchange.startedAt)) + last.exchange.total
    }
    /// True when validation stopped the send.
    public var wasInvalid: Bool { attempts.isEmpty }
}

