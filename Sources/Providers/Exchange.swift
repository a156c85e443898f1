import Foundation
import WhatsAppModel

/// One HTTP exchange as it happened: the request as sent, the response (or why there is none),
/// and when things happened.
public struct WireExchange: Sendable {
    public var request: WireRequest
    public var response: WireResponse?
    public var failure: TransportFailure?
    public var startedAt: Date
    /// From sending to the response head.
    public var headersAfter: Duration?
    /// From sending to the last body byte (or the failure).
    public var total: Duration

    public init(request: WireRequest, response: WireResponse?, failure: TransportFailure?, startedAt: Date, headersAfter: Duration?, total: Duration) {
        self.request = request
        self.response = response
        self.failure = failure
        self.startedAt = startedAt
        self.headersAfter = headersAfter
        self.total = total
    }
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
    /// True when validation stopped the send.
    public var wasInvalid: Bool { attempts.isEmpty }
}

