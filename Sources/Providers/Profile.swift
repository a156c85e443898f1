#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import WhatsAppModel

/// Where a secret comes from: an environment variable (`env:NAME`, recommended) or the config
/// file itself (then the file must not be readable by others).
public enum SecretRef: Sendable, Hashable, CustomStringConvertible {
    case env(String)
    case inline(String)

    /// Parses `env:NAME` or a literal value.
    public init(parsing text: String) {
        if text.hasPrefix("env:") { self = .env(String(text.dropFirst(4))) } else { self = .inline(text) }
    }

    /// The secret's value, or nil when the variable is unset or empty. `environment` replaces the
    /// process environment (tests); nil reads the variable itself, without copying the whole
    /// environment as `ProcessInfo.environment` does.
    public func resolve(environment: [String: String]? = nil) -> String? {
        switch self {
        case .env(let name):
            let value = environment.map { $0[name] } ?? getenv(name).map { String(cString: $0) }
            guard let v = value, !v.isEmpty else { return nil }
            return v
        case .inline(let v): return v
        }
    }

    /// Safe to print: names the variable, never shows an inline value.
    public var description: String {
        switch self {
        case .env(let name): return "env:\(name)"
        case .inline: return "inline"
        }
    }
}

/// A named way to reach one gateway: base URL, account ids and the secret reference. The
/// gateway's own keys are in `values`; each gateway gives typed access to its keys
/// (`profile.sid`, `profile.phoneID`) in its folder.
@dynamicMemberLookup
public struct Profile: Sendable, Hashable {
    public var name: String
    public var gateway: GatewayID
    /// Overrides the gateway's documented base URL (a sandbox, a proxy).
    public var baseURL: String?
    public var secret: SecretRef?
    /// The values of the gateway's profile keys (`sid`, `phone_id`, …).
    public var values: ProfileValues
    /// Vendor options applied to every message sent with this profile.
    public var defaults: VendorOptions
    /// True for the profiles wacon ships with (sample account ids). Sends with them go to the
    /// in-process sandbox.
    public var isBuiltIn: Bool
    /// True when the profile targets a wacon sandbox (built-in profiles, or `sandbox = true`):
    /// sandbox-only headers (`X-Wacon-Scenario`, `X-Wacon-Callback`) may be sent.
    public var isSandbox: Bool
    /// Problems found while loading (an inline secret in a readable file, …).
    public var loadFindings: [Finding]
    /// The templates wacon keeps for this profile (synced or imported), when there are any: not
    /// from the config file; the session fills it in. Template messages are checked against it.
    public var templates: TemplateLibrary?

    public init(name: String, gateway: GatewayID) {
        self.name = name
        self.gateway = gateway
        self.values = ProfileValues()
        self.defaults = VendorOptions()
        self.isBuiltIn = false
        self.isSandbox = false
        self.loadFindings = []
    }

    /// A gateway's typed view of `values`: `profile.sid` is `profile.values.sid`.
    public subscript<T>(dynamicMember key: WritableKeyPath<ProfileValues, T>) -> T {
        get { values[keyPath: key] }
        set { values[keyPath: key] = newValue }
    }

    /// The number this profile sends from, when it knows it (Kaleyra's sending number, Meta's
    /// `business_number`).
    public var businessNumber: PhoneNumber? {
        guard let key = gateway.gateway.profileKeys.first(where: \.isBusinessNumber), let text = values[key.name] else { return nil }
        return try? PhoneNumber.parse(text).get()
    }

    /// The vendor options a send uses: the message's own over this profile's defaults. The one
    /// place the two are merged.
    public func sendOptions(_ options: VendorOptions) -> VendorOptions { options.over(defaults) }

    /// What validation needs to know of this profile.
    public var validationContext: ValidationContext { ValidationContext(businessNumber: businessNumber, templates: templates) }

    /// The secret with its value, or nil with a finding when it cannot be resolved.
    public func resolvedSecret(environment: [String: String]? = nil) -> Secret? {
        guard let secret, let value = secret.resolve(environment: environment) else { return nil }
        return Secret(value: value, source: secret)
    }

    /// What is missing or risky in this profile for its gateway.
    public func findings(environment: [String: String]? = nil) -> [Finding] {
        var out = loadFindings
        let p = FieldPath("profile \(name)")
        switch secret {
        case nil: out.append(Finding(.error, p.key("secret"), .profile, "no secret: set secret = \"env:NAME\" in the profile"))
        case .env(let v)? where secret?.resolve(environment: environment) == nil:
            out.append(Finding(.error, p.key("secret"), .profile, "environment variable \(v) is not set", actual: "env:\(v)"))
        default: break
        }
        let g = gateway.gateway
        for key in g.profileKeys {
            guard let what = key.requiredAs, values[key.name]?.isEmpty ?? true else { continue }
            out.append(Finding(.error, p.key(key.name), .profile, "\(g.displayName) needs \(what) (\(key.name) in the profile)"))
        }
        return out + g.profileFindings(self, environment: environment)
    }

    /// The built-in profile of each gateway: documented base URLs and sample account ids, so
    /// preview and validate work with no config. A config profile with the same name replaces it.
    public static func builtIn(_ gateway: GatewayID) -> Profile {
        var p = Profile(name: gateway.rawValue, gateway: gateway)
        p.isBuiltIn = true
        p.isSandbox = true
        let account = gateway.gateway.sampleAccount
        p.values = account.values
        p.secret = .inline(account.secret)
        return p
    }
}

/// A key a gateway's profiles take in the config file (`sid`, `phone_id`), and what wacon does
/// with it.
public struct ProfileKey: Sendable {
    /// What the value is to wacon, which decides where it is listed.
    public enum Role: Sendable, Hashable {
        /// An id of the account the vendor checks (`sid`, `phone_id`): listed with the profile
        /// and by the sandbox.
        case accountID
        /// How to reach the vendor (`api_version`, `pod`): listed with the profile.
        case setting
        /// Read by validation only (`business_number`): not listed.
        case context
    }

    /// Where a send carries the value outside the URL path, so curl import can read it back
    /// from a pasted command (values in the path come from `Gateway.matchEndpoint`).
    public enum WirePlace: Sendable, Hashable {
        case query(String)
        case header(String)
        case bodyMember(String)
    }

    public var name: String
    public var role: Role
    public var wirePlace: WirePlace?
    /// What the value is, for people ("the account SID"), when a profile cannot do without it.
    public var requiredAs: String?
    /// The value is the number the account sends from.
    public var isBusinessNumber: Bool
    /// Reads the config file's value: the value kept, or why it is refused.
    public var read: @Sendable (String) -> Result<String, ProfileKeyProblem>

    public init(_ name: String, _ role: Role, wirePlace: WirePlace? = nil, requiredAs: String? = nil, isBusinessNumber: Bool = false,
                read: @escaping @Sendable (String) -> Result<String, ProfileKeyProblem> = { .success($0) }) {
        self.name = name
        self.role = role
        self.wirePlace = wirePlace
        self.requiredAs = requiredAs
        self.isBusinessNumber = isBusinessNumber
        self.read = read
    }
}

/// Why a config value cannot be a profile key's value: a sentence for the config error.
public struct ProfileKeyProblem: Error, Sendable, Hashable {
    public var message: String

    public init(_ message: String) { self.message = message }
}

/// The values of a profile's gateway keys, by key name (`sid` → `HXAP16XXXXXX97IN`). Each gateway
/// declares typed properties for its own keys in its folder.
public struct ProfileValues: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    private var values: [String: String]

    public init(_ values: [String: String] = [:]) { self.values = values }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The value of a key; setting nil removes it.
    public subscript(key: String) -> String? {
        get { values[key] }
        set { values[key] = newValue }
    }

    public var isEmpty: Bool { values.isEmpty }

    /// `other`'s values over these.
    public mutating func merge(_ other: ProfileValues) {
        values.merge(other.values) { _, theirs in theirs }
    }

    /// The values that are set, in the order the gateways declare their keys.
    public var entries: [(key: String, value: String)] {
        GatewayRegistry.profileKeys.compactMap { key in values[key.name].map { (key: key.name, value: $0) } }
    }
}

/// The account a built-in profile uses: sample ids and key, which the sandbox accepts.
public struct SampleAccount: Sendable, Hashable {
    public var values: ProfileValues
    public var secret: String

    public init(values: ProfileValues, secret: String) {
        self.values = values
        self.secret = secret
    }
}
