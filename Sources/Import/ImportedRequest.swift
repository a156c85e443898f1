import Providers
import WhatsAppModel

/// A curl command read into wacon's terms.
public struct ImportedRequest: Sendable, Hashable, CustomStringConvertible {
    /// The gateway the URL belongs to (or the one the caller named).
    public var gateway: GatewayID
    /// The method as the command sends it.
    public var method: String
    /// The URL as the command writes it.
    public var url: String
    /// The profile the command implies, without its secret.
    public var facts: ImportedProfileFacts
    /// The API key or token from the paste: `.inline` with the value as written, or `.env(NAME)`
    /// when the command takes it from a shell variable (`"Bearer $TOKEN"`). This is the only
    /// place the secret is kept; `description`, `notes` and `differences` never show it. The
    /// caller decides whether to store it.
    public var secret: SecretRef?
    /// The canonical message, as the gateway's `read` sees the body.
    public var message: OutboundMessage
    /// The vendor options the body carries beside the message.
    public var options: VendorOptions
    /// What the import had to do or noticed: lenient JSON, ignored options, placeholders.
    public var notes: [String]
    /// Where re-encoding the message with the imported profile does not give back the command's
    /// request. Empty means the import is exact.
    public var differences: [ImportDifference]
    /// What the gateway would say of the imported message, as `validate` and `send` would: an
    /// exact import of a request the gateway refuses still has its errors here.
    public var findings: [Finding]

    /// Re-encoding gives back the command's method, URL, headers and body (as JSON values).
    public var isExact: Bool { differences.isEmpty }

    /// The secret as printed: `env:NAME`, or the masked value.
    public var maskedSecret: String? {
        switch secret {
        case .env(let name)?: return "env:\(name)"
        case .inline(let value)?: return Secret(value: value, source: .inline(value)).masked
        case nil: return nil
        }
    }

    /// A profile with the imported facts and the given secret (pass `secret` to keep the pasted
    /// one, a `.env` reference to keep it out of the config file, or nil).
    public func profile(named name: String, secret: SecretRef?) -> Profile {
        var p = Profile(name: name, gateway: gateway)
        p.baseURL = facts.baseURL
        p.values = facts.values
        p.secret = secret
        return p
    }

    /// One line: gateway, message, profile facts, secret (masked), exactness and errors.
    public var description: String {
        var s = "\(gateway.gateway.displayName): \(message.kind) message to \(message.recipientText) (\(method) \(url))"
        let facts = self.facts.entries.map { "\($0.key)=\($0.value)" }
        if !facts.isEmpty { s += "; profile \(facts.joined(separator: ", "))" }
        if let secret { s += "; secret \(secret) from \(self.facts.secretHeader ?? "a header")" }
        s += isExact ? "; exact" : "; \(differences.count) difference(s)"
        let errors = findings.errors.count
        if errors > 0 { s += "; \(errors) error(s): the gateway would refuse it" }
        return s
    }
}

/// What a pasted curl command says about the profile that would send it, under the names the
/// config file uses. None of these is secret; the key or token is in `ImportedRequest.secret`.
/// The gateway's own values read as on a profile: `facts.sid`, `facts.phoneID`.
@dynamicMemberLookup
public struct ImportedProfileFacts: Sendable, Hashable {
    /// Set only when the URL is not the gateway's documented one (a sandbox, a proxy).
    public var baseURL: String?
    /// The gateway's profile keys found in the URL, the headers and the body.
    public var values = ProfileValues()
    /// The header that carried the secret (`Authorization`, `api-key`, `x-api-key`).
    public var secretHeader: String?

    /// No facts: the gateway's defaults.
    public init() {}

    /// A profile value by its key path on `ProfileValues`.
    public subscript<T>(dynamicMember key: WritableKeyPath<ProfileValues, T>) -> T {
        get { values[keyPath: key] }
        set { values[keyPath: key] = newValue }
    }

    /// The facts that are set, as (config key, value) in a stable order, for printing.
    public var entries: [(key: String, value: String)] {
        (baseURL.map { [(key: "base_url", value: $0)] } ?? []) + values.entries
    }
}
