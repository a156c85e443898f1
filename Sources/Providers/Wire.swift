import HTTPTypes
import WhatsAppModel

/// A secret that went into a request (an API key or token), with where it came from, so every
/// printout can mask it unless the user asks to reveal it.
public struct Secret: Sendable, Hashable {
    public var value: String
    public var source: SecretRef

    public init(value: String, source: SecretRef) {
        self.value = value
        self.source = source
    }

    /// What is shown instead of the value: `••••` and the last four characters for long secrets.
    public var masked: String {
        value.count >= 16 ? "••••" + value.suffix(4) : "••••"
    }
}

/// One request header. `secret` is set when the value carries a secret (`Bearer <token>`).
public struct WireHeader: Sendable, Hashable {
    public var name: String
    public var value: String
    public var secret: Secret?

    public init(_ name: String, _ value: String, secret: Secret? = nil) {
        self.name = name
        self.value = value
        self.secret = secret
    }

    /// The value with the secret masked for display (`Bearer ••••ab12`).
    public var maskedValue: String { masked(with: secret?.masked ?? "") }

    /// The value with the secret replaced by `mask` (history writes `[redacted]`): the one place a
    /// header's secret is masked.
    public func masked(with mask: String) -> String {
        guard let secret, !secret.value.isEmpty else { return value }
        return value.replacing(secret.value, with: mask)
    }

    /// The value as printed: masked unless `reveal`.
    public func displayValue(reveal: Bool) -> String { reveal ? value : maskedValue }
}

/// The exact HTTP request a gateway will receive: what preview prints and transport sends.
public struct WireRequest: Sendable, Hashable {
    public var method: String
    /// The full URL, query included.
    public var url: String
    public var headers: [WireHeader]
    /// The body as a JSON value: every gateway here sends JSON.
    public var bodyJSON: JSONValue

    public init(method: String, url: String, headers: [WireHeader], json: JSONValue) {
        self.method = method
        self.url = url
        self.headers = headers
        self.bodyJSON = json
    }

    /// The body bytes as sent: compact JSON. Computed on demand, so a preview that only shows
    /// the pretty form serialises once.
    /// A GET whose body is `null` has none (the template listing).
    public var body: [UInt8] { method == "GET" && bodyJSON == .null ? [] : JSONWriter.compact(bodyJSON) }

    /// The headers as sent, for lookups by name.
    public var fields: HTTPFields { HTTPFields(pairs: headers.map { ($0.name, $0.value) }) }

    /// The value of the first header with this name (case-insensitive).
    public func header(_ name: String) -> String? { fields[named: name] }

    /// Every secret in the request, for redaction elsewhere (history, logs).
    public var secrets: [Secret] { headers.compactMap(\.secret) }
}

/// An HTTP response as received: status, headers and the raw body.
public struct WireResponse: Sendable, Hashable {
    public var status: Int
    public var headers: HTTPFields
    public var body: [UInt8]

    public init(status: Int, headers: HTTPFields = [:], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with headers as name/value pairs (a name HTTP does not allow is left out).
    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.init(status: status, headers: HTTPFields(pairs: headers), body: body)
    }

    public init(status: Int, headers: [(String, String)] = [], body: String) {
        self.init(status: status, headers: headers, body: Array(body.utf8))
    }

    public func header(_ name: String) -> String? { headers[named: name] }

    public static func == (a: WireResponse, b: WireResponse) -> Bool {
        a.status == b.status && a.body == b.body && a.headers == b.headers
    }

    public func hash(into h: inout Hasher) {
        h.combine(status)
        h.combine(body)
    }
}

extension HTTPFields {
    /// Fields from name/value pairs, in order. A name HTTP does not allow (a space, a colon…)
    /// cannot be a header on the wire and is left out.
    public init(pairs: [(String, String)]) {
        self.init()
        for (name, value) in pairs {
            if let n = HTTPField.Name(name) { append(HTTPField(name: n, value: value)) }
        }
    }

    /// The first value of the header `name`, compared without case: the one header lookup.
    public subscript(named name: String) -> String? {
        HTTPField.Name(name).flatMap { self[$0] }
    }

    /// The fields as name/value pairs, in order, names as written.
    public var pairs: [(name: String, value: String)] { map { ($0.name.rawName, $0.value) } }
}
