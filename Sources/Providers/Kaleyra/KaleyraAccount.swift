import WhatsAppModel

/// Kaleyra's API domains by pod.
public enum KaleyraPod: String, Sendable, Hashable, CaseIterable {
    case IN, SG, EU, NA

    /// The v2 domain. NA's is the one Kaleyra's v1 pages show (its v2 table lists no NA pod):
    /// a plausible choice.
    public var domain: String {
        switch self {
        case .IN: return "api.in.kaleyra.io"
        case .SG: return "api.ap.kaleyra.io"
        case .EU: return "api.eu.kaleyra.io"
        case .NA: return "api.na.kaleyra.ai"
        }
    }

    /// Other domains Kaleyra's pages send to for this pod (`api.kaleyra.io` is SG on its v1
    /// pages), read back as the pod when a request is imported.
    public var otherDomains: [String] {
        self == .SG ? ["api.kaleyra.io"] : []
    }

    /// The pods' names, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

extension KaleyraGateway {
    public var profileKeys: [ProfileKey] {
        [ProfileKey("sid", .accountID, requiredAs: "the account SID"),
         ProfileKey("pod", .setting) { pod in
             guard let kp = KaleyraPod(rawValue: pod.uppercased()) else { return .failure(ProfileKeyProblem("one of \(KaleyraPod.names)")) }
             return .success(kp.rawValue)
         },
         ProfileKey("phone_number", .accountID, requiredAs: "the business number registered with Kaleyra", isBusinessNumber: true)]
    }

    public var sampleAccount: SampleAccount {
        SampleAccount(values: ["sid": "HXAP16XXXXXX97IN", "pod": "IN", "phone_number": "+919876500000"], secret: "A0000sampleWaconSandboxKey000003")
    }

    public func profileFindings(_ profile: Profile, environment: [String: String]?) -> [Finding] {
        var out: [Finding] = []
        let p = FieldPath("profile \(profile.name)")
        if let n = profile.senderNumber, !n.isEmpty, case .failure(let problem) = PhoneNumber.parse(n) {
            out.append(Finding(.error, p.key("phone_number"), .phoneNumber, "the business number: \(problem)", actual: "\"\(n)\""))
        }
        if profile.pod == nil && profile.baseURL == nil {
            out.append(Finding(.error, p.key("pod"), .profile, "Kaleyra needs a pod (\(KaleyraPod.names)) or a base_url"))
        }
        return out
    }

    /// `extra_info`: `ref`, `ref1`, `ref2` (≤ 255 each) and `wa_source`. The console's form
    /// shows the two most used.
    public var optionKeys: [VendorOptionKey] {
        [VendorOptionKey("ref", fieldPath: "extra_info.ref", formLabel: "extra_info.ref"),
         VendorOptionKey("ref1", fieldPath: "extra_info.ref1"),
         VendorOptionKey("ref2", fieldPath: "extra_info.ref2"),
         VendorOptionKey("wa_source", fieldPath: "extra_info.wa_source", formLabel: "wa_source")]
    }

    public func optionsNotCarried(by gatewayName: String) -> Finding? {
        Finding(.warning, "extra_info", .gatewayCapability, "extra_info (ref, ref1, ref2, wa_source) is Kaleyra's; \(gatewayName) does not send it")
    }
}

extension ProfileValues {
    /// Kaleyra: the account SID (`sid`).
    public var sid: String? {
        get { self["sid"] }
        set { self["sid"] = newValue }
    }

    /// Kaleyra: the pod whose domain the profile uses (`pod`).
    public var pod: KaleyraPod? {
        get { self["pod"].flatMap { KaleyraPod(rawValue: $0.uppercased()) } }
        set { self["pod"] = newValue?.rawValue }
    }

    /// Kaleyra: the business (sending) number that goes in the URL (`phone_number`).
    public var senderNumber: String? {
        get { self["phone_number"] }
        set { self["phone_number"] = newValue }
    }
}

extension VendorOptions {
    /// Kaleyra `extra_info.ref`.
    public var kaleyraRef: String? {
        get { self["ref"] }
        set { self["ref"] = newValue }
    }

    /// Kaleyra `extra_info.ref1`.
    public var kaleyraRef1: String? {
        get { self["ref1"] }
        set { self["ref1"] = newValue }
    }

    /// Kaleyra `extra_info.ref2`.
    public var kaleyraRef2: String? {
        get { self["ref2"] }
        set { self["ref2"] = newValue }
    }

    /// Kaleyra `extra_info.wa_source`.
    public var kaleyraWASource: String? {
        get { self["wa_source"] }
        set { self["wa_source"] = newValue }
    }
}
