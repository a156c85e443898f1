import WhatsAppModel

/// What a send came to, decoded from the gateway's response. The raw body is always kept.
public enum SendOutcome: Sendable, Hashable {
    /// The gateway took the message. Accepted is not delivered: statuses come later.
    case accepted(Acceptance)
    /// The gateway said no, with its own code and message.
    case rejected(Rejection)
    /// A response wacon cannot read as the gateway's JSON (an HTML error page, an empty or
    /// truncated body): kept byte for byte.
    case unexpected(UnexpectedResponse)
    /// No complete response: timeout, refused or reset connection, TLS or DNS failure.
    case transportFailed(TransportFailure)

    public var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }

    public var httpStatus: Int {
        switch self {
        case .accepted(let a): return a.httpStatus
        case .rejected(let r): return r.httpStatus
        case .unexpected(let u): return u.httpStatus
        case .transportFailed: return 0
        }
    }

    public var rawBody: [UInt8] {
        switch self {
        case .accepted(let a): return a.rawBody
        case .rejected(let r): return r.rawBody
        case .unexpected(let u): return u.rawBody
        case .transportFailed(let f): return f.partialBody
        }
    }

    /// The category of a failure; nil when accepted.
    public var category: OutcomeCategory? {
        switch self {
        case .accepted: return nil
        case .rejected(let r): return r.category
        case .unexpected(let u): return u.category
        case .transportFailed: return .transport
        }
    }

    /// What to do next; nil when accepted.
    public var retry: RetryHint? {
        switch self {
        case .accepted: return nil
        case .rejected(let r): return r.retry
        case .unexpected(let u): return u.retry
        case .transportFailed(let f): return f.retry
        }
    }
}

/// Why no complete response arrived.
public struct TransportFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// No complete response within the timeout.
        case timeout
        /// Nothing listens at the address.
        case connectionRefused = "connection-refused"
        /// No route to the address: the network is down or the host unreachable.
        case unreachable
        /// The connection closed before the response was complete.
        case connectionReset = "connection-reset"
        case tls
        /// The host name does not resolve.
        case dns
        case invalidURL = "invalid-url"
        /// The sender stopped waiting (the user cancelled): the request may have reached the gateway.
        case cancelled
        case other
    }

    public var kind: Kind
    public var message: String
    /// The response status, if the head arrived before the failure.
    public var httpStatus: Int?
    /// Bytes of the body that arrived before the failure.
    public var partialBody: [UInt8]

    public init(kind: Kind, message: String, httpStatus: Int? = nil, partialBody: [UInt8] = []) {
        self.kind = kind
        self.message = message
        self.httpStatus = httpStatus
        self.partialBody = partialBody
    }

    /// After a timeout, a reset or a cancelled send the message may have gone: it is not resent
    /// until its statuses say it did not. A refused connection, an unreachable host or a name
    /// that does not resolve is the address or the network; TLS and URL problems are the profile's.
    public var retry: RetryHint {
        switch kind {
        case .timeout, .connectionReset, .cancelled: return .checkStatusesFirst
        case .connectionRefused, .unreachable, .dns: return .checkAddress
        case .tls, .invalidURL, .other: return .fixAccount
        }
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

public struct Acceptance: Sendable, Hashable {
    public var httpStatus: Int
    /// The WhatsApp message id (`wamid.…`) or the vendor's message id, when the response has one.
    public var messageID: String?
    /// The vendor's request id (Botika, Zixflow), when it answers with one instead.
    public var requestID: String?
    /// The vendor's status word (`accepted`, `queued`, `held_for_quality_assessment`, …).
    public var status: String?
    /// The recipient as the gateway resolved it (Meta's `contacts[0].wa_id`).
    public var recipient: String?
    /// The vendor's own code (`WA202`).
    public var vendorCode: String?
    /// Things worth knowing about the response (it was not strict JSON, …).
    public var notes: [String] = []
    public var rawBody: [UInt8]

    public init(httpStatus: Int, messageID: String? = nil, requestID: String? = nil, status: String? = nil,
                recipient: String? = nil, vendorCode: String? = nil, notes: [String] = [], rawBody: [UInt8]) {
        self.httpStatus = httpStatus
        self.messageID = messageID
        self.requestID = requestID
        self.status = status
        self.recipient = recipient
        self.vendorCode = vendorCode
        self.notes = notes
        self.rawBody = rawBody
    }
}

public struct Rejection: Sendable, Hashable {
    public var httpStatus: Int
    /// The vendor's code as text: `131047`, `E110`, `RBC001`.
    public var vendorCode: String?
    public var vendorMessage: String?
    /// The most useful diagnostic (Meta's `error_data.details`, Kaleyra's `error` object).
    public var details: String?
    public var category: OutcomeCategory
    public var retry: RetryHint
    /// What the catalogue says the code means, when the code is in it.
    public var meaning: String?
    /// Meta-only fields.
    public var errorType: String?
    public var subcode: Int?
    public var fbtraceID: String?
    public var notes: [String] = []
    public var rawBody: [UInt8]

    public init(httpStatus: Int, vendorCode: String?, vendorMessage: String?, details: String? = nil,
                category: OutcomeCategory, retry: RetryHint, meaning: String? = nil, rawBody: [UInt8]) {
        self.httpStatus = httpStatus
        self.vendorCode = vendorCode
        self.vendorMessage = vendorMessage
        self.details = details
        self.category = category
        self.retry = retry
        self.meaning = meaning
        self.rawBody = rawBody
    }
}

public struct UnexpectedResponse: Sendable, Hashable {
    public var httpStatus: Int
    /// Why it could not be read: "empty body", "not JSON (text/html)", "JSON syntax error at …".
    public var reason: String
    public var category: OutcomeCategory
    public var retry: RetryHint
    public var rawBody: [UInt8]

    public init(httpStatus: Int, reason: String, category: OutcomeCategory, retry: RetryHint, rawBody: [UInt8]) {
        self.httpStatus = httpStatus
        self.reason = reason
        self.category = category
        self.retry = retry
        self.rawBody = rawBody
    }
}

/// What kind of failure a rejection is, across vendors: what a person should look at.
public enum OutcomeCategory: String, Sendable, Hashable, CaseIterable {
    case auth
    case permission
    case validation
    case template
    case media
    case recipient
    /// Outside the 24-hour customer-service window (131047).
    case window
    case rateLimit = "rate-limit"
    case balance
    case policy
    case flow
    case server
    /// No complete response (timeout, reset, refused).
    case transport
    case unknown
}

/// What to do next about a failure.
public enum RetryHint: Sendable, Hashable, CustomStringConvertible {
    /// Transient: retry with exponential backoff.
    case backoff
    /// The server named a wait (Retry-After), in seconds.
    case after(seconds: Int)
    /// The vendor prescribes a schedule (Kaleyra WA500: 5, 10, 15 minutes).
    case schedule(String)
    /// Change the request, then send again.
    case fixRequest
    /// Get a new token or key.
    case refreshCredentials
    /// Fix the account (balance, plan, phone number, policy), then send again.
    case fixAccount
    /// The customer-service window is closed: send a template instead.
    case useTemplate
    /// Do not send again.
    case doNotRetry
    /// Nothing was reached at the address: check it (a profile's `base_url`) and the network.
    case checkAddress
    /// The message may have gone (a timeout, a reset): check its delivery statuses before
    /// sending it again.
    case checkStatusesFirst

    /// A stable id for scripts.
    public var id: String {
        switch self {
        case .backoff: return "retry-with-backoff"
        case .after: return "retry-after"
        case .schedule: return "retry-on-schedule"
        case .fixRequest: return "fix-and-retry"
        case .refreshCredentials: return "refresh-credentials"
        case .fixAccount: return "fix-account"
        case .useTemplate: return "send-a-template"
        case .doNotRetry: return "do-not-retry"
        case .checkAddress: return "check-address"
        case .checkStatusesFirst: return "check-statuses-first"
        }
    }

    /// Whether an automatic retry may help.
    public var isRetryable: Bool {
        switch self {
        case .backoff, .after, .schedule: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .backoff: return "retry with backoff"
        case .after(let s): return "retry after \(s) s"
        case .schedule(let s): return "retry \(s)"
        case .fixRequest: return "fix the request, then retry"
        case .refreshCredentials: return "refresh the credentials"
        case .fixAccount: return "fix the account, then retry"
        case .useTemplate: return "send a template (24-hour window closed)"
        case .doNotRetry: return "do not retry"
        case .checkAddress: return "check the address (the profile's base_url) and the network"
        case .checkStatusesFirst: return "it may have gone: check its statuses, then `wacon history replay` if it did not"
        }
    }
}

/// One entry of a vendor's error catalogue.
public struct CatalogueEntry: Sendable, Hashable {
    public let code: String
    public let title: String
    /// The HTTP status the vendor documents for it, when known.
    public let httpStatus: Int?
    public let category: OutcomeCategory
    public let retry: RetryHint
    public let meaning: String

    public init(_ code: String, _ title: String, http: Int?, _ category: OutcomeCategory, _ retry: RetryHint, _ meaning: String) {
        self.code = code
        self.title = title
        self.httpStatus = http
        self.category = category
        self.retry = retry
        self.meaning = meaning
    }
}
