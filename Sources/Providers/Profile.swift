import Foundation
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

/// Kaleyra's API domains by pod.
public enum KaleyraPod: String, Sendable, Hashable, CaseIterable {
    case IN, SG, EU

    public var domain: String {
        switch self {
        case .IN: return "api.in.kaleyra.io"
        case .SG: return "api.ap.kaleyra.io"
        case .EU: return "api.eu.kaleyra.io"
        }
    }
}

/// A named way to reach one gateway: base URL, account ids and the secret reference.
public struct Profile: Sendable, Hashable {
    public var name: String
    public var gateway: GatewayID
    /// Overrides the gateway's documented base URL (a sandbox, a proxy).
    public var baseURL: String?
    public var secret: SecretRef?
    /// Meta: the business number's Graph id and the API version (`v23.0`).
    public var phoneNumberID: String?
    /// Meta: the business number itself, as dialled (`business_number`): optional, it tells
    /// where Meta would send a number written without its country code.
    public var metaBusinessNumber: String?
    public var apiVersion: String?
    /// Kaleyra: account SID, pod, and the business (sending) number that goes in the URL.
    public var sid: String?
    public var pod: KaleyraPod?
    public var senderNumber: String?
    /// FlowIQ: the organisation's tenant slug.
    public var tenantID: String?
    /// Zixflow: workspace id and WhatsApp phone id.
    public var workspaceID: String?
    public var phoneID: String?
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

    public init(name: String, gateway: GatewayID) {
        self.name = name
        self.gateway = gateway
        self.defaults = VendorOptions()
        self.isBuiltIn = false
        self.isSandbox = false
        self.loadFindings = []
    }

    /// The number this profile sends from, when it knows it (Kaleyra's sending number, Meta's
    /// `business_number`).
    public var businessNumber: PhoneNumber? {
        guard let text = senderNumber ?? metaBusinessNumber else { return nil }
        return try? PhoneNumber.parse(text).get()
    }

    /// What validation needs to know of this profile.
    public var validationContext: ValidationContext { ValidationContext(businessNumber: businessNumber) }

    /// The secret with its value, or nil with a finding when it cannot be resolved.
    public func resolvedSecret(environment: [String: String]? = nil) -> Secret? {
        guard let secret, let value = secret.resolve(environment: environment) else { return nil }
        return Secret(value: value, source: secret)
    }

    /// What is missing or risky in this profile for its gateway.
    public func findings(environment: [String: String]? = nil) -> [Finding] {
        var out = loadFindings
        let p = FieldPath("profile \(name)")
        func require(_ value: String?, _ key: String, _ what: String) {
            if value?.isEmpty ?? true {
                out.append(Finding(.error, p.key(key), .profile, "\(gateway.gateway.displayName) needs \(what) (\(key) in the profile)"))
            }
        }
        switch secret {
        case nil: out.append(Finding(.error, p.key("secret"), .profile, "no secret: set secret = \"env:NAME\" in the profile"))
        case .env(let v)? where secret?.resolve(environment: environment) == nil:
            out.append(Finding(.error, p.key("secret"), .profile, "environment variable \(v) is not set", actual: "env:\(v)"))
        default: break
        }
        switch gateway {
        case .meta:
            require(phoneNumberID, "phone_number_id", "the business phone number's Graph id")
            require(apiVersion, "api_version", "an API version such as v23.0")
            if let v = apiVersion, !Self.isGraphVersion(v) {
                out.append(Finding(.error, p.key("api_version"), .profile, "api_version looks like v23.0", actual: "\"\(v)\""))
            }
        case .kaleyra:
            require(sid, "sid", "the account SID")
            require(senderNumber, "phone_number", "the business number registered with Kaleyra")
            if let n = senderNumber, !n.isEmpty, case .failure(let problem) = PhoneNumber.parse(n) {
                out.append(Finding(.error, p.key("phone_number"), .phoneNumber, "the business number: \(problem)", actual: "\"\(n)\""))
            }
            if pod == nil && baseURL == nil {
                out.append(Finding(.error, p.key("pod"), .profile, "Kaleyra needs a pod (IN, SG, EU) or a base_url"))
            }
        case .flowiq:
            // The seed's curl examples omit tenantId while its parameter table marks it required:
            // the stricter rule wins, so a profile without it is an error.
            require(tenantID, "tenant_id", "the organisation's tenant id (tenantId)")
            if let key = resolvedSecret(environment: environment)?.value, !key.hasPrefix("fiq_") {
                out.append(Finding(.warning, p.key("secret"), .profile, "FlowIQ accepts only keys that start with fiq_"))
            }
        case .botika: break
        case .zixflow:
            require(workspaceID, "workspace_id", "the workspace id (x-workspace-id)")
            require(phoneID, "phone_id", "the WhatsApp phone id")
        }
        return out
    }

    /// `v` then digits, a dot, digits: `v23.0`.
    static func isGraphVersion(_ v: String) -> Bool {
        let parts = v.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        return v.first == "v" && parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
    }

    /// The built-in profile of each gateway: documented base URLs and sample account ids, so
    /// preview and validate work with no config. A config profile with the same name replaces it.
    public static func builtIn(_ gateway: GatewayID) -> Profile {
        var p = Profile(name: gateway.rawValue, gateway: gateway)
        p.isBuiltIn = true
        p.isSandbox = true
        switch gateway {
        case .meta:
            p.phoneNumberID = "106540352242922"
            p.metaBusinessNumber = "+15551234567"
            p.apiVersion = "v23.0"
            p.secret = .inline("EAAsampleWaconSandboxToken0000")
        case .kaleyra:
            p.sid = "HXAP16XXXXXX97IN"
            p.pod = .IN
            p.senderNumber = "+919876500000"
            p.secret = .inline("A0000sampleWaconSandboxKey000003")
        case .flowiq:
            p.tenantID = "acme"
            p.secret = .inline("fiq_sampleWaconSandboxKey")
        case .botika:
            p.secret = .inline("botika-sample-wacon-token")
        case .zixflow:
            p.workspaceID = "ws_sample"
            p.phoneID = "100000000000001"
            p.secret = .inline("zx-sample-wacon-key")
        }
        return p
    }
}
